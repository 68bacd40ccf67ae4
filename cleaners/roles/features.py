"""What the line-role model sees of each non-blank line: its shape, what the rules said of it,
its neighbours, and where it sits in the page's prose.

One row per non-blank line, built in one pass over the lines and then vectorised with numpy
(neighbour columns are shifted copies). The rules' verdicts are features: they carry the
language knowledge; the model learns when a verdict is worth trusting in its context.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter
from functools import cache

import numpy as np
import numpy.typing as npt

from cleaners.lines import Line
from cleaners.page import Mark, Page
from cleaners.quality import Quality
from cleaners.roles import lexicon as lex
from cleaners.roles.lexicon import Lexicon

try:  # _read_heads in C (setup.py builds it where it can; optional)
    from cleaners.roles import _heads
except ImportError:  # pragma: no cover - exercised where no compiler built the extension
    _heads = None  # type: ignore[assignment]
try:  # _own's columns and _shapes' fields in C (optional, as _heads)
    from cleaners.roles import _rows
except ImportError:  # pragma: no cover - exercised where no compiler built the extension
    _rows = None  # type: ignore[assignment]

Matrix = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]
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
_NEIGHBOURS_AT = len(SHAPE) + len(OWN)
"""Where the neighbours' columns start in a row."""
_LEXICON_AT = _NEIGHBOURS_AT + len(NEIGHBOUR_OFFSETS) * len(SHAPE)
"""Where the lexicon's columns start."""


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
    marked = _row_marks(page, rows)
    # One matrix, its column blocks written in place (FEATURE_NAMES' order): on a page's rows
    # (160 on average on the devset) numpy's per-call overhead costs more than the arithmetic,
    # so no block is built apart and copied in again.
    x = np.empty((n, len(FEATURE_NAMES)), order="F")  # column by column: how it is written and walked
    shape = x[:, : len(SHAPE)]
    _shapes(page, rows, lines, read, span, marked[0], shape)
    _own(page, rows, texts, read, span, shape, marked, x[:, len(SHAPE) : _NEIGHBOURS_AT])
    for k, offset in enumerate(NEIGHBOUR_OFFSETS):
        at = _NEIGHBOURS_AT + k * len(SHAPE)
        _shift(shape, offset, x[:, at : at + len(SHAPE)])
    x[:, _LEXICON_AT:] = lex.columns(lexicon, texts, [line.lead for line in lines])
    return x


RowMarks = tuple[Ints, list[Mark]]
"""The rows (places in a page's rows) whose lines a rule marked, and their marks."""


def _row_marks(page: Page, rows: list[int]) -> RowMarks:
    """The rows (places in ``rows``) whose lines a rule marked, and their marks: found from the
    page's marks, not by asking each row."""
    marks = page.marks
    at = np.asarray(rows)
    lines = np.fromiter(marks, dtype=np.intp, count=len(marks))
    places = np.minimum(np.searchsorted(at, lines), len(rows) - 1)
    on = at[places] == lines
    return places[on], list(itertools.compress(marks.values(), on.tolist()))


def _shapes(
    page: Page, rows: list[int], lines: list[Line], read: Matrix, span: Span, marked_rows: Ints, out: Matrix
) -> None:
    """Write the SHAPE columns into ``out``, read off the lines' fields in one ``map`` and numpy
    over the rows; ``read``: the lines' :func:`_read_texts`; ``marked_rows``: see :func:`_row_marks`."""
    lo, hi = span if span is not None else (len(page.lines), -1)
    head_chars = np.maximum(read[:, 0], 1)
    if _rows is not None:  # the fields and the texts' lengths read off the tuples in C
        fields = np.empty((len(lines), len(_FIELD_PLACES)))
        _rows.line_fields(lines, _FIELD_PLACES, fields)
        chars = fields[:, 4].copy()  # (contiguous, as below: numpy's loops are then the same)
    else:
        # One flat run of the fields (not a list of tuples, whose shape numpy would discover).
        flat = itertools.chain.from_iterable(map(_SHAPE_FIELDS, lines))
        fields = np.fromiter(flat, dtype=np.float64, count=4 * len(lines)).reshape(len(lines), 4)
        chars = np.fromiter(map(len, map(_TEXT, lines)), dtype=np.float64, count=len(lines))
    quality = map(_QUALITY_CODE.__getitem__, map(page.quality.__getitem__, rows))
    marked = np.zeros(len(rows), dtype=bool)
    marked[marked_rows] = True
    at = np.asarray(rows)
    columns = [
        np.log1p(fields[:, 0]),
        np.log1p(chars),
        fields[:, 1],
        fields[:, 2],
        fields[:, 3],
        np.fromiter(quality, dtype=np.float64, count=len(rows)),
        read[:, 1] / head_chars,
        read[:, 2] / head_chars,
        read[:, 3] / np.maximum(read[:, 4], 1),
        marked,
        (lo <= at) & (at <= hi) & ~marked,
    ]
    for j, column in enumerate(columns):
        out[:, j] = column


_SHAPE_FIELDS = operator.itemgetter(*map(Line._fields.index, ("words", "sentence", "ends_with_period", "stop_density")))
"""The :class:`Line` fields the SHAPE columns copy, by their places in the tuple."""
_FIELD_PLACES = tuple(map(Line._fields.index, ("words", "sentence", "ends_with_period", "stop_density", "text")))
"""The same places and the text's (whose length ``_rows.line_fields`` reads), for the C reading."""
_TEXT = operator.attrgetter("text")


Characters = tuple[int, int, int, int, int]
"""Of a line's first :data:`SHAPE_CHARS` characters: how many, digits, capitals, capitalised
words, and words (spaces + 1)."""
Looks = tuple[bool, bool, bool, int]
"""Of a line: whether it starts like a list item, ends with a colon, holds a web address in
its first :data:`SHAPE_CHARS` characters, and how many separators those hold."""
READ = 9
"""The columns of :func:`_read_texts`: :data:`Characters`, then :data:`Looks`."""
HEAD_FIELDS = 8
"""What ``cleaners.roles._heads`` reads of each head: :data:`Characters`, whether it starts like
a list item, and whether it may hold a web address (:data:`URL_MAY`) or a separator between
spaces (:data:`SEPARATOR_MAY`)."""
URL_MAY, SEPARATOR_MAY = 6, 7


def _read_texts(texts: list[str]) -> Matrix:
    """What each line's text alone says (:data:`Characters`, then :data:`Looks`), read from the
    page's line heads: in C (``cleaners.roles._heads``, :func:`_read_heads_c`) where it is built,
    else at once with numpy (:func:`_read_heads`); line by line, once per distinct text, when a
    line holds the NUL character that separates the heads there.

    >>> texts = ["Ab CD 12", "", "Éa B", "1. See www.example.org | more:", "x / y | z", "- Ünd 3 ٣"]
    >>> bool((_read_texts(texts) == _read_texts_one_by_one(texts)).all())
    True
    >>> _read_texts(["a" + chr(0) + "B"]).tolist()
    [[3.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]]
    """
    heads = list(map(_HEAD, texts))
    if _heads is not None:
        read = np.empty((len(heads), HEAD_FIELDS), dtype=np.int64)
        if _heads.read_heads(heads, read):
            return _read_heads_c(texts, heads, read)
        return _read_texts_one_by_one(texts)  # a NUL: see above
    joined = _NUL + _NUL.join(heads)
    if joined.count(_NUL) != len(texts):
        return _read_texts_one_by_one(texts)
    return _read_heads(texts, heads, joined)


def _read_heads_c(texts: list[str], heads: list[str], read: npt.NDArray[np.int64]) -> Matrix:
    """:func:`_read_heads` from ``cleaners.roles._heads``' reading of the heads (``read``, see
    :data:`HEAD_FIELDS`): the regexes read only the heads that may hold what they look for."""
    urlish = np.zeros(len(heads), dtype=bool)
    for i in np.flatnonzero(read[:, URL_MAY]).tolist():
        urlish[i] = _URLISH.search(heads[i]) is not None
    separators = np.zeros(len(heads), dtype=np.int64)
    for i in np.flatnonzero(read[:, SEPARATOR_MAY]).tolist():
        separators[i] = len(_SEPARATORS.findall(heads[i]))
    out = np.empty((len(heads), READ))
    out[:, :URL_MAY] = read[:, :URL_MAY]  # Characters, then the list-item start
    out[:, 6] = np.fromiter(map(_ENDS_COLON, texts), dtype=bool, count=len(texts))
    out[:, 7] = urlish
    out[:, 8] = separators
    return out


def _read_texts_one_by_one(texts: list[str]) -> Matrix:
    """:func:`_read_texts` a line at a time, once per distinct text (menus repeat on a page)."""
    seen: dict[str, tuple[int | bool, ...]] = {}
    read = [seen[t] if t in seen else seen.setdefault(t, (*_characters(t), *_looks(t))) for t in texts]
    return np.array(read, dtype=np.float64).reshape(len(texts), READ)


_HEAD = operator.itemgetter(slice(SHAPE_CHARS))
"""A text's first :data:`SHAPE_CHARS` characters."""
_ENDS_COLON = operator.methodcaller("endswith", ":")
_NUL = "\x00"
"""Separates the line heads in :func:`_read_heads`: no pattern here matches it (it is neither
a word character nor a space), so no match reaches across two lines."""


def _read_heads(texts: list[str], heads: list[str], joined: str) -> Matrix:
    """:func:`_read_texts` from ``joined``: the heads, each after a NUL (and no other NUL).

    The character classes are read once per distinct character; a list item's start is one
    regex pass over the page, each match counted on the line it starts in (a NUL stands where a
    line's start or end was: a non-word, non-space character). Web addresses and separators are
    rare: the regexes read only the heads that hold what each needs (:func:`_url_lines`, and a
    separator between two spaces), and give the same counts there.
    """
    codes = _codes(joined)
    digit, upper, space, separator = _classes(codes)
    sizes = np.fromiter(map(len, heads), dtype=np.intp, count=len(heads)) + 1
    starts = np.concatenate([[0], np.cumsum(sizes)])  # each head's NUL, then the end
    after_space = np.concatenate([[False], space[:-1] | (codes[:-1] == 0)])
    flags = np.stack([digit, upper, upper & after_space, codes == 32], axis=1)
    # Each line's share of the page: its NUL and head (never empty, so reduceat sums it).
    counts = np.add.reduceat(flags, starts[:-1], axis=0, dtype=np.int64)

    def matches(pattern: re.Pattern[str]) -> npt.NDArray[np.int64]:
        at = [m.start() for m in pattern.finditer(joined)]
        return np.bincount(np.searchsorted(starts, at, side="right") - 1, minlength=len(heads))

    def lines_of(at: npt.NDArray[np.intp] | list[int]) -> list[int]:
        """The lines (places in ``heads``) that ``joined``'s positions ``at`` stand in."""
        return list(np.unique(np.searchsorted(starts, at, side="right") - 1).tolist())

    urlish = np.zeros(len(heads), dtype=bool)
    for i in lines_of(_url_places(joined)):
        urlish[i] = _URLISH.search(heads[i]) is not None
    separators = np.zeros(len(heads), dtype=np.int64)
    for i in lines_of(np.flatnonzero(space[:-2] & separator[1:-1] & space[2:])):
        separators[i] = len(_SEPARATORS.findall(heads[i]))

    columns = [
        np.diff(starts) - 1,
        counts[:, 0],
        counts[:, 1],
        counts[:, 2],
        counts[:, 3] + 1,
        matches(_LIST_ITEM_AFTER_NUL) > 0,
        np.fromiter(map(_ENDS_COLON, texts), dtype=bool, count=len(texts)),
        urlish,
        separators,
    ]
    return np.column_stack([np.asarray(c, dtype=np.float64) for c in columns])


_LIST_ITEM_AFTER_NUL = re.compile(_NUL + _LIST_ITEM.pattern)
""":data:`_LIST_ITEM` at a line's start (its match reads at most five characters, all in the
line's head)."""
_URL_PARTS = ("://", "www.", ".com", "@")
"""What each of :data:`_URLISH`'s branches holds: a head without any of them holds no match."""


def _url_places(joined: str) -> list[int]:
    """Where :data:`_URL_PARTS` stand in ``joined`` (``str.find`` skips through text far faster
    than a regex search tries each place)."""
    at: list[int] = []
    for part in _URL_PARTS:
        k = joined.find(part)
        while k >= 0:
            at.append(k)
            k = joined.find(part, k + 1)
    return at


_SEPARATOR = re.compile(r"[|/•·»›>]")
"""The middle character of :data:`_SEPARATORS`."""
_CLASSES = (_DIGIT, _UPPER, _SPACE, _SEPARATOR)
TABLE_CHARS = 0x10000
"""Characters whose classes are read from a table (the Basic Multilingual Plane)."""


def _class_bits(chars: str) -> npt.NDArray[np.uint8]:
    """The :data:`_CLASSES` of each of ``chars`` as bits (1: digit, 2: capital, 4: space,
    8: separator): each class's matches (single characters) replaced by a NUL in one ``sub``,
    which no class matches, so a NUL where ``chars`` held none is a match.

    >>> _class_bits("a1B " + chr(0) + "|").tolist()
    [0, 1, 2, 4, 0, 8]
    """
    codes = _codes(chars)
    bits = np.zeros(len(chars), dtype=np.uint8)
    for k, pattern in enumerate(_CLASSES):
        bits[(_codes(pattern.sub(_NUL, chars)) == 0) & (codes != 0)] |= 1 << k
    return bits


def _codes(text: str) -> npt.NDArray[np.uint32]:
    """The text's characters as code points (a lone surrogate as itself)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


@cache
def _table() -> npt.NDArray[np.uint8]:
    """:func:`_class_bits` of every character under :data:`TABLE_CHARS`, read once per process
    (a few milliseconds): a page's characters are then looked up, not matched."""
    every = np.arange(TABLE_CHARS, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    return _class_bits(every)


def _classes(codes: npt.NDArray[np.uint32]) -> tuple[npt.NDArray[np.bool_], ...]:
    """Whether each character is a digit (:data:`_DIGIT`), a capital (:data:`_UPPER`), a space
    (``\\s``) and a separator (:data:`_SEPARATOR`): from a table of bits (:func:`_table`), the
    rarer characters past it from one look per distinct one.

    The table holds one byte of bits per character: ``take`` copies single bytes far faster
    than rows of flags, and a table lookup costs less than sorting a page's characters to
    match each distinct one; the flags are the same as the classes' own matches.

    >>> codes = np.array([ord(c) for c in "a1B \u00c9\u0663\u3000|\u00bb\U0001d7d8"], dtype=np.uint32)
    >>> [flags.nonzero()[0].tolist() for flags in _classes(codes)]
    [[1, 5, 9], [2, 4], [3, 6], [7, 8]]
    """
    bits = _table().take(codes, mode="clip")  # past the table: its last character's, then read below
    wide = np.flatnonzero(codes >= TABLE_CHARS)
    if len(wide):
        distinct, where = np.unique(codes[wide], return_inverse=True)
        bits[wide] = _class_bits("".join(map(chr, distinct.tolist())))[where]
    return (bits & 1).view(bool), (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0


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


def _own(
    page: Page,
    rows: list[int],
    texts: list[str],
    read: Matrix,
    span: Span,
    shape: Matrix,
    marked: RowMarks,
    out: Matrix,
) -> None:
    """Write the OWN columns into ``out``: in C where ``cleaners.roles._rows`` is built
    (:func:`_own_c`), the same figures."""
    if _rows is not None:
        _own_c(page, rows, texts, read, span, shape, marked, out)
        return
    n = len(rows)
    idx = np.array(rows)
    counts = Counter(texts)
    repeats = np.fromiter(map(counts.__getitem__, texts), dtype=np.float64, count=n) - 1
    gaps = np.diff(idx) - 1  # blank lines between consecutive rows
    blank_before = np.concatenate([[idx[0]], gaps]).astype(np.float64)
    blank_after = np.concatenate([gaps, [len(page.lines) - 1 - idx[-1]]]).astype(np.float64)
    block_id = np.cumsum(np.concatenate([[1], gaps > 0]))
    block_sizes = np.bincount(block_id)[block_id].astype(np.float64)
    block_start = np.maximum.accumulate(np.where(np.concatenate([[True], gaps > 0]), np.arange(n), 0))
    block_position = (np.arange(n) - block_start) / np.maximum(block_sizes, 1)
    good = shape[:, SHAPE.index("quality")] == _QUALITY_CODE[Quality.GOOD]  # the one quality with its code
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
    title = [k for k, mark in zip(marked[0].tolist(), marked[1], strict=True) if mark.field == "title"]
    title_distance = np.clip(np.arange(n) - min(title), -20, 20).astype(np.float64) if title else np.full(n, 99.0)
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
    read_columns = read.shape[1] - 5
    out[:, :read_columns] = read[:, 5:]
    for j, column in enumerate(columns, read_columns):
        out[:, j] = column
    _marks(*marked, out[:, read_columns + len(columns) :])


_READ_OWN = READ - 5
"""The OWN columns copied from :func:`_read_texts` (its :data:`Looks`), first in the block."""
_MARK_PLACES = (Mark._fields.index("rule"), Mark._fields.index("field"), Mark._fields.index("role"))
"""Where ``cleaners.roles._rows`` reads a :class:`Mark`'s rule, field and role in the tuple."""


def _own_c(
    page: Page,
    rows: list[int],
    texts: list[str],
    read: Matrix,
    span: Span,
    shape: Matrix,
    marked: RowMarks,
    out: Matrix,
) -> None:
    """:func:`_own` with ``cleaners.roles._rows``: the counts, blocks, prose shares, distances
    and marks in one C pass over the rows, the logarithms in numpy on the same contiguous
    columns as there (so the same loops compute them)."""
    good = _QUALITY_CODE[Quality.GOOD]
    prose = np.where(shape[:, _QUALITY_AT] == good, np.expm1(shape[:, 0]), 0.0)
    total = prose.sum()
    out[:, :_READ_OWN] = read[:, 5:]
    computed = out[:, _READ_OWN:]
    _rows.own_rows(
        np.asarray(rows, dtype=np.int64),
        len(page.lines),
        texts,
        shape[:, _QUALITY_AT],
        good,
        shape[:, _OLD_AT],
        span is not None,
        prose,
        float(total),
        marked[0].astype(np.int64, copy=False),
        marked[1],
        FAMILIES,
        _MARK_PLACES,
        computed.T,
    )
    for j in (_REPEATS_AT, _BLOCK_LINES_AT):
        np.log1p(out[:, j], out=out[:, j])
    out[:, _PAGE_LINES_AT] = np.log1p(len(rows))
    out[:, _PAGE_PROSE_AT] = np.log1p(total)


_QUALITY_AT, _OLD_AT = SHAPE.index("quality"), SHAPE.index("old_body")
_REPEATS_AT, _BLOCK_LINES_AT, _PAGE_LINES_AT, _PAGE_PROSE_AT = map(
    OWN.index, ("repeats", "block_lines", "page_lines_log", "page_prose_log")
)
"""The OWN columns ``_own_c`` finishes in numpy (``_rows.own_rows`` writes the others, in
OWN's order from "repeats": tests/test_rows_c.py holds the two orders together)."""


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


def _marks(rows: Ints, marks: list[Mark], out: Matrix) -> None:
    """Write into ``out`` the FAMILIES flags, then whether the mark's role is chrome, of its
    rows, of which ``rows`` hold ``marks`` (the others are zeros)."""
    out[:] = 0.0
    if marks:
        flags = itertools.chain.from_iterable(_mark_flags(mark.rule, mark.role) for mark in marks)
        out[rows] = np.fromiter(flags, dtype=np.float64, count=len(marks) * out.shape[1]).reshape(len(marks), -1)


@cache
def _mark_flags(rule: str, role: str) -> tuple[float, ...]:
    """:func:`_marks`'s row for a mark of ``rule`` and ``role`` (a page's marks share few rules)."""
    family = rule.partition(".")[0]
    return (*(float(family == f) for f in FAMILIES), float(role == "chrome"))


def _shift(shape: Matrix, offset: int, out: Matrix) -> None:
    """Write into ``out`` the neighbour ``offset`` rows away (-1 beyond the page's edges)."""
    n = len(shape)
    if offset > 0:
        out[: max(n - offset, 0)] = shape[offset:]
        out[max(n - offset, 0) :] = -1.0
    else:
        out[min(-offset, n) :] = shape[: max(n + offset, 0)]
        out[: min(-offset, n)] = -1.0
