"""A site's own chrome, learned from many captures of that site.

Lines that recur across a site's captures are its navigation, footers and widgets, even when
no rule knows them (the idea behind CCNet's line deduplication). Counting is pure: the flows
read the captures, keep the counts per site (SQLite) and hand a :class:`SiteProfile` back in.

A quoted statement carried by two articles is content: a line only becomes chrome when it
recurs in several captures and in a good share of them, and a line that reads as prose needs
a stronger majority than a short label.
"""

from __future__ import annotations

from cleaners.capture import Capture
from cleaners.config import DEFAULT_CONFIG
from cleaners.decode import decode_capture
from cleaners.html import decode_html, is_html, parse_page, visible_blocks
from cleaners.lines import split_lines
from cleaners.page import Mark, Page
from cleaners.profile import (
    MIN_CAPTURES,
    MIN_SHARE,
    PROSE_MIN_CAPTURES,
    PROSE_MIN_SHARE,
    SiteProfile,
    count_lines,
    profile_from_counts,
)
from cleaners.quality import Quality
from cleaners.read.compressed import gunzip, is_gzip
from cleaners.repair import normalise_space, repair_document
from cleaners.rules.context import SITE_LEARNED

__all__ = [
    "MIN_CAPTURES",
    "MIN_SHARE",
    "PROSE_MIN_CAPTURES",
    "PROSE_MIN_SHARE",
    "SiteProfile",
    "capture_lines",
    "count_lines",
    "mark_site_lines",
    "profile_from_counts",
    "site_lines",
]


def capture_lines(raw: bytes) -> frozenset[str]:
    """The distinct non-blank lines of a capture, as the cleaner reads them (for counting).

    >>> sorted(capture_lines(b"Menu\\n\\nBody text.\\nMenu\\n"))
    ['Body text.', 'Menu']
    >>> sorted(capture_lines(b"<!DOCTYPE html><html><body><nav>Menu</nav><p>Body text.</p></body></html>"))
    ['Body text.', 'Menu']
    """
    if is_gzip(raw):
        raw = gunzip(raw, DEFAULT_CONFIG.max_bytes)
    if is_html(raw):
        # An HTML page's lines are its visible blocks, as the HTML path sees them.
        blocks = visible_blocks(parse_page(decode_html(raw).text))
        return frozenset(normalise_space(block) for block in blocks if block.strip())
    text, _ = repair_document(decode_capture(raw).text)
    return frozenset(cleaned for _, _, cleaned in split_lines(text) if cleaned)


def site_lines(capture: Capture) -> frozenset[str]:
    """The distinct non-blank lines of a capture already read (what :func:`capture_lines` counts).

    >>> from cleaners.read import read_capture
    >>> sorted(site_lines(read_capture(b"Menu\\n\\nBody text.\\nMenu\\n", "a.txt")))
    ['Body text.', 'Menu']
    """
    if capture.kind == "html":
        return frozenset(normalise_space(block) for block in capture.blocks if block.strip())
    return frozenset(line.text for line in capture.lines if line.text)


def mark_site_lines(page: Page, profile: SiteProfile | None = None) -> None:
    """Mark the free lines the site prints on many of its pages (``profile``: the page's site)."""
    profile = profile or page.site
    if profile is None or not profile.chrome:
        return
    for i, line in enumerate(page.lines):
        if line.blank or not page.free(i) or line.text not in profile.chrome:
            continue
        if page.quality[i] is Quality.GOOD and line.text not in profile.prose_chrome:
            continue
        page.marks[i] = Mark.of(SITE_LEARNED)
