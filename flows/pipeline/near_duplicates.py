"""The near-duplicate step: LSH over the run's body signatures, then the records' lists.

Workers sign each body as they clean it (``flows.pipeline.worker``); unchanged captures bring
their signature from the store (``flows.pipeline.signatures``). Here, at the end of the run, the
signatures of every record of the run (the unchanged ones too) are banded as datasketch's
``MinHashLSH`` bands them (same threshold, same bands and rows), candidate pairs that share a band
are confirmed on the estimated Jaccard similarity and joined into clusters: the clusters
``cleaners.near_duplicates.near_duplicate_clusters`` finds over the same bodies, without
re-reading a record or holding the bodies (one band's buckets at a time, 512 bytes per record).

A record is named by its capture's path below the input folder without its suffix (``a/b.txt``
-> ``a/b``). Only records whose ``near_duplicates`` change are read and rewritten (atomically),
so a re-run over unchanged input changes no byte.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from datasketch import MinHashLSH

from cleaners import Article
from cleaners.near_duplicates import DEFAULT_NEAR_DUPLICATES, NearDuplicateConfig, near_duplicates_by_id
from flows.pipeline.signatures import SignatureBook, SignatureStore
from flows.pipeline.writer import record_json, scratch_dir, write_atomic


def bands(config: NearDuplicateConfig) -> tuple[int, int]:
    """Bands and rows per band: what datasketch's ``MinHashLSH`` picks for the threshold.

    >>> bands(DEFAULT_NEAR_DUPLICATES)
    (25, 5)
    """
    index = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
    return int(index.b), int(index.r)


def signature_clusters(
    keys: list[str], values: np.ndarray, config: NearDuplicateConfig = DEFAULT_NEAR_DUPLICATES
) -> list[list[str]]:
    """Clusters of two or more keys whose signatures (rows of ``values``) are near-duplicates.

    Each cluster sorted, clusters in sorted order. Identical signatures are joined first, so exact
    copies (one story captured many times) never make a bucket quadratic.
    """
    order = sorted(range(len(keys)), key=keys.__getitem__)
    parent = list(range(len(keys)))
    distinct: list[int] = []
    first: dict[bytes, int] = {}
    for i in order:
        owner = first.setdefault(values[i].tobytes(), i)
        if owner == i:
            distinct.append(i)
        else:
            _join(parent, owner, i)
    b, r = bands(config)
    for band in range(b):
        buckets: dict[bytes, list[int]] = {}
        for i in distinct:
            buckets.setdefault(values[i, band * r : (band + 1) * r].tobytes(), []).append(i)
        for members in buckets.values():
            _confirm(parent, values, members, config)
    return _components(parent, keys)


def _confirm(parent: list[int], values: np.ndarray, members: list[int], config: NearDuplicateConfig) -> None:
    """Join the members of one bucket whose estimated Jaccard similarity reaches the threshold."""
    for n, i in enumerate(members):
        for j in members[n + 1 :]:
            if _root(parent, i) != _root(parent, j) and _jaccard(values[i], values[j]) >= config.threshold:
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


def _components(parent: list[int], keys: list[str]) -> list[list[str]]:
    groups: dict[int, list[str]] = {}
    for i in range(len(keys)):
        groups.setdefault(_root(parent, i), []).append(keys[i])
    return sorted(sorted(group) for group in groups.values() if len(group) > 1)


def link_near_duplicates(
    book: SignatureBook, out_dir: Path, store: SignatureStore, config: NearDuplicateConfig = DEFAULT_NEAR_DUPLICATES
) -> list[list[str]]:
    """Cluster the run's signatures; rewrite the records whose ``near_duplicates`` change; return the clusters."""
    clusters = signature_clusters(book.keys, book.matrix(), config)
    wanted = near_duplicates_by_id(clusters)
    for key in sorted(wanted.keys() | book.linked.keys()):
        ids = wanted.get(key, [])
        if list(book.linked.get(key, ())) != ids and _rewrite(out_dir / f"{key}.json", ids, out_dir):
            store.set_linked(book.records[key], ids)
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
