"""The lines' first characters: the C pass (cleaners.roles._heads) against the numpy pass and
the regexes line by line, column for column, over every code point, on random lines built from
what the columns look for, and on every seed and devset line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.read import read_capture
from cleaners.roles import features
from tools.floors import SHARED

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
pytestmark = pytest.mark.skipif(features._heads is None, reason="cleaners.roles._heads is not built (no C compiler)")


def _numpy(texts: list[str]) -> np.ndarray:
    heads = list(map(features._HEAD, texts))
    joined = features._NUL + features._NUL.join(heads)
    if joined.count(features._NUL) != len(texts):
        return features._read_texts_one_by_one(texts)
    return features._read_heads(texts, heads, joined)


def _same(texts: list[str]) -> None:
    got = features._read_texts(texts)
    assert got.dtype == np.float64 and got.shape == (len(texts), features.READ)
    assert np.array_equal(got, _numpy(texts))
    assert np.array_equal(got, features._read_texts_one_by_one(texts))


def test_the_c_pass_reads_every_code_point_as_the_regexes_do() -> None:
    every = "".join(map(chr, range(1, 0x110000)))
    for shift in (0, 1):  # each character once at a line's start, once after another
        _same([every[k : k + features.SHAPE_CHARS] for k in range(shift, len(every), features.SHAPE_CHARS)])


# What the columns look for: digits of several scripts, capitals and small letters in and out
# of ASCII, white space of several kinds, list marks, the separators, the pieces of a web
# address, the colon, and characters past the Basic Multilingual Plane.
_PIECES = st.sampled_from(
    [
        *"aZ09_ .:)-*|/>@\t\n\xa0",
        *"•·»›–—▪►٣É한ßǅ\u2003\u3000",
        "\U0001d7d8",
        "\U0001d400",
        "://",
        "www.",
        ".com",
        "http",
        "12. ",
        "1234) ",
        "• ",
        " | ",
        " / ",
    ]
)
_LINE = st.lists(_PIECES, max_size=40).map("".join) | st.text(max_size=90)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_LINE, min_size=1, max_size=12))
def test_the_c_pass_reads_random_lines_as_numpy_does(texts: list[str]) -> None:
    _same(texts)


def test_a_nul_sends_the_page_line_by_line() -> None:
    _same(["a" + chr(0) + "B", "Read more"])
    assert features._heads is not None
    out = np.empty((1, 8), dtype=np.int64)
    assert features._heads.read_heads(["x\x00y"], out) is False


def test_the_c_pass_reads_every_seed_and_devset_line_as_numpy_does() -> None:
    devset = SHARED / "devset" / "captures"
    paths = sorted(SEEDS.glob("*.txt")) + (sorted(devset.glob("*.txt")) if devset.is_dir() else [])
    lines = 0
    for path in paths:
        texts = [line.text for line in read_capture(path.read_bytes(), path.name).lines if line.text]
        if texts:
            _same(texts)
            lines += len(texts)
    assert lines > 500


def test_the_c_pass_refuses_what_it_cannot_read() -> None:
    assert features._heads is not None
    with pytest.raises(ValueError, match="too small"):
        features._heads.read_heads(["a", "b"], np.empty((1, 8), dtype=np.int64))
    with pytest.raises(TypeError, match="not a str"):
        features._heads.read_heads([b"a"], np.empty((1, 8), dtype=np.int64))
    with pytest.raises(TypeError):
        features._heads.read_heads(("a",), np.empty((1, 8), dtype=np.int64))  # a tuple, not a list
