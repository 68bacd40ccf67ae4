"""Throughput of ``presswash run`` with one worker and with the default (all cores), back to back.

    python -m tools.bench_workers --captures 5000 --repeats 2

Builds a corpus (the crash test's: sites of generated articles and pages around the fixtures'
chrome, seed copies, a few bad captures; or ``--corpus DIR``), starts Prefect's server once, then
runs the flow over it into fresh output folders, alternating ``--workers 1`` and the default
(``--workers`` not given: all cores), ``--repeats`` times each. Reports captures/s of the whole
run and of the sweep inside it, the ratio, and whether every output file (bodies, records,
state and manifest facts) is byte-identical between the two settings. Machine load is shown
before each run, and the CPU seconds of the flow's process and of its workers: on a shared
machine, run it when the machine is quiet and repeat.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tools.bench_flow import start_prefect
from tools.crashtest import build_corpus, manifest_facts, visible_files


@dataclass(frozen=True)
class Run:
    workers: int | None
    captures: int
    wall: float
    sweep: float
    load: float
    cpu: float = 0.0
    """CPU seconds of this process (the flow's) during the run, user and system."""
    worker_cpu: float = 0.0
    """CPU seconds of the worker processes (ended with the run's pool)."""

    @property
    def label(self) -> str:
        return "default (all cores)" if self.workers is None else f"--workers {self.workers}"


def one_run(drop: Path, out: Path, workers: int | None) -> Run:
    from flows.pipeline.flow import run_once
    from flows.pipeline.options import RunOptions

    load = os.getloadavg()[0]
    before = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    manifest = run_once(drop, out, RunOptions(workers=workers))
    wall = time.perf_counter() - start
    cpu, worker_cpu = _cpu(resource.RUSAGE_SELF) - before[0], _cpu(resource.RUSAGE_CHILDREN) - before[1]
    return Run(workers, manifest["counts"]["captures"], wall, manifest["seconds"]["total"], load, cpu, worker_cpu)


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def same_outputs(first: Path, second: Path) -> list[str]:
    """Differences between two output folders: files, the state, the manifest's facts."""
    a, b = visible_files(first), visible_files(second)
    problems = [f"only in one: {name}" for name in sorted(a.keys() ^ b.keys())]
    problems += [f"differs: {n}" for n in sorted(a.keys() & b.keys()) if a[n].read_bytes() != b[n].read_bytes()]
    state = ".presswash/state.json"
    if (first / state).read_bytes() != (second / state).read_bytes():
        problems.append("state.json differs")
    if manifest_facts(first / ".presswash/manifest.json") != manifest_facts(second / ".presswash/manifest.json"):
        problems.append("the manifests disagree")
    return problems


def render(runs: list[Run], problems: list[str], files: int) -> str:
    lines = [
        f"{'':22} {'captures':>8} {'load':>5} {'run s':>7} {'run c/s':>8} {'sweep s':>8} {'sweep c/s':>9}"
        f" {'flow cpu s':>10} {'worker cpu s':>12}"
    ]
    for run in runs:
        lines.append(
            f"{run.label:22} {run.captures:8} {run.load:5.1f} {run.wall:7.1f} {run.captures / run.wall:8.0f} "
            f"{run.sweep:8.1f} {run.captures / run.sweep:9.0f} {run.cpu:10.1f} {run.worker_cpu:12.1f}"
        )
    one = [r for r in runs if r.workers == 1]
    default = [r for r in runs if r.workers is None]
    for what, attr in (("whole run", "wall"), ("sweep", "sweep")):
        ratio = statistics.median(getattr(r, attr) for r in one) / statistics.median(getattr(r, attr) for r in default)
        lines.append(f"default vs --workers 1, {what}: {ratio:.2f}x the throughput (median of {len(one)} each)")
    verdict = "byte-identical" if not problems else f"{len(problems)} DIFFERENCES: {problems[:5]}"
    lines.append(f"outputs ({files} files each): {verdict}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench_workers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--captures", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--corpus", type=Path, help="a folder of captures instead of the generated corpus")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="presswash-bench-workers-"))
    try:
        drop = args.corpus or work / "drop"
        if args.corpus is None:
            build_corpus(drop, args.captures)
        print(f"Prefect server up in {start_prefect():.1f} s", flush=True)
        runs: list[Run] = []
        for repeat in range(args.repeats):
            for workers in (1, None):
                out = work / f"out-{workers or 'default'}"
                shutil.rmtree(out, ignore_errors=True)
                runs.append(one_run(drop, out, workers))
                print(f"round {repeat + 1}: {runs[-1].label}: {runs[-1].wall:.1f} s", flush=True)
        problems = same_outputs(work / "out-1", work / "out-default")
        print(render(runs, problems, len(visible_files(work / "out-1"))), end="")
        return 1 if problems else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
