"""The boosted trees' evaluator: the C walk (cleaners._walk) against numpy's, on the shipped
model's pages and on random forests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners import trees
from cleaners.clean import page_of
from cleaners.read import read_capture
from cleaners.roles import model
from cleaners.roles.features import page_features
from tools.floors import SHARED

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
pytestmark = pytest.mark.skipif(trees._walk is None, reason="cleaners._walk is not built (no C compiler)")


def _random_layout(rng: np.random.Generator, n_trees: int, depth: int, features: int) -> dict[str, Any]:
    """A forest in the shipped layout: trees of up to ``depth`` levels, some leaves above the last."""
    nodes: dict[str, list[Any]] = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}
    deepest = 0

    def add(level: int) -> int:
        nonlocal deepest
        deepest = max(deepest, level)
        at = len(nodes["feature"])
        for column in nodes.values():
            column.append(0)
        nodes["value"][at] = float(rng.normal())
        if level == depth or (level > 0 and rng.random() < 0.2):
            nodes["feature"][at], nodes["left"][at], nodes["right"][at] = features, at, at
            return at
        nodes["feature"][at] = int(rng.integers(features))
        nodes["threshold"][at] = float(rng.choice([-1.0, 0.0, 0.5, 1.0, float(rng.normal())]))
        nodes["left"][at] = add(level + 1)
        nodes["right"][at] = add(level + 1)
        return at

    roots = [add(0) for _ in range(n_trees)]
    names = [f"f{k}" for k in range(features)]
    return {**nodes, "roots": roots, "depth": deepest, "init": 0.0, "names": names}


def _places(forest: trees.Trees, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return forest._walk_levels(x).ends, forest._walk_levels_numpy(x).ends


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_trees=st.integers(1, 12),
    depth=st.integers(1, 7),
    rows=st.integers(0, 40),
    features=st.integers(1, 6),
)
def test_the_c_walk_reaches_the_numpy_walks_places(
    seed: int, n_trees: int, depth: int, rows: int, features: int
) -> None:
    rng = np.random.default_rng(seed)
    forest = trees.trees(_random_layout(rng, n_trees, depth, features))
    # Values on and around the thresholds, and the ones a comparison treats apart (NaN, infinities).
    x = rng.choice([-1.0, 0.0, 0.5, 1.0, np.nextafter(0.5, 1.0), np.nan, np.inf, -np.inf], size=(rows, features))
    x = np.where(rng.random(x.shape) < 0.3, rng.normal(size=x.shape), x)
    c, numpy = _places(forest, x)
    assert c.dtype == numpy.dtype and np.array_equal(c, numpy)
    assert np.array_equal(forest.margin(x), forest._walk_nodes(x).margin())  # and the node walk's scores
    by_column = np.asfortranarray(x)  # stored column by column, as page_features stores its matrix
    assert np.array_equal(forest._walk_levels(by_column).ends, numpy)


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_the_c_walk_scores_the_seed_pages_as_numpy_does(seed: Path) -> None:
    forest = model.shipped()
    assert forest is not None
    page, _ = page_of(read_capture(seed.read_bytes(), seed.name))
    x = page_features(page, None, lexicon=forest.lexicon)
    c, numpy = _places(forest, x)
    assert len(x) > 10 and np.array_equal(c, numpy)
    assert np.array_equal(forest.walk(x).probability(), forest._walk_levels_numpy(x).probability())


DEVSET = SHARED / "devset" / "captures"


@pytest.mark.skipif(not DEVSET.is_dir(), reason="../shared is absent")
def test_the_c_walk_scores_every_devset_page_as_numpy_does() -> None:
    """The line-role model over the 80 devset captures (about 13,000 rows): the same leaves."""
    forest = model.shipped()
    assert forest is not None
    rows = 0
    for capture in sorted(DEVSET.iterdir()):
        page, _ = page_of(read_capture(capture.read_bytes(), capture.name))
        x = page_features(page, None, lexicon=forest.lexicon)
        c, numpy = _places(forest, x)
        assert np.array_equal(c, numpy), capture.name
        rows += len(x)
    assert rows > 10_000


def test_the_c_walk_refuses_what_it_cannot_read() -> None:
    ends = np.empty((2, 1), dtype=np.int64)
    cells = np.zeros((2, 3))
    split, threshold = np.array([0], dtype=np.int64), np.array([0.5])
    trees._walk.walk_levels(cells, 2, 3, split, threshold, 1, 1, ends)
    assert ends.tolist() == [[1], [1]]  # 0 <= 0.5: the left place, 2 * 0 + 1
    with pytest.raises(ValueError, match="split column"):
        trees._walk.walk_levels(cells, 2, 3, np.array([3], dtype=np.int64), threshold, 1, 1, ends)
    with pytest.raises(ValueError, match="too small"):
        trees._walk.walk_levels(cells, 3, 3, split, threshold, 1, 1, ends)
    with pytest.raises(ValueError, match="too small"):
        trees._walk.walk_levels(cells, 2, 3, split, threshold, 1, 2, ends)  # two levels need 3 places
    with pytest.raises(TypeError):
        trees._walk.walk_levels(cells, 2, 3, split, threshold, 1, 1, b"read-only")
