"""Score the cleaner on a folder of captures with gold bodies (``presswash eval``).

Every ``GOLD/<id>.txt`` is a page. Its capture is ``CAPTURES/<id>.txt`` (or, for the HTML
path, ``CAPTURES/<id>.html`` or ``<id>.html.gz``); a missing capture or one that cannot be
cleaned counts as an empty body, which costs recall only, as in ``tools/devset_score.py``.
The metric is :mod:`cleaners.evaluate`; this module only reads, cleans and writes.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cleaners
from cleaners import CleanConfig
from cleaners.evaluate import MeanScore, PageScore, mean_score, score_page
from flows.pipeline.writer import write_atomic

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".html.gz")


@dataclass(frozen=True)
class Evaluation:
    """Per-page scores, their mean, and the pages whose capture was missing or failed."""

    pages: list[PageScore]
    mean: MeanScore
    problems: dict[str, str] = field(default_factory=dict)
    """Page id -> why its body counted as empty."""


def find_capture(captures_dir: Path, page: str, html: bool) -> Path | None:
    """The page's capture, or None."""
    for suffix in HTML_SUFFIXES if html else TEXT_SUFFIXES:
        path = captures_dir / f"{page}{suffix}"
        if path.is_file():
            return path
    return None


def read_capture(path: Path) -> bytes:
    """The capture's bytes, decompressed when it ends in ``.gz``."""
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


def extract_body(captures_dir: Path, page: str, html: bool, config: CleanConfig) -> tuple[str, str | None]:
    """The cleaner's body for one page, and why it is empty when it had to be."""
    path = find_capture(captures_dir, page, html)
    if path is None:
        return "", "no capture"
    try:
        return cleaners.analyse(read_capture(path), str(path), config).article.text, None
    except Exception as err:  # one page's failure scores as an empty body, like a crash would
        return "", f"{type(err).__name__}: {err}"


def evaluate_folder(
    captures_dir: Path,
    gold_dir: Path,
    *,
    html: bool = False,
    out_dir: Path | None = None,
    config: CleanConfig = cleaners.DEFAULT_CONFIG,
) -> Evaluation:
    """Clean every page that has a gold body, score it, and write its body to ``out_dir``."""
    golds = sorted(gold_dir.glob("*.txt"))
    if not golds:
        raise FileNotFoundError(f"no gold bodies (*.txt) in {gold_dir}")
    pages: list[PageScore] = []
    problems: dict[str, str] = {}
    for gold_path in golds:
        page = gold_path.stem
        body, problem = extract_body(captures_dir, page, html, config)
        if problem is not None:
            problems[page] = problem
        if out_dir is not None:
            write_atomic(out_dir / f"{page}.txt", body + "\n" if body else "")  # as `presswash clean` writes it
        gold = gold_path.read_text(encoding="utf-8", errors="replace")
        pages.append(score_page(page, gold, body))
    return Evaluation(pages, mean_score(pages), problems)


def evaluation_json(evaluation: Evaluation) -> dict[str, object]:
    """The scores as ``devset_score.py --json`` lays them out, plus the problems."""
    return {
        "mean": {**vars(evaluation.mean), "missing": len(evaluation.problems)},
        "pages": [vars(page) for page in evaluation.pages],
        "problems": evaluation.problems,
    }


def worst_first(pages: Sequence[PageScore]) -> list[PageScore]:
    """Pages by F1, lowest first (ties by page id)."""
    return sorted(pages, key=lambda page: (page.f1, page.page))
