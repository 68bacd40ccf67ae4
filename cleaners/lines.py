"""Lines of the normalised capture and the evidence each carries about itself."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from cleaners.repair import clean_line

try:  # measure_lines in C (setup.py builds it where it can; optional)
    from cleaners import _lines
except ImportError:  # pragma: no cover - exercised where no compiler built the extension
    _lines = None  # type: ignore[assignment]

_WORD = re.compile(r"\w+")
_ASCII_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_ASCII_LOWER_WORDS = str.maketrans(
    {
        **{chr(c): chr(c).lower() for c in range(65, 91)},
        **{chr(c): " " for c in range(128) if chr(c) not in _ASCII_WORD_CHARS},
    }
)
"""An ASCII line's ``lower()`` (which changes only A-Z) and every character ``\\w`` does not
match made a space, in one pass: the line so translated splits at white space into the runs an
ASCII ``\\w+`` finds in the lowercased line (a table look-up per character instead of the regex
engine's steps; tests/test_fast_paths.py checks it against the regex)."""
# Scripts written without spaces: a run of them is one \w+ token but many words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A colon ends a sentence that introduces what follows ('... the offers not to miss:').
_SENTENCE_END = re.compile(r"[.!?…。！？:](?:[\"”»’')\]]*)$|[\"”»]$")
_TERMINAL_STOP = re.compile(r"\.(?:[\"”»’')\]]*)$")
# The two patterns above, read off the line's end without a regex search along the line.
_CLOSERS = "\"”»’')]"
_SENTENCE_MARKS = frozenset(".!?…。！？:")
_QUOTES = frozenset('"”»')
_NO_TOKENS: frozenset[str] = frozenset()
LEAD_WORDS = 24
"""Words of a line kept in order (:attr:`Line.lead`): as many as the line-role lexicon reads."""


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
    ends_with_period: bool = False
    """Ends with a full stop, possibly inside closing quotes (:func:`ends_with_period`): read
    by most steps, so measured once."""
    lead: tuple[str, ...] = ()
    """The line's first :data:`LEAD_WORDS` lowercased words, in order (the lexicon's reading)."""


def ends_like_sentence(text: str) -> bool:
    """Whether ``text`` matches ``_SENTENCE_END``: a sentence mark, possibly inside closing
    quotes or brackets, or a closing quote, at the end.

    >>> ends_like_sentence("It rained."), ends_like_sentence('He said: "no"'), ends_like_sentence("Home")
    (True, True, False)
    >>> ends_like_sentence("Read this:"), ends_like_sentence("(see below.)"), ends_like_sentence("")
    (True, True, False)
    """
    end = _end(text)
    return end[-1:] in _QUOTES or end.rstrip(_CLOSERS)[-1:] in _SENTENCE_MARKS


def ends_with_period(text: str) -> bool:
    """Whether ``text`` matches ``_TERMINAL_STOP``: a full stop, possibly inside closing quotes
    or brackets, at the end.

    >>> ends_with_period("It rained.”"), ends_with_period("Really?"), ends_with_period("v1.0 beta")
    (True, False, False)
    """
    return _end(text).rstrip(_CLOSERS).endswith(".")


def _end(text: str) -> str:
    """``text`` without the one final newline before which ``$`` also matches."""
    return text[:-1] if text.endswith("\n") else text


def word_runs(line: Line) -> int:
    """The ``\\w+`` runs of the line's own text (not lowercased), from :attr:`Line.words` where
    it tells: an ASCII line's runs are its lowercased words (lowercasing keeps an ASCII
    character a word character or not).

    So are another line's, but for the half words counted for its unspaced characters, when
    lowercasing keeps each of its characters one character: a character that lowercases to one
    is a word character exactly when its lowercase is (tests/test_fast_paths.py asks the engine
    over every code point). Where one lowercases to two ('İ'), the runs are found again. Where
    ``cleaners._lines`` is built, a line outside ASCII has its runs counted there.

    >>> [word_runs(measure(1, t, t, frozenset())) for t in ("Hi there", "Çağ başladı", "İstanbul", "東京タワー is")]
    [2, 2, 1, 2]
    """
    text = line.text
    if text.isascii():
        return line.words
    if _lines is not None:  # one pass over the characters in C (no lowercase made, no regex)
        return _lines.word_runs(text)
    if len(text.lower()) == len(text):
        return line.words - len(_UNSPACED.findall(text)) // 2
    return len(_WORD.findall(text))


def split_lines(text: str) -> list[tuple[int, str, str]]:
    r"""Number the lines of the normalised capture (1-based) with their cleaned text.

    >>> split_lines("Title\n\n<b>Body</b> text")
    [(1, 'Title', 'Title'), (2, '', ''), (3, '<b>Body</b> text', 'Body text')]
    """
    if _lines is not None:  # in C (the same lines; a line already folded kept as it is)
        return _lines.split_lines(text, clean_line)
    return _split_lines_python(text)


def _split_lines_python(text: str) -> list[tuple[int, str, str]]:
    """:func:`split_lines` in Python (where ``cleaners._lines`` is not built)."""
    if "<" in text or "&" in text:
        # A line without a tag or an entity is only folded (clean_line's own first case,
        # inline: most lines of a capture that holds some markup hold none).
        return [
            (n, raw, clean_line(raw) if "<" in raw or "&" in raw else " ".join(raw.split()))
            for n, raw in enumerate(text.split("\n"), 1)
        ]
    # No line holds a tag or an entity: each is only folded (clean_line's own first case).
    return [(n, raw, " ".join(raw.split())) for n, raw in enumerate(text.split("\n"), 1)]


def measure(number: int, raw: str, text: str, stopwords: frozenset[str]) -> Line:
    """Build a :class:`Line` with its word count, sentence shape and stopword density."""
    if not text:
        return Line(number, raw, text, 0, False, 0.0, _NO_TOKENS, True)
    return _new_line((number, raw, text, *_shape(text, stopwords)))


def measure_lines(numbered: Iterable[tuple[int, str, str]], stopwords: frozenset[str]) -> list[Line]:
    """:func:`measure` each numbered line; a text the page repeats (menus, share bars) is
    measured once, its number and raw line its own.

    >>> lines = measure_lines([(1, "a b", "a b"), (2, "<i>a b</i>", "a b")], frozenset())
    >>> [(line.number, line.raw, line.words) for line in lines]
    [(1, 'a b', 2), (2, '<i>a b</i>', 2)]
    """
    if _lines is not None:
        return _lines.measure_lines(numbered, stopwords, Line, _BLANK, LEAD_WORDS)
    return _measure_lines_python(numbered, stopwords)


def _measure_lines_python(numbered: Iterable[tuple[int, str, str]], stopwords: frozenset[str]) -> list[Line]:
    """:func:`measure_lines` in Python (where ``cleaners._lines`` is not built; the tests hold
    the two to the same lines)."""
    shapes: dict[str, Shape] = {"": _BLANK}
    lines: list[Line] = []
    new = tuple.__new__  # (:func:`_new_line`, inline: once per line)
    for number, raw, text in numbered:
        shape = shapes.get(text)
        if shape is None:
            shape = shapes[text] = _shape(text, stopwords)
        lines.append(new(Line, (number, raw, text, *shape)))
    return lines


Shape = tuple[int, bool, float, frozenset[str], bool, bool, tuple[str, ...]]
"""The fields of a :class:`Line` after its text: what its text alone decides."""
_BLANK: Shape = (0, False, 0.0, _NO_TOKENS, True, False, ())


def _shape(text: str, stopwords: frozenset[str]) -> Shape:
    """The measures of a non-blank line's text, in :class:`Line`'s field order.

    An ASCII line is split into words by the ASCII ``\\w`` (the same characters there, found
    faster than by the Unicode one's look-up per character), read off the line with the other
    characters made spaces and its capitals lowercased in one translation
    (:data:`_ASCII_LOWER_WORDS`: the same runs as an ASCII ``\\w+`` finds in the lowercased line).

    >>> _shape("Don't stop--now (2024)!", frozenset({"don", "t"}))[3] == frozenset({"don", "t", "stop", "now", "2024"})
    True
    """
    if text.isascii():
        tokens = text.translate(_ASCII_LOWER_WORDS).split()
        unspaced = 0
    else:
        tokens = _WORD.findall(text.lower())
        unspaced = len(_UNSPACED.findall(text))
    stops = sum(map(stopwords.__contains__, tokens)) if stopwords else 0
    density = stops / len(tokens) if tokens else 0.0
    end = text[:-1] if text.endswith("\n") else text  # (:func:`_ending`, inline)
    bare = end.rstrip(_CLOSERS)
    sentence = end[-1:] in _QUOTES or bare[-1:] in _SENTENCE_MARKS
    words = len(tokens) + unspaced // 2
    return (words, sentence, density, frozenset(tokens), False, bare.endswith("."), tuple(tokens[:LEAD_WORDS]))


def _new_line(fields: tuple[object, ...]) -> Line:
    """A :class:`Line` from its fields in order, without the generated ``__new__``'s Python call."""
    return tuple.__new__(Line, fields)


def _ending(text: str) -> tuple[bool, bool]:
    """:func:`ends_like_sentence` and :func:`ends_with_period` of ``text``, from one look at its end.

    >>> _ending("It rained.”"), _ending("Really?"), _ending('He said: "no"'), _ending("Home")
    ((True, True), (True, False), (True, False), (False, False))
    """
    end = _end(text)
    bare = end.rstrip(_CLOSERS)
    return end[-1:] in _QUOTES or bare[-1:] in _SENTENCE_MARKS, bare.endswith(".")
