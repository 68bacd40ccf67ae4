"""The text scans in C (cleaners._scan) against the patterns they stand for: the repairs'
whole-text tests (cleaners.repair's _CONTROL and _MOJIBAKE_HINT), the dates' first test and
month-name shapes (cleaners.dates' _MAY_HOLD and _PATTERNS[4], [5]) and the bylines' separators
(cleaners.byline._SEPARATOR), over every code point in each place the patterns read, every pair
of a lead and a continuation character, generated texts, and every seed and devset capture (and
every line of them and of the corpus's)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners import byline, dates, repair
from tools.floors import SHARED

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
pytestmark = pytest.mark.skipif(repair._scan is None, reason="cleaners._scan is not built (no C compiler)")


def _same(text: str) -> None:
    assert repair._scan.has_control(text) == (repair._CONTROL.search(text) is not None), ascii(text)
    assert repair._scan.has_mojibake_hint(text) == (repair._MOJIBAKE_HINT.search(text) is not None), ascii(text)


@cache
def _real_lines() -> tuple[str, ...]:
    """Every line of the seeds' and the devset's and corpus's text captures, read once for the
    tests that ask each scan of them."""
    paths = [*SEEDS.glob("*.txt")]
    for folder in ("devset", "corpus"):
        paths += (SHARED / folder / "captures").glob("*.txt")
    lines = tuple(line for path in paths for line in path.read_bytes().decode("utf-8", errors="replace").splitlines())
    assert len(lines) > 1000
    return lines


def _same_date_test(text: str) -> None:
    assert repair._scan.may_hold_date(text) == (dates._MAY_HOLD.search(text) is not None), ascii(text)


_DATE_PLACES = ("{}123", "1{}12.24", "1.{}12.24", "1.1{}24", "1.12{}4", "{}24", ".24{}")
"""Each character of each branch of _MAY_HOLD: a digit, a separator, a space, an apostrophe,
and what follows a short year (a word character or not)."""


def test_every_code_point_in_each_place_of_a_date() -> None:
    for code in range(0x110000):
        for place in _DATE_PLACES:
            _same_date_test(place.format(chr(code)))


def _forms_allow(text: str) -> None:
    """A month-name pattern that matches in ``text`` has its bit set (the scan may let more through)."""
    forms = repair._scan.date_forms(text)
    for bit, pattern in ((1, dates._PATTERNS[4]), (2, dates._PATTERNS[5])):
        assert forms & bit or pattern.search(text) is None, (bit, ascii(text))


_FORM_PLACES = ("{}ay 14 2024", "May{}14 2024", "May.{}14 2024", "May 1{} 2024", "May 14{}2024", "May 14 202{}")
_FORM_PLACES += ("May 1{}, 2024", "1{}Mai 2024", "14{}ai 2024", "14.{}ai 2024", "14 Mai 202{}", "3{}de mayo de 2024")


def test_every_code_point_in_each_place_of_a_month_form() -> None:
    for code in range(0x110000):
        for place in _FORM_PLACES:
            _forms_allow(place.format(chr(code)))


_FORM_PIECES = st.sampled_from(
    [
        *"0123456789\u0663\U0001d7d8\u00b2 \u2009\u202f\u00a0\t.,\u00ba'\u2019-/_",
        *("May", "Mai", "mai", "st", "nd", "th", "de", "er", "2024", "14", "x", "\u00e9", "\u5e74"),
    ]
)


@given(st.lists(_FORM_PIECES, max_size=14).map("".join))
def test_generated_month_forms(text: str) -> None:
    _forms_allow(text)


def test_every_real_line_for_the_month_forms() -> None:
    for line in _real_lines():
        _forms_allow(line)


def _same_split(text: str) -> None:
    assert repair._scan.split_separators(text) == byline._SEPARATOR.split(text), ascii(text)


_SPLIT_PLACES = ("x{}| y", "x |{}y", "x{}-{}y", "x{}am 1", "x am{}1", "x am {}", "x {}m 1", "a,{}1", "a, {}", "{}")
_SPLIT_PLACES += ("x {}", "{}|", "x{}\u2022{}y", "\u00b7{}")


def test_every_code_point_in_each_place_of_a_separator() -> None:
    for code in range(0x110000):
        for place in _SPLIT_PLACES:
            _same_split(place.format(chr(code), chr(code)))


_SPLIT_PIECES = st.sampled_from(
    [
        *"|\u2022\u00b7\u2013\u2014-, \t\u00a0\u20091\u0663xA",
        *("am", "on", "at", "le", "el", "il", "um", "an", "Ana Ruiz", "3 May", " | ", " - "),
    ]
)


@given(st.lists(_SPLIT_PIECES, max_size=16).map("".join))
def test_generated_separators(text: str) -> None:
    _same_split(text)


def test_every_real_line_splits_as_the_pattern_does() -> None:
    for line in _real_lines():
        _same_split(line)


def test_every_code_point_alone_and_after_a_lead() -> None:
    for code in range(0x110000):
        char = chr(code)
        for text in (char, "\u00c3" + char, char + "\u00a9", "ab" + char + "\u2019"):
            _same(text)


def test_every_string_kind_and_length() -> None:
    for text in ("", "a", "\u00c3", "\u00c3\u00a9", "\u00c3\u20ac", "\U0001f600\u00c3\u0153", "x" * 1000 + "\x00"):
        _same(text)
        _same(text + "\u2019")  # the same characters in a wider string
        _same(text + "\U0001f600")


@given(
    st.text(
        alphabet=st.sampled_from(
            list("aé\t\n\r\x00\x07\x7f\x85\x9f\xa0\u00c2\u00c3\u00f4\u00f5\u20ac\u2122\u2019\U0001f600")
        )
    )
)
def test_generated_texts(text: str) -> None:
    _same(text)


@given(st.text(alphabet=st.sampled_from(list("0123456789٣३𝟘²./-'  ’a_é:,")), max_size=30))
def test_generated_date_texts(text: str) -> None:
    _same_date_test(text)


def test_every_real_line_for_the_dates_test() -> None:
    for line in _real_lines():
        _same_date_test(line)


def test_real_captures() -> None:
    paths = [*SEEDS.glob("*.txt"), *(SHARED / "devset" / "captures").glob("*.txt")]
    assert paths
    for path in paths:
        raw = path.read_bytes()
        for encoding in ("utf-8", "latin-1", "cp1252"):
            _same(raw.decode(encoding, errors="replace"))
            _same_date_test(raw.decode(encoding, errors="replace"))
