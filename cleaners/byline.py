"""Who wrote the article: the names a byline, an author line or an author box states.

Bylines come in many shapes ('By Ana Ruiz', 'Von Ana Ruiz - 3. Mai 2024', 'Ana Ruiz | 03.05.24',
'Autorin: Ana Ruiz', a bare name under the headline, an author box under the body), and so do
the lines that look like them (photo credits, commenters' names, teaser bylines). Every short
line holding a name after a byline label, a name before a separator, or only a name, is a
candidate; a trained ranker (cleaners.metarank) picks the article's.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from cleaners.dates import MONTH_NAMES, PageDates, date_spans
from cleaners.metarank import Candidate, choose, family_features
from cleaners.page import Page
from cleaners.published import title_index

try:  # the separators' split in C (setup.py builds it where it can; optional)
    from cleaners import _scan
except ImportError:  # pragma: no cover - exercised where no compiler built the extension
    _scan = None  # type: ignore[assignment]

BYLINE_MAX_WORDS = 25
BARE_MAX_WORDS = 12
NEAR_TITLE = 6
# Unlabelled names count only this many lines from the headline or an edge of the body.
REACH = 30
DATE_REACH = 4
DATE_TRAILER_WORDS = 2

_LABEL = re.compile(
    r"(?-i:^By(?=[A-Z]))|(?-i:(?<=\s)von(?=[A-ZÄÖÜ][a-zäöüß]))|(?:^|(?<=[\s|•·–—:(\d-]))"
    r"(?:(?:written|posted|words|text|texte|texto|story|reported|photos?|article|illustration)\s+(?:by|von|par|por|de)"
    r"|by|von|par|por|di|door|av|de"
    r"|(?:text|texte|texto|tekst|words)\s?(?:&|und|and|y|et|i|\+)\s?(?:fotos?|photos?|bilder?|pictures|zdjęcia)"
    r"|autor(?:in|en|innen|zy|es)?|authors?|auteurs?|autore|autori|redakteur(?:in)?|verfasst von|geschrieben von"
    r"|texto|text|tekst|autorka|kirjoittaja|автор|yazar)\s*[:：]?\s+",
    re.IGNORECASE,
)
_NAME_WORD = r"(?:[A-ZÀ-ÖØ-ÞА-ЯЁŁŚŻ][\w'’.-]*|de|da|do|dos|del|della|di|du|van|von|der|den|la|le|al|y|bin|zu)"
_NAME = re.compile(rf"{_NAME_WORD}(?:\s{_NAME_WORD}){{0,4}}")
_NOBLE = re.compile(
    r"[A-ZÀ-ÖØ-Þ][\w'’.-]+ (?:von|van|de|di|da|du|del|della|zu)(?: (?:der|den|dem|zu|la|le))? [A-ZÀ-ÖØ-Þ][\w'’.-]+"
)
"""A first name, a particle and a surname ('Christoph von Ritter'): the particle is not a byline label."""
_HANDLE = re.compile(r"[\w.-]{2,30}|\w{1,12}/\w{1,12}")
_SEPARATOR = re.compile(r"\s[|•·–—-]\s|\s?[|•·]\s?|,\s(?=\d)|\s(?:am|on|at|le|el|il|um)\s(?=\d)")
_MAY_SEPARATE = re.compile(r"[|•·–—,-]|\d")
"""What every _SEPARATOR match holds (a mark, a comma, or a digit after the word): a line
without any has nothing to split, which one quick search says."""
_MAY_SEPARATE_UNDATED = re.compile(r"[|•·–—-]")
"""What every _SEPARATOR match holds in a line without a digit (a comma separates only before one)."""
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\bи\b|\bdan\b|\bou\b)\s*")
_ORG = re.compile(
    r"\b(?:news|press|times|post|herald|tribune|journal|agency|digital|magazine|media|network|radio|tv|daily"
    r"|gazette|redaktion|redaction|rédaction|redacción|redazione|staff|team|online|verlag|gmbh|inc|ltd)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_NOBLE_PARTICLES = frozenset(("von", "van", "de", "di", "da", "du", "del", "della", "zu"))
_CONJUNCTION_WORDS = frozenset(("and", "und", "et", "y", "e", "i", "и", "dan", "ou"))
_TIME = re.compile(r",?\s*(?:um\s|at\s|à\s)?\d{1,2}[:.h]\d{2}(?:\s?(?:uhr|am|pm|h)\b)?", re.IGNORECASE)
_CONJUNCTION = re.compile(r"\s(?:&|and|und|et|y|e|i|и|dan|ou)\s")
_OPENING_WORDS = frozenset(
    (
        *("posted", "post", "published", "written", "author", "updated", "on", "at", "the"),
        *("veröffentlicht", "geschrieben", "verfasst", "erstellt", "am", "um"),
        *("publié", "écrit", "le", "publicado", "escrito", "el", "pubblicato", "scritto", "il", "gepubliceerd", "op"),
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
        *("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        *("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
        *("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    )
)
"""Words a byline may open with before its label, around its date ('Posted on Tuesday, 3 May
2024 by Ana Ruiz'): with only these, a date and marks before it, the label opens the line."""
_OPENING_SPLIT = re.compile(r"[\W\d_]+")
_FOOTNOTE_MARKS = re.compile(r"(?<=[^\W\d_])[\d¹²³⁴⁵⁶⁷⁸⁹⁰*†‡,]+$")
_FOOTNOTE_SIGNS = re.compile(r"(?<=[^\W\d_])[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡]+$")
_PARTICLES = frozenset(
    ("de", "da", "do", "dos", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "zu")
)
# The words of _LABEL: a line without one of them has no labelled byline (cheap test first).
_LABEL_WORDS = frozenset(
    (
        *("written", "posted", "words", "text", "story", "reported", "photo", "photos", "article", "by", "von"),
        *("par", "por", "di", "door", "av", "de", "autor", "autorin", "author", "auteur", "autore", "redakteur"),
        *("redakteurin", "verfasst", "geschrieben", "texto", "tekst", "autorka", "kirjoittaja", "автор", "yazar"),
        *("autoren", "autorinnen", "autorzy", "autores", "authors", "auteurs", "autori", "texte"),
    )
)

_LABEL_FIRSTS = frozenset(
    (
        *("written", "posted", "words", "text", "texte", "texto", "story", "reported", "photo", "photos"),
        *("article", "illustration", "by", "von", "par", "por", "di", "door", "av", "de", "tekst", "autor"),
        *("autorin", "autoren", "autorinnen", "autorzy", "autores", "author", "authors", "auteur", "auteurs"),
        *("autore", "autori", "redakteur", "redakteurin", "verfasst", "geschrieben", "autorka", "kirjoittaja"),
        *("автор", "yazar"),
    )
)
"""The word each of _LABEL's case-blind alternatives opens with: its match starts at the
line's start or after a space, a mark or a digit, and ends before a space, a colon, '&' or
'+', so the line's lowercase word tokens hold the word alone or after digits."""
_LABEL_ENDS = tuple(sorted(_LABEL_FIRSTS))
_TOKEN = re.compile(r"\w+")
"""A word token as cleaners.lines counts them (``Line.tokens``: of the lowercased text)."""
_LABEL_GLUED = ("text", "tekst", "words")
"""The opening words of 'Text und Fotos', which _LABEL also reads glued ('Textund Fotos')."""
_LABEL_ODD_CASE = frozenset("\u0130\u0131\u017f\u1c80\u1c82\u1c84\u1c85")
"""The characters _LABEL's case-blind letters match that do not lower to them ('ı' matches
'i', 'ſ' matches 's'; 'İ' lowers to two characters): on a line holding one, the token test
above does not tell, and the regex is searched."""

_FAMILIES = (
    ("byline.",),
    ("author.",),
    ("chrome.head",),
    ("chrome.tail",),
    ("body.",),
    ("caption.", "credit.", "media.", "image."),
    ("comments.", "discussion.", "comment."),
    ("related.", "teaser.", "more.", "repeat."),
    ("nav.",),
    ("dateline.",),
)

AUTHOR_FEATURES = (
    "is_byline",
    "is_author_box",
    "is_chrome_head",
    "is_chrome_tail",
    "is_body",
    "is_caption",
    "is_comment",
    "is_teaser",
    "is_nav",
    "is_dateline",
    "label_at_start",
    "label_inside",
    "bare_name",
    "name_before_separator",
    "line_words",
    "name_words",
    "names",
    "before_body",
    "inside_body",
    "after_body",
    "after_title",
    "log_title_distance",
    "near_title",
    "log_body_start_distance",
    "log_body_end_distance",
    "digit",
    "repeated",
    "rank",
    "copyright",
    "lowercase",
    "organisation",
    "ends_with_period",
    "single_word",
    "date_nearby",
    "stop_density",
)


def find_authors(page: Page, span: tuple[int, int] | None, dates: PageDates | None = None) -> list[str]:
    """The article's authors, ``[]`` when no candidate clears the ranker's threshold.

    ``dates`` holds the dates already found on the page's texts (by its date candidates).
    """
    best = choose("authors", author_candidates(page, span, dates))
    return [best.value, *best.extra] if best is not None else []


def names_in(text: str) -> tuple[str, list[str]] | None:
    """How a line states names, and the names (:func:`_stated_names`), each without the
    footnote marks a paper's author list carries ('Ana Ruiz1' -> 'Ana Ruiz'); a "name"
    ending in a particle ('Gespeichert von', 'Mehr von') is none.

    >>> names_in("Ana Ruiz1"), names_in("By Ana Ruiz†"), names_in("By webdesk42"), names_in("Gespeichert von")
    (('bare', ['Ana Ruiz']), ('label', ['Ana Ruiz']), ('label', ['webdesk42']), None)
    """
    return _names_of(text, frozenset(_TOKEN.findall(text.lower())), None)


def _names_of(text: str, tokens: frozenset[str], dates: PageDates | None) -> tuple[str, list[str]] | None:
    """:func:`names_in` of a text with its word tokens (``Line.tokens``) and, if known, the
    page's dates: what the tokens rule out (a label, a digit) is not searched for."""
    stated = _stated_names(text, tokens, dates)
    if stated is None:
        return None
    names = [name for name in map(_without_marks, stated[1]) if name and not _ends_in_particle(name)]
    return (stated[0], names) if names else None


def _may_hold_label(text: str, tokens: frozenset[str], digits: bool = True) -> bool:
    """Whether _LABEL can match ``text`` at all, from its lowercase word tokens (``\\w+``):
    a test on a set instead of the regex tried at every character, which most lines fail.
    ``digits`` is whether a token holds more than letters (where none does, no digit glues a
    label to what comes before it).

    >>> toks = lambda t: frozenset(_TOKEN.findall(t.lower()))
    >>> [_may_hold_label(t, toks(t)) for t in ("Read more", "Posted 3 May BY: Ana", "2024Autor Ana", "ByAna")]
    [False, True, True, True]
    >>> [_may_hold_label(t, toks(t)) for t in ("Textund Fotos: Ana Ruiz", "Geschrieben vonAna", "Nearby stands")]
    [True, True, False]
    """
    if text.startswith("By") or "von" in text:  # (_LABEL's case-kept alternatives: 'ByAna', 'vonAna')
        return True
    if not text.isascii() and not _LABEL_ODD_CASE.isdisjoint(text):
        return True
    if not _LABEL_FIRSTS.isdisjoint(tokens):
        return True
    lowered = text.lower()
    if any(map(lowered.__contains__, _LABEL_GLUED)):
        return True
    return digits and any(t.endswith(_LABEL_ENDS) for t in tokens if not t.isalpha())


def _without_marks(name: str) -> str:
    """A person's name without its footnote marks; a one-word handle keeps its digits."""
    return _FOOTNOTE_MARKS.sub("", name) if " " in name else _FOOTNOTE_SIGNS.sub("", name)


def _ends_in_particle(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and words[-1] in _PARTICLES


def _stated_names(text: str, tokens: frozenset[str], dates: PageDates | None) -> tuple[str, list[str]] | None:
    """How a line states names, and the names: after a byline label, before a separator, or alone.

    >>> names_in("Von Ana Ruiz und Tom Berg - 3. Mai 2024")
    ('label', ['Ana Ruiz', 'Tom Berg'])
    >>> names_in("Ana Ruiz | 03.05.24"), names_in("Ana Ruiz")
    (('separator', ['Ana Ruiz']), ('bare', ['Ana Ruiz']))
    >>> names_in("by Ana Ruiz July 10, 2015"), names_in("11.12.2019 - Ana Ruiz")
    (('label', ['Ana Ruiz']), ('separator', ['Ana Ruiz']))
    >>> names_in("Written by Ana Ruiz on July 27, 2017"), names_in("By Ela on 31. October, 2023 | 18 Comments")
    (('label', ['Ana Ruiz']), ('label', ['Ela']))
    >>> names_in("Ana Ruiz, Tom Berg & Lea Kim"), names_in("Ana Ruiz, Staff Writer, Example Daily")
    (('bare', ['Ana Ruiz', 'Tom Berg', 'Lea Kim']), ('separator', ['Ana Ruiz']))
    >>> names_in("ByAna Ruiz"), names_in("Ana · April 19, 2019 · 7 comments")
    (('label', ['Ana Ruiz']), ('separator', ['Ana']))
    >>> names_in("Text & Fotos: Ana Ruiz"), names_in("Autoren Ana Ruiz und Tom Berg"), names_in("Von: abc/dpa")
    (('label', ['Ana Ruiz']), ('label', ['Ana Ruiz', 'Tom Berg']), ('label', ['abc/dpa']))
    >>> names_in("Geschrieben vonAna Ruiz"), names_in("3. Mai 2024Autor Ana Ruiz"), names_in("Mehr Bilder von Ana Ruiz")
    (('label', ['Ana Ruiz']), ('label', ['Ana Ruiz']), ('inside', ['Ana Ruiz']))
    >>> names_in("Ana von Ruiz"), names_in("Text von Ana Ruiz"), names_in("Ein Beitrag von Ana Ruiz")
    (('bare', ['Ana von Ruiz']), ('label', ['Ana Ruiz']), ('inside', ['Ana Ruiz']))
    >>> names_in("Read the full story here") is None
    True
    """
    # A digit is a word character and no letter: where every token is all letters, there is none.
    digits = not all(map(str.isalpha, tokens))
    whole = text.strip(" .,:;")
    # (_NOBLE's particle and _CONJUNCTION's words stand between spaces: each is a token of its own.)
    noble = None if _NOBLE_PARTICLES.isdisjoint(tokens) else _NOBLE.fullmatch(whole)
    if noble:
        return "bare", [noble.group(0)]
    label = _LABEL.search(text) if _may_hold_label(text, tokens, digits) else None
    if label:
        names = _leading_names(text[label.end() :], label.start() == 0)
        if names:
            return ("label" if _opens_line(text[: label.start()]) else "inside", names)
    segments = _split_at_separators(text, digits)
    dated = len(segments) > 1 and digits and _DIGIT.search(text) is not None
    for part in segments[:3] if len(segments) > 1 else ():
        part = part.strip(" .,:")
        words = len(part.split())
        if (2 <= words <= 4 or (words == 1 and dated)) and _NAME.fullmatch(part) and not _ends_in_month(part):
            return "separator", [part]
    beside = _beside_date(text, dates) if digits else []  # (a date has digits)
    if beside:
        return "separator", beside
    joined = "&" in whole or not _CONJUNCTION_WORDS.isdisjoint(tokens)
    if joined and _CONJUNCTION.search(whole) is not None:  # names joined by 'and' (the split costs more)
        listed = [n for n in _SPLIT.split(whole) if n]
        if 1 < len(listed) <= 4 and all(_NAME.fullmatch(n) and 2 <= len(n.split()) <= 4 for n in listed):
            return "bare", listed
    head = whole.split(", ", 1)[0]
    if 2 <= len(head.split()) <= 4 and _NAME.fullmatch(head) and not head.isupper():  # (the count costs less)
        return ("bare" if head == whole else "separator"), [head]
    return None


def _opens_line(before: str) -> bool:
    """Whether a byline label opens its line: nothing before it but a date, marks and the
    words a byline opens with (:data:`_OPENING_WORDS`).

    >>> _opens_line(""), _opens_line("Posted 11. May 2018 "), _opens_line("Tuesday 3 May 2024 "), _opens_line("— ")
    (True, True, True, True)
    >>> _opens_line("Ein Beitrag "), _opens_line("Read the story ")
    (False, False)
    """
    spans = date_spans(before) if _DIGIT.search(before) else []
    for lo, hi in reversed(spans):
        before = before[:lo] + " " + before[hi:]
    return all(w.lower() in _OPENING_WORDS for w in _OPENING_SPLIT.split(before) if w)


def _split_at_separators(text: str, digits: bool = True) -> list[str]:
    """``text`` split at its separators (``_SEPARATOR``): by ``cleaners._scan.split_separators``
    where it is built, else by the pattern where a quick search finds what any match holds.

    >>> _split_at_separators("Ana Ruiz | 3 May"), _split_at_separators("Ana Ruiz")
    (['Ana Ruiz', '3 May'], ['Ana Ruiz'])
    """
    if _scan is not None:  # one pass in C (sre tries the four branches at every character)
        return _scan.split_separators(text)
    may = _MAY_SEPARATE if digits else _MAY_SEPARATE_UNDATED  # (``digits``: whether the text may hold one)
    return _SEPARATOR.split(text) if may.search(text) else [text]


def _beside_date(text: str, dates: PageDates | None = None) -> list[str]:
    """Names right before or after a line's date, with no separator between them, as blogs and
    regional papers print them ('Ana Ruiz 19.10.2019, 05:00 Uhr', '1. Mai 2022 Ana Ruiz 6').

    At most :data:`DATE_TRAILER_WORDS` words may follow the names (a category, a comment count);
    a lone word counts only when it names an organisation ('Redaktion 1. Mai 2022').

    >>> _beside_date("Ana Ruiz 19.10.2019, 05:00 Uhr"), _beside_date("28. Jan. 2022 Ana Ruiz")
    (['Ana Ruiz'], ['Ana Ruiz'])
    >>> _beside_date("September 17, 2019 Ana Ruiz 0"), _beside_date("Redaktion 1. November 2023 10:29")
    (['Ana Ruiz'], ['Redaktion'])
    >>> _beside_date("Updated 1. November 2023"), _beside_date("Ana Ruiz")
    ([], [])
    >>> _beside_date("Am 3. Mai 2022 sagte der Minister")
    []
    """
    spans = date_spans(text) if dates is None else dates.date_spans(text)
    if not spans:
        return []
    lo, hi = spans[0]
    after = _TIME.match(text, hi)
    for part in (text[:lo], text[after.end() if after else hi :]):
        part = part.strip(" .,;:|-–—·•")
        found = _NAME.match(part)
        if not part or not found:
            continue
        name = _drop_month(found.group(0).rstrip(" .,"))
        words = len(name.split())
        trailer = part[found.end() :].strip(" .,;:|-–—·•").split()
        if len(trailer) > DATE_TRAILER_WORDS or name.isupper():
            continue
        if 2 <= words <= 4 or (words == 1 and _ORG.search(name) is not None and not trailer):
            return [name]
    return []


def _leading_names(rest: str, at_start: bool) -> list[str]:
    """The names a byline label introduces, up to the first word that is not part of one
    ('Ana Ruiz on May 3' -> ['Ana Ruiz'], 'Ana Ruiz May 3, 2024' -> ['Ana Ruiz'])."""
    head = _split_at_separators(rest)[0]  # (the first piece: as the split with maxsplit=1 finds it)
    names: list[str] = []
    for part in _SPLIT.split(head):
        found = _NAME.match(part)
        if found and found.group(0)[:1].islower() and " " not in found.group(0):
            found = None  # a lone particle ('de' of 'det/dpa') is no name
        if found:
            name = _drop_month(found.group(0))
            if name and (len(name.split()) > 1 or found.end() == len(part.rstrip(" .,:")) or not names):
                names.append(name)
        elif _handle(part.strip(" .,:"), at_start) and not names:
            names.append(part.strip(" .,:"))
        if not found or found.end() < len(part.rstrip(" .,:")):
            break
    return names


def _drop_month(name: str) -> str:
    """Drop a trailing month name a byline's date left on the name ('Ana Ruiz July')."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().rstrip(".") in MONTH_NAMES:
        words.pop()
    return " ".join(words)


def _ends_in_month(name: str) -> bool:
    return name.split()[-1].lower().rstrip(".") in MONTH_NAMES


def _handle(name: str, at_start: bool) -> bool:
    """A user name after a leading label ('By webdesk'): one token, no spaces."""
    return at_start and _HANDLE.fullmatch(name) is not None


def author_candidates(page: Page, span: tuple[int, int] | None, dates: PageDates | None = None) -> list[Candidate]:
    """Every short line that states names, with where it sits and how it states them."""
    title = title_index(page)
    body = span if span else (len(page.lines), len(page.lines))
    reached = _within_reach([a for a in (title, *body) if a is not None], len(page.lines))
    found: list[tuple[int, str, list[str]]] = []
    # A line's names depend on its text alone: a text the page repeats is read once.
    read: dict[str, tuple[str, list[str]] | None] = {}
    bylines = _marked_bylines(page)
    for i, line in enumerate(page.lines):
        words = line.words
        if line.blank or words > BYLINE_MAX_WORDS:
            continue
        text = line.text
        labelled = not _LABEL_WORDS.isdisjoint(line.tokens) or text.startswith("By")
        if not (labelled or (words <= BARE_MAX_WORDS and reached[i]) or i in bylines):
            continue
        if text in read:
            stated = read[text]
        else:
            stated = read[text] = _names_of(text, line.tokens, dates)
        if stated and (labelled or stated[0] != "inside"):
            found.append((i, stated[0], stated[1]))
    if not found:
        return []
    firsts = Counter(names[0].casefold() for _, _, names in found)
    dated = {j for j, mark in page.marks.items() if mark.role == "date" or mark.field == "published"}
    return [
        Candidate(i, names[0], _features(page, i, how, names, k, title, body, firsts, dated), tuple(names[1:]))
        for k, (i, how, names) in enumerate(found)
    ]


def _within_reach(anchors: list[int], n: int) -> list[bool]:
    """For each of ``n`` lines, whether it lies within :data:`REACH` lines of an anchor.

    >>> _within_reach([40], 80)[9:12], _within_reach([], 3)
    ([False, True, True], [False, False, False])
    """
    reached = [False] * n
    for a in anchors:
        lo = min(n, max(0, a - REACH))
        hi = max(lo, min(n, a + REACH + 1))
        reached[lo:hi] = [True] * (hi - lo)
    return reached


def _marked_bylines(page: Page) -> frozenset[int]:
    """The lines the rules marked as a byline or an author box (one pass over the marks,
    not a look-up for every line)."""
    return frozenset(i for i, mark in page.marks.items() if mark.rule.startswith(("byline.", "author.")))


def _features(
    page: Page,
    i: int,
    how: str,
    names: list[str],
    rank: int,
    title: int | None,
    body: tuple[int, int],
    firsts: Counter[str],
    dated: set[int],
) -> tuple[float, ...]:
    line = page.lines[i]
    mark = page.marks.get(i)
    lo, hi = body
    title_gap = abs(i - title) if title is not None else 200
    name = names[0]
    return (
        *family_features(_FAMILIES, mark.rule if mark else ""),
        float(how == "label"),
        float(how == "inside"),
        float(how == "bare"),
        float(how == "separator"),
        min(line.words, BYLINE_MAX_WORDS) / 10,
        len(name.split()) / 4,
        min(len(names), 4) / 4,
        float(i < lo),
        float(lo <= i <= hi),
        float(i > hi),
        float(title is not None and i > title),
        math.log1p(title_gap),
        float(title_gap <= NEAR_TITLE),
        math.log1p(abs(i - lo)),
        math.log1p(abs(i - hi)),
        float(_DIGIT.search(line.text) is not None),
        float(firsts[name.casefold()] > 1),
        1 / (1 + rank),
        float("©" in line.text),
        float(name[:1].islower()),
        float(_ORG.search(name) is not None),
        float(line.ends_with_period),
        float(len(name.split()) == 1),
        float(not dated.isdisjoint(range(i - DATE_REACH, i + DATE_REACH + 1))),
        line.stop_density,
    )
