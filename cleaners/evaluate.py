"""Score extracted bodies against gold bodies: word 4-gram shingle precision, recall and F1.

The metric of scrapinghub/article-extraction-benchmark, as ``tools/devset_score.py`` states it:
tokens are ``\\w+`` matches (Unicode, case kept); a text is a multiset of word 4-gram shingles
(a text of 1-3 tokens is one shorter shingle, an empty text has none). Per page, the shared,
extra and missed shingle counts are normalised by their sum so every page weighs the same;
precision is TP/(TP+FP) and recall TP/(TP+FN), both 1.0 when nothing is extra or missed.
Mean precision is over pages whose candidate has shingles (an empty candidate costs recall
only), mean recall over pages whose gold has shingles, and F1 is the harmonic mean of the two
means, not a mean of page F1s.

Pure: texts in, numbers out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE_WORDS = 4


def shingles(text: str, n: int = SHINGLE_WORDS) -> Counter[tuple[str, ...]]:
    """The multiset of word ``n``-gram shingles of ``text``.

    >>> shingles("a b c d e")
    Counter({('a', 'b', 'c', 'd'): 1, ('b', 'c', 'd', 'e'): 1})
    >>> shingles("just two")
    Counter({('just', 'two'): 1})
    >>> shingles("")
    Counter()
    """
    tokens = _TOKEN.findall(text)
    if len(tokens) < n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class PageScore:
    """One page: precision and recall (None where the page is left out of that mean), F1, exactness."""

    page: str
    precision: float | None
    recall: float | None
    f1: float
    exact: bool
    """The candidate's tokens are the gold's tokens, in order."""


@dataclass(frozen=True)
class MeanScore:
    """The means over pages; ``f1`` is the harmonic mean of ``precision`` and ``recall``."""

    f1: float
    precision: float
    recall: float
    accuracy: float
    pages: int


def score_page(page: str, gold: str, candidate: str) -> PageScore:
    """Score one candidate body against its gold body.

    >>> score_page("p", "one two three four five", "one two three four five six")
    PageScore(page='p', precision=0.666..., recall=1.0, f1=0.8, exact=False)
    >>> score_page("p", "same words here", "same, words; here")
    PageScore(page='p', precision=1.0, recall=1.0, f1=1.0, exact=True)
    >>> score_page("p", "gold text", "")
    PageScore(page='p', precision=None, recall=0.0, f1=0.0, exact=False)
    """
    precision, recall = _precision_recall(shingles(gold), shingles(candidate))
    f1 = harmonic_mean(precision, recall) if precision is not None and recall is not None else 0.0
    return PageScore(page, precision, recall, f1, _TOKEN.findall(gold) == _TOKEN.findall(candidate))


def harmonic_mean(precision: float, recall: float) -> float:
    """F1 of a precision and a recall; 0.0 when both are 0.

    >>> harmonic_mean(1.0, 0.5)
    0.666...
    """
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _precision_recall(gold: Counter[tuple[str, ...]], candidate: Counter[tuple[str, ...]]) -> tuple[float | None, ...]:
    shared = sum((gold & candidate).values())
    extra = sum((candidate - gold).values())
    missed = sum((gold - candidate).values())
    total = shared + extra + missed
    tp, fp, fn = (shared / total, extra / total, missed / total) if total else (0.0, 0.0, 0.0)
    perfect = fp == fn == 0
    precision = None if tp + fp == 0 else 1.0 if perfect else tp / (tp + fp)
    recall = None if tp + fn == 0 else 1.0 if perfect else tp / (tp + fn)
    return precision, recall


def mean_score(pages: Sequence[PageScore]) -> MeanScore:
    """Mean precision and recall over the pages that count for each, and their harmonic mean.

    >>> pages = [PageScore("a", 1.0, 0.5, 0.0, False), PageScore("b", None, 0.0, 0.0, False)]
    >>> mean_score(pages)
    MeanScore(f1=0.4, precision=1.0, recall=0.25, accuracy=0.0, pages=2)
    """
    precisions = [p.precision for p in pages if p.precision is not None]
    recalls = [p.recall for p in pages if p.recall is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = harmonic_mean(precision, recall)
    accuracy = sum(p.exact for p in pages) / len(pages) if pages else 0.0
    return MeanScore(f1, precision, recall, accuracy, len(pages))
