"""Fit the line-role model's lexicon (:mod:`cleaners.roles.lexicon`) and cross-fit its columns.

The lexicon is scikit-learn's logistic regression over the tokens of the labelled lines; a
token is kept only when labelled lines of at least ``MIN_SITES`` different domains hold it
(a site's name or its own menu never becomes a weight). The trees are trained on lexicon
columns the lexicon did not see: each training page's columns come from a lexicon fitted
without its fold (grouped by domain, the same folds as the cross-validation).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from cleaners.roles.lexicon import COLUMNS, Lexicon
from tools.roles_data import PageRows

MIN_SITES = 3
C = 1.0
"""Inverse L2 strength (scikit-learn's C)."""
MIN_WEIGHT = 1e-3
"""Weights this small are not shipped."""


def fit_lexicon(pages: Sequence[PageRows]) -> Lexicon:
    """The lexicon of the labelled lines of ``pages`` (each page weighs about the same)."""
    sites: dict[str, set[str]] = defaultdict(set)
    for p in pages:
        for k, ts in enumerate(p.tokens):
            if p.w[k] > 0:
                for t in ts:
                    sites[t].add(p.domain)
    vocab = {t: j for j, t in enumerate(sorted(t for t, d in sites.items() if len(d) >= MIN_SITES))}
    rows: list[int] = []
    cols: list[int] = []
    ys: list[float] = []
    ws: list[float] = []
    for p in pages:
        norm = 1 / np.sqrt(max(1.0, p.w.sum()))
        for k, ts in enumerate(p.tokens):
            if p.w[k] <= 0:
                continue
            at = [vocab[t] for t in ts if t in vocab]
            rows += [len(ys)] * len(at)
            cols += at
            ys.append(float(p.y[k]))
            ws.append(float(p.w[k] * norm))
    x = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ys), len(vocab)))
    lr = LogisticRegression(C=C, max_iter=500)
    lr.fit(x, np.array(ys), sample_weight=np.array(ws))
    names = sorted(vocab, key=vocab.__getitem__)
    weights = {t: round(float(w), 4) for t, w in zip(names, lr.coef_[0], strict=True) if abs(w) >= MIN_WEIGHT}
    return Lexicon(weights, round(float(lr.intercept_[0]), 4))


def with_columns(page: PageRows, lexicon: Lexicon) -> PageRows:
    """``page`` with its lexicon columns filled in by ``lexicon``."""
    x = page.x.copy()
    x[:, -len(COLUMNS) :] = lexicon.columns(page.tokens)
    return PageRows(page.id, page.source, page.domain, page.capture, x, page.y, page.w, page.tokens)


def cross_fitted(pages: Sequence[PageRows], fold: Callable[[str], int], folds: int) -> list[PageRows]:
    """Every page with columns from a lexicon fitted on the other folds' pages only."""
    out: dict[str, PageRows] = {}
    for k in sorted({fold(p.domain) for p in pages}):
        lexicon = fit_lexicon([p for p in pages if fold(p.domain) != k])
        for p in pages:
            if fold(p.domain) == k:
                out[p.id] = with_columns(p, lexicon)
    return [out[p.id] for p in pages]
