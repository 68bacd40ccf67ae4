"""The near-duplicate step: LSH over the run's body signatures, then the records' lists.

Workers sign each body as they clean it (``flows.pipeline.worker``); unchanged captures bring
their signature from the store (``flows.pipeline.signatures``). Here, at the end of the run, the
signatures of every record of the run (the unchanged ones too) are banded as datasketch's
``MinHashLSH`` bands them (same threshold, same bands and rows), candidate pairs that share a band
are confirmed on the estimated Jaccard similarity and joined into clusters: the clusters
``cleaners.near_duplicates.near_duplicate_clusters`` finds over the same bodies, without
re-reading a record or holding the bodies or the signatures in memory (they stay in SQLite).

A record is named by its capture's path below the input folder without its suffix (``a/b.txt``
-> ``a/b``). Only records whose ``near_duplicates`` change are read and rewritten (atomically,
several at once), so a re-run over unchanged input changes no byte.
"""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from cleaners import Article
from cleaners.near_duplicates import DEFAULT_NEAR_DUPLICATES, NearDuplicateConfig, near_duplicates_by_id
from flows.pipeline.signatures import RunBook, SignatureStore
from flows.pipeline.writer import record_json, scratch_dir, write_atomic

WRITERS = 8
"""Threads rewriting records: each rewrite is fsynced before its rename, and the disk completes
several fsyncs in the time of one (a run whose copies of one story all gain links waited for
them one by one)."""


DEFAULT_BANDS = (25, 5)
"""What datasketch's ``MinHashLSH`` picks for :data:`DEFAULT_NEAR_DUPLICATES` (threshold 0.5, 128
permutations), pinned: it finds them by numerical integration with SciPy, whose import costs every
run half a second; ``tests/test_near_duplicates.py`` holds the pin to datasketch's own choice."""


def bands(config: NearDuplicateConfig) -> tuple[int, int]:
    """Bands and rows per band: what datasketch's ``MinHashLSH`` picks for the threshold.

    >>> bands(DEFAULT_NEAR_DUPLICATES)
    (25, 5)
    """
    if config == DEFAULT_NEAR_DUPLICATES:
        return DEFAULT_BANDS
    return lsh_bands(config)


def lsh_bands(config: NearDuplicateConfig) -> tuple[int, int]:
    """datasketch's own choice of bands and rows for ``config`` (it imports SciPy)."""
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
    return int(index.b), int(index.r)


def signature_clusters(book: RunBook, config: NearDuplicateConfig = DEFAULT_NEAR_DUPLICATES) -> list[list[str]]:
    """Clusters of two or more keys whose signatures (the run's records in ``book``) are near-duplicates.

    Each cluster sorted, clusters in sorted order. Identical signatures are joined first, so exact
    copies (one story captured many times) never make a bucket quadratic. The signatures stay in
    SQLite: each band's buckets are grouped there, and only the members of a shared bucket are
    read to confirm them.
    """
    parent = list(range(book.index() + 1))  # records are numbered from 1
    for group in book.identical():
        for i in group[1:]:
            _join(parent, group[0], i)
    b, r = bands(config)
    for band in range(b):
        for members in book.buckets(band * r, r):
            _confirm(parent, book.values(members), members, config)
    return _components(parent, book)


def _confirm(parent: list[int], values: np.ndarray, members: list[int], config: NearDuplicateConfig) -> None:
    """Join the members of one bucket (``values``: their signatures, row by row) whose estimated
    Jaccard similarity reaches the threshold."""
    for n, i in enumerate(members):
        for m in range(n + 1, len(members)):
            j = members[m]
            if _root(parent, i) != _root(parent, j) and _jaccard(values[n], values[m]) >= config.threshold:
                _join(parent, i, j)


def _jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """The MinHash estimate, as datasketch's ``MinHash.jaccard`` computes it."""
    return float(np.count_nonzero(first == second)) / float(len(first))


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _join(parent: list[int], a: int, b: int) -> None:
    first, second = sorted((_root(parent, a), _root(parent, b)))
    parent[second] = first


def _components(parent: list[int], book: RunBook) -> list[list[str]]:
    roots = Counter(_root(parent, i) for i in range(1, len(parent)))
    groups: dict[int, list[str]] = {}
    for i, key in book.numbered():
        root = _root(parent, i)
        if roots[root] > 1:
            groups.setdefault(root, []).append(key)
    return sorted(sorted(group) for group in groups.values())


def link_near_duplicates(
    book: RunBook, out_dir: Path, store: SignatureStore, config: NearDuplicateConfig = DEFAULT_NEAR_DUPLICATES
) -> list[list[str]]:
    """Cluster the run's signatures; rewrite the records whose ``near_duplicates`` change; return the clusters."""
    clusters = signature_clusters(book, config)
    wanted = near_duplicates_by_id(clusters)
    linked = book.linked()
    changed = [key for key in sorted(wanted.keys() | linked.keys()) if list(linked.get(key, ())) != wanted.get(key, [])]

    def rewrite(key: str) -> bool:
        return _rewrite(out_dir / f"{key}.json", wanted.get(key, []), out_dir)

    with ThreadPoolExecutor(WRITERS, thread_name_prefix="presswash-link") as writers:
        for key, rewritten in zip(changed, writers.map(rewrite, changed), strict=True):
            if rewritten:
                store.set_linked(book.capture(key), wanted.get(key, []))
    return clusters


def _rewrite(path: Path, ids: list[str], out_dir: Path) -> bool:
    """Write ``ids`` into the record at ``path``; False when it is gone or broken (the next run cleans it)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        article = Article.model_validate(record).model_copy(update={"near_duplicates": ids})
    except (OSError, ValueError):
        return False
    write_atomic(path, record_json(article), scratch_dir(out_dir))
    return True
