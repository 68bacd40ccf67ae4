"""Kill a sweep with SIGKILL at random points, run it again, and check nothing was lost.

``python -m tools.crashtest`` builds a corpus of a few thousand captures (sites of generated
articles around the bundled fixtures' chrome, plus copies of the seed captures, so that site
learning and near-duplicate linking have work to do), sweeps it once without interruption
into a reference folder, then, round after round, sweeps it into a fresh folder, killing
the sweep (a subprocess) at a random moment and starting it again until one run finishes.
After every kill it checks what a reader would see; after every round, that the outputs are
byte for byte the reference's, that no temporary file is left, and that the state, the
manifest and the site store agree with the reference. It stops after ``--kills`` kills.

The sweep is the plain one (``flows.pipeline.sweep``, no Prefect): the Prefect flow runs the same code.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SITES = 12
SEED_EVERY = 60
"""One capture in this many is a copy of a seed capture (near-duplicates of each other)."""
CHROME_EVERY = 97
"""One in this many is a 'page not found' page: no article, nothing written."""
BINARY_EVERY = 211
"""One in this many is binary data with a text name: it fails with its reason."""

_NOUNS = [
    "mayor",
    "council",
    "bridge",
    "harbour",
    "school",
    "river",
    "budget",
    "station",
    "market",
    "hospital",
    "library",
    "court",
    "museum",
]
_VERBS = ["close", "repair", "fund", "inspect", "rebuild", "open", "extend", "review", "expand", "protect"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_PLACES = ["Riverside", "Northgate", "Eastbrook", "Millbank", "Stonehaven", "Westfield", "Kingsport", "Ashford"]


@dataclass
class Tally:
    """What the crash test did and found."""

    rounds: int = 0
    kills: int = 0
    runs: int = 0
    """Sweeps started, killed or not."""
    checks: int = 0
    """Looks at what a reader would see, one after each kill."""
    compared: int = 0
    """Files compared byte for byte with the reference."""
    problems: list[str] = field(default_factory=list)


def sentence(rng: random.Random) -> str:
    """One generated sentence of news prose."""
    noun, other, verb = rng.choice(_NOUNS), rng.choice(_NOUNS), rng.choice(_VERBS)
    place, day, weeks = rng.choice(_PLACES), rng.choice(_DAYS), rng.randint(2, 60)
    return (
        f"The {noun} in {place} said on {day} that it would {verb} the {other} "
        f"within {weeks} weeks, after {rng.randint(3, 900)} residents signed a petition."
    )


def article(rng: random.Random, site: int, number: int) -> str:
    """A text capture: the site's chrome around a generated article."""
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 7))]
    head = [f"Site {site} News", "Home", "World", "Sport", "Sign in", ""]
    title = f"{rng.choice(_PLACES)} {rng.choice(_NOUNS)} to {rng.choice(_VERBS)} the {rng.choice(_NOUNS)} ({number})"
    foot = ["", "Read more", f"© 2024 Site {site} News. All rights reserved.", "Privacy policy"]
    return "\n".join([*head, title, "", "\n\n".join(paragraphs), *foot]) + "\n"


def page(rng: random.Random, site: int, number: int) -> str:
    """An HTML capture: the same kind of article as a web page."""
    paragraphs = "".join(f"<p>{' '.join(sentence(rng) for _ in range(3))}</p>" for _ in range(rng.randint(3, 6)))
    title = f"{rng.choice(_PLACES)} {rng.choice(_NOUNS)} works ({number})"
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/w'>World</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>© 2024 Site {site} News</footer></body></html>\n"
    )


def build_corpus(folder: Path, count: int, seed: int = 1) -> int:
    """Write ``count`` captures below ``folder``; return how many were written."""
    rng = random.Random(seed)
    seeds = sorted((FIXTURES / "seeds").glob("*.txt"))
    for number in range(count):
        site = number % SITES
        target = folder / f"site{site:02}.example"
        target.mkdir(parents=True, exist_ok=True)
        if number % BINARY_EVERY == BINARY_EVERY - 1:
            (target / f"{number:05}.txt").write_bytes(bytes(rng.randrange(256) for _ in range(2000)))
        elif number % CHROME_EVERY == CHROME_EVERY - 1:
            (target / f"{number:05}.txt").write_text(f"Site {site} News\nHome\nPage not found\nSign in\n", "utf-8")
        elif seeds and number % SEED_EVERY == 0:
            source = seeds[(number // SEED_EVERY) % len(seeds)]
            (target / f"{number:05}-{source.name}").write_bytes(source.read_bytes())
        elif number % 5 == 0:
            (target / f"{number:05}.html").write_text(page(rng, site, number), "utf-8")
        else:
            (target / f"{number:05}.txt").write_text(article(rng, site, number), "utf-8")
    return count


WORKERS = 1
"""Processes cleaning batches in each sweep (``--workers``); the sweep process writes."""


def sweep_command(input_dir: Path, out_dir: Path, workers: int = WORKERS) -> list[str]:
    command = [sys.executable, "-m", "tools.crashtest", "--sweep", str(input_dir), str(out_dir)]
    return [*command, "--workers", str(workers)]


def run_sweep(input_dir: Path, out_dir: Path, workers: int = WORKERS) -> None:
    """The sweep killed: one plain sweep plus its manifest, as ``presswash run`` does without Prefect."""
    from flows.pipeline.manifest import write_manifest
    from flows.pipeline.options import RunOptions
    from flows.pipeline.sweep import sweep

    result = sweep(input_dir, out_dir, RunOptions(wait=True, workers=workers))
    write_manifest(out_dir, result)


def timed_run(input_dir: Path, out_dir: Path, workers: int = WORKERS) -> float:
    start = time.perf_counter()
    command = sweep_command(input_dir, out_dir, workers)
    subprocess.run(command, check=True, cwd=Path(__file__).resolve().parent.parent)
    return time.perf_counter() - start


def start_sweep(input_dir: Path, out_dir: Path, workers: int = WORKERS) -> subprocess.Popen[bytes]:
    command = sweep_command(input_dir, out_dir, workers)
    return subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent, start_new_session=True)


def visible_files(out_dir: Path) -> dict[str, Path]:
    """Every file a reader of the articles sees: all but the run's own hidden folder."""
    found: dict[str, Path] = {}
    for folder, dirs, files in os.walk(out_dir):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not (here == out_dir and d == ".presswash")]
        for name in files:
            path = here / name
            found[path.relative_to(out_dir).as_posix()] = path
    return found


def check_reader_view(out_dir: Path, reference: dict[str, bytes], tally: Tally, when: str) -> None:
    """After a kill: no stray or partial file; bodies final, records complete (their near-duplicate
    lists may still be the ones from before linking)."""
    tally.checks += 1
    for name, path in visible_files(out_dir).items():
        data = path.read_bytes()
        if name not in reference:
            tally.problems.append(f"{when}: unexpected file {name} (a temporary or stray file)")
        elif name.endswith(".json"):
            if _without_links(data) != _without_links(reference[name]):
                tally.problems.append(f"{when}: {name} is not a complete record")
        elif data != reference[name]:
            tally.problems.append(f"{when}: {name} differs from the reference (a partial body)")


def _without_links(data: bytes) -> Any:
    try:
        record = json.loads(data)
    except ValueError:
        return None
    record.pop("near_duplicates", None)
    return record


def compare_round(out_dir: Path, ref_dir: Path, reference: dict[str, bytes], tally: Tally, when: str) -> None:
    """After a round's last run: outputs, state, site store and manifest as the reference's."""
    seen = {name: path.read_bytes() for name, path in visible_files(out_dir).items()}
    tally.compared += len(seen)
    if seen.keys() != reference.keys():
        missing, extra = sorted(reference.keys() - seen.keys()), sorted(seen.keys() - reference.keys())
        tally.problems.append(f"{when}: missing {missing[:5]}, extra {extra[:5]}")
    tally.problems += [f"{when}: {name} differs" for name in sorted(seen) if seen[name] != reference.get(name)]
    run_dir, ref_run = out_dir / ".presswash", ref_dir / ".presswash"
    if (run_dir / "state.json").read_bytes() != (ref_run / "state.json").read_bytes():
        tally.problems.append(f"{when}: state.json differs from the reference")
    if site_rows(run_dir / "sites.sqlite") != site_rows(ref_run / "sites.sqlite"):
        tally.problems.append(f"{when}: sites.sqlite differs from the reference")
    if manifest_facts(run_dir / "manifest.json") != manifest_facts(ref_run / "manifest.json"):
        tally.problems.append(f"{when}: the manifest disagrees with the reference")
    leftovers = [p.name for p in (run_dir / "tmp").glob("*")] if (run_dir / "tmp").is_dir() else []
    if leftovers:
        tally.problems.append(f"{when}: temporary files left in .presswash/tmp: {leftovers[:5]}")


def site_rows(path: Path) -> tuple[list[Any], list[Any]]:
    with sqlite3.connect(path) as db:
        captures = db.execute("SELECT site, sha256 FROM captures ORDER BY 1, 2").fetchall()
        lines = db.execute("SELECT site, line, captures FROM lines ORDER BY 1, 2").fetchall()
    return captures, lines


def manifest_facts(path: Path) -> dict[str, Any]:
    """What a finished run's manifest must say whatever runs came before it."""
    manifest = json.loads(path.read_text("utf-8"))
    tally = manifest["counts"]
    # A capture that failed in a killed run is a known failure in the next: same capture, same reason.
    failures = manifest["failed"] + [
        {"capture": e["capture"], "reason": e["reason"]} for e in manifest["known_failures"]
    ]
    return {
        "captures": tally["captures"],
        "accounted": sum(tally[key] for key in ("processed", "skipped", "no_article", "failed", "known_failures")),
        "failed": sorted(failures, key=lambda entry: str(entry["capture"])),
        "near_duplicates": manifest["near_duplicates"],
    }


def crash_rounds(input_dir: Path, work: Path, kills: int, seed: int, log: bool = True, workers: int = WORKERS) -> Tally:
    """Kill, re-run and compare until ``kills`` kills have been made.

    The reference run uses one process; the killed sweeps use ``workers``, so their outputs are
    also compared with a run that had no worker processes.
    """
    rng, tally = random.Random(seed), Tally()
    ref_dir = work / "reference"
    full = timed_run(input_dir, ref_dir, 1)
    reference = {name: path.read_bytes() for name, path in visible_files(ref_dir).items()}
    _say(log, f"reference run: {len(reference)} files in {full:.1f} s")
    reported = 0
    while tally.kills < kills:
        tally.rounds += 1
        out_dir = work / f"round{tally.rounds}"
        for kill in _kills_until_done(input_dir, out_dir, full, rng, tally, workers):
            check_reader_view(out_dir, reference, tally, f"round {tally.rounds}, after kill {kill}")
        compare_round(out_dir, ref_dir, reference, tally, f"round {tally.rounds}")
        _say(log, f"round {tally.rounds}: {tally.kills} kills so far, {len(tally.problems)} problems")
        for problem in tally.problems[reported:]:
            _say(log, f"  {problem}")
        reported = len(tally.problems)
        shutil.rmtree(out_dir)
    return tally


def _kills_until_done(
    input_dir: Path, out_dir: Path, full: float, rng: random.Random, tally: Tally, workers: int = WORKERS
) -> Iterator[float]:
    """Start the sweep, kill it at a random moment; again, until a run finishes on its own.

    The kill takes the sweep's whole process group: the sweep and its worker processes at once,
    as a machine losing power or an OOM kill of the job would.
    """
    while True:
        delay = rng.uniform(0.0, full * 1.1)
        process = start_sweep(input_dir, out_dir, workers)
        tally.runs += 1
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            tally.kills += 1
            yield round(delay, 2)
            continue
        if process.returncode != 0:
            tally.problems.append(f"a sweep exited with {process.returncode}")
        return


def _say(log: bool, message: str) -> None:
    if log:
        print(f"crashtest: {message}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.crashtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--captures", type=int, default=3000, help="captures in the corpus (default 3000)")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs to make in all (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the corpus and of the kill times")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--workers", type=int, default=WORKERS, help="processes cleaning batches per sweep (default 1)")
    parser.add_argument("--sweep", nargs=2, type=Path, metavar=("INPUT", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sweep:
        run_sweep(*args.sweep, workers=args.workers)
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="presswash-crashtest-"))
    try:
        build_corpus(work / "input", args.captures, args.seed)
        tally = crash_rounds(work / "input", work, args.kills, args.seed, workers=args.workers)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"crashtest: {args.captures} captures, {args.workers} worker(s), "
        f"{tally.kills} kills in {tally.rounds} rounds, {tally.runs} runs; "
        f"{tally.checks} reader checks after kills, {tally.compared} files compared with the reference: "
        + ("all identical, nothing left over" if not tally.problems else f"{len(tally.problems)} PROBLEMS")
    )
    for problem in tally.problems[:20]:
        print(f"  {problem}")
    return 1 if tally.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
