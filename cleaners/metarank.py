"""Candidate rankers for the metadata a text capture states on some line: its title, its
publication date and its authors.

Each field has candidates (lines, or values found on lines) described by a few numeric
features; a model trained on the labelled corpus (``python -m tools.train_meta``) scores them
and the best one wins when its score clears the field's threshold. Most fields are ranked by
a linear model (a dot product in plain Python: a page has a few dozen candidates, so this
costs microseconds); the title, whose cues interact (a short line is a headline only near the
prose; a repeated line only when its words come back in the body), by boosted trees walked
for all of a page's candidates at once. The model ships in ``cleaners/data/meta_model.json``
and is read once per process.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib.resources import files
from itertools import chain
from operator import mul
from typing import Any, NamedTuple

import numpy as np

from cleaners.trees import Matrix, Trees, layout, trees

MODEL_FILE = "meta_model.json"


class Candidate(NamedTuple):
    """One possible value of a field: the line it comes from, the value, and its features."""

    line: int
    """Index of the line in ``page.lines``."""
    value: str
    features: tuple[float, ...]
    extra: tuple[str, ...] = ()
    """More values carried with the candidate (further author names)."""


@dataclass(frozen=True)
class Ranker:
    """A linear scorer over named features: ``bias + sum(weight * feature)``."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float = 0.0
    threshold: float = -math.inf
    """A best candidate scoring below this is not taken (the field stays empty)."""

    def score(self, features: Sequence[float]) -> float:
        return self.scores([features])[0]

    def scores(self, rows: Iterable[Sequence[float]]) -> list[float]:
        """:meth:`score` of each row, the weights looked up once for all of them."""
        weights, bias, width = self.weights, self.bias, len(self.weights)
        out = []
        for features in rows:
            if len(features) != width:
                raise ValueError(f"{len(features)} features for {width} weights: retrain the model")
            out.append(bias + float(sum(map(mul, weights, features))))
        return out

    def matrix_scores(self, x: Matrix) -> Matrix:
        """:meth:`scores` of the rows of a feature matrix, in one pass: each row's products
        added up from the left, as ``sum`` adds them (``add.accumulate`` keeps that order, so
        the sums have the same bits)."""
        products = np.zeros((x.shape[0], x.shape[1] + 1))
        np.multiply(x, self._weights, out=products[:, 1:])
        return np.asarray(self.bias + np.add.accumulate(products, axis=1)[:, -1])

    @cached_property
    def _weights(self) -> Matrix:
        return np.asarray(self.weights, dtype=np.float64)

    def best(self, candidates: Sequence[Candidate]) -> Candidate | None:
        """The highest-scoring candidate (the earliest on ties), if it clears the threshold."""
        best, best_score = None, -math.inf
        for candidate, score in zip(candidates, self.scores(c.features for c in candidates), strict=True):
            if score > best_score:
                best, best_score = candidate, score
        return best if best is not None and best_score >= self.threshold else None

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "weights": list(self.weights),
            "bias": self.bias,
            "threshold": None if math.isinf(self.threshold) else self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Ranker:
        threshold = data.get("threshold")
        return cls(
            tuple(str(f) for f in data["features"]),  # type: ignore[attr-defined]
            tuple(float(w) for w in data["weights"]),  # type: ignore[attr-defined]
            float(data.get("bias", 0.0)),  # type: ignore[arg-type]
            -math.inf if threshold is None else float(threshold),  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class TreeRanker:
    """A linear ranker with boosted trees on top (LightGBM's LambdaRank, boosted from the
    linear scores): the trees learn where the cues interact, the linear part keeps the
    ranking sane where the trees saw nothing like the page. The candidate with the highest
    sum wins."""

    features: tuple[str, ...]
    base: Ranker
    trees: Trees
    threshold: float = -math.inf

    def scores(self, candidates: Sequence[Candidate]) -> list[float]:
        x = _matrix(candidates, len(self.features))
        # (The linear part from the matrix the trees read: the same sums as Ranker.scores.)
        return list((self.base.matrix_scores(x) + self.trees.margin(x)).tolist())

    def score(self, features: Sequence[float]) -> float:
        return self.scores([Candidate(0, "", tuple(features))])[0]

    def best(self, candidates: Sequence[Candidate]) -> Candidate | None:
        """The highest-scoring candidate (the earliest on ties), if it clears the threshold."""
        if not candidates:
            return None
        scores = self.scores(candidates)
        top = max(range(len(scores)), key=scores.__getitem__)
        return candidates[top] if scores[top] >= self.threshold else None

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "base": self.base.to_json(),
            "trees": layout(self.trees),
            "threshold": None if math.isinf(self.threshold) else self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TreeRanker:
        threshold = data.get("threshold")
        features = tuple(str(f) for f in data["features"])
        base = Ranker.from_json(data["base"])
        return cls(features, base, trees(data["trees"]), -math.inf if threshold is None else float(threshold))


def _matrix(candidates: Sequence[Candidate], width: int) -> Matrix:
    """The candidates' features as rows, read as one flat run of floats (``np.array`` of the
    tuples would work out their shape and type element by element first).

    >>> _matrix([Candidate(0, "a", (1.0, 0.5)), Candidate(1, "b", (0.0, 2.0))], 2).tolist()
    [[1.0, 0.5], [0.0, 2.0]]
    """
    for candidate in candidates:
        if len(candidate.features) != width:
            raise ValueError(f"{len(candidate.features)} features for {width}: retrain the model")
    flat = chain.from_iterable(candidate.features for candidate in candidates)
    return np.fromiter(flat, dtype=np.float64, count=len(candidates) * width).reshape(len(candidates), width)


AnyRanker = Ranker | TreeRanker


@dataclass(frozen=True)
class MetaModel:
    """One ranker per field, keyed by the field's name."""

    rankers: dict[str, AnyRanker]

    def ranker(self, field: str) -> AnyRanker | None:
        return self.rankers.get(field)

    def to_json(self) -> dict[str, object]:
        return {name: ranker.to_json() for name, ranker in sorted(self.rankers.items())}

    @classmethod
    def from_json(cls, data: dict[str, dict[str, Any]]) -> MetaModel:
        return cls(
            {
                name: TreeRanker.from_json(value) if "trees" in value else Ranker.from_json(value)
                for name, value in data.items()
            }
        )


@lru_cache(maxsize=1)
def shipped_model() -> MetaModel:
    """The model shipped in the package, read once per process."""
    text = files("cleaners").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return MetaModel.from_json(json.loads(text))


@cache
def family_features(families: tuple[tuple[str, ...], ...], rule: str) -> tuple[float, ...]:
    """Which of ``families`` (rule id prefixes) a candidate line's mark belongs to, as features;
    read once per rule id (a page's candidates share a handful of rules).

    >>> family_features((("byline.",), ("caption.", "credit.")), "credit.photo"), family_features((("byline.",),), "")
    ((0.0, 1.0), (0.0,))
    """
    return tuple(float(rule.startswith(family)) for family in families)


Observer = Callable[[str, Sequence[Candidate]], None]
_MODEL: ContextVar[MetaModel | None] = ContextVar("presswash_meta_model", default=None)
_OBSERVER: ContextVar[Observer | None] = ContextVar("presswash_meta_observer", default=None)


@contextmanager
def using(model: MetaModel | None = None, observer: Observer | None = None) -> Iterator[None]:
    """Rank with ``model`` instead of the shipped one, and hand every candidate list to
    ``observer``, inside the block: how training and cross-validation run the real cleaner."""
    model_token = _MODEL.set(model)
    observer_token = _OBSERVER.set(observer)
    try:
        yield
    finally:
        _MODEL.reset(model_token)
        _OBSERVER.reset(observer_token)


def choose(field: str, candidates: Sequence[Candidate]) -> Candidate | None:
    """The winning candidate for ``field``; the first candidate when no ranker is trained."""
    observer = _OBSERVER.get()
    if observer is not None:
        observer(field, candidates)
    if not candidates:
        return None
    model = _MODEL.get() or shipped_model()
    ranker = model.ranker(field)
    return ranker.best(candidates) if ranker is not None else candidates[0]
