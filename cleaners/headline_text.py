"""The headline's words from the line that prints it: what sites print on the same line.

A text capture's headline line often carries more than the headline: the breadcrumb trail
that leads to it ('Home » Recipes » Peanut Butter Truffles'), the date the teaser list prints
before it ('23.01.2022 - Snow closes the pass'), or the site's name after it ('Snow closes the
pass | EXAMPLE.NET'). The line stays in the trace as it was; the record's title is the
headline alone. Each family is a small named rule with examples and counterexamples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.dates import date_spans
from cleaners.outlet import HOST

MIN_WORDS = 2
"""What is left must still read as a headline: at least this many words."""


@dataclass(frozen=True)
class TitlePart:
    """One family of text printed on a headline's line that is not the headline."""

    id: str
    reason: str
    examples: tuple[tuple[str, str], ...]
    """(line, headline) pairs."""
    counterexamples: tuple[str, ...]
    """Lines that are the headline as they are."""


TRAIL = TitlePart(
    "title.trail",
    "a breadcrumb trail before the headline",
    (
        ("Home » Recipes » Peanut Butter Truffles", "Peanut Butter Truffles"),
        ("You are here: Home / Garden / Ten ways to keep slugs away", "Ten ways to keep slugs away"),
        ("Wissen » Natur und Umwelt » Warum Bienen tanzen", "Warum Bienen tanzen"),
        ("Startseite › Politik › Der Rat tagt im Mai", "Der Rat tagt im Mai"),
    ),
    ("Rock / Pop: the year in review", "Ten tips for AC/DC fans", "Before » and after: a kitchen"),
)
LEADING_DATE = TitlePart(
    "title.date",
    "the date a list of teasers prints before the headline",
    (
        ("23.01.2022 - Snow closes the pass for a week", "Snow closes the pass for a week"),
        ("1. Februar 2022 Ministerin besucht die neue Schule", "Ministerin besucht die neue Schule"),
        ("27.01.2022Heizölpreise im Januar gestiegen", "Heizölpreise im Januar gestiegen"),
    ),
    ("1. FC Example gewinnt das Derby", "2022 was the year of the bicycle", "May 4 Fest draws record crowd"),
)
SITE_SUFFIX = TitlePart(
    "title.site",
    "the site's name after the headline",
    (
        ("Snow closes the pass | EXAMPLE.NET", "Snow closes the pass"),
        ("Snow closes the pass - The Example Courier", "Snow closes the pass"),
    ),
    ("Change the font size of a plot | axis text and legend", "Minecraft 1.8 - The Bountiful Update"),
)
TITLE_PARTS = (TRAIL, LEADING_DATE, SITE_SUFFIX)

_TRAIL_SEPARATOR = re.compile(r"\s+(?:»|›|/|>|\\)\s+")
_HOME = re.compile(
    r"(?:you are here:?\s*)?(?:home(?:page)?|start(?:seite)?|accueil|inicio|início|home page|hauptseite|portada)",
    re.IGNORECASE,
)
_DATE_GLUE = " ,:|·•–—-"
"""What may sit between a leading date and the headline."""
_SUFFIX = re.compile(r"\s+[|–—-]\s+(?P<site>[^|–—]{2,60})$")


def headline_of(line: str, site: str | None = None) -> str:
    """The headline printed on ``line``; ``site`` is the publisher's name where known.

    >>> all(headline_of(line) == headline for part in TITLE_PARTS[:2] for line, headline in part.examples)
    True
    >>> headline_of("Snow closes the pass - The Example Courier", "The Example Courier")
    'Snow closes the pass'
    >>> all(headline_of(line) == line for part in TITLE_PARTS for line in part.counterexamples)
    True
    """
    text = _after_trail(line)
    text = _after_date(text)
    return _before_site(text, site)


def _words(text: str) -> int:
    return len(text.split())


def _after_trail(text: str) -> str:
    """The last step of a breadcrumb trail: two separators of one kind, or one after a home word."""
    parts = _TRAIL_SEPARATOR.split(text)
    if len(parts) < 2:
        return text
    kinds = {m.group(0).strip() for m in _TRAIL_SEPARATOR.finditer(text)}
    home = _HOME.fullmatch(parts[0].strip()) is not None
    if len(kinds) != 1 or (len(parts) < 3 and not home):
        return text
    last = parts[-1].strip()
    return last if _words(last) >= MIN_WORDS else text


def _after_date(text: str) -> str:
    """The headline after a full date at the line's start."""
    spans = date_spans(text[:40])
    if not spans or spans[0][0] != 0:
        return text
    rest = text[spans[0][1] :].lstrip(_DATE_GLUE)
    return rest if _words(rest) >= MIN_WORDS + 1 and rest[:1].isalpha() else text


def _before_site(text: str, site: str | None) -> str:
    """The headline without the site's name after a separator: a host name, or the publisher."""
    found = _SUFFIX.search(text)
    if found is None:
        return text
    name = found.group("site").strip()
    named = site is not None and name.casefold() == site.casefold()
    head = text[: found.start()].strip()
    return head if (named or HOST.fullmatch(name)) and _words(head) >= MIN_WORDS else text
