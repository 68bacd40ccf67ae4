"""What a site taught: the lines it prints on many pages (pure data and counting, no page).

See :mod:`cleaners.site` for how the counts are read off captures and used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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
