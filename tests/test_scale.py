"""Scale: worker processes, near-duplicates over signatures, the signature store."""

from __future__ import annotations

import doctest
import random
import sqlite3
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from pathlib import Path

import pytest

import cleaners
from cleaners.near_duplicates import minhashes, near_duplicate_clusters
from flows.pipeline import near_duplicates, pool
from flows.pipeline import sweep as sweep_module
from flows.pipeline.discover import discover
from flows.pipeline.options import Limits, RunOptions
from flows.pipeline.pool import Done, Pool
from flows.pipeline.signatures import RunBook, Signed, open_signatures
from flows.pipeline.sites import learn_sites, open_store
from flows.pipeline.state import Seen
from flows.pipeline.sweep import sweep
from flows.pipeline.worker import CountBatch, signature_bytes
from tools.crashtest import build_corpus, visible_files

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def outputs(out: Path) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in visible_files(out).items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "drop"
    build_corpus(folder, 400)
    return folder


def test_worker_processes_write_what_one_process_writes(corpus: Path, tmp_path: Path) -> None:
    one = sweep(corpus, tmp_path / "one", RunOptions(workers=1, batch_size=50))
    two = sweep(corpus, tmp_path / "two", RunOptions(workers=2, batch_size=50))
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")
    assert [(o.capture, o.status, o.reason) for o in one.outcomes] == [
        (o.capture, o.status, o.reason) for o in two.outcomes
    ]
    assert one.clusters == two.clusters and one.clusters
    state = Path(".presswash/state.json")
    assert (tmp_path / "one" / state).read_bytes() == (tmp_path / "two" / state).read_bytes()
    # the workers read the lines the counting pass counts: the same store, the same profiles
    assert one.profiles == two.profiles and any(p.chrome for p in one.profiles.values())
    assert site_rows(tmp_path / "one") == site_rows(tmp_path / "two")


def site_rows(out: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(out / ".presswash" / "sites.sqlite")) as db:
        captures = db.execute("SELECT site, sha256 FROM captures ORDER BY site, sha256").fetchall()
        return captures + db.execute("SELECT site, line, captures FROM lines ORDER BY site, line").fetchall()


def test_pool_doctests() -> None:
    assert doctest.testmod(pool).failed == 0


def test_a_lost_worker_while_counting_is_counted_here(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    build_corpus(drop, 30)

    def lost(batch: CountBatch) -> Done[frozenset[str] | None]:
        raise BrokenProcessPool("a worker process died")

    broken = Pool(pool.in_process, 1, lost)
    with open_store(tmp_path / "lost.sqlite") as store:
        got = learn_sites(discover(drop), drop, store, pool=broken)
    with open_store(tmp_path / "here.sqlite") as store:
        assert learn_sites(discover(drop), drop, store) == got


def test_a_time_limit_holds_in_a_worker_process(tmp_path: Path) -> None:
    body = "The mayor said on Tuesday that the harbour bridge would close for a month while engineers repair it."
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Title\n\n" + f"{body}\n\n" * 40_000, "utf-8")
    (tmp_path / "in" / "b.txt").write_text(f"Title\n\n{body}\n", "utf-8")
    options = RunOptions(limits=Limits(max_seconds=0.5), workers=2, batch_size=1)
    slow, quick = sweep(tmp_path / "in", tmp_path / "out", options).outcomes
    assert slow.status == "failed" and "0.5-second limit" in str(slow.reason)
    assert quick.status == "processed"


def test_a_time_limit_holds_in_a_worker_forked_with_the_alarm_blocked(tmp_path: Path) -> None:
    """A library may block SIGALRM in the thread a worker is forked from; the limit still bites."""
    import signal

    body = "The mayor said on Tuesday that the harbour bridge would close for a month while engineers repair it."
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Title\n\n" + f"{body}\n\n" * 40_000, "utf-8")
    options = RunOptions(limits=Limits(max_seconds=0.5), workers=2, batch_size=1)
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        (slow,) = sweep(tmp_path / "in", tmp_path / "out", options).outcomes
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    assert slow.status == "failed" and "0.5-second limit" in str(slow.reason)


def seed_bodies() -> list[tuple[str, str]]:
    return [(p.stem, cleaners.clean_capture(p.read_bytes(), str(p)).text) for p in sorted(SEEDS.glob("*.txt"))]


def clusters_of(bodies: list[tuple[str, str]], out: Path) -> list[list[str]]:
    """The near-duplicate step's clusters over these bodies, their signatures filed in a store."""
    seen = Seen("0" * 64, cleaners.__version__)
    with open_signatures(out) as store:
        book = RunBook(store, 128)
        store.put((key, seen, Signed(signature_bytes(sketch.hashvalues))) for key, sketch in minhashes(bodies).items())
        book.add((key, key) for key, _ in bodies)
        return near_duplicates.signature_clusters(book)


def test_signature_clusters_are_the_cores_clusters(tmp_path: Path) -> None:
    rng = random.Random(3)
    words = [f"w{i}" for i in range(300)]
    stories = [" ".join(rng.choice(words) for _ in range(120)) for _ in range(40)]
    bodies = seed_bodies()
    for n, story in enumerate(stories):  # each story, plus an edited copy for every third one
        bodies.append((f"s{n:02}", story))
        if n % 3 == 0:
            bodies.append((f"s{n:02}-copy", story.replace("w1 ", "w2 ", 3) + " updated at noon"))
        if n % 7 == 0:
            bodies.append((f"s{n:02}-exact", story))
    found = clusters_of(bodies, tmp_path)
    assert found == near_duplicate_clusters(bodies)
    assert ["002_73e6032573160e8f", "004_a84a728f7977973e"] in found and len(found) > 10


def test_an_unchanged_rerun_links_near_duplicates_without_reading_a_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = sweep(SEEDS, tmp_path / "out")
    before = outputs(tmp_path / "out")

    def no_reading(*args: object) -> None:
        raise AssertionError("a record was read back")

    monkeypatch.setattr(near_duplicates, "_rewrite", no_reading)
    monkeypatch.setattr(sweep_module, "sign_record", no_reading)
    again = sweep(SEEDS, tmp_path / "out")
    assert {o.status for o in again.outcomes} == {"skipped"}
    assert again.clusters == first.clusters == [["002_73e6032573160e8f", "004_a84a728f7977973e"]]
    assert outputs(tmp_path / "out") == before


def test_outputs_of_an_older_run_without_signatures_are_signed_from_their_records(tmp_path: Path) -> None:
    first = sweep(SEEDS, tmp_path / "out")
    (tmp_path / "out" / ".presswash" / "signatures.sqlite").unlink()
    again = sweep(SEEDS, tmp_path / "out")
    assert {o.status for o in again.outcomes} == {"skipped"}
    assert again.clusters == first.clusters


def test_gzip_compressed_captures_are_read_decompressed(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "plain").mkdir()
    (tmp_path / "packed").mkdir()
    for seed in SEEDS.glob("*.txt"):
        (tmp_path / "plain" / seed.name).write_bytes(seed.read_bytes())
        (tmp_path / "packed" / f"{seed.name}.gz").write_bytes(gzip.compress(seed.read_bytes()))
    (tmp_path / "packed" / "broken.txt.gz").write_bytes(b"not gzip at all")
    plain = sweep(tmp_path / "plain", tmp_path / "out-plain")
    packed = sweep(tmp_path / "packed", tmp_path / "out-packed")
    bodies = {name: data for name, data in outputs(tmp_path / "out-plain").items() if name.endswith(".txt")}
    assert {n: d for n, d in outputs(tmp_path / "out-packed").items() if n.endswith(".txt")} == bodies
    (broken,) = packed.by_status("failed")
    assert broken.capture == "broken.txt.gz" and "not a readable gzip file" in str(broken.reason)
    assert packed.clusters == plain.clusters


@pytest.mark.parametrize("module", ["dataset", "near_duplicates", "discover"])
def test_doctests(module: str) -> None:
    """flows/ is outside pytest's doctest paths, so the examples of the modules added here run here."""
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(f"flows.pipeline.{module}")).failed == 0


def test_the_state_file_is_the_bytes_json_dumps_writes() -> None:
    import json
    from dataclasses import asdict

    from flows.pipeline.state import Seen, StateFragments, state_json

    rng = random.Random(5)
    names = ["a.txt", "caf\udce9.txt", "x\ny.txt", 'q"uote.txt', "日本.txt", "z\\b.txt"]
    fragments = StateFragments()
    for n in (0, 1, 7, 300, 300):
        state = {
            f"{rng.choice(names)}{i}": Seen(
                f"{i:064x}", "0.1", rng.choice(["", "ab"]), i % 5 > 0, rng.choice([None, 'bad "bytes"\n', "é"])
            )
            for i in range(n)
        }
        entries = {k: {f: x for f, x in asdict(v).items() if f != "failure" or x is not None} for k, v in state.items()}
        expected = json.dumps({"captures": entries}, indent=1, sort_keys=True) + "\n"
        assert state_json(state) == expected
        assert state_json(state, fragments) == expected
