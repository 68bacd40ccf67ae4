"""Train the metadata rankers (cleaners.metarank) on the labelled corpus.

    python -m tools.train_meta ../shared/corpus --out cleaners/data/meta_model.json

Runs the real cleaner over every capture, records each field's candidates (features and
values) as the cleaner sees them, labels a candidate right when its value is the gold one
(the scorer's own comparison, shared/tools/corpus_score.py), and fits one logistic regression
per field (scikit-learn, deterministic solver). Weights are stored with the feature scaling
folded in, so the cleaner scores a candidate with one dot product.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cleaners.clean import analyse
from cleaners.metarank import AnyRanker, Candidate, MetaModel, Ranker, TreeRanker, using
from cleaners.record import Article
from cleaners.trees import layout_from_lightgbm, trees

FIELDS = ("title", "published", "authors", "publisher")
# Fields a page may lack: their best candidate must clear a tuned threshold.
THRESHOLDED = ("authors", "published", "publisher")
# L2 penalty of the rankers' weights (on standardised features), chosen by grouped CV.
L2 = {"title": 10.0}
L2_DEFAULT = 3.0
# Fields ranked by boosted trees on top of the linear ranker (LightGBM LambdaRank over each
# page's candidates, boosted from the linear scores), and the trees' settings, chosen by grouped
# CV of each field alone over recorded candidates: title (456 pages with a gold title) linear
# 0.691, trees alone 0.693-0.726 over eight settings, trees on the linear ranker 0.713-0.715
# (trees alone took a two-word first line or a line below the article for the headline of
# short invented pages; on top of the linear ranker they do not); authors (280 pages) linear
# 0.521, trees alone 0.525-0.557.
TREES = ("title", "authors")
TREE_PARAMS: dict[str, object] = {
    "objective": "lambdarank",
    "lambdarank_truncation_level": 3,
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "seed": 7,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
}
TREE_ROUNDS = 100


@dataclass
class CorpusPage:
    id: str
    source: str
    domain: str
    capture: Path
    gold: dict[str, object]
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)


def load_corpus(corpus: Path) -> list[CorpusPage]:
    """Pages of the corpus with their gold metadata (fields found in the capture only)."""
    pages = []
    for row in map(json.loads, (corpus / "pages.jsonl").read_text(encoding="utf-8").splitlines()):
        meta_file = corpus / "meta" / f"{row['id']}.json"
        gold = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
        capture = corpus / row["files"]["capture"]
        pages.append(CorpusPage(row["id"], row["source"], row["domain"], capture, gold))
    return pages


def scorer(corpus: Path):  # type: ignore[no-untyped-def]
    """shared/tools/corpus_score.py: the figures here are the scorer's own."""
    sys.path.insert(0, str(corpus.resolve().parent / "tools"))
    import corpus_score  # type: ignore[import-not-found]

    return corpus_score


def run(page: CorpusPage, model: MetaModel | None) -> Article:
    """Clean the page's capture with ``model``, recording its candidates on the page."""
    seen: dict[str, list[Candidate]] = {}

    def observe(field_name: str, candidates: Sequence[Candidate]) -> None:
        seen.setdefault(field_name, list(candidates))

    with using(model, observe):
        article = analyse(page.capture.read_bytes(), page.capture.name).article
    page.candidates = seen
    return article


def labels(score, page: CorpusPage, field_name: str) -> list[int] | None:  # type: ignore[no-untyped-def]
    """1 for each candidate whose value the scorer counts right; ``None`` when not scored."""
    gold = page.gold.get(field_name)
    if not gold:
        return None
    out = []
    for c in page.candidates.get(field_name, []):
        record = {"title": c.value, "published": c.value, "authors": [c.value, *c.extra], "publisher": c.value}
        out.append(int(score.meta_hits({field_name: gold}, record).get(field_name, False)))
    return out


def fit(score, pages: Iterable[CorpusPage], field_name: str, names: Sequence[str]) -> Ranker:  # type: ignore[no-untyped-def]
    """A conditional logit over each page's candidates (softmax over the page, the right
    candidates sharing the target), on pages where a candidate is right; L2-regularised,
    fitted by L-BFGS from zero (deterministic)."""
    import numpy as np
    from scipy.optimize import minimize  # type: ignore[import-untyped]

    groups = []
    for page in pages:
        y = labels(score, page, field_name)
        if not y or not any(y):
            continue
        groups.append((np.array([c.features for c in page.candidates[field_name]], dtype=float), np.array(y, float)))
    x = np.vstack([g[0] for g in groups])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    target = np.concatenate([y / y.sum() for _, y in groups])
    starts = np.cumsum([0] + [len(y) for _, y in groups[:-1]])
    owner = np.repeat(np.arange(len(groups)), [len(y) for _, y in groups])

    l2 = L2.get(field_name, L2_DEFAULT)

    def loss(w):  # type: ignore[no-untyped-def]
        s = z @ w
        e = np.exp(s - np.maximum.reduceat(s, starts)[owner])
        p = e / np.add.reduceat(e, starts)[owner]
        total = 0.5 * l2 * w @ w - float(target @ np.log(p + 1e-12))
        return total, l2 * w + z.T @ (p - target)

    w = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x / scale
    bias = -float((w * mean).sum())
    return Ranker(tuple(names), tuple(round(float(v), 6) for v in w), round(bias, 6))


def fit_trees(score, pages: Iterable[CorpusPage], field_name: str, names: Sequence[str]) -> TreeRanker:  # type: ignore[no-untyped-def]
    """The linear ranker, then boosted trees on top of it (LambdaRank from the linear scores:
    the right candidates above the rest), on pages where a candidate is right; deterministic."""
    import lightgbm as lgb
    import numpy as np

    pages = list(pages)
    base = fit(score, pages, field_name, names)
    x: list[tuple[float, ...]] = []
    y: list[int] = []
    groups: list[int] = []
    for page in pages:
        labelled = labels(score, page, field_name)
        if not labelled or not any(labelled):
            continue
        x += [c.features for c in page.candidates[field_name]]
        y += labelled
        groups.append(len(labelled))
    start = np.array([base.score(row) for row in x])
    data = lgb.Dataset(np.array(x, dtype=float), np.array(y), group=groups, init_score=start, feature_name=list(names))
    booster = lgb.train(dict(TREE_PARAMS), data, num_boost_round=TREE_ROUNDS)
    return TreeRanker(tuple(names), base, trees(layout_from_lightgbm(booster.dump_model())))


def fitted(score, pages: Iterable[CorpusPage], field_name: str, names: Sequence[str]) -> AnyRanker:  # type: ignore[no-untyped-def]
    """The field's ranker: boosted trees for the fields in :data:`TREES`, else linear."""
    return (fit_trees if field_name in TREES else fit)(score, pages, field_name, names)


def has_none(page: CorpusPage, field_name: str) -> bool:
    """The source states the page has no value for the field (not merely unlabelled)."""
    raw = {
        "authors": ("author", "byline", "authors"),
        "published": ("date", "publishedTime", "publish_date"),
        "publisher": ("sitename", "siteName", "meta_site_name"),
    }.get(field_name, ())
    fields = page.gold.get("source_fields") or {}
    stated = [k for k in raw if k in fields]  # type: ignore[operator]
    if not stated or field_name in (page.gold.get("not_in_capture") or []):  # type: ignore[operator]
        return False
    return not page.gold.get(field_name) and all(not fields[k] for k in stated)  # type: ignore[index]


def tune_threshold(score, pages: Iterable[CorpusPage], field_name: str, ranker: AnyRanker) -> AnyRanker:  # type: ignore[no-untyped-def]
    """The threshold that gets most pages right: a right best candidate above it on pages
    with a value, nothing above it on pages the source says have none."""
    right: list[float] = []
    empty: list[float] = []
    for page in pages:
        cands = page.candidates.get(field_name, [])
        best = ranker.best(cands)
        top = ranker.score(best.features) if best else -math.inf
        if page.gold.get(field_name):
            y = labels(score, page, field_name) or []
            if best and y[cands.index(best)]:
                right.append(top)
        elif has_none(page, field_name):
            empty.append(top)
    cuts = sorted({*right, *empty} - {-math.inf})
    best_cut, best_hits = -math.inf, -1
    for cut in cuts:
        hits = sum(t >= cut for t in right) + sum(t < cut for t in empty)
        if hits > best_hits:
            best_cut, best_hits = cut, hits
    return dataclasses.replace(ranker, threshold=round(best_cut - 1e-6, 6))


def observe_titles(pages: Iterable[CorpusPage]) -> dict[str, list[Candidate]]:
    """Title candidates per page: the title is ranked before anything a model decides, so
    one pass serves every fold."""
    found = {}
    for page in pages:
        run(page, MetaModel({}))
        found[page.id] = page.candidates.get("title", [])
    return found


def train(  # type: ignore[no-untyped-def]
    score, pages: list[CorpusPage], names: dict[str, Sequence[str]], titles: dict[str, list[Candidate]]
) -> MetaModel:
    """Title first, then the fields read after the title is chosen, recorded with the title
    ranker just trained (as the cleaner will run)."""
    for page in pages:
        page.candidates = {"title": titles[page.id]}
    model = MetaModel({"title": fitted(score, pages, "title", names["title"])})
    later = [name for name in FIELDS[1:] if name in names]
    if later:
        for page in pages:
            run(page, model)
    rankers = dict(model.rankers)
    for name in later:
        rankers[name] = fitted(score, pages, name, names[name])
        if name in THRESHOLDED:
            rankers[name] = tune_threshold(score, pages, name, rankers[name])
    return MetaModel(rankers)


def feature_names() -> dict[str, Sequence[str]]:
    from cleaners import byline, headline, outlet, published

    return {
        "title": headline.TITLE_FEATURES,
        "published": published.DATE_FEATURES,
        "authors": byline.AUTHOR_FEATURES,
        "publisher": outlet.PUBLISHER_FEATURES,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, default=Path("cleaners/data/meta_model.json"))
    args = parser.parse_args(argv)
    score = scorer(args.corpus)
    pages = load_corpus(args.corpus)
    model = train(score, pages, feature_names(), observe_titles(pages))
    args.out.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({', '.join(model.rankers)}) from {len(pages)} pages")


if __name__ == "__main__":
    main()
