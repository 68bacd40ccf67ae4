"""Near-duplicates across a run: MinHash LSH over the clean bodies, written into the records."""

from __future__ import annotations

import json
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
