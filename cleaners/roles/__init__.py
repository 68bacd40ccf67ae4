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
    down most (``low``: the removed rows' contributions to the score, in log-odds)."""
    at = np.asarray(removed)
    each = np.arange(len(removed))[:, None]
    top = np.argpartition(low, TOP_FEATURES, axis=1)[:, :TOP_FEATURES]
    order = top[each, np.argsort(low[each, top], axis=1)]
    weights = low[each, order].tolist()
    values = x[at[:, None], order].tolist()
    names = _names(forest.names)
    out: dict[int, str] = {}
    for k, pk, (f1, f2, f3), (v1, v2, v3), (w1, w2, w3) in zip(
        removed, p[at].tolist(), order.tolist(), values, weights, strict=True
    ):
        out[k] = (
            f"p(body)={pk:.2f}; weighed most: {names[f1]} {v1:.3g} ({w1:+.2f}), "
            f"{names[f2]} {v2:.3g} ({w2:+.2f}), {names[f3]} {v3:.3g} ({w3:+.2f})"
        )
    return out


@cache
def _names(names: tuple[str, ...]) -> list[str]:
    return [describe(name) for name in names]


__all__ = ["mark_body", "shipped"]
