"""What a run reads: a list of captures (``--files-from``), and the ledger of what came of them."""

from __future__ import annotations

import doctest
import io
import json
from pathlib import Path

import pytest

from flows.pipeline import ledger
from flows.pipeline.discover import discover, discover_listed
from flows.pipeline.options import RunOptions
from flows.pipeline.report import capture_rows, summary_markdown, table_description
from flows.pipeline.state import load_state
from flows.pipeline.sweep import sweep


def test_doctests() -> None:
    assert doctest.testmod(ledger, optionflags=doctest.ELLIPSIS).failed == 0


def seed_names(drop: Path) -> list[str]:
    return [capture.relative for capture in discover(drop)]


def test_a_list_names_captures_relative_or_absolute_and_refuses_what_is_not_one(drop: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.txt").write_text("Title\n\nBody.\n", "utf-8")
    (drop / "notes.json").write_text("{}", "utf-8")
    first, second = seed_names(drop)[:2]
    names = [first, str(drop / second), first, "../elsewhere.txt", "notes.json", "missing.txt"]
    found = discover_listed(drop, names)
    assert [c.relative for c in found.captures] == [first, second]
    assert found.refused.keys() == {"../elsewhere.txt", "notes.json", "missing.txt"}
    assert "not below the input folder" in found.refused["../elsewhere.txt"]
    assert "not a capture file name" in found.refused["notes.json"]
    assert "cannot read" in found.refused["missing.txt"]


def test_a_run_over_a_list_cleans_only_those_and_keeps_the_state_of_the_others(drop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    everything = sweep(drop, out)
    state = load_state(out)
    names = seed_names(drop)
    for name in names[:2]:
        (drop / name).write_bytes((drop / name).read_bytes() + b"\nA line added on Friday by the desk.\n")
    listing = tmp_path / "list.txt"
    listing.write_text(f"{names[0]}\n\n{names[1]}\n", "utf-8")
    listed = sweep(drop, out, RunOptions(files_from=listing))
    assert [(o.capture, o.status) for o in listed.outcomes] == [(names[0], "processed"), (names[1], "processed")]
    after = load_state(out)
    assert after.keys() == state.keys() == {o.capture for o in everything.outcomes}
    assert [name for name in names if after[name] != state[name]] == names[:2]


def test_a_run_reads_its_list_from_standard_input(drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = seed_names(drop)[-1]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{name}\n"))
    (outcome,) = sweep(drop, tmp_path / "out", RunOptions(files_from=Path("-"))).outcomes
    assert (outcome.capture, outcome.status) == (name, "processed")


def test_the_table_and_summary_show_failures_first_and_count_what_they_leave_out(drop: Path, tmp_path: Path) -> None:
    for n in range(12):
        (drop / f"binary-{n:02}.txt").write_bytes(b"\x00\x01\x02" * 50)
    result = sweep(drop, tmp_path / "out")
    rows = capture_rows(result, limit=14)
    assert len(rows) == 14 and all(r["status"].startswith("failed") for r in rows[:12])
    assert rows[12]["status"] == "cleaned"
    assert f"14 of {12 + result.outcomes.count('processed')} captures shown" in table_description(result, 14)
    summary = summary_markdown(result)
    assert "…and 2 more in the manifest." in summary
    assert json.dumps(result.outcomes.tally()) and len(result.outcomes) == len(list(result.outcomes))
