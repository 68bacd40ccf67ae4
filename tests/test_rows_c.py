"""The rows' own columns and the lines' fields: the C pass (cleaners.roles._rows) against the
numpy pass, every column to the last bit, on every page the seeds, the devset and the corpus
give the model, and on invented pages with blank runs, repeats, marks and spans of every kind."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaners.roles
from cleaners import analyse
from cleaners.lines import measure
from cleaners.page import Mark, Page
from cleaners.quality import judge
from cleaners.roles import features
from tools.floors import SHARED

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
pytestmark = pytest.mark.skipif(features._rows is None, reason="cleaners.roles._rows is not built (no C compiler)")
STOPS = frozenset({"the", "a", "of", "in", "on", "to", "was", "and", "it", "at", "for", "by", "with"})


def _both(monkeypatch: pytest.MonkeyPatch, *args: object) -> tuple[np.ndarray, np.ndarray]:
    """page_features in C and in numpy, for the same arguments."""
    c = features.page_features(*args)  # type: ignore[arg-type]
    with monkeypatch.context() as patched:
        patched.setattr(features, "_rows", None)
        numpy = features.page_features(*args)  # type: ignore[arg-type]
    return c, numpy


def test_the_c_pass_builds_every_real_page_as_numpy_does(monkeypatch: pytest.MonkeyPatch) -> None:
    pages, differ = [], []

    def both(*args: object) -> np.ndarray:
        # Compared where the model reads them, before the decoding marks the page's lines.
        c, numpy = _both(monkeypatch, *args)
        pages.append(args[0])
        if not np.array_equal(c, numpy):
            differ.append(len(pages))
        return c

    paths = sorted(SEEDS.glob("*.txt"))
    for folder in (SHARED / "devset" / "captures", SHARED / "corpus" / "captures"):
        paths += sorted(folder.glob("*.txt")) if folder.is_dir() else []
    with monkeypatch.context() as patched:
        patched.setattr(cleaners.roles, "page_features", both)
        for path in paths:
            analyse(path.read_bytes(), path.name)
    assert len(pages) >= 5
    assert differ == []


_TEXTS = st.sampled_from(
    [
        "",
        "Home",
        "Share",
        "Harbour pier to close for the summer",
        "The council voted on Tuesday to close the old ferry pier for repairs, and the work will take weeks.",
        "By Ana Ruiz",
        "3 May 2024",
        "- a list item",
        "Read more:",
        "www.example.org | News",
    ]
)
_RULES = st.sampled_from(["body.dek", "body", "repeat.line", "repeated.line", "bodyguard.x", "nav.share", "title.h1"])
_FIELDS = st.sampled_from([None, "title", "authors", "published"])
_ROLES = st.sampled_from(["chrome", "body", "title", "dek"])


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(_TEXTS, min_size=1, max_size=40),
    marks=st.lists(st.tuples(st.integers(0, 39), _RULES, _FIELDS, _ROLES), max_size=20),
    span=st.none() | st.tuples(st.integers(-2, 42), st.integers(-2, 42)),
)
def test_the_c_pass_builds_invented_pages_as_numpy_does(
    texts: list[str],
    marks: list[tuple[int, str, str | None, str]],
    span: tuple[int, int] | None,
) -> None:
    lines = [measure(n, t, t, STOPS) for n, t in enumerate(texts, 1)]
    page = Page(lines, [judge(line, True) for line in lines])
    for i, rule, field, role in marks:
        if i < len(texts):
            page.marks[i] = Mark(rule, "a reason", field, role)
    rows = features.nonblank_rows(page)
    if not rows:
        return
    with pytest.MonkeyPatch.context() as patch:
        c, numpy = _both(patch, page, span, rows)
    assert c.shape == numpy.shape == (len(rows), len(features.FEATURE_NAMES))
    assert np.array_equal(c, numpy)


def test_the_c_pass_refuses_what_it_cannot_read() -> None:
    rows = features._rows
    assert rows is not None
    one = np.zeros(1)
    at = np.zeros(1, dtype=np.int64)
    none = np.zeros(0, dtype=np.int64)
    out = np.zeros((14, 1))  # 12 columns, a family, chrome
    args = [at, 1, ["a"], one, 3.0, one, False, one, 0.0, none, [], ("body",), (0, 2, 3), out]
    rows.own_rows(*args)
    with pytest.raises(ValueError, match="differ in size"):
        rows.own_rows(*args[:-1], np.zeros((13, 1)))
    with pytest.raises(ValueError, match="no Mark"):
        rows.own_rows(*args[:9], at, ["not a mark"], *args[11:])
    with pytest.raises(ValueError, match="no Mark"):
        rows.own_rows(*args[:9], np.ones(1, dtype=np.int64), [Mark("nav.x", "r")], *args[11:])
    with pytest.raises(TypeError, match="not a str"):
        rows.own_rows(*args[:9], at, [(1, "r", None, "chrome")], *args[11:])
    with pytest.raises(ValueError, match="not lines x fields"):
        rows.line_fields([("a", 1)], (0, 1), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="no such field"):
        rows.line_fields([("a", 1)], (0, 2), np.zeros((1, 2)))
    with pytest.raises(TypeError, match="not a tuple"):
        rows.line_fields([["a", 1]], (0, 1), np.zeros((1, 2)))
    fields = np.zeros((1, 3))
    rows.line_fields([("abc", True, 2.5)], (0, 1, 2), fields)
    assert fields.tolist() == [[3.0, 1.0, 2.5]]
