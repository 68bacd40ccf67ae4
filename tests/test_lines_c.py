"""The lines' measures: the C loop (cleaners._lines) against the Python one, field for field,
on random texts in many scripts and on every line of the seeds and the devset."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners import lines
from cleaners.language import stopwords
from cleaners.lines import LEAD_WORDS, Line, split_lines
from cleaners.read import read_capture
from tools.floors import SHARED

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
pytestmark = pytest.mark.skipif(lines._lines is None, reason="cleaners._lines is not built (no C compiler)")

# What the measures look at: word characters of many scripts, the unspaced scripts' ranges and
# their edges, the closing quotes and sentence marks, case partners whose lowercase changes
# length or leaves ASCII (İ, the Kelvin sign), white space, a trailing newline, underscores.
_PIECES = st.sampled_from(
    [
        "a",
        "Z",
        "7",
        "_",
        " ",
        "\t",
        "\n",
        ".",
        "!",
        "?",
        ":",
        "…",
        "。",
        "！",
        "？",
        '"',
        "'",
        ")",
        "]",
        "”",
        "»",
        "’",
        "“",
        "«",
        "-",
        "|",
        "©",
        "é",
        "É",
        "ß",
        "İ",
        "\u212a",
        "ǅ",
        "Σ",
        "ς",
        "я",
        "Ж",
        "٣",
        "²",
        "½",
        "ا",
        "ह",
        "\u0301",
        "\u3040",
        "\u30ff",
        "\u3041",
        "\u4e00",
        "\u9fff",
        "\u3400",
        "\uf900",
        "\ufaff",
        "\u3000",
        "한",
        "\U0001d7d8",
        "\U00020000",
        "\x00",
        "The",
        "said",
        "und",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=30).map("".join) | st.text(max_size=40)
_STOPS = st.sampled_from([frozenset(), stopwords("en"), stopwords("de"), frozenset({"the", "a", "7", "é"})])


def _both(numbered: list[tuple[int, str, str]], stops: frozenset[str]) -> tuple[list[Line], list[Line]]:
    c = lines._lines.measure_lines(numbered, stops, Line, lines._BLANK, LEAD_WORDS)
    return c, lines._measure_lines_python(numbered, stops)


def _same(c: list[Line], python: list[Line]) -> None:
    """Equal lines, each field of the same type (a bool stays a bool, a float a float)."""
    assert len(c) == len(python)
    for got, want in zip(c, python, strict=True):
        assert type(got) is Line and got == want
        assert [type(v) for v in got] == [type(v) for v in want]


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_TEXTS, max_size=12), stops=_STOPS)
def test_the_c_loop_measures_random_lines_as_python_does(texts: list[str], stops: frozenset[str]) -> None:
    numbered = [(n, f"<p>{t}", t) for n, t in enumerate([*texts, *texts[:2]], 1)]  # repeats share a shape
    _same(*_both(numbered, stops))


def test_the_c_loop_measures_long_and_awkward_lines_as_python_does() -> None:
    texts = ["word " * 2000, "x" * 300, "Ünd " * 500, "的" * 999, "", "   ", "a\n", "Hi.”\n", "\U0001d7d8" * 3]
    numbered = [(n, t, t) for n, t in enumerate(texts, 1)]
    for stops in (frozenset(), stopwords("en")):
        _same(*_both(numbered, stops))


def _captures() -> list[Path]:
    devset = SHARED / "devset" / "captures"
    return sorted(SEEDS.glob("*.txt")) + (sorted(devset.glob("*.txt")) if devset.is_dir() else [])


def test_the_c_loop_measures_every_seed_and_devset_line_as_python_does() -> None:
    total = 0
    for path in _captures():
        capture = read_capture(path.read_bytes(), path.name)
        numbered = split_lines("\n".join(raw for _, raw, _ in capture.lines))
        for language in ("en", "de", None):
            _same(*_both(numbered, stopwords(language) if language else frozenset()))
        total += len(numbered)
    assert total > 500


def test_the_c_loop_refuses_what_it_cannot_read() -> None:
    with pytest.raises(TypeError, match="tuple"):
        lines._lines.measure_lines([(1, "a")], frozenset(), Line, lines._BLANK, LEAD_WORDS)
    with pytest.raises(TypeError, match="tuple"):
        lines._lines.measure_lines([(1, "a", b"a")], frozenset(), Line, lines._BLANK, LEAD_WORDS)
    with pytest.raises(TypeError):
        lines._lines.measure_lines([], {"a"}, Line, lines._BLANK, LEAD_WORDS)  # a set, not a frozenset
    with pytest.raises(ValueError, match="7-tuple"):
        lines._lines.measure_lines([], frozenset(), Line, (), LEAD_WORDS)
    with pytest.raises(ValueError, match="tuple type"):
        lines._lines.measure_lines([], frozenset(), dict, lines._BLANK, LEAD_WORDS)
    with pytest.raises(ZeroDivisionError):
        lines._lines.measure_lines((1 / 0 for _ in "x"), frozenset(), Line, lines._BLANK, LEAD_WORDS)


# What the split reads: line breaks, every kind of white space str.split() folds (and the line
# separators it splits on while the lines are cut at '\n' only), markup marks and entities.
_SPLIT_PIECES = st.sampled_from(
    [*"\n \t\r\x0b\x0c\x1c\x1f\x85\xa0\u2009\u2028\u3000ab<&;é", "<b>", "</b>", "&amp;", "&nbsp;", "  ", "x y"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_SPLIT_PIECES, max_size=30).map("".join))
def test_the_c_split_numbers_and_folds_lines_as_python_does(text: str) -> None:
    assert split_lines(text) == lines._split_lines_python(text)


def test_the_c_split_reads_every_real_capture_as_python_does() -> None:
    paths = sorted(SEEDS.glob("*.txt"))
    for folder in ("devset", "corpus"):
        paths += sorted((SHARED / folder / "captures").glob("*.txt"))
    for path in paths:
        text = path.read_bytes().decode("utf-8", "replace")
        assert split_lines(text) == lines._split_lines_python(text), path.name


def test_the_c_word_runs_count_as_the_pattern_finds_them() -> None:
    for code in range(0x110000):  # every code point alone, inside a run, and between two
        c = chr(code)
        for text in (c, "a" + c + "b", " " + c + " ", c + c):
            assert lines._lines.word_runs(text) == len(lines._WORD.findall(text)), ascii(text)


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_c_word_runs_count_random_texts_as_the_pattern_does(text: str) -> None:
    assert lines._lines.word_runs(text) == len(lines._WORD.findall(text))
