"""When the article was published: one of the dates the page prints.

A news page prints many dates: the article's own (under the headline, in the byline row,
labelled 'Published' or 'Veröffentlicht'), its update time, the teasers' dates, the readers'
comments, the copyright year. Every date on a short line is a candidate; a trained ranker
(cleaners.metarank) picks the article's from where it sits (near the headline, above the
body), what labels it and which rule marked its line.
"""

from __future__ import annotations

import math
import re
from itertools import accumulate

from cleaners.dates import PageDates, may_state_date
from cleaners.lines import Line
from cleaners.metarank import Candidate, choose, family_features
from cleaners.page import Page

DATE_LINE_MAX_WORDS = 40
NEAR_TITLE = 5
PROSE_MIN_WORDS = 20

_PUBLISHED_LABEL = re.compile(
    r"\b(?:published|posted|issued|publicado|publicada|pubblicato|veröffentlicht|publié|publiée|опубликовано"
    r"|opublikowano|julkaistu|gepubliceerd|publicerad|diterbitkan)\b"
    r"|^(?:date|datum|fecha|data|am|on|le|el|il|du|vom)\b",
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(
    r"\b(?:updated|modified|edited|aktualisiert|geändert|mis à jour|actualizado|actualizada|aggiornato"
    r"|atualizado|atualizada|обновлено|zaktualizowano|päivitetty|bijgewerkt|uppdaterad)\b",
    re.IGNORECASE,
)
_BY_LABEL = re.compile(r"\b(?:by|von|par|por|di|door|av|autor|autorin|author|auteur)\b", re.IGNORECASE)
_PUBLISHED_WORDS = frozenset(
    (
        *("published", "posted", "issued", "publicado", "publicada", "pubblicato", "veröffentlicht", "publié"),
        *("publiée", "опубликовано", "opublikowano", "julkaistu", "gepubliceerd", "publicerad", "diterbitkan"),
        *("date", "datum", "fecha", "data", "am", "on", "le", "el", "il", "du", "vom"),
    )
)
_UPDATED_WORDS = frozenset(
    (
        *("updated", "modified", "edited", "aktualisiert", "geändert", "jour", "actualizado", "actualizada"),
        *("aggiornato", "atualizado", "atualizada", "обновлено", "zaktualizowano", "päivitetty", "bijgewerkt"),
        *("uppdaterad",),
    )
)
_BY_WORDS = frozenset(("by", "von", "par", "por", "di", "door", "av", "autor", "autorin", "author", "auteur"))
"""The words of the three labels above, lowercase ('jour' for 'mis à jour'): each label is a
whole word (between word boundaries), so it is one of the line's word tokens."""
_LABEL_ODD_CASE = frozenset("\u0130\u0131\u017f\u1c80\u1c82")
"""The characters the labels' case-blind letters match that do not lower to them ('ı' and 'İ'
match 'i', 'ſ' matches 's'): on a line holding one, the token test does not tell."""
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")

# Mark families a date line can carry, each a feature.
_FAMILIES = (
    ("dateline.published",),
    ("dateline.updated",),
    ("dateline.bare",),
    ("byline.",),
    ("body.",),
    ("chrome.head",),
    ("chrome.tail",),
    ("footer.",),
    ("comments.", "discussion.", "comment."),
    ("related.", "teaser.", "more.", "repeat."),
    ("caption.", "credit.", "media.", "image."),
)

DATE_FEATURES = (
    "is_dateline_published",
    "is_dateline_updated",
    "is_dateline_bare",
    "is_byline",
    "is_body",
    "is_chrome_head",
    "is_chrome_tail",
    "is_footer",
    "is_comment",
    "is_teaser",
    "is_caption",
    "words",
    "before_body",
    "inside_body",
    "after_body",
    "after_title",
    "log_title_distance",
    "near_title",
    "log_body_distance",
    "published_label",
    "updated_label",
    "by_label",
    "time",
    "rank",
    "first_after_title",
    "repeated",
    "latest",
    "earliest",
    "ends_with_period",
    "copyright",
)


def find_published(page: Page, span: tuple[int, int] | None, language: str | None) -> str | None:
    """The article's publication date (``YYYY-MM-DD``), or ``None``."""
    best = published_candidate(page, span, language)
    return best.value if best is not None else None


def published_candidate(
    page: Page, span: tuple[int, int] | None, language: str | None, dates: PageDates | None = None
) -> Candidate | None:
    """The ranker's pick among the page's dates: the value and the line it was read from."""
    return choose("published", date_candidates(page, span, language, dates))


def on_dateline(page: Page, i: int) -> bool:
    """Whether line ``i`` is one the rules mark as the article's publication date (a
    'Published ...' line, a bare date line), not a date met on some other line."""
    mark = page.marks.get(i)
    return mark is not None and mark.field == "published"


def _nonblank_order(page: Page) -> list[int]:
    """For each line, how many non-blank lines come before it: distances that skip blanks."""
    lines = page.lines
    return list(accumulate([not line.blank for line in lines[:-1]], initial=0)) if lines else []


def title_index(page: Page) -> int | None:
    """The first line marked as the headline (the least index: no need to sort the marks)."""
    return min((i for i, mark in page.marks.items() if mark.rule == "meta.title"), default=None)


def date_candidates(
    page: Page, span: tuple[int, int] | None, language: str | None, dates: PageDates | None = None
) -> list[Candidate]:
    """Every date found on a short line, with where it sits and what labels it.

    ``dates`` keeps what each text was found to hold, for the page's bylines to read after.
    """
    found: list[tuple[int, str]] = []
    # A line's date depends on its text alone: a text the page repeats (a teaser's date) is read
    # once; find_date itself rules out at once a line that cannot hold a date.
    read: dict[str, str | None] = {}
    dates = dates if dates is not None else PageDates()
    for i, line in enumerate(page.lines):
        text = line.text
        if line.blank or line.words > DATE_LINE_MAX_WORDS:
            continue
        if line.words > PROSE_MIN_WORDS and line.ends_with_period:
            continue  # a date inside a sentence (a caption, a paragraph) tells of an event
        # (A digit is a word character and no letter: a line whose word tokens are all letters
        # has none, which reading its few tokens says for less than a pass over its characters.)
        if all(map(str.isalpha, line.tokens)) or not may_state_date(text):
            continue  # no date: find_date's own first test, without the call
        iso = read[text] if text in read else read.setdefault(text, dates.find_date(text, language))
        if iso:
            found.append((i, iso))
    if not found:
        return []
    title = title_index(page)
    order = _nonblank_order(page)
    values = [iso for _, iso in found]
    latest, earliest = max(values), min(values)
    first_after = next((i for i, _ in found if title is not None and i > title), None)
    return [
        Candidate(i, iso, _features(page, i, iso, k, span, title, first_after, values, (latest, earliest), order))
        for k, (i, iso) in enumerate(found)
    ]


def _features(
    page: Page,
    i: int,
    iso: str,
    rank: int,
    span: tuple[int, int] | None,
    title: int | None,
    first_after: int | None,
    values: list[str],
    extremes: tuple[str, str],
    order: list[int],
) -> tuple[float, ...]:
    line = page.lines[i]
    mark = page.marks.get(i)
    lo, hi = span if span else (len(page.lines), len(page.lines))
    latest, earliest = extremes
    title_gap = abs(order[i] - order[title]) if title is not None else 50
    body_gap = abs(order[i] - order[min(lo, len(order) - 1)]) if span else 50
    return (
        *family_features(_FAMILIES, mark.rule if mark else ""),
        min(line.words, DATE_LINE_MAX_WORDS) / 10,
        float(i < lo),
        float(lo <= i <= hi),
        float(i > hi),
        float(title is not None and i > title),
        math.log1p(title_gap),
        float(title_gap <= NEAR_TITLE),
        math.log1p(body_gap),
        float(_says(line, _PUBLISHED_WORDS, _PUBLISHED_LABEL)),
        float(_says(line, _UPDATED_WORDS, _UPDATED_LABEL)),
        float(_says(line, _BY_WORDS, _BY_LABEL)),
        float(_TIME.search(line.text) is not None),
        1 / (1 + rank),
        float(i == first_after),
        float(values.count(iso) > 1),
        float(iso == latest),
        float(iso == earliest),
        float(line.ends_with_period),
        float("©" in line.text or "copyright" in line.text.lower()),
    )


def _says(line: Line, words: frozenset[str], label: re.Pattern[str]) -> bool:
    """Whether ``label`` (a case-blind choice of whole ``words``) finds one in the line; it is
    searched only where one of the line's tokens is one of them.

    >>> from cleaners.lines import measure
    >>> [_says(measure(1, t, t, frozenset()), _UPDATED_WORDS, _UPDATED_LABEL) for t in ("Updated 3 May", "3 May 2024")]
    [True, False]
    """
    text = line.text
    if words.isdisjoint(line.tokens) and (text.isascii() or _LABEL_ODD_CASE.isdisjoint(text)):
        return False
    return label.search(text) is not None
