"""Measure the flow's throughput against a plain loop over the core, on the same captures.

    python -m tools.bench_flow --captures 5000 --batch-size 250

Replicates a folder of captures (default: the seed fixtures) into a temporary drop
folder, then times (1) a plain loop that reads, cleans and writes every capture, and
(2) ``presswash run``'s flow over the same folder into a fresh output. The Prefect
server is started before the timed flow run, so its start-up is reported apart.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import cleaners
from flows.pipeline.discover import discover
from flows.pipeline.writer import write_article

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


@dataclass(frozen=True)
class Timing:
    label: str
    captures: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.captures / self.seconds if self.seconds else 0.0


def replicate(seeds: Path, drop: Path, captures: int) -> int:
    """Copy the seed captures round-robin into ``drop/<n/100>/<n>_<name>`` until ``captures``."""
    sources = [(c.relative, (seeds / c.relative).read_bytes()) for c in discover(seeds)]
    if not sources:
        raise FileNotFoundError(f"no captures below {seeds}")
    for n in range(captures):
        name, raw = sources[n % len(sources)]
        target = drop / f"{n // 100:03}" / f"{n:06}_{Path(name).name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
    return captures


def plain_loop(drop: Path, out: Path, write: bool = True) -> Timing:
    """Read, clean (and write) every capture with no orchestration at all."""
    start = time.perf_counter()
    captures = discover(drop)
    for capture in captures:
        source = str(drop / capture.relative)
        raw = Path(source).read_bytes()
        try:
            article = cleaners.analyse(raw, source).article
        except cleaners.CaptureError:
            continue
        if write:
            write_article(article, out, Path(capture.stem))
    label = "plain loop: read, clean, write" if write else "plain loop: read, clean"
    return Timing(label, len(captures), time.perf_counter() - start)


def flow_run(drop: Path, out: Path, batch_size: int) -> tuple[Timing, Timing]:
    """The flow's wall time, and the part of it spent sweeping (without run start/finish)."""
    from flows.pipeline.flow import run_once
    from flows.pipeline.options import RunOptions

    start = time.perf_counter()
    manifest = run_once(drop, out, RunOptions(batch_size=batch_size))
    wall = time.perf_counter() - start
    total = manifest["counts"]["captures"]
    return (
        Timing(f"flow, batches of {batch_size}: whole run", total, wall),
        Timing("flow: sweep inside the run", total, manifest["seconds"]["total"]),
    )


def start_prefect() -> float:
    """Bring up Prefect's server (temporary unless PREFECT_API_URL is set); seconds taken."""
    from prefect import get_client

    start = time.perf_counter()
    with get_client(sync_client=True) as client:
        client.api_healthcheck()
    return time.perf_counter() - start


def render(timings: list[Timing], startup: float) -> str:
    baseline = timings[0].rate
    lines = [f"{'':44} {'captures':>8} {'seconds':>8} {'captures/s':>10} {'vs loop':>8}"]
    for t in timings:
        ratio = t.rate / baseline if baseline else 0.0
        lines.append(f"{t.label:44} {t.captures:8} {t.seconds:8.2f} {t.rate:10.0f} {ratio:8.1%}")
    lines.append(f"Prefect server start-up (not in the figures above): {startup:.1f} s")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="presswash-bench-flow-") as tmp:
        work = Path(tmp)
        replicate(args.seeds, work / "drop", args.captures)
        plain_loop(work / "drop", work / "warm", write=False)  # warm the page cache
        startup = start_prefect()
        timings = [
            plain_loop(work / "drop", work / "loop"),
            *flow_run(work / "drop", work / "flow", args.batch_size),
            plain_loop(work / "drop", work / "loop-core", write=False),
        ]
    print(render(timings, startup), end="")


if __name__ == "__main__":
    main()
