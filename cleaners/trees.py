"""Gradient-boosted trees in flat arrays, evaluated with numpy for all rows at once.

Trained with LightGBM (by the tools that build the shipped models) and stored as JSON arrays:
walking every row down every tree one level at a time keeps LightGBM out of the runtime and
costs one numpy pass per level. The line-role model (:mod:`cleaners.roles.model`) and the
boosted metadata rankers (:mod:`cleaners.metarank`) both score with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

try:
    from cleaners import _walk
except ImportError:  # installed without a C compiler: the numpy walk reaches the same places
    _walk = None  # type: ignore[assignment]

Matrix = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
MAX_LEVELS = 12
"""Deepest trees walked in their level layout (each tree takes ``2 ** depth`` places there)."""


@dataclass(frozen=True)
class Trees:
    """All trees in flat arrays: a node's children, split feature and threshold, and value."""

    feature: Ints
    threshold: Matrix
    left: Ints
    right: Ints
    value: Matrix
    roots: Ints
    depth: int
    init: float
    names: tuple[str, ...]

    def margin(self, x: Matrix) -> Matrix:
        """The raw score (log-odds of body) of each row."""
        return self.walk(x).margin()

    def probability(self, x: Matrix) -> Matrix:
        return self.walk(x).probability()

    def bias(self) -> float:
        """The score before any split: what :meth:`contributions` are measured from."""
        return float(self.value[self.roots].sum() + self.init)

    def contributions(self, x: Matrix) -> Matrix:
        """Each feature's share of each row's score (Saabas: value change at the feature's splits)."""
        return self.explained(x)[1]

    def explained(self, x: Matrix) -> tuple[Matrix, Matrix]:
        """Probabilities and contributions in one walk down the trees."""
        walked = self.walk(x)
        return walked.probability(), walked.contributions(np.arange(x.shape[0]))

    def walk(self, x: Matrix) -> Walk:
        """Every row down every tree at once, one level at a time, keeping where each row ends.

        The trees are walked in their level layout (:attr:`_levels`): a row's place at the next
        level is twice its place plus whether it goes left, so a level reads only its split
        columns and thresholds. Only the places reached at the last level are kept: each holds
        one leaf, and a leaf's path from its root is fixed (:attr:`_paths`), so its value and the
        nodes visited on the way, which :meth:`Walk.contributions` needs, are read off the place
        (:attr:`_by_place`). The indexes are in range by construction, so
        ``take(mode="clip")`` (no bounds check, no buffer) reads what plain indexing would.
        """
        if not 0 < self.depth <= MAX_LEVELS:
            return self._walk_nodes(x)
        return self._walk_levels(x)

    def _walk_levels(self, x: Matrix) -> Walk:
        """:meth:`walk` in the level layout: the rows' places at the last level (:class:`Walk`
        reads the leaves' values and paths by place, :attr:`_by_place`). In C
        (``cleaners._walk``, a few times faster on a page's rows) where it is built, else
        :meth:`_walk_levels_numpy`: the same comparisons, so the same places."""
        if _walk is None:
            return self._walk_levels_numpy(x)
        n, trees = x.shape[0], len(self.roots)
        split_on, threshold = self._flat_levels
        ends = np.empty((n, trees), dtype=np.int64)
        if x.dtype == np.float64 and x.flags.f_contiguous and not x.flags.c_contiguous:
            # A matrix stored column by column (the line-role model's, see page_features) is
            # walked as it is stored: its transpose is the same bytes in C order.
            _walk.walk_levels(x.T, n, x.shape[1], split_on, threshold, trees, self.depth, ends, True)
        else:
            cells = np.ascontiguousarray(x, dtype=np.float64)
            _walk.walk_levels(cells, n, cells.shape[1], split_on, threshold, trees, self.depth, ends)
        return Walk(self, ends, self._by_place)

    def _walk_levels_numpy(self, x: Matrix) -> Walk:
        """:meth:`_walk_levels` with numpy: every row down every tree at once, level by level."""
        n, trees = x.shape[0], len(self.roots)
        cells = np.ascontiguousarray(x, dtype=np.float64)
        split_on, threshold, _ = self._levels
        # The first level splits every row on its tree's root: whole columns, compared at once.
        goes_left = cells.take(split_on[0], axis=1) <= threshold[0]
        at = (2 * np.arange(trees) + goes_left).ravel()
        cells = cells.ravel()
        row_start = np.repeat(np.arange(n) * x.shape[1], trees)
        # One buffer per quantity, reused level after level (a page's rows x trees is too big
        # for the allocator's small-block cache).
        where, cell, bound, left = np.empty_like(at), np.empty(at.shape), np.empty(at.shape), np.empty(at.shape, bool)
        for level in range(1, self.depth):
            np.add(split_on[level].take(at, mode="clip", out=where), row_start, out=where)
            cells.take(where, mode="clip", out=cell)
            np.less_equal(cell, threshold[level].take(at, mode="clip", out=bound), out=left)
            np.add(at, at, out=at)
            np.add(at, left, out=at)
        return Walk(self, at.reshape(n, trees), self._by_place)

    def _walk_nodes(self, x: Matrix) -> Walk:
        """:meth:`walk` node by node (for trees too deep for :attr:`_levels`): a row's next node
        is read off its node's children."""
        n, trees = x.shape[0], len(self.roots)
        cells = np.ascontiguousarray(x, dtype=np.float64)
        split_on, children, threshold = self._split_on, self._children, self.threshold
        # children[2k] is node k's right child, children[2k + 1] its left (taken when x <= threshold).
        roots = self.roots
        goes_left = cells.take(split_on[roots], axis=1) <= threshold[roots]
        node = children.take(2 * roots + goes_left, mode="clip").ravel()
        cells = cells.ravel()
        row_start = np.repeat(np.arange(n) * x.shape[1], trees)
        for _ in range(self.depth - 1):
            at = row_start + split_on.take(node, mode="clip")
            goes_left = cells.take(at, mode="clip") <= threshold.take(node, mode="clip")
            node = children.take(2 * node + goes_left, mode="clip")
        return Walk(self, node.reshape(n, trees), self._by_node)

    @cached_property
    def _levels(self) -> tuple[list[Ints], list[Matrix], Ints]:
        """The trees level by level: at level ``k`` each tree has ``2 ** k`` places (tree ``t``'s
        ``j``-th at ``t * 2 ** k + j``), a place's children at twice its index (right) and one
        more (left). Each level's split columns and thresholds, then the leaf at each place of
        the last level; a leaf above the last level fills its places below (both its children
        are itself), so whatever its rows compare, they reach it."""
        nodes = self.roots
        split_on: list[Ints] = []
        threshold: list[Matrix] = []
        for _ in range(self.depth):
            split_on.append(self._split_on[nodes])
            threshold.append(self.threshold[nodes])
            nodes = self._children.reshape(-1, 2)[nodes].ravel()
        return split_on, threshold, nodes

    @cached_property
    def _flat_levels(self) -> tuple[Ints, Matrix]:
        """:attr:`_levels`' split columns and thresholds, the levels one after another (what
        ``cleaners._walk`` reads)."""
        split_on, threshold, _ = self._levels
        return (
            np.ascontiguousarray(np.concatenate(split_on), dtype=np.int64),
            np.ascontiguousarray(np.concatenate(threshold), dtype=np.float64),
        )

    @cached_property
    def _paths(self) -> Ints:
        """Each node's path from its root, one node per level (``nodes x (depth + 1)``): its
        ancestors, then itself, repeated to the last level (a leaf is its own child)."""
        paths = np.zeros((len(self.feature), self.depth + 1), dtype=np.int64)
        internal = self.feature < len(self.names)
        todo = [(int(root), [int(root)]) for root in self.roots]
        while todo:
            node, path = todo.pop()
            paths[node] = path + [node] * (self.depth + 1 - len(path))
            if internal[node]:
                todo.extend((int(child), [*path, int(child)]) for child in (self.left[node], self.right[node]))
        return paths

    @cached_property
    def _path_splits(self) -> tuple[Ints, Matrix]:
        """For each leaf and level (``nodes x depth``): where the split at that level of the
        leaf's path lands in a row's per-level contributions (``level * width + feature``,
        ``width`` the features and the leaves' dummy column), and what it adds to the score
        (the next node's :attr:`_gain`)."""
        paths, width = self._paths, len(self.names) + 1
        return self.feature[paths[:, :-1]] + np.arange(self.depth) * width, self._gain[paths[:, 1:]]

    @cached_property
    def _by_node(self) -> Reading:
        """What a :class:`Walk` reads of the node a row reached: its value and :attr:`_path_splits`."""
        return Reading(self.value, *self._path_splits)

    @cached_property
    def _by_place(self) -> Reading:
        """:attr:`_by_node` of the leaf at each place of the last level (:attr:`_levels`): a walk
        that ends on places reads a leaf's value in one gather, not two (a place's leaf, then
        its value), and the same values, so the sums are the same."""
        leaves = self._levels[2]
        cell, gain = self._path_splits
        return Reading(self.value[leaves], cell[leaves], gain[leaves])

    @cached_property
    def _split_on(self) -> Ints:
        """The split feature of each node, a real column at leaves (both children are the leaf)."""
        return np.where(self.feature < len(self.names), self.feature, 0)

    @cached_property
    def _gain(self) -> Matrix:
        """Each node's value less its parent's: what the split above it adds to the score. A
        root has no parent (0); a leaf is its own child, but its column is the dummy one past
        the features, which :meth:`Walk.contributions` drops."""
        gain = np.zeros_like(self.value)
        internal = self.feature < len(self.names)
        for children in (self.left[internal], self.right[internal]):
            gain[children] = self.value[children] - self.value[internal]
        return gain

    @cached_property
    def _children(self) -> Ints:
        return np.stack([self.right, self.left], axis=1).ravel()


class Reading(NamedTuple):
    """Per leaf (or per place holding one): its value and its :attr:`Trees._path_splits`."""

    value: Matrix
    cell: Ints
    gain: Matrix


@dataclass(frozen=True)
class Walk:
    """Where each row ended in each tree (``rows x trees``): scores, and on demand the reasons
    behind them, from one walk down the forest."""

    forest: Trees
    ends: Ints
    """Where each row ended in each tree: its leaf, or the place of the last level that holds
    its leaf (``reading`` says which)."""
    reading: Reading
    """The leaves' values and path splits, indexed as :attr:`ends` is."""

    def margin(self) -> Matrix:
        """The raw score (log-odds of body) of each row."""
        return np.asarray(self.reading.value.take(self.ends, mode="clip").sum(axis=1) + self.forest.init)

    def probability(self) -> Matrix:
        return np.asarray(1.0 / (1.0 + np.exp(-self.margin())))

    def contributions(self, rows: list[int] | Ints) -> Matrix:
        """Each feature's share of the score of each of ``rows`` (Saabas: the value change at
        the splits on that feature, summed level by level, trees in order).

        One count for all levels: a row's cells are ``level x width``, each summed over the
        trees in order, then the levels added up in order.
        """
        forest, leaves = self.forest, self.ends[rows]
        m, depth, width = leaves.shape[0], forest.depth, len(forest.names) + 1
        _, cell, gain = self.reading
        cells = cell.take(leaves, axis=0, mode="clip") + (np.arange(m) * (depth * width))[:, None, None]
        weights = gain.take(leaves, axis=0, mode="clip")
        levels = np.bincount(cells.ravel(), weights.ravel(), minlength=m * depth * width).reshape(m, depth, width)
        out = np.zeros((m, width))
        for level in range(depth):
            out += levels[:, level]
        return out[:, :-1]


def layout_from_lightgbm(dump: dict[str, Any]) -> dict[str, Any]:
    """Flatten LightGBM's ``Booster.dump_model()`` into the shipped JSON layout."""
    dummy = len(dump["feature_names"])
    nodes: dict[str, list[Any]] = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}
    roots: list[int] = []
    depth = 0

    def add(tree: dict[str, Any], level: int) -> int:
        nonlocal depth
        depth = max(depth, level)
        at = len(nodes["feature"])
        for key in nodes:
            nodes[key].append(0)
        if "leaf_value" in tree:
            nodes["feature"][at], nodes["threshold"][at] = dummy, 0.0
            nodes["left"][at] = nodes["right"][at] = at
            nodes["value"][at] = tree["leaf_value"]
            return at
        if tree["decision_type"] != "<=":
            raise ValueError(f"unsupported split {tree['decision_type']!r}")
        nodes["feature"][at], nodes["threshold"][at] = tree["split_feature"], tree["threshold"]
        nodes["value"][at] = tree["internal_value"]
        nodes["left"][at] = add(tree["left_child"], level + 1)
        nodes["right"][at] = add(tree["right_child"], level + 1)
        return at

    for info in dump["tree_info"]:
        roots.append(add(info["tree_structure"], 0))
    return {
        "format": "presswash-forest-1",
        "names": dump["feature_names"],
        **nodes,
        "roots": roots,
        "depth": depth,
        "init": 0.0,
    }


def arrays(data: dict[str, Any]) -> dict[str, Any]:
    """The :class:`Trees` fields read from the JSON layout."""
    return {
        "feature": np.asarray(data["feature"], dtype=np.int64),
        "threshold": np.asarray(data["threshold"], dtype=np.float64),
        "left": np.asarray(data["left"], dtype=np.int64),
        "right": np.asarray(data["right"], dtype=np.int64),
        "value": np.asarray(data["value"], dtype=np.float64),
        "roots": np.asarray(data["roots"], dtype=np.int64),
        "depth": int(data["depth"]),
        "init": float(data["init"]),
        "names": tuple(data["names"]),
    }


def layout(t: Trees) -> dict[str, Any]:
    """The JSON layout of ``t`` (what :func:`trees` reads back)."""
    nodes = {k: getattr(t, k).tolist() for k in ("feature", "threshold", "left", "right", "value", "roots")}
    return {"names": list(t.names), **nodes, "depth": t.depth, "init": t.init}


def trees(data: dict[str, Any]) -> Trees:
    """Build the evaluator from the JSON layout."""
    return Trees(**arrays(data))
