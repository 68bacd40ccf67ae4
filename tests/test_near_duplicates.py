"""Near-duplicates across a run: MinHash LSH over the clean bodies, written into the records."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import cleaners
from cleaners.near_duplicates import NearDuplicateConfig, near_duplicate_clusters
from flows.pipeline.manifest import build_manifest
from flows.pipeline.report import summary_markdown
from flows.pipeline.sweep import sweep

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
CNN_ON_TWO_SITES = ["002_73e6032573160e8f", "004_a84a728f7977973e"]


def seed_bodies() -> list[tuple[str, str]]:
    return [(p.stem, cleaners.clean_capture(p.read_bytes(), str(p)).text) for p in sorted(SEEDS.glob("*.txt"))]


def records(out: Path) -> dict[str, dict[str, object]]:
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(out.glob("*.json"))}


def test_seeds_002_and_004_are_one_cluster_and_no_other_seed_joins_them() -> None:
    assert near_duplicate_clusters(seed_bodies()) == [CNN_ON_TWO_SITES]


def test_clusters_do_not_depend_on_input_order() -> None:
    bodies = seed_bodies()
    assert near_duplicate_clusters(reversed(bodies)) == near_duplicate_clusters(bodies)


@pytest.mark.parametrize("threshold", [0.4, 0.6])
def test_the_seed_cluster_holds_across_thresholds(threshold: float) -> None:
    assert near_duplicate_clusters(seed_bodies(), NearDuplicateConfig(threshold=threshold)) == [CNN_ON_TWO_SITES]


def test_short_and_empty_bodies_are_never_near_duplicates() -> None:
    assert near_duplicate_clusters([("a", ""), ("b", ""), ("c", "Too short"), ("d", "Too short")]) == []


def test_exact_copies_cluster_without_comparing_every_pair() -> None:
    story = " ".join(f"word{i}" for i in range(60))
    assert near_duplicate_clusters([(f"copy{i:03}", story) for i in range(300)]) == [
        [f"copy{i:03}" for i in range(300)]
    ]


def test_a_run_writes_near_duplicates_into_records_manifest_and_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = sweep(SEEDS, out)
    assert result.clusters == [CNN_ON_TWO_SITES]
    written = records(out)
    first, second = CNN_ON_TWO_SITES
    assert written[first]["near_duplicates"] == [second]
    assert written[second]["near_duplicates"] == [first]
    assert all(r["near_duplicates"] == [] for key, r in written.items() if key not in CNN_ON_TWO_SITES)
    assert build_manifest(result)["near_duplicates"] == [CNN_ON_TWO_SITES]
    assert f"| 2 | `{first}`, `{second}` |" in summary_markdown(result)


def test_near_duplicates_follow_the_input_and_reruns_change_no_byte(tmp_path: Path) -> None:
    drop, out = tmp_path / "drop", tmp_path / "out"
    drop.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (drop / seed.name).write_bytes(seed.read_bytes())
    sweep(drop, out)
    before = {p.name: p.read_bytes() for p in out.glob("*.*") if p.is_file()}
    again = sweep(drop, out)
    assert {o.status for o in again.outcomes} == {"skipped"}
    assert {p.name: p.read_bytes() for p in out.glob("*.*") if p.is_file()} == before
    (drop / f"{CNN_ON_TWO_SITES[1]}.txt").unlink()
    assert sweep(drop, out).clusters == []
    assert records(out)[CNN_ON_TWO_SITES[0]]["near_duplicates"] == []


def test_signatures_are_datasketchs_minhash_values() -> None:
    """The run's own MinHash values equal datasketch's MinHash (affine32, crc32) value for value,
    on the seeds' bodies, on bodies of every script and shingle count, and for other
    permutation counts and seeds; identical bodies share one signature, short ones get none."""
    import numpy as np
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cleaners.near_duplicates import minhashes, signatures

    def same(bodies: list[tuple[str, str]], config: NearDuplicateConfig) -> None:
        ours, theirs = signatures(bodies, config), minhashes(bodies, config)
        assert ours.keys() == theirs.keys()
        for key, sketch in theirs.items():
            assert ours[key].dtype == np.uint32
            assert np.array_equal(ours[key], sketch.hashvalues)

    seeds = seed_bodies()
    same([*seeds, ("copy", seeds[0][1]), ("short", "Too short to sign.")], NearDuplicateConfig())
    assert "short" not in signatures([("short", "Too short to sign.")])

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(st.text(min_size=0, max_size=300), min_size=1, max_size=4),
        st.sampled_from([1, 16, 128, 256]),
        st.integers(0, 2**32 - 1),
    )
    def holds(texts: list[str], num_perm: int, seed: int) -> None:
        same([(str(k), t) for k, t in enumerate(texts)], NearDuplicateConfig(num_perm=num_perm, seed=seed))

    holds()


def test_the_pinned_lsh_bands_are_datasketchs_choice() -> None:
    """A run bands signatures without importing datasketch (and SciPy) for the default config:
    the pinned bands are what datasketch's MinHashLSH picks; other configs ask it."""
    from flows.pipeline.near_duplicates import DEFAULT_BANDS, bands, lsh_bands

    assert lsh_bands(NearDuplicateConfig()) == DEFAULT_BANDS == bands(NearDuplicateConfig())
    assert bands(NearDuplicateConfig(threshold=0.8)) == lsh_bands(NearDuplicateConfig(threshold=0.8)) != DEFAULT_BANDS


def test_a_run_does_not_import_datasketch(fresh_python: Callable[[str], str]) -> None:
    """Signing and banding a run's bodies loads neither datasketch nor SciPy (half a second)."""
    script = (
        "import sys\n"
        "from flows.pipeline import flow\n"
        "from flows.pipeline.worker import sign, Cleaned\n"
        "from flows.pipeline.near_duplicates import bands\n"
        "from flows.pipeline.near_duplicates import DEFAULT_NEAR_DUPLICATES as D\n"
        "body = 'The council approved the new bridge over the river after a long debate. ' * 3\n"
        "done = sign([Cleaned('a', 'processed', 0.0)], [('a', body)])\n"
        "print(done[0].signature is not None, bands(D), 'datasketch' in sys.modules, 'scipy' in sys.modules)\n"
    )
    assert fresh_python(script).split() == ["True", "(25,", "5)", "False", "False"]
