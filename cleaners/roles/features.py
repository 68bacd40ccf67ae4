"""What the line-role model sees of each non-blank line: its shape, what the rules said of it,
its neighbours, and where it sits in the page's prose.

One row per non-blank line, built in one pass over the lines and then vectorised with numpy
(neighbour columns are shifted copies). The rules' verdicts are features: they carry the
language knowledge; the model learns when a verdict is worth trusting in its context.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import numpy as np
import numpy.typing as npt

from cleaners.lines import Line
from cleaners.page import Page
from cleaners.quality import Quality
from cleaners.roles import lexicon as lex
from cleaners.roles.lexicon import Lexicon

Matrix = npt.NDArray[np.float64]
Span = tuple[int, int] | None

# Rule families whose verdict the model weighs on its own (measured: the others add nothing
# that "marked" does not say).
FAMILIES = ("body", "repeat")
NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOW = 5
"""Lines either side counted in the prose density around a line."""

_LIST_ITEM = re.compile(r"(?:\d{1,3}[.)]?\s|[-•*–—·▪►]\s)")
_URLISH = re.compile(r"https?://|www\.|\.com\b|@\w")
_SEPARATORS = re.compile(r"\s[|/•·»›>]\s")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[^\W\d_a-z]")
# The ASCII characters of _DIGIT and _UPPER.
_ASCII_DIGITS = b"0123456789"
_ASCII_CAPITALS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CAPITALISED = re.compile(r"(?:^|\s)[^\W\d_a-z]")
_SPACE = re.compile(r"\s")
SHAPE_CHARS = 80
"""Character shares are read from the line's first characters: long lines are prose anyway."""
_QUALITY_CODE = {Quality.GOOD: 3.0, Quality.NEAR: 2.0, Quality.SHORT: 1.0, Quality.BLANK: 0.0}

SHAPE = (
    "words_log",
    "chars_log",
    "sentence",
    "period",
    "stop_density",
    "quality",
    "digit_share",
    "upper_share",  # of the first characters
    "title_case_share",
    "marked",
    "old_body",
)
"""Per-line columns that are also copied from the neighbours."""
OWN = (
    "list_item",
    "ends_colon",
    "urlish",
    "separators",
    "repeats",
    "block_lines",
    "block_position",
    "blank_before",
    "blank_after",
    "prose_before",
    "prose_window",
    "good_distance",
    "old_distance",
    "title_distance",
    "page_lines_log",
    "page_prose_log",
    *(f"family_{f}" for f in FAMILIES),
    "role_chrome",
)
DESCRIPTIONS = {
    "words_log": "words (log)",
    "chars_log": "characters (log)",
    "sentence": "ends like a sentence",
    "period": "ends with a full stop",
    "stop_density": "stopword share",
    "quality": "prose quality (3 good .. 1 short)",
    "digit_share": "digit share",
    "upper_share": "capital letter share",
    "title_case_share": "capitalised word share",
    "marked": "removed by a rule",
    "old_body": "in the rules' body segment",
    "list_item": "starts like a list item",
    "ends_colon": "ends with a colon",
    "urlish": "holds a web address",
    "separators": "separators ( | / > )",
    "repeats": "copies elsewhere on the page (log)",
    "block_lines": "lines in its block (log)",
    "block_position": "position in its block",
    "blank_before": "blank lines before",
    "blank_after": "blank lines after",
    "prose_before": "share of the page's prose above",
    "prose_window": "share of the page's prose within 5 lines",
    "good_distance": "lines to the nearest paragraph",
    "old_distance": "lines to the rules' body segment",
    "title_distance": "lines from the headline (- above)",
    "page_lines_log": "lines on the page (log)",
    "page_prose_log": "prose words on the page (log)",
    "family_body": "a standfirst rule's line",
    "family_repeat": "repeated on the page",
    "role_chrome": "a chrome rule's line",
    **lex.DESCRIPTIONS,
}
"""What each column means, for the trace's reasons."""


@cache
def describe(name: str) -> str:
    """A feature's name in words.

    >>> describe("old_body"), describe("words_log@-2")
    ("in the rules' body segment", 'words (log), 2 lines above')
    """
    base, _, offset = name.partition("@")
    if not offset:
        return DESCRIPTIONS[base]
    step = int(offset)
    where = "above" if step < 0 else "below"
    return f"{DESCRIPTIONS[base]}, {abs(step)} line{'s' if abs(step) > 1 else ''} {where}"


FEATURE_NAMES: tuple[str, ...] = (
    *SHAPE,
    *OWN,
    *(f"{name}@{o:+d}" for o in NEIGHBOUR_OFFSETS for name in SHAPE),
    *lex.COLUMNS,
)


def nonblank_rows(page: Page) -> list[int]:
    """Indexes of the lines that get a row."""
    return [i for i, line in enumerate(page.lines) if not line.blank]


def page_features(page: Page, span: Span, rows: list[int] | None = None, lexicon: Lexicon | None = None) -> Matrix:
    """The feature matrix (one row per index of ``rows``, non-blank lines by default).

    ``span`` is the rules' body segment (the old maximum-sum search), a feature like any other;
    ``lexicon`` scores the lines' words (its columns are zeros without one).
    """
    rows = nonblank_rows(page) if rows is None else rows
    n = len(rows)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    lines = [page.lines[i] for i in rows]
    texts = [line.text for line in lines]
    read = _read_texts(texts)
    shape = _shapes(page, rows, lines, read, span)
    own = _own(page, rows, texts, read, span, shape)
    shifted = [_shift(shape, o) for o in NEIGHBOUR_OFFSETS]
    words = lex.columns(lexicon, texts, [line.lead for line in lines])
    return np.hstack([shape, own, *shifted, words])


def _shapes(page: Page, rows: list[int], lines: list[Line], read: Matrix, span: Span) -> Matrix:
    """The SHAPE columns, one list comprehension per column (cheaper than a tuple per line);
    ``read``: the lines' :func:`_read_texts`."""
    marks = page.marks
    lo, hi = span if span is not None else (len(page.lines), -1)
    head_chars = np.maximum(read[:, 0], 1)
    columns = [
        np.log1p([line.words for line in lines]),
        np.log1p([len(line.text) for line in lines]),
        [line.sentence for line in lines],
        [line.ends_with_period for line in lines],
        [line.stop_density for line in lines],
        [_QUALITY_CODE[page.quality[i]] for i in rows],
        read[:, 1] / head_chars,
        read[:, 2] / head_chars,
        read[:, 3] / np.maximum(read[:, 4], 1),
        [i in marks for i in rows],
        [lo <= i <= hi and i not in marks for i in rows],
    ]
    return np.column_stack([np.asarray(c, dtype=np.float64) for c in columns])


Characters = tuple[int, int, int, int, int]
"""Of a line's first :data:`SHAPE_CHARS` characters: how many, digits, capitals, capitalised
words, and words (spaces + 1)."""
Looks = tuple[bool, bool, bool, int]
"""Of a line: whether it starts like a list item, ends with a colon, holds a web address in
its first :data:`SHAPE_CHARS` characters, and how many separators those hold."""
READ = 9
"""The columns of :func:`_read_texts`: :data:`Characters`, then :data:`Looks`."""


def _read_texts(texts: list[str]) -> Matrix:
    """What each line's text alone says (:data:`Characters`, then :data:`Looks`), read from the
    page's line heads at once (:func:`_read_heads`); line by line, once per distinct text,
    when a line holds the NUL character that separates the heads there.

    >>> texts = ["Ab CD 12", "", "Éa B", "1. See www.example.org | more:", "x / y | z", "- Ünd 3 ٣"]
    >>> bool((_read_texts(texts) == _read_texts_one_by_one(texts)).all())
    True
    >>> _read_texts(["a" + chr(0) + "B"]).tolist()
    [[3.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]]
    """
    heads = [t[:SHAPE_CHARS] for t in texts]
    joined = _NUL + _NUL.join(heads)
    if joined.count(_NUL) != len(texts):
        return _read_texts_one_by_one(texts)
    return _read_heads(texts, heads, joined)


def _read_texts_one_by_one(texts: list[str]) -> Matrix:
    """:func:`_read_texts` a line at a time, once per distinct text (menus repeat on a page)."""
    seen: dict[str, tuple[int | bool, ...]] = {}
    read = [seen[t] if t in seen else seen.setdefault(t, (*_characters(t), *_looks(t))) for t in texts]
    return np.array(read, dtype=np.float64).reshape(len(texts), READ)


_NUL = "\x00"
"""Separates the line heads in :func:`_read_heads`: no pattern here matches it (it is neither
a word character nor a space), so no match reaches across two lines."""


def _read_heads(texts: list[str], heads: list[str], joined: str) -> Matrix:
    """:func:`_read_texts` from ``joined``: the heads, each after a NUL (and no other NUL).

    The character classes are read once per distinct character; the looks are one regex pass
    over the page, each match counted on the line it starts in (a NUL stands where a line's
    start or end was: a non-word, non-space character).
    """
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    digit, upper, space = _classes(codes)
    starts = np.cumsum([0, *(len(h) + 1 for h in heads)])  # each head's NUL, then the end
    after_space = np.concatenate([[False], space[:-1] | (codes[:-1] == 0)])
    flags = np.stack([digit, upper, upper & after_space, codes == 32], axis=1)
    # Each line's share of the page: its NUL and head (never empty, so reduceat sums it).
    counts = np.add.reduceat(flags, starts[:-1], axis=0, dtype=np.int64)

    def matches(pattern: re.Pattern[str]) -> npt.NDArray[np.int64]:
        at = [m.start() for m in pattern.finditer(joined)]
        return np.bincount(np.searchsorted(starts, at, side="right") - 1, minlength=len(heads))

    columns = [
        np.diff(starts) - 1,
        counts[:, 0],
        counts[:, 1],
        counts[:, 2],
        counts[:, 3] + 1,
        matches(_LIST_ITEM_AFTER_NUL) > 0,
        [t.endswith(":") for t in texts],
        matches(_URLISH) > 0,
        matches(_SEPARATORS),
    ]
    return np.column_stack([np.asarray(c, dtype=np.float64) for c in columns])


_LIST_ITEM_AFTER_NUL = re.compile(_NUL + _LIST_ITEM.pattern)
""":data:`_LIST_ITEM` at a line's start (its match reads at most five characters, all in the
line's head)."""
_CLASSES = (_DIGIT, _UPPER, _SPACE)
_ASCII_CLASSES = np.array([[p.fullmatch(chr(c)) is not None for p in _CLASSES] for c in range(128)])
"""The :data:`_CLASSES` of each ASCII character (``128 x 3``)."""


def _classes(codes: npt.NDArray[np.uint32]) -> tuple[npt.NDArray[np.bool_], ...]:
    """Whether each character is a digit (:data:`_DIGIT`), a capital (:data:`_UPPER`) and a
    space (``\\s``): the ASCII ones from a table, the others from one look per distinct one."""
    out = _ASCII_CLASSES.take(np.minimum(codes, 127).astype(np.intp), axis=0)
    wide = np.flatnonzero(codes > 127)
    if len(wide):
        distinct, where = np.unique(codes[wide], return_inverse=True)
        chars = "".join(map(chr, distinct.tolist()))
        hit = np.zeros((len(distinct), len(_CLASSES)), dtype=bool)
        for k, pattern in enumerate(_CLASSES):
            hit[[m.start() for m in pattern.finditer(chars)], k] = True
        out[wide] = hit[where]
    return out[:, 0], out[:, 1], out[:, 2]


def _characters(text: str) -> Characters:
    """The line's :data:`Characters`.

    >>> _characters("Ab CD 12"), _characters("Éa B")
    ((8, 2, 3, 2, 3), (4, 0, 2, 2, 2))
    """
    head = text[:SHAPE_CHARS]
    digits, capitals = _count(_DIGIT, _ASCII_DIGITS, head), _count(_UPPER, _ASCII_CAPITALS, head)
    return len(head), digits, capitals, len(_CAPITALISED.findall(head)), head.count(" ") + 1


def _looks(text: str) -> Looks:
    """The line's :data:`Looks`.

    >>> _looks("1. See www.example.org | more:")
    (True, True, True, 1)
    """
    head = text[:SHAPE_CHARS]
    return (
        _LIST_ITEM.match(text) is not None,
        text.endswith(":"),
        _URLISH.search(head) is not None,
        len(_SEPARATORS.findall(head)),
    )


def _count(pattern: re.Pattern[str], ascii_chars: bytes, head: str) -> int:
    """How many characters of ``head`` match ``pattern``, a one-character class whose ASCII
    members are ``ascii_chars``: on ASCII text (most lines) deleting those bytes counts them.

    >>> _count(_UPPER, _ASCII_CAPITALS, "Ab CD"), _count(_UPPER, _ASCII_CAPITALS, "Éa B")
    (3, 2)
    """
    if head.isascii():
        return len(head) - len(head.encode("ascii").translate(None, ascii_chars))
    return len(pattern.findall(head))


def _own(page: Page, rows: list[int], texts: list[str], read: Matrix, span: Span, shape: Matrix) -> Matrix:
    n = len(rows)
    idx = np.array(rows)
    counts = Counter(texts)
    repeats = np.array([counts[t] - 1 for t in texts], dtype=np.float64)
    gaps = np.diff(idx) - 1  # blank lines between consecutive rows
    blank_before = np.concatenate([[idx[0]], gaps]).astype(np.float64)
    blank_after = np.concatenate([gaps, [len(page.lines) - 1 - idx[-1]]]).astype(np.float64)
    block_id = np.cumsum(np.concatenate([[1], gaps > 0]))
    block_sizes = np.bincount(block_id)[block_id].astype(np.float64)
    block_start = np.maximum.accumulate(np.where(np.concatenate([[True], gaps > 0]), np.arange(n), 0))
    block_position = (np.arange(n) - block_start) / np.maximum(block_sizes, 1)
    good = np.array([page.quality[i] is Quality.GOOD for i in rows])
    prose = np.where(good, np.expm1(shape[:, 0]), 0.0)
    total = prose.sum()
    prose_before = (np.cumsum(prose) - prose) / (total or 1.0)
    csum = np.concatenate([[0.0], np.cumsum(prose)])
    lo = np.maximum(np.arange(n) - WINDOW, 0)
    hi = np.minimum(np.arange(n) + WINDOW + 1, n)
    prose_window = (csum[hi] - csum[lo]) / (total or 1.0)
    good_distance = _distance_to(good)
    old = shape[:, SHAPE.index("old_body")] > 0
    old_distance = _distance_to(old) if span is not None else np.full(n, 99.0)
    title = [k for k, i in enumerate(rows) if i in page.marks and page.marks[i].field == "title"]
    title_distance = np.clip(np.arange(n) - title[0], -20, 20).astype(np.float64) if title else np.full(n, 99.0)
    page_lines = np.full(n, np.log1p(n))
    page_prose = np.full(n, np.log1p(total))
    columns = [
        np.log1p(repeats),
        np.log1p(block_sizes),
        block_position,
        np.minimum(blank_before, 5),
        np.minimum(blank_after, 5),
        prose_before,
        prose_window,
        good_distance,
        old_distance,
        title_distance,
        page_lines,
        page_prose,
    ]
    return np.hstack(
        [read[:, 5:], np.column_stack([np.asarray(c, dtype=np.float64) for c in columns]), _marks(page, rows)]
    )


def _distance_to(flags: npt.NDArray[np.bool_]) -> Matrix:
    """Rows to the nearest row where ``flags`` holds (capped at 99)."""
    n = len(flags)
    where = np.flatnonzero(flags)
    if len(where) == 0:
        return np.full(n, 99.0)
    pos = np.arange(n)
    k = np.searchsorted(where, pos)
    left = np.abs(pos - where[np.maximum(k - 1, 0)])
    right = np.abs(where[np.minimum(k, len(where) - 1)] - pos)
    return np.asarray(np.minimum(np.minimum(left, right), 99), dtype=np.float64)


def _marks(page: Page, rows: list[int]) -> Matrix:
    """The FAMILIES flags, then whether the mark's role is chrome."""
    out = np.zeros((len(rows), len(FAMILIES) + 1))
    marks = page.marks
    for k, i in enumerate(rows):
        mark = marks.get(i)
        if mark is None:
            continue
        family = mark.rule.partition(".")[0]
        if family in FAMILIES:
            out[k, FAMILIES.index(family)] = 1.0
        out[k, -1] = float(mark.role == "chrome")
    return out


def _shift(shape: Matrix, offset: int) -> Matrix:
    """The neighbour ``offset`` rows away (0 and -1 beyond the page's edges)."""
    out = np.full_like(shape, -1.0)
    if offset > 0:
        out[:-offset] = shape[offset:]
    else:
        out[-offset:] = shape[:offset]
    return out
