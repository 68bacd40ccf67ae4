"""Dates as news pages print them, to ISO 8601.

Hand-written on purpose: dateparser costs about 1-2 ms a call (a capture's whole budget) and
does not read forms such as '14.mai.2024'. Month names cover the languages the cleaner knows.
"""

from __future__ import annotations

import re
from datetime import date

try:  # may_state_date's scan in C (setup.py builds it where it can; optional)
    from cleaners import _scan
except ImportError:  # pragma: no cover - exercised where no compiler built the extension
    _scan = None  # type: ignore[assignment]

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan janeiro jan janvier janv januar jän gennaio genn enero ene januari январь января янв"
        " stycznia styczeń sty ocak leden ledna januára tammikuuta tammikuu tammi januar",
        "february feb fevereiro fev février févr februar febbraio febr febrero februari февраль февраля фев"
        " lutego luty lut şubat únor února februára helmikuuta helmikuu helmi",
        "march mar março marzo märz mär mars maart maret март марта marca marzec mart březen března marca"
        " maaliskuuta maaliskuu maalis",
        "april apr abril abr avril aprile aprel апрель апреля kwietnia kwiecień kwi nisan duben dubna apríla"
        " huhtikuuta huhtikuu huhti",
        "may maio mai maggio mag mayo mei май мая maja maj mayıs květen května mája toukokuuta toukokuu touko",
        "june jun junho juin juni giugno giu junio июнь июня czerwca czerwiec cze haziran červen června júna"
        " kesäkuuta kesäkuu kesä",
        "july jul julho juillet juil juli luglio lug julio июль июля lipca lipiec lip temmuz červenec července"
        " júla heinäkuuta heinäkuu heinä",
        "august aug agosto ago août august augustus agustus авг август августа sierpnia sierpień sie ağustos"
        " srpen srpna augusta elokuuta elokuu elo",
        "september sep sept setembro set septembre settembre septiembre сентябрь сентября сен września"
        " wrzesień wrz eylül září septembra syyskuuta syyskuu syys",
        "october oct outubro out octobre oktober ottobre ott octubre okt oktober октябрь октября października"
        " październik paź ekim říjen října októbra lokakuuta lokakuu loka",
        "november nov novembro novembre noviembre nopember ноябрь ноября listopada listopad lis kasım"
        " listopadu novembra marraskuuta marraskuu marras",
        "december dec dezembro dez décembre dezember dicembre dic diciembre desember декабрь декабря дек"
        " grudnia grudzień gru aralık prosinec prosince decembra joulukuuta joulukuu joulu déc",
    ),
    1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)

MONTH_NAMES = frozenset(_MONTHS)
"""Month names and abbreviations of every language above, lowercase."""
_MONTH = r"(?P<month>[^\W\d_]{3,12})\.?"
# Spaces inside dates may be thin or non-breaking ('13.\u20091.\u20092020').
_SP = r"[\s\u2009\u202f\u00a0]"
_SEP = rf"{_SP}?[./-]{_SP}?"
_PATTERNS = (
    re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<year>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})\b"),
    re.compile(r"(?P<year>\d{4})\s?年\s?(?P<m>\d{1,2})\s?月\s?(?P<d>\d{1,2})\s?日"),
    re.compile(rf"(?<![\d.])(?P<a>\d{{1,2}}){_SEP}(?P<b>\d{{1,2}}){_SEP}(?P<year>\d{{4}})(?!\d)"),
    re.compile(rf"{_MONTH},?{_SP}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?{_SP}(?P<year>\d{{4}})"),
    re.compile(rf"(?P<d>\d{{1,2}})(?:\.|º|er)?{_SP}?(?:de{_SP})?{_MONTH}\.?,?{_SP}?(?:de{_SP})?(?P<year>\d{{4}})"),
    re.compile(rf"(?P<d>\d{{1,2}})\.?{_SP}?{_MONTH}(?:,?{_SP}?[’']|(?<=\.))(?P<yy>\d{{2}})\b"),
    re.compile(r"(?<![\d.,/])(?P<a>\d{1,2})([./])(?P<b>\d{1,2})\2(?P<yy>\d{2})(?![\d./%]\d?)"),
)
_NEEDS = ("-", "/", "年", "./-", "", "", "’'.", "./")
"""For each of _PATTERNS, the characters it cannot match without (one of them): a text holding
none of a pattern's is not searched with it (a character test instead of a pass of the regex)."""
_DAY_FIRST_LANGUAGES = frozenset(
    {"de", "fr", "es", "pt", "it", "ru", "nl", "id", "pl", "tr", "uk", "fi", "cs", "sk", "da", "sv", "no", "nb", "ro"}
    | {"hr", "sl", "bg", "el", "ca", "en-gb"}
)
# Every pattern reads a year in digits: a line without a digit states no date.
_DIGIT = re.compile(r"\d")
_MAY_HOLD = re.compile(r"\d{4}|\d[./]\s?\d{1,2}[./]\d{2}|[’']\d{2}|\.\d{2}\b")
"""What every match of _PATTERNS holds: a year of four digits, or a short year after an
apostrophe, a dot, or a day and month with their separators. A line with digits but none of
these ('5 comments', '12:30') states no date, which one search says instead of eight."""


def may_state_date(text: str) -> bool:
    """Whether :data:`_MAY_HOLD` matches in ``text`` (so it has a digit): in C where
    ``cleaners._scan`` is built (one pass over the text; sre tries the four branches at every
    character), else the digit test and the pattern.

    >>> [may_state_date(t) for t in ("14 May 2024", "5 comments", "12:30", "03.Mär.19", "’20", "v4.47.41")]
    [True, False, False, True, True, True]
    """
    if _scan is not None:
        return _scan.may_hold_date(text)
    return _DIGIT.search(text) is not None and _MAY_HOLD.search(text) is not None


# Two-digit years are read only in this range: '4.47.41' is a version, not a date.
_SHORT_YEARS = range(1990, 2040)


def find_date(text: str, language: str | None = None) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD``, or ``None``.

    >>> find_date("Published 6:10 AM EDT, Tue May 14, 2024")
    '2024-05-14'
    >>> find_date("Issued on: 18/06/2024 - 16:27"), find_date("14.mai.2024 às 15h20")
    ('2024-06-18', '2024-05-14')
    >>> find_date("14 мая 2024, 12:45"), find_date("05/14/2024 06:00 AM EDT")
    ('2024-05-14', '2024-05-14')
    >>> find_date("2018年6月18日 10:01"), find_date("2018/6/19 5:50"), find_date("13.\u20091.\u20092020", "de")
    ('2018-06-18', '2018-06-19', '2020-01-13')
    >>> find_date("19.10.19, 08:16 Uhr", "de"), find_date("11.03.17 in Gadgetry", "en"), find_date("14 Feb ’20")
    ('2019-10-19', '2017-11-03', '2020-02-14')
    >>> find_date("3 marca 2021", "pl"), find_date("19.2.2020 klo 14.00", "fi"), find_date("Datum: 03.Mär.19", "de")
    ('2021-03-03', '2020-02-19', '2019-03-03')
    >>> find_date("no date here") is None, find_date("version 4.47.41") is None, find_date("1/2 cup, 3/4 cup") is None
    (True, True, True)
    """
    if not may_state_date(text):
        return None
    found: list[tuple[int, str]] = []
    for pattern in _searched(text):
        for match in pattern.finditer(text):
            iso = _to_iso(match, language)
            if iso:
                found.append((match.start(), iso))
                break
    return min(found)[1] if found else None


def date_spans(text: str, language: str | None = None) -> list[tuple[int, int]]:
    """Where ``text`` states a valid date: ``(start, end)`` of each, in order.

    >>> date_spans("Ana Ruiz 19.10.2019, 05:00"), date_spans("1. Februar 2022 Ana Ruiz")
    ([(9, 19)], [(0, 15)])
    >>> date_spans("version 4.47.41")
    []
    """
    if not may_state_date(text):
        return []
    found: set[tuple[int, int]] = set()
    for pattern in _searched(text):
        for match in pattern.finditer(text):
            if _to_iso(match, language):
                found.add(match.span())
    return sorted(found)


class PageDates:
    """The dates of one page's texts, each text searched once for all who ask: the date
    candidates' first dates (:func:`find_date`) and the bylines' date spans (:func:`date_spans`).

    Which matches are dates does not depend on the language: it only orders a numeric day and
    month, and where both are 1 to 12 either order is a valid date (:func:`_to_iso`). So the
    valid matches are kept, and a language's value is read from them when asked.

    >>> dates = PageDates()
    >>> dates.find_date("Ana Ruiz 05.06.2024, 07.08.2023", "de"), dates.date_spans("Ana Ruiz 05.06.2024, 07.08.2023")
    ('2024-06-05', [(9, 19), (21, 31)])
    >>> dates.find_date("Ana Ruiz 05.06.2024, 07.08.2023", "en"), dates.find_date("5 comments")
    ('2024-05-06', None)
    """

    def __init__(self) -> None:
        self._read: dict[str, list[list[re.Match[str]]]] = {}

    def find_date(self, text: str, language: str | None = None) -> str | None:
        """:func:`find_date` of ``text``: the value of the earliest of each pattern's first dates."""
        if not may_state_date(text):  # (most texts: nothing to keep)
            return None
        found: list[tuple[int, str]] = []
        for matches in self._valid(text):
            if matches:
                iso = _to_iso(matches[0], language)
                if iso is None:  # (never, as above; were it so, the plain search decides)
                    return find_date(text, language)
                found.append((matches[0].start(), iso))
        return min(found)[1] if found else None

    def date_spans(self, text: str) -> list[tuple[int, int]]:
        """:func:`date_spans` of ``text``."""
        if not may_state_date(text):  # (most texts: nothing to keep)
            return []
        return sorted({match.span() for found in self._valid(text) for match in found})

    def _valid(self, text: str) -> list[list[re.Match[str]]]:
        """Each searched pattern's matches in ``text`` that are dates, in order (read once)."""
        valid = self._read.get(text)
        if valid is None:
            valid = self._read[text] = _valid_matches(text)
        return valid


def _valid_matches(text: str) -> list[list[re.Match[str]]]:
    """Each searched pattern's matches in ``text`` that are dates, for a text that may hold
    one (:func:`may_state_date`: the callers ask first)."""
    return [[m for m in pattern.finditer(text) if _to_iso(m, None)] for pattern in _searched(text)]


def _searched(text: str) -> list[re.Pattern[str]]:
    """The patterns of :data:`_PATTERNS` that may match in ``text``, in order: those it holds
    the characters for (:data:`_NEEDS`) and, of the two that read a month's name, those whose
    shape it has (:func:`_month_forms`). A pattern left out cannot match:

    >>> texts = ("14 May 2024", "May 14, 2024", "2024-05-14", "2024年5月14日", "3rd of May", "Mai 2024, 12")
    >>> all(p.search(t) is None for t in texts for p in _PATTERNS if p not in _searched(t))
    True
    >>> len(_searched("2024-05-14")) <= 4
    True
    """
    forms = _month_forms(text)
    return [
        p
        for p, needs, form in zip(_PATTERNS, _NEEDS, _FORMS, strict=True)
        if (not form or forms & form) and (not needs or any(map(text.__contains__, needs)))
    ]


_FORMS = (0, 0, 0, 0, 1, 2, 0, 0)
"""For each of :data:`_PATTERNS`, its bit in :func:`_month_forms` (0: none, always searched
where it holds the characters it needs)."""


def _month_forms(text: str) -> int:
    """Which of the two patterns that read a month's name may match in ``text``, as bits (1:
    the month first, ``_PATTERNS[4]``; 2: the day first, ``_PATTERNS[5]``): a bit is clear only
    where its pattern cannot match, as ``cleaners._scan.date_forms`` reads it in one pass (sre
    tries each at every letter of the text); both where the kernel is not built.

    >>> _month_forms("May 14, 2024") & 1, _month_forms("14 May 2024") & 2
    (1, 2)
    """
    return _scan.date_forms(text) if _scan is not None else 3


def _to_iso(match: re.Match[str], language: str | None) -> str | None:
    parts = match.groupdict()
    year = int(parts["year"]) if parts.get("year") else 2000 + int(parts["yy"])
    if parts.get("yy") and year not in _SHORT_YEARS:
        return None
    if parts.get("month"):
        month = _MONTHS.get(parts["month"].lower().rstrip("."))
        day = int(parts["d"])
    elif parts.get("a"):
        a, b = int(parts["a"]), int(parts["b"])
        day_first = a > 12 or (b <= 12 and language in _DAY_FIRST_LANGUAGES)
        day, month = (a, b) if day_first else (b, a)
    else:
        month, day = int(parts["m"]), int(parts["d"])
    if month is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
