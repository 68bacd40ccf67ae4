"""Lines of the normalised capture and the evidence each carries about itself."""

from __future__ import annotations

import re
from typing import NamedTuple

from cleaners.repair import clean_line

_WORD = re.compile(r"\w+")
# Scripts written without spaces: a run of them is one \w+ token but many words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A colon ends a sentence that introduces what follows ('... the offers not to miss:').
_SENTENCE_END = re.compile(r"[.!?…。！？:](?:[\"”»’')\]]*)$|[\"”»]$")
_TERMINAL_STOP = re.compile(r"\.(?:[\"”»’')\]]*)$")
_NO_TOKENS: frozenset[str] = frozenset()


class Line(NamedTuple):
    """One line of the normalised capture, with its cleaned text and shape."""

    number: int
    raw: str
    text: str
    words: int
    """Words in the line; for unspaced scripts, characters count as half a word."""
    sentence: bool
    """Ends like a sentence (terminal punctuation, possibly inside closing quotes)."""
    stop_density: float
    """Share of the words that are stopwords of the capture's language (0 when unknown)."""
    tokens: frozenset[str] = frozenset()
    """The line's distinct lowercased words."""
    blank: bool = False
    """Nothing left once tags and white space are gone."""

    @property
    def ends_with_period(self) -> bool:
        return _TERMINAL_STOP.search(self.text) is not None


def split_lines(text: str) -> list[tuple[int, str, str]]:
    r"""Number the lines of the normalised capture (1-based) with their cleaned text.

    >>> split_lines("Title\n\n<b>Body</b> text")
    [(1, 'Title', 'Title'), (2, '', ''), (3, '<b>Body</b> text', 'Body text')]
    """
    return [(n, raw, clean_line(raw)) for n, raw in enumerate(text.split("\n"), 1)]


def measure(number: int, raw: str, text: str, stopwords: frozenset[str]) -> Line:
    """Build a :class:`Line` with its word count, sentence shape and stopword density."""
    if not text:
        return Line(number, raw, text, 0, False, 0.0, _NO_TOKENS, True)
    tokens = _WORD.findall(text.lower())
    unspaced = 0 if text.isascii() else len(_UNSPACED.findall(text))
    words = len(tokens) + unspaced // 2
    stops = sum(map(stopwords.__contains__, tokens)) if stopwords else 0
    density = stops / len(tokens) if tokens else 0.0
    return Line(number, raw, text, words, bool(_SENTENCE_END.search(text)), density, frozenset(tokens), not text)
