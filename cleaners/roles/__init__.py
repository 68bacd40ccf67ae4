"""The body step: a learned line-role model over the rules' verdicts, decoded to one article.

The rules run first and keep their marks; the old maximum-sum segment search
(:mod:`cleaners.body`) still runs and is one of the model's features. Free lines are then
body, subheading or ``model.head`` / ``model.tail`` / ``model.inside`` by the model's scores
(see :mod:`cleaners.roles.decode`). On text an HTML extractor already chose, the pipeline
(:mod:`cleaners.steps`) does not call the model: the whole text is the body.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt

from cleaners import body
from cleaners.page import Page
from cleaners.roles import decode
from cleaners.roles.features import Matrix, describe, nonblank_rows, page_features
from cleaners.roles.model import Forest, shipped

Span = tuple[int, int] | None
TOP_FEATURES = 3


def mark_body(page: Page, span: Span, forest: Forest | None = None) -> Span:
    """Mark every free line of ``page`` as body, subheading or chrome, given the rules' segment
    ``span``; return the body's bounds. Without a model the segment decides alone."""
    forest = forest or shipped()
    if forest is None:
        body.mark_body(page, span)
        return span
    rows = nonblank_rows(page)
    x = page_features(page, span, rows, forest.lexicon)
    walked = forest.walk(x)
    p = walked.probability()

    def explain(removed: list[int]) -> dict[int, str]:
        # Contributions only for the rows the model removes (the kept rows need no reason),
        # read off the same walk down the trees.
        return _reasons(forest, x, p, walked.contributions(removed), removed)

    return decode.apply(page, rows, p, forest.decoding, span, explain)


def _reasons(forest: Forest, x: Matrix, p: Matrix, low: Matrix, removed: list[int]) -> dict[int, str]:
    """Why each removed row scored low: its probability and the three features that pushed it
    down most (``low``: the removed rows' contributions to the score, in log-odds). The reasons
    are written in one ``%`` over the rows' figures: a page removes hundreds of lines."""
    at = np.asarray(removed)
    each = np.arange(len(removed))[:, None]
    order = _lowest(low)
    figures = np.empty((len(removed), 1 + 3 * TOP_FEATURES), dtype=object)
    figures[:, 0] = p[at]
    figures[:, 1::3] = _names(forest.names)[order]
    figures[:, 2::3] = x[at[:, None], order]
    figures[:, 3::3] = low[each, order]
    text = _APART.join([_REASON] * len(removed)) % tuple(figures.ravel().tolist())
    return dict(zip(removed, text.split(_APART), strict=True))


def _lowest(low: Matrix) -> npt.NDArray[np.intp]:
    """Each row's :data:`TOP_FEATURES` lowest columns, lowest first (read only when a reason
    is, see :attr:`cleaners.clean.Analysis.verdicts`).

    >>> _lowest(np.array([[0.5, -1.0, 0.0, -2.0, 0.25], [3.0, 2.0, 1.0, 0.0, -1.0]])).tolist()
    [[3, 1, 2], [4, 3, 2]]
    """
    each = np.arange(low.shape[0])[:, None]
    top = np.argpartition(low, TOP_FEATURES, axis=1)[:, :TOP_FEATURES]
    return np.asarray(top[each, np.argsort(low[each, top], axis=1)])


_REASON = "p(body)=%.2f; weighed most: " + ", ".join(["%s %.3g (%+.2f)"] * TOP_FEATURES)
"""A removed row's reason: its probability, then each top feature's name, value and weight."""
_APART = "\x00"
"""Between the rows' reasons while they are written at once (no name or figure holds it)."""


@cache
def _names(names: tuple[str, ...]) -> npt.NDArray[np.object_]:
    """The features' names in words, indexable by an array of feature numbers."""
    return np.array([describe(name) for name in names], dtype=object)


__all__ = ["mark_body", "shipped"]
