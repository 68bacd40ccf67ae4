"""Who publishes the page: the site's name, as its chrome states it.

A site names itself in its copyright line ('© 2024 Example Media. All rights reserved.'), in
the phrases around its own links ('About Example Daily', 'Follow Example Daily'), in its
logo's text at the top of the page, and in the byline's outlet. Each such statement gives a
candidate; a trained ranker (cleaners.metarank) picks one, helped by how often the name
recurs on the page.
"""

from __future__ import annotations

import math
import re
from operator import attrgetter

from cleaners.metarank import Candidate, choose
from cleaners.page import Page

NAME_MAX_WORDS = 5
LINE_MAX_WORDS = 30
PHRASE_MAX_CHARS = 70

_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
    r"(?P<name>[^\d.|,©;:()]{2,60}?)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*"
    r"(?:[.|,;:(]|all rights|tous droits|todos los|alle rechte|$)",
    re.IGNORECASE,
)
_PHRASE = re.compile(
    r"(?:about|follow|advertise with|advertise on|work at|work with|careers at|contact|discover|more from|welcome to"
    r"|subscribe to|über|à propos de|suivez|sobre|siga|chi siamo|seguici su|o nas)\s+(?:us\s+on\s+)?(?P<name>.{2,50})",
    re.IGNORECASE,
)
_PHRASE_START = re.compile(r"[afwcdmsüào]", re.IGNORECASE)
"""The first letters of _PHRASE's words: a line opening with none of them is no phrase (one
character looked at instead of every phrase word tried; the same case-blind match)."""
_PHRASE_FIRSTS = frozenset("afwcdmsüàoAFWCDMSÜÀOſ")
"""The characters :data:`_PHRASE_START` matches (with 'ſ', which matches 's' case-blind): a set
look-up of a line's first character instead of a regex call on every line."""
_PHRASE_OPENINGS = (
    *("about", "follow", "advertise with", "advertise on", "work at", "work with", "careers at", "contact"),
    *("discover", "more from", "welcome to", "subscribe to", "über", "à propos de", "suivez", "sobre", "siga"),
    *("chi siamo", "seguici su", "o nas"),
)
"""The words _PHRASE opens with, lowercase: a line whose lowercase text opens with none of
them is no phrase (a prefix test instead of the case-blind regex tried on the line)."""
_PHRASE_ODD_CASE = frozenset("\u0130\u0131\u017f")
"""The characters _PHRASE's case-blind letters match that do not lower to them ('ı' and 'İ'
match 'i', 'ſ' matches 's'): on a line holding one, the prefix test does not tell."""
_KINDS = ("copyright", "phrase", "top")
_TEXT = attrgetter("text")
HOST = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,4}", re.IGNORECASE)
"""A bare host name ('Example.com', 'www.example.co.uk')."""
_BRANDED = re.compile(r"[^\W\d_a-z]")
"""A capital letter (after the first character: a brand's spelling, not a capitalised word)."""

PUBLISHER_FEATURES = (
    "from_copyright",
    "from_phrase",
    "from_top",
    "words",
    "log_mentions",
    "mentioned_in_phrases",
    "position",
    "upper",
    "has_domain",
    "has_digit",
    "generic",
)
_GENERIC = re.compile(
    r"^(?:us|home|news|more|the|all|rights|reserved|inc|ltd|llc|gmbh|privacy|terms|contact|cookies|menu|search)$",
    re.IGNORECASE,
)


def find_publisher(page: Page, brand: str | None) -> str | None:
    """The publisher's name, or ``None`` when the page states none the ranker trusts."""
    best = choose("publisher", publisher_candidates(page, brand))
    return best.value if best is not None else None


def vouched_brand(page: Page, brand: str | None) -> str | None:
    """The name the page's top line gives, when the page vouches for it as the site's name.

    The first short line of a text capture is as often a section, an edition switch or a menu
    word ('Top categories', 'switch to the US edition', 'Premium') as the site's name. It is
    taken as the publisher only where it reads as a domain ('Example.com'), where another line
    names the site with it (a copyright line, an 'About …' / 'Follow …' phrase), or, for a name
    of two words or more or a word spelt like a brand with a capital inside ('EXMPL',
    'NewsDesk'), where a longer line repeats it ('Ana Ruiz/Example Courier', 'covers the city
    for the Example Courier'): a plain word recurs as a menu's section name too. A top line
    that is itself such a phrase ('Welcome to Example.com') gives the name it states.

    >>> from cleaners.lines import measure
    >>> def page_of(*texts):
    ...     return Page([measure(n, t, t, frozenset()) for n, t in enumerate(texts, 1)], [])
    >>> vouched_brand(page_of("Examplia", "Story.", "© 2024 Examplia Media"), "Examplia")
    'Examplia'
    >>> vouched_brand(page_of("Welcome to Example.net", "Story."), "Welcome to Example.net")
    'Example.net'
    >>> vouched_brand(page_of("Example Courier", "Story.", "Photo: Ana Ruiz/Example Courier"), "Example Courier")
    'Example Courier'
    >>> vouched_brand(page_of("Top categories", "Story.", "© 2024 Example Daily"), "Top categories") is None
    True
    >>> vouched_brand(page_of("Fashion", "Story.", "More Fashion stories"), "Fashion") is None
    True
    >>> vouched_brand(page_of("NewsDesk", "Story.", "NewsDesk apps"), "NewsDesk")
    'NewsDesk'
    """
    if not brand:
        return None
    own = _stated(brand)
    name = own[0][1] if own else brand
    if HOST.fullmatch(name):
        return name
    within = re.compile(r"(?<!\w)" + re.escape(name.casefold()) + r"(?!\w)")
    repeated = False
    folded = name.casefold()
    texts = list(map(_TEXT, page.lines))
    for k in _holding(texts, folded):  # (most lines do not hold the name: one search finds those that do)
        text = texts[k]
        if text == brand:
            continue
        lowered = text.casefold()
        if _states(text, within):
            return name
        repeated = repeated or (len(text) > len(name) and within.search(lowered) is not None)
    return name if repeated and (len(name.split()) > 1 or _BRANDED.search(name[1:])) else None


def _holding(texts: list[str], needle: str) -> list[int]:
    """The indexes of the texts whose casefolded text holds ``needle``, in order: a search of
    the page's text casefolded at once (casefolding reads no context), not a casefold and a
    test for every line.

    >>> _holding(["Example Daily", "", "News", "About EXAMPLE daily", "x"], "example daily")
    [0, 3]
    """
    folded = "\n".join(texts).casefold()
    if "\n" in needle or folded.count("\n") != len(texts) - 1:  # (a text holding a line break)
        return [k for k, text in enumerate(texts) if needle in text.casefold()]
    found: list[int] = []
    line, counted = 0, 0
    at = folded.find(needle)
    while at != -1:
        line += folded.count("\n", counted, at)
        found.append(line)
        end = folded.find("\n", at)
        if end == -1:
            break
        line, counted = line + 1, end + 1
        at = folded.find(needle, counted)
    return found


def _states(text: str, name: re.Pattern[str]) -> bool:
    """Whether a copyright line or a site phrase in ``text`` names ``name`` (casefolded)."""
    return any(name.search(stated.casefold()) for _, stated in _stated(text))


def publisher_candidates(page: Page, brand: str | None) -> list[Candidate]:
    """Names the page's chrome gives itself, with how and how often."""
    found: dict[str, tuple[str, int]] = {}
    lines = [(i, line.text) for i, line in enumerate(page.lines) if not line.blank and line.words <= LINE_MAX_WORDS]
    if brand:
        found.setdefault(brand, ("top", 0))
    read: set[str] = set()
    for i, text in lines:
        if text in read:  # a repeated text states the same names, found first above
            continue
        read.add(text)
        for kind, name in _stated(text):
            found.setdefault(name, (kind, i))
    if not found:
        return []
    lowered = [text.casefold() for _, text in lines]
    return [Candidate(i, name, _features(name, kind, i, len(page.lines), lowered)) for name, (kind, i) in found.items()]


def _stated(text: str) -> list[tuple[str, str]]:
    # ('(C)' is the only other spelling '(c)' in text.lower() would find: no other character lowers to those.)
    copyright = "©" in text or "opyright" in text or "(c)" in text or "(C)" in text
    phrase = len(text) <= PHRASE_MAX_CHARS and text[:1] in _PHRASE_FIRSTS
    if not (copyright or phrase):
        return []  # (most lines: no list of what they state is built)
    out = []
    if copyright:
        match = _COPYRIGHT.search(text)
        if match:
            out.append(("copyright", _tidy(match.group("name"))))
    if phrase and _opens_phrase(text):
        match = _PHRASE.fullmatch(text)
        if match and len(match.group("name").split()) <= NAME_MAX_WORDS:
            out.append(("phrase", _tidy(match.group("name"))))
    return [(kind, name) for kind, name in out if name and not _GENERIC.match(name)]


def _opens_phrase(text: str) -> bool:
    """Whether ``text`` may open with one of _PHRASE's words (:data:`_PHRASE_OPENINGS`).

    >>> _opens_phrase("About Example Daily"), _opens_phrase("ABOUT US"), _opens_phrase("Apps and more")
    (True, True, False)
    """
    if not text.isascii() and not _PHRASE_ODD_CASE.isdisjoint(text):
        return True
    return text.lower().startswith(_PHRASE_OPENINGS)


def _tidy(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" -–—.,:®™")


def _features(name: str, kind: str, i: int, total: int, lowered: list[str]) -> tuple[float, ...]:
    folded = name.casefold()
    mentions, in_phrases, short = 0, 0, 3 * len(folded) + 20
    for text in lowered:  # (one pass for both counts)
        if folded in text:
            mentions += 1
            in_phrases += text != folded and len(text) < short
    return (
        *(float(kind == k) for k in _KINDS),
        min(len(name.split()), NAME_MAX_WORDS) / NAME_MAX_WORDS,
        math.log1p(mentions),
        math.log1p(in_phrases),
        i / total if total else 0.0,
        float(name.isupper()),
        float(re.search(r"\.\w{2,4}$", name) is not None),
        float(any(c.isdigit() for c in name)),
        float(len(name) < 3),
    )
