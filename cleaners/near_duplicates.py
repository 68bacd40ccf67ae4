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
from typing import TYPE_CHECKING

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
        permutations=template.permutations, scheme="affine32", hashfunc=_stable_hash, seed=config.seed
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
