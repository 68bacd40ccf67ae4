"""``presswash bench`` runs on a tiny folder and prints its figures; no timing is asserted."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cleaners.sniff import is_html
from flows.cli.app import app
from tools import bench as bench_module
from tools.bench import read_captures, replicate, run_bench

FIGURES = (
    "captures/s",
    "MB/s",
    "peak MB",
    "core (cleaners)",
    "baseline (split)",
    "ratio",
    "trees: walked",
    "lines: measured",
    "lexicon: read",
    "line heads: read",
    "rows' own columns: built",
    "rule candidates: tried",
    "text scans (repairs, dates, bylines): run",
)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """Two tiny captures, one nested, beside a file the bench must ignore."""
    (tmp_path / "nested").mkdir()
    (tmp_path / "a.txt").write_text("Title\n\nA first paragraph of the body.\n", "utf-8")
    (tmp_path / "nested" / "b.html").write_text("<p>A paragraph.</p>\n", "utf-8")
    (tmp_path / "a.json").write_text("{}", "utf-8")
    return tmp_path


def bench(*args: str) -> Result:
    """Run ``presswash bench`` with ``args`` in this process."""
    return CliRunner().invoke(app, ["bench", *args])


def test_reads_txt_and_html_below_the_folder(folder: Path) -> None:
    assert [name for name, _ in read_captures(folder)] == ["a.txt", "nested/b.html"]


def test_reads_gzip_compressed_html_too(folder: Path) -> None:
    import gzip

    (folder / "c.html.gz").write_bytes(gzip.compress(b"<html><body><p>A paragraph of the body.</p></body></html>"))
    assert [name for name, _ in read_captures(folder)] == ["a.txt", "c.html.gz", "nested/b.html"]
    assert run_bench(folder, copies=1, peers=False).core.failures == 0


def test_replicates_in_memory(folder: Path) -> None:
    captures = replicate(read_captures(folder), 3)
    assert len(captures) == 6
    assert len({name for name, _ in captures}) == 6


def test_report_counts_the_replicated_captures(folder: Path) -> None:
    report = run_bench(folder, copies=3)
    assert report.core.captures == report.baseline.captures == 6
    assert report.core.size == report.baseline.size == 3 * sum(len(raw) for _, raw in read_captures(folder))


def test_prints_the_figures(folder: Path) -> None:
    result = bench(str(folder), "--copies", "2")
    assert result.exit_code == 0, result.stderr
    for figure in FIGURES:
        assert figure in result.stdout
    assert "4 captures" in result.stdout


def test_peers_run_on_the_same_text_captures_and_the_core_time_is_broken_down(folder: Path) -> None:
    report = run_bench(folder, copies=2)
    assert [m.name for m in report.peers] == ["jusText on lines", "trafilatura on lines"]
    text = [raw for _, raw in read_captures(folder) if not is_html(raw)]
    assert all(m.captures == 2 * len(text) for m in report.peers)  # text captures only, each twice
    shares = dict(report.shares)
    assert "step line_rules" in shares and "measure lines" in shares
    assert 0.0 < sum(shares.values()) <= 1.5  # phases nest steps only where a step calls a phase


def test_the_report_names_the_speed_against_each_peer(folder: Path) -> None:
    result = bench(str(folder), "--copies", "2")
    assert "x jusText on lines" in result.stdout
    assert "where the core's time goes" in result.stdout


def test_profile_prints_the_top_functions(folder: Path) -> None:
    result = bench(str(folder), "--copies", "2", "--profile")
    assert result.exit_code == 0, result.stderr
    assert "by cumulative time" in result.stdout
    assert "by total (own) time" in result.stdout


def test_a_folder_without_captures_is_reported(tmp_path: Path) -> None:
    result = bench(str(tmp_path))
    assert result.exit_code != 0
    assert "no .txt or .html captures" in result.stderr


def test_doctests() -> None:
    assert doctest.testmod(bench_module).failed == 0


def test_scaling_prints_time_per_mb_for_each_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_module, "SCALING_MIN_SECONDS", 0.01)
    result = bench("--scaling", "--sizes", "1000,20000")
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()[1:]
    assert header.split() == ["size", "runs", "core", "ms", "core", "s/MB", "base", "ms", "base", "s/MB", "ratio"]
    sizes = [int(row.split()[0].replace(",", "")) for row in rows]
    assert len(sizes) == 2 and 500 < sizes[0] <= 1000 and 10_000 < sizes[1] <= 20_000
