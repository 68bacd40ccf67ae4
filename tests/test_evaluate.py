"""presswash eval: the benchmark's body metric on any folder of captures with gold bodies."""

from __future__ import annotations

import doctest
import gzip
import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cleaners
from cleaners import evaluate
from cleaners.evaluate import mean_score, score_page
from flows.cli.app import app
from tools import by_language
from tools.floors import SHARED

# (gold, candidate, precision, recall, comment): the metric's corner cases, as data.
CASES = [
    ("a b c d e f", "a b c d e f", 1.0, 1.0, "identical"),
    ("a b c d e f", "x a b c d e f", 0.75, 1.0, "one extra word in front: one extra shingle of four"),
    ("a b c d e f", "a b c d", 1.0, 1 / 3, "a prefix: one of three gold shingles"),
    ("a b c d e f", "", None, 0.0, "empty candidate: left out of mean precision"),
    ("", "a b c d", 0.0, None, "empty gold: left out of mean recall"),
    ("one two", "one two", 1.0, 1.0, "shorter than a shingle: one short shingle"),
    ("A b c d", "a b c d", 0.0, 0.0, "case is kept"),
]


def test_doctests() -> None:
    assert doctest.testmod(evaluate, optionflags=doctest.ELLIPSIS).failed == 0


@pytest.mark.parametrize(("gold", "candidate", "precision", "recall", "comment"), CASES)
def test_page_scores(gold: str, candidate: str, precision: float | None, recall: float | None, comment: str) -> None:
    page = score_page("p", gold, candidate)
    assert (page.precision, page.recall) == pytest.approx((precision, recall)), comment


def test_f1_is_the_harmonic_mean_of_the_means_not_the_mean_of_page_f1s() -> None:
    pages = [score_page("a", "a b c d e f", "a b c d e f"), score_page("b", "a b c d e f", "a b c d")]
    mean = mean_score(pages)
    assert (mean.precision, mean.recall) == pytest.approx((1.0, 2 / 3))
    assert mean.f1 == pytest.approx(0.8)
    assert mean.f1 != pytest.approx((pages[0].f1 + pages[1].f1) / 2)


BODY = "The harbour board approved the new lock gates on Monday after a debate that lasted four hours."
CHROME = "Subscribe to the Quillmouth Ledger newsletter for the harbour news every morning"


@pytest.fixture()
def folders(tmp_path: Path) -> tuple[Path, Path]:
    captures, gold = tmp_path / "captures", tmp_path / "gold"
    captures.mkdir()
    gold.mkdir()
    (captures / "a.txt").write_text(f"Harbour board backs lock gates\n\n{BODY}\n\n{BODY.upper()}\n", "utf-8")
    (gold / "a.txt").write_text(f"{BODY}\n\n{BODY.upper()}\n", "utf-8")
    (captures / "b.txt").write_text(f"Lock gates\n\n{BODY}\n", "utf-8")
    (gold / "b.txt").write_text(f"{BODY} {CHROME}\n", "utf-8")
    (gold / "c.txt").write_text("A page whose capture is missing.\n", "utf-8")
    return captures, gold


def test_eval_scores_each_page_like_the_metric_and_writes_bodies(folders: tuple[Path, Path], tmp_path: Path) -> None:
    captures, gold = folders
    out = tmp_path / "bodies"
    result = CliRunner().invoke(app, ["eval", str(captures), str(gold), "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    expected = [
        score_page(page, (gold / f"{page}.txt").read_text("utf-8"), (out / f"{page}.txt").read_text("utf-8"))
        for page in "abc"
    ]
    assert scores["pages"] == [vars(page) for page in expected]
    assert scores["mean"]["f1"] == pytest.approx(mean_score(expected).f1)
    assert scores["problems"] == {"c": "no capture"}
    assert (out / "a.txt").read_text("utf-8") == cleaners.clean_capture(
        (captures / "a.txt").read_bytes(), "a.txt"
    ).text + "\n"
    assert (out / "c.txt").read_text("utf-8") == ""


def test_eval_prints_a_table_and_the_mean(folders: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(app, ["eval", *map(str, folders)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "MEAN over 3 pages (1 without a body): f1 " in result.output
    assert "no capture" in result.output


def test_eval_reads_html_captures_gzipped_or_not(folders: tuple[Path, Path], tmp_path: Path) -> None:
    gold = folders[1]
    html = tmp_path / "html"
    html.mkdir()
    page = f"<html><body><h1>Lock gates</h1><p>{BODY}</p><p>{BODY.upper()}</p></body></html>".encode()
    (html / "a.html.gz").write_bytes(gzip.compress(page))
    (html / "b.html").write_bytes(page)
    result = CliRunner().invoke(app, ["eval", str(html), str(gold), "--html", "--json"])
    assert result.exit_code == 0, result.output
    problems = json.loads(result.output)["problems"]
    assert set(problems) == {"c"}


def test_eval_without_gold_bodies_fails_with_a_reason(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path), str(tmp_path)])
    assert result.exit_code == 1
    assert "no gold bodies" in result.output


@pytest.mark.skipif(not (SHARED / "corpus" / "pages.jsonl").is_file(), reason="../shared is absent")
def test_scores_by_language_pool_the_small_languages_and_count_every_page(tmp_path: Path) -> None:
    """The by-language table: one row per language with enough pages, "other", then "all";
    a folder with no records counts every page with a gold body or snippets as having no article."""
    corpus = SHARED / "corpus"
    langs = Counter(json.loads(line)["lang"] for line in (corpus / "pages.jsonl").read_text("utf-8").splitlines())
    text = by_language.table(corpus, [tmp_path], ["empty"], min_pages=50)
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ") for line in text.splitlines()[2:]}
    assert list(rows)[-2:] == ["other", "all"]
    assert {lang for lang in rows} - {"other", "all"} == {lang for lang, n in langs.items() if n >= 50}
    assert int(rows["all"][1]) == sum(langs.values())
    assert int(rows["all"][-1].strip(" |")) > 0.9 * sum(langs.values())
