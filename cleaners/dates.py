"""Dates as news pages print them, to ISO 8601.

Hand-written on purpose: dateparser costs about 1-2 ms a call (a capture's whole budget) and
does not read forms such as '14.mai.2024'. Month names cover the languages the cleaner knows.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan janeiro jan janvier janv januar jän gennaio genn enero ene januari январь января янв",
        "february feb fevereiro fev février févr februar febbraio febr febrero februari февраль февраля фев",
        "march mar março marzo märz mars maart maret март марта",
        "april apr abril abr avril aprile aprel апрель апреля",
        "may maio mai maggio mag mayo mei май мая",
        "june jun junho juin juni giugno giu junio июнь июня",
        "july jul julho juillet juil juli luglio lug julio июль июля",
        "august aug agosto ago août august augustus agustus авг август августа",
        "september sep sept setembro set septembre settembre septiembre сентябрь сентября сен",
        "october oct outubro out octobre oktober ottobre ott octubre okt oktober октябрь октября",
        "november nov novembro novembre noviembre nopember ноябрь ноября",
        "december dec dezembro dez décembre dezember dicembre dic diciembre desember декабрь декабря дек",
    ),
    1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)

_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_PATTERNS = (
    re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<year>\d{4})"),
    re.compile(rf"{_MONTH},?\s(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<year>\d{{4}})"),
    re.compile(rf"(?P<d>\d{{1,2}})(?:\.|º|er)?\s?(?:de\s)?{_MONTH}\.?,?\s?(?:de\s)?(?P<year>\d{{4}})"),
)
_DAY_FIRST_LANGUAGES = frozenset({"de", "fr", "es", "pt", "it", "ru", "nl", "id", "pl", "tr", "uk"})


def find_date(text: str, language: str | None = None) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD``, or ``None``.

    >>> find_date("Published 6:10 AM EDT, Tue May 14, 2024")
    '2024-05-14'
    >>> find_date("Issued on: 18/06/2024 - 16:27"), find_date("14.mai.2024 às 15h20")
    ('2024-06-18', '2024-05-14')
    >>> find_date("14 мая 2024, 12:45"), find_date("05/14/2024 06:00 AM EDT")
    ('2024-05-14', '2024-05-14')
    >>> find_date("no date here") is None
    True
    """
    found: list[tuple[int, str]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _to_iso(match, language)
            if iso:
                found.append((match.start(), iso))
                break
    return min(found)[1] if found else None


def _to_iso(match: re.Match[str], language: str | None) -> str | None:
    parts = match.groupdict()
    year = int(parts["year"])
    if "month" in parts:
        month = _MONTHS.get(parts["month"].lower().rstrip("."))
        day = int(parts["d"])
    elif "a" in parts:
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
