"""The lexicon's reading of a page: the C pass (cleaners.roles._lexicon) against the numpy one,
figure for figure, on random pages of words in many scripts and on every seed and devset page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.clean import page_of
from cleaners.read import read_capture
from cleaners.roles import lexicon
from cleaners.roles.features import nonblank_rows
from cleaners.roles.lexicon import MAX_WORDS, PAIR_WORDS, Lexicon, _page_words
from cleaners.roles.model import shipped
from tools.floors import SHARED

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
pytestmark = pytest.mark.skipif(lexicon._lexicon is None, reason="cleaners.roles._lexicon is not built (no C compiler)")

# A small lexicon whose words, digit shapes and pairs the random pages hit: words it knows as
# one kind of token only, a digit shape ('00') it knows and words whose shape it does not, the
# shape of a word in another script's digits ('٣' is a decimal digit: '0'), pairs it knows.
SMALL = Lexicon(
    {
        "w:read": -1.5,
        "w:more": -0.75,
        "f:read": -0.5,
        "l:more": -0.25,
        "w:00": 0.125,
        "f:00": 0.5,
        "b:read more": -2.0,
        "b:00 read": 0.3,
        "w:der": 0.1,
        "l:der": 1e-17,
        "w:ünd": 0.2,
        "b:ünd der": 1e16,
        "w:0a": -0.1,
    },
    0.0,
)
_WORDS = st.sampled_from(
    ["read", "more", "00", "12", "٣٤", "1a", "0a", "a1", "der", "ünd", "x", "ß", "한국", "_", "²", "\U0001d7d8", "q7q"]
)
_LINES = st.lists(_WORDS, max_size=MAX_WORDS).map(tuple)


def _both(lex: Lexicon, lines: Sequence[Sequence[str]]) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    return lex._read_lines(list(lines)), lex._read_page(_page_words(lines, lex._table.number))


def _same(c: tuple[np.ndarray, ...], numpy: tuple[np.ndarray, ...]) -> None:
    """The same scores bit for bit (exactly rounded sums), counts and dtypes."""
    for got, want in zip(c, numpy, strict=True):
        assert got.dtype == want.dtype
        assert got.tobytes() == want.tobytes()


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_LINES, max_size=15))
def test_the_c_pass_reads_random_pages_as_numpy_does(lines: list[tuple[str, ...]]) -> None:
    _same(*_both(SMALL, lines))


def test_the_c_pass_reads_lists_and_long_words_as_numpy_does() -> None:
    lines = [["read", "more"], ("12", "read", "more", "read", "more", "12", "9" * 300, "٣" * 300), [], ("der",)]
    _same(*_both(SMALL, lines))
    forest = shipped()
    assert forest is not None and forest.lexicon is not None
    _same(*_both(forest.lexicon, lines))


def _captures() -> list[Path]:
    devset = SHARED / "devset" / "captures"
    return sorted(SEEDS.glob("*.txt")) + (sorted(devset.glob("*.txt")) if devset.is_dir() else [])


def test_the_c_pass_reads_every_seed_and_devset_page_as_numpy_does() -> None:
    forest = shipped()
    assert forest is not None and forest.lexicon is not None
    words = 0
    for path in _captures():
        page, _ = page_of(read_capture(path.read_bytes(), path.name))
        leads = [page.lines[i].lead for i in nonblank_rows(page)]
        _same(*_both(forest.lexicon, leads))
        words += sum(map(len, leads))
    assert words > 5000


def test_the_c_pass_refuses_what_it_cannot_read() -> None:
    table = SMALL._table
    n = np.empty(1), np.empty(1, dtype=np.int64), np.empty(1, dtype=np.int64)

    def read(lines: object, pair_words: int = PAIR_WORDS, out: tuple[np.ndarray, ...] = n) -> None:
        assert lexicon._lexicon is not None
        lexicon._lexicon.read_page(
            lines,
            table.number,
            table.word,
            table.first,
            table.last,
            table.pair_codes,
            table.pair_weight,
            pair_words,
            *out,
        )

    with pytest.raises(TypeError, match="tuple or list"):
        read(["read"])
    with pytest.raises(TypeError, match="not a str"):
        read([(b"read",)])
    with pytest.raises(ValueError, match="more than 64"):
        read([("x",) * 65])
    with pytest.raises(ValueError, match="too small"):
        read([(), ()])
    with pytest.raises(ValueError, match="pair_words"):
        read([()], pair_words=-1)
    with pytest.raises(TypeError):
        read((("read",),))  # a tuple of lines, not a list


_WEIGHTS = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300) | st.sampled_from(
    [1e16, 1.0, 1e-16, -1e16, 0.1, 0.2, 0.3, 5e-324, -0.0]
)


@settings(max_examples=200, deadline=None)
@given(weights=st.lists(_WEIGHTS, min_size=8, max_size=8), lines=st.lists(_LINES, min_size=1, max_size=6))
def test_the_c_pass_sums_weights_exactly_rounded_as_fsum_does(
    weights: list[float], lines: list[tuple[str, ...]]
) -> None:
    keys = ["w:read", "w:more", "f:read", "l:more", "w:00", "b:read more", "w:der", "b:00 read"]
    _same(*_both(Lexicon(dict(zip(keys, weights, strict=True)), 0.0), lines))


def test_the_c_pass_says_so_when_a_sum_overflows_as_fsum_does() -> None:
    huge = Lexicon({"w:read": 1.7e308, "f:read": 1.7e308}, 0.0)
    with pytest.raises(OverflowError):
        huge._read_lines([("read",)])
    with pytest.raises(OverflowError):
        huge._read_page(_page_words([("read",)], huge._table.number))
