"""How much a line reads like article prose, judged with its language's evidence."""

from __future__ import annotations

from enum import StrEnum

from cleaners.lines import Line


class Quality(StrEnum):
    BLANK = "blank"
    GOOD = "good"
    """A paragraph of prose: long enough, and sentence-shaped or dense with stopwords."""
    NEAR = "near"
    """A short sentence: prose, but too little to stand alone as evidence."""
    SHORT = "short"
    """A label, headline, name or link: not prose on its own."""


# Thresholds, after jusText's paragraph classes, scaled to lines of visible text.
GOOD_WORDS = 10
LONG_WORDS = 40
NEAR_WORDS = 5
GOOD_DENSITY = 0.30
NEAR_DENSITY = 0.15


def judge(line: Line, has_stoplist: bool) -> Quality:
    """Classify one line.

    >>> from cleaners.lines import measure
    >>> en = frozenset({"the", "a", "of", "in", "on", "to", "was", "and"})
    >>> judge(measure(1, "", "The mayor said the bridge was closed on Tuesday to all traffic.", en), True).value
    'good'
    >>> judge(measure(1, "", "Privacy Policy", en), True).value
    'short'
    """
    if line.blank:
        return Quality.BLANK
    # Teaser blurbs under headlines are as wordy as prose but seldom end like a sentence.
    dense = line.stop_density >= GOOD_DENSITY or not has_stoplist
    if line.words >= LONG_WORDS or (line.words >= GOOD_WORDS and line.sentence and dense):
        return Quality.GOOD
    near_dense = line.stop_density >= NEAR_DENSITY or not has_stoplist
    if line.words >= NEAR_WORDS and line.sentence and near_dense:
        return Quality.NEAR
    return Quality.SHORT
