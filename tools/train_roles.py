"""Train the line-role model on the labelled corpus and write the shipped model file.

    python -m tools.train_roles ../shared/corpus --out cleaners/roles/model.json

Deterministic (fixed seeds, one thread): the same corpus gives the same file. The decoding
settings written with the model are the ones ``python -m tools.cv_roles`` chose by grouped
cross-validation (pass them with --threshold, --keep-inside, --rescue, --size-power, --override).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np

from cleaners.roles.features import FEATURE_NAMES
from cleaners.roles.lexicon import Lexicon
from cleaners.roles.model import Decoding, Forest, forest, forest_from_lightgbm
from tools.roles_data import PageRows, corpus_rows, fold_of
from tools.roles_lexicon import cross_fitted, fit_lexicon

PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 31,
    "max_depth": 7,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": 7,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
}
ROUNDS = 160
FOLDS = 5
"""Folds (by domain) for the trees' cross-fitted lexicon columns."""


def fit(pages: list[PageRows], params: dict[str, Any] | None = None, rounds: int = ROUNDS) -> lgb.Booster:
    """One booster over every labelled row of ``pages`` (unknown rows weigh nothing)."""
    x = np.vstack([p.x for p in pages])
    y = np.concatenate([p.y for p in pages])
    # Each page weighs about the same whatever its length: long pages' chrome must not dominate.
    w = np.concatenate([p.w / np.sqrt(max(1.0, p.w.sum())) for p in pages])
    keep = w > 0
    data = lgb.Dataset(x[keep], y[keep], weight=w[keep], feature_name=list(FEATURE_NAMES), free_raw_data=True)
    return lgb.train({**PARAMS, **(params or {})}, data, num_boost_round=rounds)


def trained(pages: list[PageRows]) -> tuple[lgb.Booster, Lexicon]:
    """The trees (over lexicon columns cross-fitted by domain fold) and the lexicon of every page."""
    booster = fit(cross_fitted(pages, lambda d: fold_of(d, FOLDS), FOLDS))
    return booster, fit_lexicon(pages)


def exported(booster: lgb.Booster, decoding: Decoding, lexicon: Lexicon | None = None) -> dict[str, Any]:
    return forest_from_lightgbm(booster.dump_model(), decoding, lexicon)


def as_forest(booster: lgb.Booster, decoding: Decoding, lexicon: Lexicon | None = None) -> Forest:
    return forest(exported(booster, decoding, lexicon))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--out", type=Path, default=Path("cleaners/roles/model.json"))
    ap.add_argument("--without-source", action="append", default=[], help="leave a source out (e.g. aeb-dev)")
    ap.add_argument("--threshold", type=float, default=Decoding.threshold)
    ap.add_argument("--keep-inside", type=float, default=Decoding.keep_inside)
    ap.add_argument("--rescue", type=float, default=Decoding.rescue)
    ap.add_argument("--size-power", type=float, default=Decoding.size_power)
    ap.add_argument("--join-rules", action="store_true")
    ap.add_argument("--keep-rules", type=float, default=Decoding.keep_rules)
    ap.add_argument("--keep-outside", type=float, default=Decoding.keep_outside)
    ap.add_argument("--override", type=float, default=Decoding.override)
    ap.add_argument("--whole-lists", action="store_true")
    ap.add_argument("--below-title", action="store_true")
    ap.add_argument("--max-gap", type=int, default=Decoding.max_gap)
    ap.add_argument("--tail-share", type=float, default=Decoding.tail_share)
    args = ap.parse_args()
    pages = [p for p in corpus_rows(args.corpus) if p.source not in args.without_source]
    decoding = Decoding(
        args.threshold,
        args.keep_inside,
        args.rescue,
        args.size_power,
        args.join_rules,
        args.keep_rules,
        args.keep_outside,
        args.override,
        args.whole_lists,
        args.below_title,
        args.max_gap,
        args.tail_share,
    )
    booster, lexicon = trained(pages)
    args.out.write_text(
        json.dumps(exported(booster, decoding, lexicon), separators=(",", ":"), ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    print(f"{args.out}: {booster.num_trees()} trees from {sum(len(p.y) for p in pages)} lines of {len(pages)} pages")


if __name__ == "__main__":
    main()
