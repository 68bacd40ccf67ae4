"""Quick grouped-CV experiments on the line-role model (same folds as tools.cv_roles).

    python -m tools.roles_exp ../shared/corpus base rounds120 ...

Features are built once per process; each named configuration (see CONFIGS) trains the five
fold models, decodes every held-out page over the decoding grid and reports per-source figures
for (a) the decoding chosen per fold on the OTHER folds' held-out pages (cross-fitted: no fold
is decoded with settings chosen on its own pages) and (b) the single best setting on all pages
(the optimistic choice tools.cv_roles made). Figures are from the body step's marks (as in
tools.cv_roles' grid), not the full pipeline.
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from cleaners.roles.model import Decoding
from tools.cv_roles import GRID, decoded_text, fold_of, headline, scorer
from tools.roles_data import PageRows, load_pages, page_rows, prepared
from tools.train_roles import ROUNDS, as_forest, fit

FOLDS = 5
WIDE_GRID: dict[str, tuple[Any, ...]] = {
    "threshold": (0.3, 0.35, 0.4),
    "size_power": (1.25, 1.5),
    "relative": (0.0, 0.5, 0.7, 0.85),
}
BASE_DECODING = Decoding(0.35, 0.3, 0.05, 1.5, True, 0.1, 1.01, 0.6)
CONFIGS: dict[str, dict[str, Any]] = {
    "base": {},
    "now": {"rounds": 80, "params": {}},
    "r100": {"rounds": 100},
    "ff06": {"rounds": 80, "params": {"feature_fraction": 0.6}},
    "md10": {"rounds": 80, "params": {"min_data_in_leaf": 10}},
    "gold2": {"rounds": 80, "source_weight": {"readability": 2.0, "newspaper4k": 2.0, "goose3": 2.0}},
    "unk01": {"rounds": 80, "unknown": {"outside": 0.1}},
    "aeb05": {"rounds": 80, "source_weight": {"aeb-dev": 0.5}},
    "l31r120": {
        "rounds": 120,
        "params": {"num_leaves": 31, "max_depth": 7, "min_data_in_leaf": 20, "learning_rate": 0.1},
    },
    "l31m40": {"rounds": 80, "params": {"num_leaves": 31, "max_depth": 7, "min_data_in_leaf": 40}},
    "l63": {"rounds": 80, "params": {"num_leaves": 63, "max_depth": 8, "min_data_in_leaf": 20}},
    "l31tf2": {
        "rounds": 80,
        "params": {"num_leaves": 31, "max_depth": 7, "min_data_in_leaf": 20},
        "source_weight": {"trafeval-dev": 1.5},
    },
    "diag": {"diag": True},
    "r120": {"rounds": 120},
    "r200lr08": {"rounds": 200, "params": {"learning_rate": 0.08}},
    "leaves31": {"rounds": 80, "params": {"num_leaves": 31, "max_depth": 7, "min_data_in_leaf": 20}},
    "tfhalf": {"source_weight": {"trafeval-dev": 0.5}},
    "tf2": {"source_weight": {"trafeval-dev": 2.0}},
    "unk_out": {"unknown": {"outside": 0.3}},
    "unk_both": {"unknown": {"outside": 0.3, "between": 0.3}},
}


def short(d: Decoding) -> tuple[float, ...]:
    return (d.threshold, d.size_power, d.relative)


def figures(cs: Any, rows: list[dict[str, Any]]) -> dict[str, float]:
    out = {}
    for s in sorted({r["source"] for r in rows}):
        sub = cs.summarise([r for r in rows if r["source"] == s])
        metric = "snippets" if s == "trafeval-dev" else "body"
        out[s] = sub[metric]["f1"]
    out["headline"] = headline(cs, rows)
    empty = 0
    for r in rows:
        sn, b = r.get("snippets"), r.get("body")
        if (sn and sn["tp"] == 0 and sn["fn"] > 0) or (b and b["f1"] < 0.01):
            empty += 1
    out["empty%"] = 100 * empty / len(rows)
    return out


def weights_for(pages: list[PageRows], cfg: dict[str, Any]) -> list[PageRows]:
    """Per-source weight multipliers and the unknown-label policy."""
    source_w = cfg.get("source_weight", {})
    out = []
    for p in pages:
        w = p.w * source_w.get(p.source, 1.0)
        y = p.y
        unknown = cfg.get("unknown")
        if unknown and p.source == "trafeval-dev":
            y, w = pseudo_labels(p, unknown)
            w = w * source_w.get(p.source, 1.0)
        out.append(dataclasses.replace(p, y=y, w=w))
    return out


def pseudo_labels(p: PageRows, policy: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Unknown lines of a snippet page: outside the labelled body lines' range they are chrome
    (weight ``outside``); between body lines, body (weight ``between``)."""
    y, w = p.y.copy(), p.w.copy()
    body = np.flatnonzero((p.y > 0) & (p.w > 0))
    unknown = p.w == 0
    if len(body) == 0:
        return y, w
    lo, hi = body[0], body[-1]
    k = np.arange(len(y))
    out = unknown & ((k < lo) | (k > hi))
    between = unknown & (k >= lo) & (k <= hi)
    w[out] = policy.get("outside", 0.0)
    y[out] = 0.0
    w[between] = policy.get("between", 0.0)
    y[between] = 1.0
    return y, w


def main() -> None:
    corpus = Path(sys.argv[1])
    names = sys.argv[2:] or ["base"]
    cs = scorer(corpus.parent / "tools")
    metas = load_pages(corpus)
    t0 = time.time()
    pages: list[PageRows] = []
    bases: dict[str, Any] = {}
    golds: dict[str, Any] = {}
    meta_of = {}
    for m in metas:
        r = page_rows(corpus, m)
        if r is None:
            continue
        pages.append(r)
        page, span = prepared((corpus / m["files"]["capture"]).read_bytes())
        bases[m["id"]] = (page, dict(page.marks), span)
        golds[m["id"]] = cs.gold_of(corpus, m, False)
        meta_of[m["id"]] = m
    print(f"features: {time.time() - t0:.0f}s, {len(pages)} pages", file=sys.stderr)
    space = {**GRID, **WIDE_GRID} if "--wide" in sys.argv else GRID
    names = [n for n in names if not n.startswith("--")]
    grid = [Decoding(**dict(zip(space, v, strict=True))) for v in itertools.product(*space.values())]
    for name in names:
        cfg = CONFIGS[name]
        t1 = time.time()
        train = weights_for(pages, cfg)
        scores = {}
        for k in range(FOLDS):
            tr = [p for p in train if fold_of(p.domain, FOLDS) != k]
            booster = fit(tr, cfg.get("params"), cfg.get("rounds", ROUNDS))
            forest = as_forest(booster, Decoding())
            for p in pages:
                if fold_of(p.domain, FOLDS) == k:
                    scores[p.id] = forest.probability(p.x)
        if cfg.get("diag"):
            diagnose(pages, bases, scores, BASE_DECODING)
            continue
        per: dict[int, dict[str, dict[str, Any]]] = {}
        for g, decoding in enumerate(grid):
            per[g] = {}
            for p in pages:
                text = decoded_text(bases[p.id], scores[p.id], decoding)
                per[g][p.id] = cs.score_page(meta_of[p.id], golds[p.id], text, None, True, score_meta=False)
        all_ids = [p.id for p in pages]
        best_all = max(range(len(grid)), key=lambda g: headline(cs, [per[g][i] for i in all_ids]))
        crossfit_rows = []
        chosen = []
        for k in range(FOLDS):
            others = [p.id for p in pages if fold_of(p.domain, FOLDS) != k]
            mine = [p.id for p in pages if fold_of(p.domain, FOLDS) == k]
            g = max(range(len(grid)), key=lambda g: headline(cs, [per[g][i] for i in others]))
            chosen.append(g)
            crossfit_rows += [per[g][i] for i in mine]
        fixed = grid.index(BASE_DECODING) if BASE_DECODING in grid else best_all
        for label, rows in (
            ("crossfit", crossfit_rows),
            ("best-all", [per[best_all][i] for i in all_ids]),
            ("fixed", [per[fixed][i] for i in all_ids]),
        ):
            f = figures(cs, rows)
            cells = " ".join(f"{k}={v:.4f}" for k, v in f.items())
            print(f"{name:<14} {label:<9} {cells}", flush=True)
        print(
            f"{name:<14} chosen crossfit={[short(grid[g]) for g in chosen]} "
            f"best-all={short(grid[best_all])} {time.time() - t1:.0f}s",
            flush=True,
        )


def diagnose(pages: list[PageRows], bases: dict[str, Any], scores: dict[str, np.ndarray], decoding: Decoding) -> None:
    """Where the labelled lines of each source go wrong: the model (p) or the decoding."""
    from collections import Counter

    from cleaners.page import KEEP_ROLES

    for source in sorted({p.source for p in pages}):
        c: Counter[str] = Counter()
        for p in pages:
            if p.source != source:
                continue
            page, marks, _ = bases[p.id]
            decoded_text(bases[p.id], scores[p.id], decoding)
            rows = [i for i, line in enumerate(page.lines) if not line.blank]
            for k, i in enumerate(rows):
                if p.w[k] == 0:
                    continue
                kept = i in page.marks and page.marks[i].role in KEEP_ROLES
                truth = p.y[k] > 0
                if kept == truth:
                    c["ok"] += 1
                    continue
                pk = scores[p.id][k]
                rule = i in marks
                kind = "FN" if truth else "FP"
                why = "rule" if rule else ("p" if (pk < 0.5) == truth else "decode")
                c[f"{kind}-{why}"] += 1
        print(source, dict(c), flush=True)


if __name__ == "__main__":
    main()
