"""A site's own chrome, learned from many captures of that site.

Lines that recur across a site's captures are its navigation, footers and widgets, even when
no rule knows them (the idea behind CCNet's line deduplication). Counting is pure: the flows
read the captures, keep the counts per site (SQLite) and hand a :class:`SiteProfile` back in.

A quoted statement carried by two articles is content: a line only becomes chrome when it
recurs in several captures and in a good share of them, and a line that reads as prose needs
a stronger majority than a short label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cleaners.decode import decode_capture
from cleaners.html import decode_html, is_html, parse_page, visible_blocks
from cleaners.lines import split_lines
from cleaners.page import Mark, Page
from cleaners.quality import Quality
from cleaners.repair import normalise_space, repair_document

MIN_CAPTURES = 3
"""A line must appear in at least this many captures of the site."""
MIN_SHARE = 0.3
"""... and in at least this share of them."""
PROSE_MIN_CAPTURES = 4
PROSE_MIN_SHARE = 0.5
"""Prose-shaped lines (full sentences) need more: they could be a quote two stories share."""


@dataclass(frozen=True)
class SiteProfile:
    """What is known of one site's chrome."""

    site: str
    captures: int = 0
    chrome: frozenset[str] = field(default_factory=frozenset)
    """Lines removed wherever they stand, unless a rule already explained them."""
    prose_chrome: frozenset[str] = field(default_factory=frozenset)
    """Lines removed even when they read as prose (footers, disclaimers)."""


def capture_lines(raw: bytes) -> frozenset[str]:
    """The distinct non-blank lines of a capture, as the cleaner reads them (for counting).

    >>> sorted(capture_lines(b"Menu\\n\\nBody text.\\nMenu\\n"))
    ['Body text.', 'Menu']
    >>> sorted(capture_lines(b"<!DOCTYPE html><html><body><nav>Menu</nav><p>Body text.</p></body></html>"))
    ['Body text.', 'Menu']
    """
    if is_html(raw):
        # An HTML page's lines are its visible blocks, as the HTML path sees them.
        blocks = visible_blocks(parse_page(decode_html(raw).text))
        return frozenset(normalise_space(block) for block in blocks if block.strip())
    text, _ = repair_document(decode_capture(raw).text)
    return frozenset(cleaned for _, _, cleaned in split_lines(text) if cleaned)


def count_lines(captures: Iterable[frozenset[str]]) -> tuple[dict[str, int], int]:
    """How many captures each line appears in, and how many captures there were."""
    counts: dict[str, int] = {}
    total = 0
    for lines in captures:
        total += 1
        for line in lines:
            counts[line] = counts.get(line, 0) + 1
    return counts, total


def profile_from_counts(site: str, counts: Mapping[str, int], captures: int) -> SiteProfile:
    """The site's learned chrome from per-line capture counts.

    >>> counts = {"Home": 20, "A shared quote, said the mayor on Monday.": 2, "All content (c) Site": 18}
    >>> profile = profile_from_counts("example", counts, 20)
    >>> sorted(profile.chrome), sorted(profile.prose_chrome)
    (['All content (c) Site', 'Home'], ['All content (c) Site', 'Home'])
    """
    if captures <= 0:
        return SiteProfile(site)
    chrome = frozenset(line for line, n in counts.items() if n >= MIN_CAPTURES and n / captures >= MIN_SHARE)
    prose = frozenset(
        line for line in chrome if counts[line] >= PROSE_MIN_CAPTURES and counts[line] / captures >= PROSE_MIN_SHARE
    )
    return SiteProfile(site, captures, chrome, prose)


def mark_site_lines(page: Page, profile: SiteProfile | None) -> None:
    """Mark the free lines the site prints on many of its pages."""
    if profile is None or not profile.chrome:
        return
    for i, line in enumerate(page.lines):
        if line.blank or not page.free(i) or line.text not in profile.chrome:
            continue
        if page.quality[i] is Quality.GOOD and line.text not in profile.prose_chrome:
            continue
        page.marks[i] = Mark("site.learned", f"a line this site prints on many pages ({profile.site})")
