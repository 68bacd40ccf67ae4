"""Score presswash's HTML path against trafilatura alone, side by side, in one run.

Reads ``DEVSET/html/<id>.html.gz``, cleans every page with presswash's HTML path and with
trafilatura alone (comments off; comments off with ``favor_precision``), writes the bodies to
``OUT/<system>/<id>.txt`` and scores them against ``DEVSET/gold/<id>.txt`` with the
article-extraction-benchmark metric (word 4-gram shingles; reimplemented from
../shared/tools/devset_score.py, which is not part of the package). Throughput is timed with
the systems interleaved page by page, so they share the machine's state.

    .venv/bin/python -m tools.html_eval ../shared/devset /tmp/html-eval [--rounds 3]
"""

from __future__ import annotations

import argparse
import gzip
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"\w+")
SHINGLE = 4

System = Callable[[bytes], str]


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text shorter than ``n`` words is one shorter shingle.

    >>> sorted(shingles("a b c d e"))
    [('a', 'b', 'c', 'd'), ('b', 'c', 'd', 'e')]
    >>> shingles("a b")
    Counter({('a', 'b'): 1})
    """
    tokens = _TOKEN.findall(text)
    if len(tokens) < n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_scores(gold: str, candidate: str) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; ``None`` where the page is left out of that mean."""
    g, c = shingles(gold), shingles(candidate)
    tp, fp, fn = sum((g & c).values()), sum((c - g).values()), sum((g - c).values())
    if fp == fn == 0:
        return (1.0 if tp else None), (1.0 if tp else None)
    return (tp / (tp + fp) if tp + fp else None), (tp / (tp + fn) if tp + fn else None)


@dataclass(frozen=True)
class Score:
    f1: float
    precision: float
    recall: float


def aggregate(pages: list[tuple[float | None, float | None]]) -> Score:
    """Mean precision and recall over the pages that have them; F1 of the two means."""
    ps = [p for p, _ in pages if p is not None]
    rs = [r for _, r in pages if r is not None]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return Score(2 * p * r / (p + r) if p + r else 0.0, p, r)


def presswash_html(raw: bytes) -> str:
    from cleaners import analyse

    return analyse(raw, "page.html").article.text


def trafilatura_alone(favor_precision: bool) -> System:
    def run(raw: bytes) -> str:
        import trafilatura

        return trafilatura.extract(raw, include_comments=False, favor_precision=favor_precision) or ""

    return run


SYSTEMS: dict[str, System] = {
    "presswash": presswash_html,
    "trafilatura": trafilatura_alone(False),
    "trafilatura_precision": trafilatura_alone(True),
}


def run(devset: Path, out: Path, rounds: int) -> None:
    pages = {p.name.removesuffix(".html.gz"): gzip.decompress(p.read_bytes()) for p in sorted(devset.glob("html/*.gz"))}
    seconds = dict.fromkeys(SYSTEMS, 0.0)
    fastest = {name: dict.fromkeys(pages, float("inf")) for name in SYSTEMS}
    for system in SYSTEMS.values():  # warm up: imports, compiled rule tables, stoplists
        for raw in pages.values():
            system(raw)
    for round_ in range(rounds):
        for page_id, raw in pages.items():
            for name, system in SYSTEMS.items():
                start = time.perf_counter()
                body = system(raw)
                took = time.perf_counter() - start
                seconds[name] += took
                fastest[name][page_id] = min(fastest[name][page_id], took)
                if round_ == 0:
                    (out / name).mkdir(parents=True, exist_ok=True)
                    (out / name / f"{page_id}.txt").write_text(body, "utf-8")
    megabytes = sum(len(raw) for raw in pages.values()) * rounds / 1e6
    print(f"{len(pages)} pages x {rounds} rounds, {megabytes:.1f} MB")
    print(f"{'system':<24}{'F1':>7}{'P':>7}{'R':>7}{'pages/s':>10}{'MB/s':>8}{'vs traf.':>10}{'best-of':>9}")
    for name in SYSTEMS:
        score = score_dir(devset / "gold", out / name)
        rate = len(pages) * rounds / seconds[name]
        relative = seconds["trafilatura"] / seconds[name]
        best = sum(fastest["trafilatura"].values()) / sum(fastest[name].values())
        print(
            f"{name:<24}{score.f1:>7.3f}{score.precision:>7.3f}{score.recall:>7.3f}"
            f"{rate:>10.1f}{megabytes / seconds[name]:>8.2f}{relative:>10.0%}{best:>9.0%}"
        )
    print("vs traf.: trafilatura's total time over the system's; best-of: the same over each page's fastest round")


def score_dir(gold: Path, candidates: Path) -> Score:
    rows = []
    for path in sorted(gold.glob("*.txt")):
        candidate = candidates / path.name
        text = candidate.read_text("utf-8") if candidate.exists() else ""
        rows.append(page_scores(path.read_text("utf-8"), text))
    return aggregate(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("devset", type=Path, help="folder with html/ and gold/")
    parser.add_argument("out", type=Path, help="where the bodies go, one folder per system")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the pages for timing")
    args = parser.parse_args()
    run(args.devset, args.out, args.rounds)


if __name__ == "__main__":
    main()
