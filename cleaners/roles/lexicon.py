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
    lowered = text.lower()
    if len(lowered) > LONG_LINE:  # a paragraph: read only as far as its first words
        words = [m.group() for m in itertools.islice(_WORD.finditer(lowered), MAX_WORDS)]
    else:
        words = _WORD.findall(lowered)[:MAX_WORDS]
    return _digits_as_zero(words)


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


_UNREAD = Scored(0.0, 0, 0)
"""A line without words."""


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
        ``columns([tokens(t) for t in texts])``, read without building the token strings, and
        once per distinct text (menus and share bars repeat on a page). ``leads`` are the
        lines' first lowercased words where the caller has them (:attr:`cleaners.lines.Line.lead`).

        >>> lexicon = Lexicon({"w:teilen": -2.0, "f:hallo": 0.5, "b:hallo welt": 1.0}, 0.0)
        >>> texts = ["Teilen", "Hallo Welt", "", "Teilen"]
        >>> bool((lexicon.text_columns(texts) == lexicon.columns([tokens(t) for t in texts])).all())
        True
        """
        if self._by_kind is None:  # a model with a token kind this reader does not know
            return self.columns([tokens(t) for t in texts])
        seen: dict[str, Scored] = {}
        scored: list[Scored] = []
        for k, text in enumerate(texts):
            known = seen.get(text)
            if known is None:
                words = _words(text) if leads is None else _digits_as_zero(leads[k][:MAX_WORDS])
                known = seen[text] = self._read(words)
            scored.append(known)
        return self._columns(scored)

    def _known(self, line_tokens: frozenset[str]) -> Scored:
        get = self.weights.get
        known = [w for w in map(get, line_tokens) if w is not None]
        # fsum: exactly rounded, so the score does not depend on the order the weights come in.
        return Scored(math.fsum(known), len(known), len(line_tokens))

    def _read(self, words: list[str]) -> Scored:
        """:meth:`_known` of the tokens of a line whose :func:`_words` are ``words``, looked up
        by kind (see :attr:`_by_kind`)."""
        if not words:
            return _UNREAD
        assert self._by_kind is not None
        by_word, by_first, by_last, by_pair = self._by_kind
        distinct = set(words)
        pairs = _pairs(words)
        found = [
            *map(by_word.__getitem__, by_word.keys() & distinct),
            *map(by_pair.__getitem__, by_pair.keys() & pairs),
        ]
        first, last = by_first.get(words[0]), by_last.get(words[-1])
        if first is not None:
            found.append(first)
        if last is not None:
            found.append(last)
        # The token kinds' prefixes differ, so the line's distinct tokens add up kind by kind.
        return Scored(math.fsum(found), len(found), len(distinct) + 2 + len(pairs))

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


def columns(lexicon: Lexicon | None, texts: Sequence[str], leads: Sequence[Sequence[str]] | None = None) -> Matrix:
    """The columns of consecutive lines from ``lexicon``; zeros without one (training fills
    them in, cross-fitted). ``leads``: see :meth:`Lexicon.text_columns`."""
    if lexicon is None:
        return np.zeros((len(texts), len(COLUMNS)))
    return lexicon.text_columns(texts, leads)
