"""What a line's words say about its role, learned from many sites in many languages.

Chrome has a vocabulary ("Teilen", "Newsletter", "Read more", "Comentarios", "Zobacz też")
that the rules can only list for a few languages. The lexicon is a logistic regression over
the line's words, its first and last word and its first word pairs, trained on the corpus's
labelled lines (``python -m tools.train_roles``); only tokens seen on lines of several
different sites are kept, so a site's own name or menu never becomes a weight. Its score is
one of the line-role model's features (with the neighbours' scores and how many of the line's
tokens it knows), never a verdict on its own.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from cleaners.lines import LEAD_WORDS

try:  # Lexicon._read_page in C (setup.py builds it where it can; optional)
    from cleaners.roles import _lexicon
except ImportError:  # pragma: no cover - exercised where no compiler built the extension
    _lexicon = None  # type: ignore[assignment]

Matrix = npt.NDArray[np.float64]

COLUMNS = ("lex", "lex_known", "lex_up", "lex_down", "lex_page_known")
"""The feature columns (see :data:`cleaners.roles.features.FEATURE_NAMES`)."""
DESCRIPTIONS = {
    "lex": "its words (learned across sites; + body, - chrome)",
    "lex_known": "share of its words the lexicon knows",
    "lex_up": "the line above's words (learned)",
    "lex_down": "the line below's words (learned)",
    "lex_page_known": "share of the page's words the lexicon knows",
}
MAX_WORDS = LEAD_WORDS
"""Words read from a line: a long line is prose whatever its vocabulary."""
PAIR_WORDS = 6
"""Word pairs are read from the line's first words, where chrome's phrases sit."""
LONG_LINE = 200
"""Characters past which a line's words are read one by one, up to :data:`MAX_WORDS`."""
EDGE = -9.0
"""The neighbour score beyond the page's first and last line."""

_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_KINDS = {"w:": 0, "f:": 1, "l:": 2, "b:": 3}


def tokens(text: str) -> frozenset[str]:
    """The line's tokens: lower-cased words (digits as 0), its first and last word, and its
    first word pairs.

    >>> sorted(tokens("Read more: 12 comments"))
    ['b:00 comments', 'b:more 00', 'b:read more', 'f:read', 'l:comments', 'w:00', 'w:comments', 'w:more', 'w:read']
    >>> tokens("")
    frozenset()
    """
    words = _words(text)
    if not words:
        return frozenset()
    out = {f"w:{w}" for w in words}
    out.add(f"f:{words[0]}")
    out.add(f"l:{words[-1]}")
    out.update(f"b:{pair}" for pair in _pairs(words))
    return frozenset(out)


def _words(text: str) -> list[str]:
    """The line's first :data:`MAX_WORDS` lower-cased words, digits as 0."""
    return _digits_as_zero(_lower_words(text))


def _lower_words(text: str) -> list[str]:
    """The line's first :data:`MAX_WORDS` lower-cased words (what :attr:`cleaners.lines.Line.lead` holds)."""
    lowered = text.lower()
    if len(lowered) > LONG_LINE:  # a paragraph: read only as far as its first words
        return [m.group() for m in itertools.islice(_WORD.finditer(lowered), MAX_WORDS)]
    return _WORD.findall(lowered)[:MAX_WORDS]


def _digits_as_zero(words: Sequence[str]) -> list[str]:
    if not words:
        return []
    joined = " ".join(words)
    if _DIGIT.search(joined):  # words hold no spaces: one substitution for them all
        return _DIGIT.sub("0", joined).split(" ")
    return list(words)


def _pairs(words: list[str]) -> set[str]:
    """The distinct pairs of the line's first :data:`PAIR_WORDS` words, as ``"a b"``."""
    return set(map(" ".join, itertools.pairwise(words[:PAIR_WORDS])))


class Scored(NamedTuple):
    """What the lexicon read of one line: the sum of the weights it knows among the line's
    tokens (exactly rounded), how many it knows, and how many distinct tokens the line has."""

    score: float
    known: int
    tokens: int


@dataclass(frozen=True)
class Lexicon:
    """Token weights (log-odds of body) and the regression's intercept. The intercept is kept in
    the file as fitted but not added to :meth:`score`: unknown words must read as neutral."""

    weights: Mapping[str, float]
    bias: float

    def score(self, line_tokens: frozenset[str]) -> float:
        """What the line's words add to its log-odds of body: 0 for words the lexicon does not
        know, so a page in a language the corpus lacks reads as neutral, not as chrome.

        >>> Lexicon({"w:teilen": -2.0, "w:der": 0.5}, 0.1).score(tokens("Teilen der Seite"))
        -1.5
        >>> Lexicon({"w:teilen": -2.0}, -1.0).score(tokens("Мост закрыли"))
        0.0
        """
        weights = self.weights
        # fsum: exactly rounded, so the same whatever order the set yields its tokens in (a
        # plain sum's last digit moved with the process's hash seed).
        return math.fsum(weights.get(t, 0.0) for t in line_tokens)

    def columns(self, lines: Sequence[frozenset[str]]) -> Matrix:
        """The :data:`COLUMNS` for consecutive rows.

        >>> rows = Lexicon({"w:teilen": -2.0}, 0.0).columns([tokens("Teilen"), tokens("Hallo Welt")])
        >>> [[round(v, 2) for v in row] for row in rows.tolist()]
        [[-2.0, 0.33, -9.0, 0.0, 0.12], [0.0, 0.0, -2.0, -9.0, 0.12]]
        """
        return self._columns([self._known(ts) for ts in lines])

    def text_columns(self, texts: Sequence[str], leads: Sequence[Sequence[str]] | None = None) -> Matrix:
        """The :data:`COLUMNS` for consecutive lines' texts: the same figures as
        ``columns([tokens(t) for t in texts])``, read without building the token strings, once
        per distinct text (menus and share bars repeat on a page) and in one pass over the page
        (:meth:`_read_page`). ``leads`` are the lines' first lowercased words where the caller
        has them (:attr:`cleaners.lines.Line.lead`).

        >>> lexicon = Lexicon({"w:teilen": -2.0, "f:hallo": 0.5, "b:hallo welt": 1.0}, 0.0)
        >>> texts = ["Teilen", "Hallo Welt", "", "Teilen"]
        >>> bool((lexicon.text_columns(texts) == lexicon.columns([tokens(t) for t in texts])).all())
        True
        """
        if self._by_kind is None:  # a model with a token kind this reader does not know
            return self.columns([tokens(t) for t in texts])
        # A text's lead is the same wherever it stands.
        words_of = {t: _lower_words(t) for t in texts} if leads is None else dict(zip(texts, leads, strict=True))
        at = dict(zip(words_of, range(len(words_of)), strict=True))
        index = np.fromiter(map(at.__getitem__, texts), dtype=np.intp, count=len(texts))
        lines = list(words_of.values())
        if lines and max(map(len, lines)) > MAX_WORDS:
            lines = [words[:MAX_WORDS] for words in lines]
        score, known, count = self._read_lines(lines)
        return _page_columns(score[index], known[index], count[index])

    def _read_lines(self, lines: list[Sequence[str]]) -> tuple[Matrix, Ints, Ints]:
        """:meth:`_read_page` of the lines' words (each line's first :data:`MAX_WORDS`): in C
        (``cleaners.roles._lexicon``, a line at a time) where it is built, the same figures."""
        if _lexicon is None:
            return self._read_page(_page_words(lines, self._table.number))
        n = len(lines)
        score, known, count = np.empty(n), np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
        _lexicon.read_page(lines, *self._c_table, PAIR_WORDS, score, known, count)
        return score, known.astype(np.intp, copy=False), count.astype(np.intp, copy=False)

    @cached_property
    def _c_table(self) -> tuple[dict[str, int], Matrix, Matrix, Matrix, npt.NDArray[np.int64], Matrix]:
        """:attr:`_table` as ``cleaners.roles._lexicon`` reads it: the word numbers, the three
        kinds' weights, the pair codes as int64 and their weights (made once, not per page)."""
        table = self._table
        codes = np.ascontiguousarray(table.pair_codes, dtype=np.int64)
        return table.number, table.word, table.first, table.last, codes, table.pair_weight

    def _known(self, line_tokens: frozenset[str]) -> Scored:
        get = self.weights.get
        known = [w for w in map(get, line_tokens) if w is not None]
        # fsum: exactly rounded, so the score does not depend on the order the weights come in.
        return Scored(math.fsum(known), len(known), len(line_tokens))

    def _read_page(self, page: PageWords) -> tuple[Matrix, Ints, Ints]:
        """:meth:`_known` of the tokens of each of the ``page``'s lines: the score, how many
        tokens the lexicon knows, and how many distinct tokens the line has.

        One pass over the page: its words come numbered as in :attr:`_table` (see
        :func:`_page_words`), their weights as each kind of token and their pairs' weights are
        read by number in numpy, and a line's distinct tokens are found in one sort of the page's
        ``(line, token)`` keys. The scores are :func:`math.fsum` of each
        line's known weights (exactly rounded, as :meth:`_known`'s).
        """
        table = self._table
        ids, counts, size = page
        lines = len(counts)
        ends = np.cumsum(counts)
        starts = ends - counts
        # Each word number's place in the table (-1, which reads NaN: a word it does not know).
        entry = np.arange(size)
        entry[len(table.number) :] = -1
        word_lines, word_ids = _each_once(np.repeat(np.arange(lines), counts), ids, size)
        pair_lines, pair_ids, (first, second) = _pairs_of(size, ids, starts, counts)
        said = np.flatnonzero(counts)  # a line without words reads as 0, 0, 0
        found = [
            (word_lines, table.word[entry[word_ids]]),
            (pair_lines, table.pair_weights(entry[first], entry[second])[pair_ids]),
            (said, table.first[entry[ids[starts[said]]]]),
            (said, table.last[entry[ids[ends[said] - 1]]]),
        ]
        lines_of, weights = (np.concatenate(part) for part in zip(*found, strict=True))
        knows = ~np.isnan(weights)
        lines_of, weights = lines_of[knows], weights[knows]
        known = np.bincount(lines_of, minlength=lines)
        count = np.bincount(word_lines, minlength=lines) + np.bincount(pair_lines, minlength=lines)
        count[said] += 2  # its first and its last word
        return _line_sums(lines_of, weights, known), known, count

    @cached_property
    def _by_kind(self) -> tuple[dict[str, float], ...] | None:
        """The weights of ``w:``, ``f:``, ``l:`` and ``b:`` tokens, keyed without the prefix;
        ``None`` when the lexicon holds a kind of token :func:`tokens` does not make."""
        kinds: tuple[dict[str, float], ...] = ({}, {}, {}, {})
        for token, weight in self.weights.items():
            kind = _KINDS.get(token[:2])
            if kind is None:
                return None
            kinds[kind][token[2:]] = weight
        return kinds

    @cached_property
    def _table(self) -> Table:
        """The :attr:`_by_kind` weights by word number (see :class:`Table`)."""
        assert self._by_kind is not None
        by_word, by_first, by_last, by_pair = self._by_kind
        pairs = {(p[0], p[1]): weight for p, weight in ((k.split(" "), w) for k, w in by_pair.items()) if len(p) == 2}
        number = {w: k for k, w in enumerate(dict.fromkeys([*by_word, *by_first, *by_last, *itertools.chain(*pairs)]))}

        def by_number(weights: dict[str, float]) -> Matrix:
            out = np.full(len(number) + 1, np.nan)  # the last: an unknown word's (number -1)
            out[[number[w] for w in weights]] = list(weights.values())
            return out

        codes = np.array([number[a] * len(number) + number[b] for a, b in pairs], dtype=np.intp)
        order = np.argsort(codes)
        weights = np.array(list(pairs.values()), dtype=np.float64)
        return Table(number, by_number(by_word), by_number(by_first), by_number(by_last), codes[order], weights[order])

    @staticmethod
    def _columns(scored: Sequence[Scored]) -> Matrix:
        n = len(scored)
        if n == 0:
            return np.zeros((0, len(COLUMNS)))
        score = np.array([s.score for s in scored])
        known = np.array([s.known / max(1, s.tokens) for s in scored])
        hits = sum(s.known for s in scored)
        up = np.concatenate([[EDGE], score[:-1]])
        down = np.concatenate([score[1:], [EDGE]])
        page_known = np.full(n, hits / max(1, sum(s.tokens for s in scored)))
        return np.column_stack([score, known, up, down, page_known])

    def to_json(self) -> dict[str, object]:
        return {"bias": self.bias, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Lexicon:
        weights = data["weights"]
        assert isinstance(weights, dict)
        return cls({str(k): float(v) for k, v in weights.items()}, float(data["bias"]))  # type: ignore[arg-type]


Ints = npt.NDArray[np.intp]


class Table(NamedTuple):
    """The lexicon by word number: every word of its tokens numbered, each kind's weights in an
    array by number (NaN where the word is no token of that kind, and in the last place, read
    for number -1: a word the lexicon does not know), and the word pairs as sorted codes
    (``first * words + second``) with their weights."""

    number: dict[str, int]
    word: Matrix
    first: Matrix
    last: Matrix
    pair_codes: Ints
    pair_weight: Matrix

    def pair_weights(self, first: Ints, second: Ints) -> Matrix:
        """The weights of the pairs of word numbers (-1: unknown), NaN for a pair not in the lexicon."""
        if not len(self.pair_codes):
            return np.full(len(first), np.nan)
        codes = first * len(self.number) + second
        at = np.minimum(np.searchsorted(self.pair_codes, codes), len(self.pair_codes) - 1)
        found = (first >= 0) & (second >= 0) & (self.pair_codes[at] == codes)
        return np.where(found, self.pair_weight[at], np.nan)


class PageWords(NamedTuple):
    """The words of a page's lines as numbers, one after another: a word the lexicon knows by
    its number in the :class:`Table` (under its size), any other by a number of the page's own
    (from the table's size up; the same for equal words); and each line's word count. Digits
    read as 0."""

    ids: Ints
    counts: Ints
    size: int
    """The numbers in use are under this."""


def _page_words(lines: Sequence[Sequence[str]], number: Mapping[str, int]) -> PageWords:
    """The :class:`PageWords` of lines' lowercased words, given the table's word ``number``.

    Each word is looked up in the table once where it stands (one pass that numbers the page
    and reads the lexicon at once); only the words it does not know are numbered for the page,
    once per distinct one. A word that holds a digit is known only as its shape (digits as 0:
    the lexicon holds no other digit), so an unknown one is read as its shape, and two numbers
    that differ only in their digits are one word.

    >>> page = _page_words([("one", "2024"), ("zwei", "one", "1999")], {"one": 0, "0000": 1})
    >>> page.ids.tolist(), page.counts.tolist(), page.size
    ([0, 1, 3, 0, 1], [2, 3], 5)
    """
    counts = np.fromiter(map(len, lines), dtype=np.intp, count=len(lines))
    words = list(itertools.chain.from_iterable(lines))
    known = len(number)
    ids = np.fromiter(map(number.get, words, itertools.repeat(-1)), dtype=np.intp, count=len(words))
    missed = np.flatnonzero(ids < 0).tolist()
    if not missed:
        return PageWords(ids, counts, known)
    unknown = [words[k] for k in missed]
    numbered = dict(zip(dict.fromkeys(unknown), itertools.count(known)))
    size = known + len(numbered)
    for word in list(itertools.filterfalse(str.isalpha, numbered)):  # the few with a digit (or a mark)
        shape = _DIGIT.sub("0", word)
        if shape != word:
            found = number.get(shape)
            if found is None:  # the shape's own number: that of the word itself, if it stands here
                found = numbered.setdefault(shape, size)
                size += found == size
            numbered[word] = found
    ids[missed] = list(map(numbered.__getitem__, unknown))
    return PageWords(ids, counts, size)


def _each_once(lines: Ints, ids: Ints, size: int) -> tuple[Ints, Ints]:
    """The distinct ``(line, id)`` pairs of ``ids`` (each under ``size``) on ``lines``, by line."""
    keys = _distinct(lines * size + ids)
    return keys // max(size, 1), keys % max(size, 1)


def _pairs_of(size: int, ids: Ints, starts: Ints, counts: Ints) -> tuple[Ints, Ints, tuple[Ints, Ints]]:
    """The distinct word pairs of each line's first :data:`PAIR_WORDS` words (of a page of
    ``size`` word numbers): their lines, their numbers, and the page's distinct pairs (the
    numbers of their first and their second words)."""
    per_line = np.clip(counts, 1, PAIR_WORDS) - 1
    lines = np.repeat(np.arange(len(counts)), per_line)
    at = starts[lines] + np.arange(len(lines)) - np.repeat(np.cumsum(per_line) - per_line, per_line)
    keys = ids[at] * size + ids[at + 1]
    distinct = _distinct(keys)
    pair_lines, pair_ids = _each_once(lines, np.searchsorted(distinct, keys), len(distinct))
    return pair_lines, pair_ids, np.divmod(distinct, max(size, 1))


def _distinct(keys: Ints) -> Ints:
    """The distinct ``keys``, sorted."""
    keys = np.sort(keys)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


def _line_sums(lines: Ints, weights: Matrix, known: Ints) -> Matrix:
    """Each line's :func:`math.fsum` of its ``weights`` (``known`` of them per line, ``lines``
    says whose), the lines' weights read in turn off one iterator."""
    found = iter(weights[np.argsort(lines, kind="stable")].tolist())
    sums = map(math.fsum, map(itertools.islice, itertools.repeat(found), known.tolist()))
    return np.fromiter(sums, dtype=np.float64, count=len(known))


def _page_columns(score: Matrix, known: Ints, tokens: Ints) -> Matrix:
    """The :data:`COLUMNS` from each row's score, known tokens and tokens (as :meth:`Lexicon._columns`)."""
    n = len(score)
    if n == 0:
        return np.zeros((0, len(COLUMNS)))
    share = known / np.maximum(tokens, 1)
    up = np.concatenate([[EDGE], score[:-1]])
    down = np.concatenate([score[1:], [EDGE]])
    page_known = np.full(n, int(known.sum()) / max(1, int(tokens.sum())))
    return np.column_stack([score, share, up, down, page_known])


def columns(lexicon: Lexicon | None, texts: Sequence[str], leads: Sequence[Sequence[str]] | None = None) -> Matrix:
    """The columns of consecutive lines from ``lexicon``; zeros without one (training fills
    them in, cross-fitted). ``leads``: see :meth:`Lexicon.text_columns`."""
    if lexicon is None:
        return np.zeros((len(texts), len(COLUMNS)))
    return lexicon.text_columns(texts, leads)
