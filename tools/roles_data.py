"""The corpus as training rows for the line-role model: one row per non-blank capture line.

Each capture goes through the cleaner up to the body step (the rules, as in
:data:`cleaners.steps.RULE_STEPS`), then :func:`cleaners.roles.features.page_features`;
the line's label comes from ``labels/<id>.jsonl``. Labels: body (body, kept), other/chrome
(not body), unknown (snippet pages' unlabelled lines: weight 0), title (not body).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cleaners import clean
from cleaners.page import Page
from cleaners.read import read_capture
from cleaners.roles.features import Matrix, nonblank_rows, page_features
from cleaners.roles.lexicon import tokens
from cleaners.sniff import is_html
from cleaners.steps import RULE_STEPS, run_steps

UNKNOWN_WEIGHT = 0.0


@dataclass
class PageRows:
    id: str
    source: str
    domain: str
    capture: Path
    x: Matrix
    y: np.ndarray
    w: np.ndarray
    tokens: list[frozenset[str]] = field(default_factory=list)
    """Each row's lexicon tokens (:func:`cleaners.roles.lexicon.tokens`)."""


def fold_of(domain: str, folds: int) -> int:
    """The cross-validation fold of a registered domain (stable across runs)."""
    return int(hashlib.sha256(domain.encode()).hexdigest(), 16) % folds


def load_pages(corpus: Path) -> list[dict]:
    with open(corpus / "pages.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def prepared(raw: bytes) -> tuple[Page, tuple[int, int] | None]:
    """The page as the body step sees it, and the rules' segment."""
    page, _ = clean.page_of(read_capture(raw, "capture.txt"))
    run_steps(page, RULE_STEPS)
    return page, page.span


def page_rows(corpus: Path, meta: dict) -> PageRows | None:
    capture = corpus / meta["files"]["capture"]
    raw = capture.read_bytes()
    if is_html(raw):
        return None
    labels = {}
    with open(corpus / meta["files"]["labels"], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                labels[row["line"]] = row["label"]
    page, span = prepared(raw)
    rows = nonblank_rows(page)
    x = page_features(page, span, rows)
    kinds = [labels.get(page.lines[i].number, "unknown") for i in rows]
    y = np.array([k == "body" for k in kinds], dtype=np.float64)
    w = np.array([UNKNOWN_WEIGHT if k == "unknown" else 1.0 for k in kinds])
    words = [tokens(page.lines[i].text) for i in rows]
    return PageRows(meta["id"], meta["source"], meta["domain"], capture, x, y, w, words)


def corpus_rows(corpus: Path) -> list[PageRows]:
    out = []
    for meta in load_pages(corpus):
        rows = page_rows(corpus, meta)
        if rows is not None:
            out.append(rows)
    return out
