"""Near-duplicate bodies across a run: syndicated copies of one story on several sites.

Each body becomes a set of word shingles (5 consecutive lower-cased ``\\w+`` words), summarised
by a MinHash of 128 permutations with a fixed seed. A MinHash LSH index (datasketch) proposes
candidate pairs from shared bands, so the work grows with the number of bodies, not with the
number of pairs; each candidate is then confirmed on the MinHash estimate of the Jaccard
similarity, and confirmed pairs are joined into clusters (connected components).

Why 5 words and 0.5: copies of one agency story re-edited by two outlets share about 0.8 of
their 5-word shingles (seeds 002 and 004), while different stories on the same news event
share under 0.2 (seeds 000 and 001); 0.5 sits well clear of both.

Pure: no I/O, deterministic (fixed seed, a stable hash, sorted output).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class NearDuplicateConfig:
    """How alike two bodies must be to count as copies of one article.

    >>> NearDuplicateConfig().threshold
    0.5
    """

    shingle_words: int = 5
    """Words per shingle: long enough that shared phrases of a news event do not match."""
    num_perm: int = 128
    """MinHash permutations: the Jaccard estimate's standard error is about 0.04."""
    threshold: float = 0.5
    """Estimated Jaccard similarity of the shingle sets at or above which two bodies are copies."""
    seed: int = 1
    """Seed of the MinHash permutations: fixed, so every run draws the same ones."""


DEFAULT_NEAR_DUPLICATES = NearDuplicateConfig()


def shingles(text: str, words: int = DEFAULT_NEAR_DUPLICATES.shingle_words) -> set[bytes]:
    """The distinct word shingles of ``text``, lower-cased; none when it is shorter than one shingle.

    >>> sorted(shingles("One two, three! Four", 3))
    [b'one two three', b'two three four']
    >>> shingles("Too short", 3)
    set()
    """
    tokens = [token.lower() for token in _WORD.findall(text)]
    return {" ".join(tokens[i : i + words]).encode("utf-8") for i in range(len(tokens) - words + 1)}


def _stable_hash(shingle: bytes) -> int:
    """CRC-32: stable across processes (unlike ``hash``) and far cheaper than SHA-1."""
    return zlib.crc32(shingle)


_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
"""MurmurHash3's 32-bit finalizer: shifts and multipliers (datasketch's ``_FMIX_CONSTANTS[32]``)."""


@cache
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations ``h -> a*h + b mod 2**32`` (``a`` odd) that datasketch's
    ``MinHash(num_perm, seed, scheme="affine32")`` draws: the same generator, the same draws."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def signature(found: Iterable[bytes], config: NearDuplicateConfig = DEFAULT_NEAR_DUPLICATES) -> np.ndarray:
    """The MinHash values (``uint32``, ``config.num_perm`` of them) of a non-empty set of
    shingles: datasketch's ``MinHash(..., hashfunc=crc32).update_batch(found).hashvalues`` value
    for value (its ``affine32`` scheme: each hash pre-mixed by MurmurHash3's finalizer, then
    permuted), computed here because importing datasketch imports SciPy (half a second of
    every ``presswash run``, for LSH parameters the run does not need). ``tests/test_near_duplicates.py``
    holds the two equal.
    """
    s1, m1, s2, m2, s3 = (np.uint32(c) for c in _FMIX32)
    hv = np.fromiter(map(_stable_hash, found), dtype=np.uint32).reshape(-1, 1)
    hv ^= hv >> s1
    hv *= m1
    hv ^= hv >> s2
    hv *= m2
    hv ^= hv >> s3
    a, b = _permutations(config.num_perm, config.seed)
    return np.asarray((hv * a + b).min(axis=0), dtype=np.uint32)


def signatures(
    bodies: Iterable[tuple[str, str]], config: NearDuplicateConfig = DEFAULT_NEAR_DUPLICATES
) -> dict[str, np.ndarray]:
    """:func:`signature` of each body that has at least one shingle, by id (identical bodies
    share one): :func:`minhashes`' values, without datasketch."""
    by_text: dict[str, np.ndarray | None] = {}
    found: dict[str, np.ndarray] = {}
    for key, text in bodies:
        if text not in by_text:
            shingled = shingles(text, config.shingle_words)
            by_text[text] = signature(shingled, config) if shingled else None
        values = by_text[text]
        if values is not None:
            found[key] = values
    return found


def minhashes(
    bodies: Iterable[tuple[str, str]], config: NearDuplicateConfig = DEFAULT_NEAR_DUPLICATES
) -> dict[str, MinHash]:
    """A MinHash per body that has at least one shingle, by id (identical bodies share one)."""
    # datasketch loads scipy and redis (about 2 s): imported when used, not by every `presswash clean`.
    from datasketch import MinHash

    template = MinHash(num_perm=config.num_perm, seed=config.seed, hashfunc=_stable_hash)
    by_text: dict[str, MinHash | None] = {}
    sketches: dict[str, MinHash] = {}
    for key, text in bodies:
        if text not in by_text:
            by_text[text] = _sketch(text, template, config)
        sketch = by_text[text]
        if sketch is not None:
            sketches[key] = sketch
    return sketches


def _sketch(text: str, template: MinHash, config: NearDuplicateConfig) -> MinHash | None:
    found = shingles(text, config.shingle_words)
    if not found:
        return None
    sketch = type(template)(
        num_perm=config.num_perm,
        permutations=template.permutations,
        scheme="affine32",
        hashfunc=_stable_hash,
        seed=config.seed,
    )
    sketch.update_batch(list(found))
    return sketch


def near_duplicate_clusters(
    bodies: Iterable[tuple[str, str]], config: NearDuplicateConfig = DEFAULT_NEAR_DUPLICATES
) -> list[list[str]]:
    """Clusters of two or more ids whose bodies are near-duplicates: each sorted, in sorted order.

    >>> story = "The council approved the new bridge over the river after a long debate on its cost. "
    >>> other = "A late goal gave the visitors the cup final, their first trophy in twenty years of trying. "
    >>> near_duplicate_clusters([("b", story * 3), ("a", story * 3 + "Updated at noon."), ("c", other * 3)])
    [['a', 'b']]
    """
    from datasketch import MinHashLSH

    sketches = minhashes(bodies, config)
    parent = {key: key for key in sketches}
    distinct = _join_identical(sketches, parent)
    index = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
    for key in distinct:
        index.insert(key, sketches[key])
    for key in distinct:
        for other in index.query(sketches[key]):
            if _root(parent, other) != _root(parent, key) and _alike(sketches[key], sketches[other], config):
                _join(parent, key, other)
    return _components(parent)


def _join_identical(sketches: dict[str, MinHash], parent: dict[str, str]) -> list[str]:
    """Join ids with identical sketches; return one id per distinct sketch, sorted.

    Exact copies (one story captured twice) would otherwise make every LSH query return the
    whole group, which is quadratic in the group's size.
    """
    first: dict[bytes, str] = {}
    for key in sorted(sketches):
        owner = first.setdefault(sketches[key].hashvalues.tobytes(), key)
        if owner != key:
            _join(parent, owner, key)
    return sorted(first.values())


def _alike(first: MinHash, second: MinHash, config: NearDuplicateConfig) -> bool:
    """Confirm an LSH candidate pair on the estimated Jaccard similarity (bands also let weaker pairs in)."""
    return bool(first.jaccard(second) >= config.threshold)


def _root(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def _join(parent: dict[str, str], a: str, b: str) -> None:
    first, second = sorted((_root(parent, a), _root(parent, b)))
    parent[second] = first


def _components(parent: dict[str, str]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for key in sorted(parent):
        groups.setdefault(_root(parent, key), []).append(key)
    return sorted(group for group in groups.values() if len(group) > 1)


def near_duplicates_by_id(clusters: Iterable[list[str]]) -> dict[str, list[str]]:
    """Each clustered id's near-duplicates: the other ids of its cluster, sorted.

    >>> near_duplicates_by_id([["a", "b", "c"]])
    {'a': ['b', 'c'], 'b': ['a', 'c'], 'c': ['a', 'b']}
    """
    return {key: [other for other in cluster if other != key] for cluster in clusters for key in cluster}
