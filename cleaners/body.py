"""Where the article is: its title and dek at the head, then the run of lines that holds the
most prose for the least chrome (a maximum-sum segment, after Finn et al.'s Body Text
Extraction), with short unpunctuated lines inside it kept as subheadings."""

from __future__ import annotations

import re

from cleaners.byline import names_in
from cleaners.dates import find_date
from cleaners.page import Mark, Page
from cleaners.quality import Quality
from cleaners.rules.attribution import MONTHS
from cleaners.rules.context import DEK, HEAD, HEADING, NAME_BYLINE, PARAGRAPH, TAIL, TEASER_CARDS, TITLE, WIDGET

DEK_MIN_WORDS = 6
DEK_MAX_LINES = 3
HEADING_MAX_WORDS = 15

# Weights of the segment search: prose pulls the body in, chrome pushes it away.
SHORT_WEIGHT = -3.0
CHROME_WEIGHT = -4.0
META_WEIGHT = -1.0
END_WEIGHT = -30.0
NEAR_FACTOR = 0.5
# Words a paragraph must exceed to pull the body towards it: teaser cards (headline, blurb,
# timestamp) repeat below articles and must not add up to more than the chrome between them.
PARAGRAPH_TOLL = 10
MAX_CHROME_CROSSED = 2
LIST_MIN_ITEMS = 3
CARD_RUN = 3
CARD_BLURB_MAX_WORDS = 35
_INNER_SENTENCE_BREAK = re.compile(r"[a-z0-9][.!?][\"”’]? [A-Z]")
LIST_ITEM_MAX_WORDS = 40
LIST_INTRO_MAX_WORDS = 8
LIST_CONTINUATION_MAX_WORDS = 12
_LIST_ITEM = re.compile(rf"(?:\d|[-•*–—·▪►]\s|(?:{MONTHS})\b)", re.IGNORECASE)
WIDGET_RULE_PREFIXES = ("promo.", "consent.", "footer.disclaimer")

_PARTICLE = r"(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|la|le|bin|al|y|e)"
_NAME_SHAPE = re.compile(rf"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.-]+(?: (?:{_PARTICLE}|[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.-]*)){{1,3}}")


def first_line_title(page: Page) -> int | None:
    """The title of extracted text: its first line, when there is one."""
    if not page.lines or page.lines[0].blank or not page.free(0):
        return None
    page.marks[0] = Mark.of(TITLE)
    return 0


def mark_dek(page: Page, title: int) -> int:
    """Standfirst lines right under the title stay in the body; return the last head index."""
    last = title
    for j in page.first_nonblank(title + 1, DEK_MAX_LINES):
        line = page.lines[j]
        if not page.free(j) or line.words < DEK_MIN_WORDS or is_name(line.text) or _attribution(line.text):
            break
        page.marks[j] = Mark.of(DEK)
        last = j
    return last


def _attribution(text: str) -> bool:
    """A byline or a dateline under the headline ('Ana Ruiz and Tom Berg Example Herald',
    '2024-05-14 09:30 Source: Example'), not a standfirst."""
    return names_in(text) is not None or find_date(text) is not None


def mark_name_byline(page: Page, after: int) -> None:
    """A bare author name under the title and dek ('Rosa Delgado-Mills' on its own line)."""
    for j in page.first_nonblank(after + 1, 3):
        if page.free(j) and is_name(page.lines[j].text):
            page.marks[j] = Mark.of(NAME_BYLINE)
            return
        if page.free(j):
            return


def is_name(text: str) -> bool:
    """A person's name shape: two to four capitalised words.

    >>> is_name("Rosa Delgado-Mills"), is_name("Niccolò de Rossi"), is_name("Most Popular stories now")
    (True, True, False)
    """
    return len(text) <= 40 and _NAME_SHAPE.fullmatch(text) is not None and not text.isupper()


def find_body(page: Page) -> tuple[int, int] | None:
    """The maximum-weight run of lines (inclusive bounds), or ``None`` when nothing is prose."""
    best, best_span = 0.0, None
    run, start = 0.0, 0
    for i, pull in enumerate(weights(page)):
        if run <= 0:
            run, start = 0.0, i
        run += pull
        if run > best:
            best, best_span = run, (start, i)
    return best_span


def weights(page: Page) -> list[float]:
    """How much each line pulls the body segment towards itself, in one loop over the page. A
    standfirst under the title (``body.dek``) stays in the body, so it pulls as the free line
    it would be."""
    marks = page.marks
    pulls: list[float] = []
    for i, (line, quality) in enumerate(zip(page.lines, page.quality, strict=True)):
        mark = marks.get(i)
        if line.blank:
            pulls.append(0.0)
        elif mark is not None and mark.role != "dek":
            role = mark.role
            pulls.append(END_WEIGHT if role == "end" else META_WEIGHT if role in ("meta", "credit") else CHROME_WEIGHT)
        elif quality is Quality.GOOD:
            pulls.append(float(line.words - PARAGRAPH_TOLL))
        elif quality is Quality.NEAR:
            pulls.append((line.words - PARAGRAPH_TOLL) * NEAR_FACTOR)
        else:
            pulls.append(SHORT_WEIGHT)
    return pulls


def extend_body(page: Page, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Take in a paragraph cut off from the body by a line or two of chrome (an app promo
    before the last paragraph): the segment search undervalues short closing paragraphs."""
    if span is None:
        return None
    lo, hi = span
    while (j := _paragraph_across_chrome(page, hi, 1)) is not None:
        hi = j
    while (j := _paragraph_across_chrome(page, lo, -1)) is not None:
        lo = j
    return lo, hi


def extend_list(page: Page, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Take in a list that closes the article: an intro line ending in a colon (or a short
    heading), then at least three items that start like list items (numbers, dates, bullets),
    as tour dates, results or offers do. Items are short, so the segment search leaves them out."""
    if span is None:
        return None
    after = page.nonblank(span[1] + 1)
    if not after or not page.free(after[0]):
        return span
    first = page.lines[after[0]]
    intro = first.text.endswith(":") or (first.words <= LIST_INTRO_MAX_WORDS and not first.sentence)
    start = 1 if intro and not _LIST_ITEM.match(first.text) else 0
    if start == 0 and not page.lines[span[1]].text.endswith(":"):
        return span
    items, last = 0, span[1]
    rest = after[start:]
    for k, i in enumerate(rest):
        if _is_list_item(page, i):
            items, last = items + 1, i
        elif not (items and _continues_item(page, i) and k + 1 < len(rest) and _is_list_item(page, rest[k + 1])):
            break
    return (span[0], last) if items >= LIST_MIN_ITEMS else span


def _continues_item(page: Page, i: int) -> bool:
    """A short free line between two list items (a link, a price) belongs to the first."""
    return page.free(i) and page.lines[i].words <= LIST_CONTINUATION_MAX_WORDS


def _is_list_item(page: Page, i: int) -> bool:
    line = page.lines[i]
    return page.free(i) and line.words <= LIST_ITEM_MAX_WORDS and _LIST_ITEM.match(line.text) is not None


def _paragraph_across_chrome(page: Page, edge: int, step: int) -> int | None:
    crossed = 0
    j = edge + step
    while 0 <= j < len(page.lines):
        if not page.lines[j].blank:
            mark = page.marks.get(j)
            if mark is None:
                return j if page.quality[j] is Quality.GOOD and crossed else None
            if mark.role == "end" or crossed == MAX_CHROME_CROSSED:
                return None
            crossed += 1
        j += step
    return None


def trim_teaser_cards(page: Page, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Cut a run of teaser cards off the end of the body: three or more pairs of a headline
    and a one-sentence blurb ('Ancient coins found by the river' / 'The coins ... were found.'),
    the shape of 'more stories' lists. An article's sections run longer than one sentence."""
    if span is None:
        return None
    lines = page.nonblank(span[0], span[1] + 1)
    pairs = 0
    while len(lines) >= 2 * (pairs + 1):
        headline, blurb = lines[-2 * (pairs + 1)], lines[-2 * pairs - 1]
        if not (_card_headline(page, headline) and _card_blurb(page, blurb)):
            break
        pairs += 1
    if pairs < CARD_RUN or len(lines) == 2 * pairs:
        return span
    cards = lines[-2 * pairs :]
    for i in cards:
        page.marks[i] = Mark.of(TEASER_CARDS)
    return span[0], lines[-2 * pairs - 1]


def _card_headline(page: Page, i: int) -> bool:
    line = page.lines[i]
    return page.free(i) and page.quality[i] is Quality.SHORT and line.words >= 3 and not line.sentence


def _card_blurb(page: Page, i: int) -> bool:
    line = page.lines[i]
    one_sentence = _INNER_SENTENCE_BREAK.search(line.text) is None
    return page.free(i) and line.sentence and line.words <= CARD_BLURB_MAX_WORDS and one_sentence


def mark_widgets(page: Page, span: tuple[int, int] | None) -> None:
    """Inside the body, short lines that lead into a sign-up prompt belong to its widget
    ('MORNING AGRICULTURE' / 'Your guide to ...' / 'EMAIL' / 'SUBSCRIBE')."""
    if span is None:
        return
    run: list[int] = []
    for i in range(span[0], span[1] + 1):
        line, mark = page.lines[i], page.marks.get(i)
        if line.blank:
            continue
        if mark is None and page.quality[i] is Quality.GOOD:
            run = []
        elif mark is None:
            run.append(i)
        elif mark.rule.startswith(WIDGET_RULE_PREFIXES):
            for j in run:
                page.marks[j] = Mark.of(WIDGET)
            run = []


def mark_body(page: Page, span: tuple[int, int] | None) -> None:
    """Free lines inside the body are paragraphs or subheadings; outside, head or tail chrome."""
    lo, hi = span if span else (len(page.lines), -1)
    for i, line in enumerate(page.lines):
        if line.blank or not page.free(i):
            continue
        if i < lo:
            page.marks[i] = Mark.of(HEAD)
        elif i > hi:
            page.marks[i] = Mark.of(TAIL)
        elif _is_heading(page, i):
            page.marks[i] = Mark.of(HEADING)
        else:
            page.marks[i] = Mark.of(PARAGRAPH)


def _is_heading(page: Page, i: int) -> bool:
    line = page.lines[i]
    if page.quality[i] is not Quality.SHORT or line.words > HEADING_MAX_WORDS or line.ends_with_period:
        return False
    after = page.next_nonblank(i)
    while after is not None and not page.free(after) and page.role(after) not in ("body", "heading"):
        after = page.next_nonblank(after)
    return after is not None and page.quality[after] in (Quality.GOOD, Quality.NEAR)
