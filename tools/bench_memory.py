"""Peak memory of ``presswash run`` as the number of captures grows.

    python -m tools.bench_memory --captures 5000 50000

For each size, builds the crash test's corpus of that many captures, runs ``presswash run`` over
it (default settings: all cores) in a fresh output folder, and samples every 0.2 s the resident
memory (RSS) of the run process, of each worker process it forked, and of the Prefect server it
started (reported apart: it is Prefect's, and its database grows with the task runs). Prints the
peaks per size and the growth from the first size to each later one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tools.crashtest import build_corpus

MB = 1024 * 1024


@dataclass
class Peaks:
    captures: int
    run: int = 0
    worker: int = 0
    server: int = 0
    seconds: float = 0.0
    workers_seen: set[int] = field(default_factory=set)


def _is_server(process: psutil.Process) -> bool:
    try:
        command = " ".join(process.cmdline())
    except psutil.Error:
        return False
    return "prefect" in command and ("server" in command or "uvicorn" in command)


def sample(pid: int, peaks: Peaks, stop: threading.Event) -> None:
    """Record the peaks of the run process and its children until ``stop`` is set."""
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.is_set():
        try:
            peaks.run = max(peaks.run, root.memory_info().rss)
            for child in root.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                if _is_server(child) or any(_is_server(p) for p in child.parents() if p.pid != pid):
                    peaks.server = max(peaks.server, rss)
                else:
                    peaks.worker = max(peaks.worker, rss)
                    peaks.workers_seen.add(child.pid)
        except psutil.Error:
            pass
        stop.wait(0.2)


def measure(captures: int, work: Path) -> Peaks:
    drop, out = work / f"drop-{captures}", work / f"out-{captures}"
    build_corpus(drop, captures)
    presswash = Path(sys.executable).with_name("presswash")
    env = {**os.environ, "DO_NOT_TRACK": "1", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    peaks, stop = Peaks(captures), threading.Event()
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(presswash), "run", str(drop), "--out", str(out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sampler = threading.Thread(target=sample, args=(process.pid, peaks, stop))
    sampler.start()
    process.wait()
    stop.set()
    sampler.join()
    peaks.seconds = time.perf_counter() - start
    return peaks


def render(all_peaks: list[Peaks]) -> str:
    lines = [f"{'captures':>9} {'seconds':>8} {'run MB':>8} {'worker MB':>10} {'workers':>8} {'server MB':>10}"]
    for p in all_peaks:
        lines.append(
            f"{p.captures:9} {p.seconds:8.1f} {p.run / MB:8.0f} {p.worker / MB:10.0f} {len(p.workers_seen):8} "
            f"{p.server / MB:10.0f}"
        )
    first = all_peaks[0]
    for p in all_peaks[1:]:
        lines.append(
            f"{first.captures} -> {p.captures}: run process {p.run / first.run - 1:+.0%}, "
            f"largest worker {p.worker / max(first.worker, 1) - 1:+.0%}"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench_memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--captures", type=int, nargs="+", default=[5000, 50000])
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="presswash-bench-memory-"))
    try:
        results = []
        for captures in args.captures:
            results.append(measure(captures, work))
            print(render(results), end="", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
