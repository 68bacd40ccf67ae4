"""The core's fast paths give exactly what the plain regexes they stand for give.

Each fast path (a line's end read off without a regex search, digits counted by deleting
bytes, a cheap search before a costly split) must agree with its pattern on any text.
"""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from cleaners import byline, context, lines, outlet
from cleaners.roles import features

# Characters the patterns care about, mixed with letters, digits and white space.
PIECES = st.text(
    alphabet=st.sampled_from(list(".!?…。！？:\"”»’')]([|•·–—-, \t\n\u00a0aAzZéÉıſ09١\u2009")),
    max_size=14,
)


@given(PIECES)
def test_line_ends_agree_with_their_patterns(text: str) -> None:
    assert lines.ends_like_sentence(text) == bool(lines._SENTENCE_END.search(text))
    assert lines.ends_with_period(text) == bool(lines._TERMINAL_STOP.search(text))


@given(st.text(max_size=30) | PIECES)
def test_character_counts_agree_with_findall(text: str) -> None:
    assert features._count(features._DIGIT, features._ASCII_DIGITS, text) == len(features._DIGIT.findall(text))
    assert features._count(features._UPPER, features._ASCII_CAPITALS, text) == len(features._UPPER.findall(text))


@given(PIECES)
def test_byline_separators_split_as_the_pattern_does(text: str) -> None:
    assert byline._split_at_separators(text) == byline._SEPARATOR.split(text)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40) | PIECES.filter(str.isascii))
def test_ascii_words_split_as_the_pattern_finds_them(text: str) -> None:
    assert text.translate(lines._ASCII_LOWER_WORDS).split() == re.findall(r"\w+", text.lower(), re.ASCII)


def test_lowercasing_to_one_character_keeps_a_word_character_one() -> None:
    """What :func:`cleaners.lines.word_runs` counts on, asked of the engine over every code point."""
    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lowered = char.lower()
        if len(lowered) == 1:
            assert bool(word.fullmatch(char)) == bool(word.fullmatch(lowered)), hex(code)


@given(st.text(max_size=30) | PIECES | st.text(alphabet="İıΣσς東京タワー aA-", max_size=12))
def test_word_runs_agree_with_findall(text: str) -> None:
    cleaned = " ".join(text.split())
    line = lines.measure(1, cleaned, cleaned, frozenset({"a"}))
    expected = len(re.findall(r"\w+", cleaned)) if cleaned else 0
    assert (lines.word_runs(line) if cleaned else 0) == expected


# Captions and credits: words, the credit forms' marks and labels, lengths about the limits.
CREDIT_PIECES = st.lists(
    st.sampled_from(
        [
            *(
                "Ana",
                " ",
                "Ruiz",
                "/",
                "AP",
                "(",
                ")",
                "|",
                "©",
                " - ",
                ":",
                "Photo",
                "Credit",
                "Image",
                "Foto",
                ".",
                "a",
            ),
            *("\n", "12:30", "Photos: ", "pictured.Credit: EPA", "Fotos:"),
        ]
    )
    | st.text(alphabet="aZ ./:", min_size=40, max_size=120),
    max_size=24,
).map("".join)


@given(CREDIT_PIECES)
def test_caption_credits_end_where_the_whole_pattern_ends_them(text: str) -> None:
    found, whole = context._credit_end(text), context._CAPTION_SUFFIX.fullmatch(text)
    assert (found is None) == (whole is None)
    if found is not None and whole is not None:
        assert text[: found.start()] == whole["caption"]
        assert found.groupdict() == {k: v for k, v in whole.groupdict().items() if k != "caption"}
    may_end = re.search(r"\)$|\||©|/|:", text) is not None
    assert may_end or context.split_caption_credit(text) is None
    # The string tests let every text through that the whole pattern ends in a credit.
    assert whole is None or context._may_end_in_credit(text)


def test_a_phrase_opens_with_a_character_the_start_pattern_matches() -> None:
    # Every code point: the set of first characters is the case-blind class's matches.
    firsts = {c for c in map(chr, range(sys.maxunicode + 1)) if outlet._PHRASE_START.match(c)}
    assert firsts == outlet._PHRASE_FIRSTS
