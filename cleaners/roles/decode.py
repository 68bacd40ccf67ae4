"""From line scores to one article: the best-scoring run of lines, rules' verdicts kept.

Every non-blank line scores ``p(body) - threshold``; the article is the run of lines with the
highest sum (a maximum-sum segment, so a few low lines inside a long article are crossed, and
a short article on a chrome-heavy page still wins when its lines are the only likely ones).
When no line reaches the threshold, the single most likely line is the article if it reaches
``rescue``: a capture has one article unless it truly has none. Lines a rule marked keep
their mark; of the free lines, those in the run (and likely enough) are body, the rest
``model.head`` / ``model.tail`` / ``model.inside`` (where they sit). Page-level constraints
trim the run: it starts under the rules' headline (``below_title``) and ends above a long row
of unlikely lines when little of it lies below (``max_gap``). The settings are chosen
by cross-validation (``python -m tools.cv_roles``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from cleaners.body import HEADING_MAX_WORDS, LIST_MIN_ITEMS, _is_heading, _is_list_item
from cleaners.page import Mark, Page
from cleaners.published import title_index
from cleaners.quality import Quality
from cleaners.roles.features import Matrix
from cleaners.roles.model import Decoding
from cleaners.rules import context as rules

Span = tuple[int, int] | None
Explain = Callable[[list[int]], dict[int, str]]
OVERRIDABLE = frozenset({"repeat.in_page", "promo.widget", "teaser.cards", "caption.text"})
"""Context rules that guess from the page's shape; the model may overrule them inside the article."""


def best_run(scores: Matrix) -> tuple[int, int] | None:
    """Inclusive bounds of the maximum-sum run of ``scores``; ``None`` when no score is positive.

    >>> best_run(np.array([-1.0, 2.0, -0.5, 1.0, -3.0, 1.0]))
    (1, 3)
    >>> best_run(np.array([-1.0, -2.0])) is None
    True
    """
    best, best_span = 0.0, None
    run, start = 0.0, 0
    for k, s in enumerate(scores.tolist()):
        if run <= 0:
            run, start = 0.0, k
        run += s
        if run > best:
            best, best_span = run, (start, k)
    return best_span


def article_rows(p: Matrix, words: Matrix, decoding: Decoding) -> tuple[int, int] | None:
    """The rows (bounds into ``p``) that hold the article, or ``None`` for a page with none.

    ``words`` is each row's word count (see :attr:`Decoding.size_power`).

    >>> article_rows(np.array([0.1, 0.2, 0.3, 0.1]), np.ones(4), Decoding(threshold=0.5, rescue=0.25))
    (2, 2)
    >>> article_rows(np.array([0.1, 0.2]), np.ones(2), Decoding(threshold=0.5, rescue=0.25)) is None
    True
    >>> article_rows(np.array([0.9, 0.1, 0.6, 0.6, 0.6]), np.array([40, 5, 3, 3, 3]), Decoding(0.5, size_power=1.0))
    (0, 0)
    """
    if len(p) == 0:
        return None
    run = best_run((p - decoding.threshold) * np.maximum(words, 1) ** decoding.size_power)
    if run is not None:
        return run
    top = int(np.argmax(p))
    return (top, top) if p[top] >= decoding.rescue else None


def apply(
    page: Page, rows: list[int], p: Matrix, decoding: Decoding, span: Span = None, explain: Explain = lambda _: {}
) -> Span:
    """Mark the free lines as body, subheading or chrome (``model.*``); return the body's line bounds.

    ``span`` is the rules' segment; ``explain`` says, for the rows the model removes, why it
    scored them low.
    """
    lines = page.lines
    words = np.fromiter((lines[i].words for i in rows), dtype=np.float64, count=len(rows))
    run = article_rows(p, words, decoding)
    if decoding.join_rules and run is not None and span is not None:
        run = _joined(run, rows, span)
    if decoding.below_title and run is not None:
        run = _below_title(page, rows, run)
    if decoding.max_gap and run is not None:
        run = _across_gap(p, words, run, decoding)
    lo, hi = run if run is not None else (len(rows), -1)
    rules_lo, rules_hi = span if span is not None else (len(page.lines), -1)
    floor_in_rules = min(decoding.keep_inside, decoding.keep_rules)

    def floor(i: int) -> float:
        """The probability a free line ``i`` inside the article needs to stay."""
        return floor_in_rules if rules_lo <= i <= rules_hi else decoding.keep_inside

    body, removed = _free_verdicts(page, rows, p, (lo, hi), decoding, (rules_lo, rules_hi))
    if decoding.whole_lists:
        listed = _whole_lists(page, rows, p, (lo, hi), set(removed), floor)
        if listed:
            body = sorted([*body, *listed])
            removed = [k for k in removed if k not in listed]
    kept = set(body)
    headings = {k for k in removed if lo <= k <= hi and _heads_paragraph(page, rows, k, kept)}
    if headings:
        body = sorted([*body, *headings])
        removed = [k for k in removed if k not in headings]
    # The rule's reason now; this line's score and the features that weighed most when read.
    head, tail, inside = (Mark.of(rule) for rule in (rules.MODEL_HEAD, rules.MODEL_TAIL, rules.MODEL_INSIDE))
    set_by = [(k, head if k < lo else tail if k > hi else inside) for k in removed]
    for k, mark in set_by:
        page.marks[rows[k]] = mark
    if removed:
        page.deferred.append(partial(_in_full, explain, removed, rows, set_by))
    paragraph, heading = Mark.of(rules.PARAGRAPH), Mark.of(rules.HEADING)
    for k in body:
        page.marks[rows[k]] = paragraph
    for k in body:
        if _is_heading(page, rows[k]):
            page.marks[rows[k]] = heading
    return (rows[body[0]], rows[body[-1]]) if body else None


def _in_full(
    explain: Explain, removed: list[int], rows: list[int], set_by: list[tuple[int, Mark]]
) -> dict[int, tuple[Mark, str]]:
    """The reasons of the ``removed`` rows (``set_by``: each row and the mark it got), in full:
    the mark's rule's reason, then what ``explain`` says of the row (its score and the features
    that weighed most)."""
    reasons = explain(removed)
    return {rows[k]: (mark, f"{mark.reason}; {reasons.get(k, '')}".strip("; ")) for k, mark in set_by}


def _free_verdicts(
    page: Page, rows: list[int], p: Matrix, run: tuple[int, int], decoding: Decoding, rules: tuple[int, int]
) -> tuple[list[int], list[int]]:
    """The rows kept as body and the free rows removed, each in order: a free line stays inside
    the article (``run``, row bounds) when its probability reaches the floor there (lower inside
    the rules' segment ``rules``, line bounds), anywhere when it reaches
    :attr:`Decoding.keep_outside`; a line an :data:`OVERRIDABLE` rule marked stays inside the
    article when it reaches :attr:`Decoding.override`. Compared in numpy over the rows."""
    marks, at, k = page.marks, np.asarray(rows), np.arange(len(rows))
    marked = np.fromiter(map(marks.__contains__, rows), dtype=bool, count=len(rows))
    inside = (run[0] <= k) & (k <= run[1])
    in_rules = (rules[0] <= at) & (at <= rules[1])
    floor = np.where(in_rules, min(decoding.keep_inside, decoding.keep_rules), decoding.keep_inside)
    kept = ~marked & ((inside & (p >= floor)) | (p >= decoding.keep_outside))
    overruled = [
        j
        for j in np.flatnonzero(marked & inside & (p >= decoding.override)).tolist()
        if marks[rows[j]].rule in OVERRIDABLE
    ]
    if overruled:
        kept[overruled] = True
    return np.flatnonzero(kept).tolist(), np.flatnonzero(~marked & ~kept).tolist()


def _whole_lists(
    page: Page, rows: list[int], p: Matrix, run: tuple[int, int], removed: set[int], floor: Callable[[int], float]
) -> set[int]:
    """The removed rows of the article's lists whose items are, on average, likely enough to
    keep (see :attr:`Decoding.whole_lists`): the list needs the highest floor of its lines."""
    out: set[int] = set()
    items: list[int] = []
    for k in [*range(run[0], run[1] + 1), None]:
        if k is not None and _is_list_item(page, rows[k]):
            items.append(k)
            continue
        low = removed.intersection(items)
        if len(items) >= LIST_MIN_ITEMS and low and float(np.mean(p[items])) >= max(floor(rows[j]) for j in items):
            out |= low
        items = []
    return out


def _heads_paragraph(page: Page, rows: list[int], k: int, body: set[int]) -> bool:
    """A subheading inside the article: heading-shaped, right above a kept paragraph. Short
    lines score low on their own; the article keeps its subheadings whatever their score."""
    line, i = page.lines[rows[k]], rows[k]
    if page.quality[i] is not Quality.SHORT or line.words > HEADING_MAX_WORDS or line.ends_with_period:
        return False
    after = k + 1
    return after in body and page.quality[rows[after]] in (Quality.GOOD, Quality.NEAR)


def _joined(run: tuple[int, int], rows: list[int], span: tuple[int, int]) -> tuple[int, int]:
    """The union of the model's run and the rules' segment (as row bounds), when they overlap."""
    inside = [k for k, i in enumerate(rows) if span[0] <= i <= span[1]]
    if not inside or inside[-1] < run[0] or inside[0] > run[1]:
        return run
    return min(run[0], inside[0]), max(run[1], inside[-1])


def _below_title(page: Page, rows: list[int], run: tuple[int, int]) -> tuple[int, int]:
    """The run started under the rules' headline when the headline sits in its upper half and
    no line above it in the run ends a sentence (see :attr:`Decoding.below_title`); otherwise
    the run as it is (a headline low in the run, or under prose, is more likely a wrong pick
    than the article's start)."""
    headline = title_index(page)
    if headline is None or not rows[run[0]] < headline < rows[run[1]]:
        return run
    title = rows.index(headline)
    lines = [page.lines[rows[k]] for k in range(run[0], title)]
    if any(line.ends_with_period for line in lines):
        return run
    below = sum(page.lines[rows[k]].words for k in range(title + 1, run[1] + 1))
    return (title + 1, run[1]) if sum(line.words for line in lines) < below else run


def _across_gap(p: Matrix, words: Matrix, run: tuple[int, int], decoding: Decoding) -> tuple[int, int]:
    """The run without the pieces at its bottom that lie under a row of at least
    :attr:`Decoding.max_gap` lines under :attr:`Decoding.keep_inside` and score under
    :attr:`Decoding.tail_share` of the run above them (see :attr:`Decoding.max_gap`).

    >>> d = Decoding(threshold=0.25, keep_inside=0.3, size_power=1.0, max_gap=2)
    >>> _across_gap(np.array([0.9, 0.9, 0.1, 0.1, 0.5]), np.array([30, 30, 1, 1, 5]), (0, 4), d)
    (0, 1)
    >>> _across_gap(np.array([0.9, 0.1, 0.1, 0.9]), np.array([30, 1, 1, 30]), (0, 3), d)
    (0, 3)
    """
    score = (p - decoding.threshold) * np.maximum(words, 1) ** decoding.size_power
    gaps: list[tuple[int, int]] = []
    """Each long row's bounds: the last row above it and the first row under it."""
    low = 0
    for k in range(run[0], run[1] + 1):
        if p[k] < decoding.keep_inside:
            low += 1
            continue
        if low >= decoding.max_gap and k - low > run[0]:
            gaps.append((k - low - 1, k))
        low = 0
    end = run[1]
    while gaps:
        above, below = gaps.pop()
        if float(score[below : end + 1].sum()) >= decoding.tail_share * float(score[run[0] : above + 1].sum()):
            break
        end = above
    return run[0], end
