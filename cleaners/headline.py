"""The article's headline among the lines above its prose.

Menus, slogans and teaser headlines share a headline's shape; what sets the headline apart is
where it sits (just above the first paragraphs, often with a byline or date under it), that
its words come back in the body, and that sites print it twice (in the breadcrumb, the share
bar). Every free short line near the prose is a candidate; a trained ranker
(cleaners.metarank) picks one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from itertools import islice
from operator import attrgetter, itemgetter

from cleaners.lines import Line
from cleaners.metarank import Candidate, choose
from cleaners.page import Mark, Page
from cleaners.quality import Quality
from cleaners.rules import context as rules

TITLE_MIN_WORDS = 4
TITLE_MAX_WORDS = 40
TITLE_MIN_DENSITY = 0.15
TITLE_MAX_CHARS = 300
CANDIDATES_BEFORE = 60
CANDIDATES_AFTER = 10
BODY_SAMPLE_LINES = 8
NEIGHBOURS = 3
# Weights of the prose-start estimate: a paragraph pulls, anything else pushes.
_TOLL = 10
_SHORT = -3.0
_MARKED = -4.0

_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " » ")
"""What sets a headline's parts apart (its site's name, its section): fixed strings, so a
substring test each."""
_DIGIT = re.compile(r"\d")
_TEXT = attrgetter("text")
_FLAG = (0.0, 1.0)
"""A condition as a feature: ``_FLAG[cond]`` is ``float(cond)`` without the call (a tuple read)."""

TITLE_FEATURES = (
    "words",
    "few_words",
    "headline_words",
    "before_prose",
    "log_distance",
    "rank_before_prose",
    "rank_from_top",
    "stop_density",
    "ends_with_period",
    "sentence",
    "question_or_exclamation",
    "upper",
    "capitalised",
    "digit",
    "separator",
    "colon",
    "repeated",
    "body_overlap",
    "meta_below",
    "blank_before",
    "blank_after",
    "good_below",
    "near",
    "good",
    "lowercase_start",
    "top_three",
    "meta_above",
    "shared_words",
    "longer_line_below",
    "headline_above",
    "first_before_prose",
    "second_before_prose",
    "longest_nearby",
    "relative_words",
    "headline_overlap",
    "headline_before_prose",
    "repeated_overlap",
    "first_headline_shape",
)
NEARBY = 6


def find_title(page: Page) -> int | None:
    """Mark the headline (rule ``meta.title``) and return its index, or ``None``."""
    best = choose("title", title_candidates(page))
    if best is None:
        return None
    page.marks[best.line] = Mark.of(rules.TITLE)
    return best.line


def prose_start(page: Page) -> int | None:
    """Where the page's prose begins: the start of the run of lines holding the most
    paragraph words for the least chrome (the segment search of cleaners.body, reduced)."""
    best, best_start = 0.0, None
    run, start = 0.0, 0
    marks, quality, good = page.marks, page.quality, Quality.GOOD  # (locals: the loop visits every line)
    for i, line in enumerate(page.lines):
        if line.blank:
            continue
        if run <= 0:
            run, start = 0.0, i
        if i in marks:
            run += _MARKED
        elif quality[i] is good:
            run += line.words - _TOLL
        else:
            run += _SHORT
        if run > best:
            best, best_start = run, start
    return best_start


def title_candidates(page: Page) -> list[Candidate]:
    """Free short lines from a little above the prose start to a little into it."""
    nonblank = page.nonblank()
    if not nonblank:
        return []
    start = prose_start(page)
    pivot = nonblank.index(start) if start is not None else len(nonblank)
    lo = max(0, pivot - CANDIDATES_BEFORE)
    # How often each text recurs among the non-blank lines: a blank line's text is '', no candidate's.
    counts = Counter(map(_TEXT, page.lines))
    body_words = _body_words(page, islice(nonblank, pivot, None))
    marks = page.marks
    free = [
        (p, i) for p, i in enumerate(nonblank[lo : pivot + CANDIDATES_AFTER], lo) if i not in marks and _shaped(page, i)
    ]
    # The headline is never the page's last free line: an article follows its headline.
    last_free = next((i for i in reversed(nonblank) if i not in marks), -1)
    free = [(p, i) for p, i in free if i < last_free]
    limit = start if start is not None else len(page.lines)
    before = sum(1 for _, i in free if i < limit)
    meta = _meta_lines(page)
    rows = []
    for k, (position, i) in enumerate(free):
        rank_before = before - k if i < limit else 0
        context = (start, pivot, position, nonblank)
        rows.append((i, rank_before, _features(page, i, context, rank_before, k, counts, body_words, meta)))
    first = _first_headline(page)
    most = max((page.lines[i].words for i, _, _ in rows), default=1)
    nearby = max((page.lines[i].words for i, r, _ in rows if 0 < r <= NEARBY), default=0)
    return [
        Candidate(
            i,
            page.lines[i].text,
            (*f, *_relative(page.lines[i].words, r, f, most, nearby), float(i == first)),
        )
        for i, r, f in rows
    ]


def _first_headline(page: Page) -> int | None:
    """The first free line of headline shape before the first paragraph: where a simple
    reading of the page puts the headline (a feature; right on plain article pages)."""
    for i, line in enumerate(page.lines):
        if line.blank or not page.free(i):
            continue
        if page.quality[i] is Quality.GOOD and line.ends_with_period:
            return None
        if TITLE_MIN_WORDS <= line.words <= TITLE_MAX_WORDS and not line.ends_with_period and _reads(line):
            return i
    return None


def _reads(line: Line) -> bool:
    """A headline has a function word or a lowercase word; a flattened menu has neither
    ('Israel Elections Gaza News BDS Health & Science Business').

    >>> from cleaners.lines import measure
    >>> stops = frozenset({"of", "to", "in"})
    >>> _reads(measure(1, "", "Son of former German president stabbed to death in Berlin", stops))
    True
    >>> _reads(measure(1, "", "Israel Elections Gaza News BDS Antisemitism Health & Science Business", stops))
    False
    """
    return line.stop_density >= TITLE_MIN_DENSITY or any(w[:1].islower() for w in line.text.split())


def _relative(words: int, rank_before: int, f: tuple[float, ...], most: int, nearby: int) -> tuple[float, ...]:
    """Features against the page's other candidates, and a few products a linear model needs."""
    headline, before, overlap, repeated = f[2], f[3], f[17], f[16]
    return (
        _FLAG[rank_before == 1],
        _FLAG[rank_before == 2],
        _FLAG[0 < rank_before <= NEARBY and words == nearby],
        words / most,
        headline * overlap,
        headline * before,
        repeated * overlap,
    )


def _shaped(page: Page, i: int) -> bool:
    """Short enough for a headline, and not a paragraph of prose: a sentence of ten words or
    more that ends in a full stop opens the article, it does not head it."""
    line = page.lines[i]
    prose = line.ends_with_period and page.quality[i] is Quality.GOOD
    return 1 <= line.words <= TITLE_MAX_WORDS and len(line.text) <= TITLE_MAX_CHARS and not prose


def _body_words(page: Page, after: Iterable[int]) -> frozenset[str]:
    """The words of the first good lines of ``after`` (read only up to them)."""
    quality, good = page.quality, Quality.GOOD
    sample = islice((i for i in after if quality[i] is good), BODY_SAMPLE_LINES)
    return frozenset().union(*(page.lines[i].tokens for i in sample))


def _features(
    page: Page,
    i: int,
    context: tuple[int | None, int, int, list[int]],
    rank_before: int,
    rank_from_top: int,
    counts: Counter[str],
    body_words: frozenset[str],
    meta: frozenset[int],
) -> tuple[float, ...]:
    start, pivot, position, nonblank = context
    lines, marks, quality = page.lines, page.marks, page.quality
    line = lines[i]
    text, n, tokens, grade = line.text, line.words, line.tokens, quality[i]
    words = text.split()
    # Words of split() are never empty: their first letters are read in C, word by word.
    capitals = sum(map(str.isupper, map(itemgetter(0), words)))
    below = nonblank[position + 1 : position + 1 + NEIGHBOURS]
    above = nonblank[max(0, position - NEIGHBOURS) : position]
    shared = len(tokens & body_words)
    return (
        min(n, TITLE_MAX_WORDS) / 10,
        _FLAG[n <= 2],
        _FLAG[4 <= n <= 20],
        _FLAG[start is None or i < start],
        math.log1p(abs(pivot - position)),
        1 / rank_before if rank_before else 0.0,
        1 / (1 + rank_from_top),
        line.stop_density,
        _FLAG[line.ends_with_period],
        _FLAG[line.sentence],
        _FLAG[text.endswith(("?", "!"))],
        _FLAG[text.isupper()],
        capitals / len(words) if words else 0.0,
        # (A digit is a word character and no letter: with only letters in its tokens, a line has none.)
        _FLAG[not all(map(str.isalpha, tokens)) and _DIGIT.search(text) is not None],
        _FLAG[any(map(text.__contains__, _SEPARATORS))],
        _FLAG[":" in text],
        _FLAG[counts[text] > 1],
        shared / len(tokens) if tokens else 0.0,
        _FLAG[not meta.isdisjoint(below)],
        _FLAG[i == 0 or lines[i - 1].blank],
        _FLAG[i + 1 >= len(lines) or lines[i + 1].blank],
        _FLAG[bool(below) and quality[below[0]] is Quality.GOOD],
        _FLAG[grade is Quality.NEAR],
        _FLAG[grade is Quality.GOOD],
        _FLAG[text[:1].islower()],
        _FLAG[position < 3],
        _FLAG[not meta.isdisjoint(above)],
        min(shared, 10) / 10,
        _FLAG[bool(below) and below[0] not in marks and lines[below[0]].words >= n + 3],
        _FLAG[bool(above) and _headline_above(page, above[-1], n)],
    )


def _headline_above(page: Page, j: int, words: int) -> bool:
    """The line above is a shorter free headline-shaped line: this one may be its standfirst."""
    above = page.lines[j]
    return page.free(j) and 4 <= above.words < words and not above.ends_with_period


def _meta_lines(page: Page) -> frozenset[int]:
    """The lines marked as a byline or a date."""
    return frozenset(
        j for j, mark in page.marks.items() if mark.field in ("authors", "published") or mark.role == "date"
    )
