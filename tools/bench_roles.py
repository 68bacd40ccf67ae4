"""Speed of the core with the line-role model and with the rules alone, side by side in one run.

    python -m tools.bench_roles ../shared/devset/captures --rounds 5

Each round cleans every capture once with the model and once without (alternating, so both
see the same machine load); the best round of each is reported, in captures per second.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import cleaners.roles
from cleaners import clean_capture
from cleaners.roles.model import Forest, shipped


def timed(captures: list[tuple[str, bytes]], forest: Forest | None) -> float:
    cleaners.roles.shipped = lambda: forest  # type: ignore[attr-defined]
    start = time.perf_counter()
    for name, raw in captures:
        clean_capture(raw, name)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    captures = [(p.name, p.read_bytes()) for p in sorted(args.folder.glob("*.txt"))]
    forest = shipped()
    timed(captures, forest)  # warm-up: language model, rule regexes
    best = {"rules alone": float("inf"), "with the model": float("inf")}
    for _ in range(args.rounds):
        best["rules alone"] = min(best["rules alone"], timed(captures, None))
        best["with the model"] = min(best["with the model"], timed(captures, forest))
    for name, seconds in best.items():
        print(f"{name:15} {len(captures) / seconds:7.1f} captures/s  ({seconds / len(captures) * 1000:.2f} ms each)")


if __name__ == "__main__":
    main()
