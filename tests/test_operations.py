"""Operations: transient errors retried (and only those), the CLI's help and its no-article
output, the one-line outcome of a run. Flow runs use the shared temporary server."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import flows.pipeline.batch as batch
from flows.cli.app import app
from flows.pipeline.batch import BatchJob, TransientError, clean_one
from flows.pipeline.discover import Capture
from flows.pipeline.outcome import failure_message

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "fixtures" / "bad" / "captures"
BODY = "The council voted on Tuesday to keep the library open on Sundays through the winter."


def flaky_reads(monkeypatch: pytest.MonkeyPatch, name: str, times: int) -> list[str]:
    """Reading ``name`` fails with EIO the first ``times`` times; returns the log of attempts."""
    real, attempts = batch.read_capture, []

    def read(path: Path, max_bytes: int) -> bytes:
        if path.name == name:
            attempts.append(path.name)
            if len(attempts) <= times:
                raise OSError(errno.EIO, "Input/output error")
        return real(path, max_bytes)

    monkeypatch.setattr(batch, "read_capture", read)
    return attempts


def test_a_transient_read_error_raises_for_a_retry_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(f"Title\n\n{BODY}\n", "utf-8")
    flaky_reads(monkeypatch, "a.txt", times=10)
    with pytest.raises(TransientError, match=r"a\.txt: Input/output error"):
        clean_one(Capture("a.txt"), BatchJob(tmp_path, tmp_path / "out", raise_transient=True))
    outcome = clean_one(Capture("a.txt"), BatchJob(tmp_path, tmp_path / "out"))
    assert (outcome.status, outcome.reason, outcome.seen) == ("failed", "cannot read: Input/output error", None)


def test_a_missing_file_is_no_transient_error(tmp_path: Path) -> None:
    job = BatchJob(tmp_path, tmp_path / "out", raise_transient=True)
    outcome = clean_one(Capture("gone.txt"), job)
    assert (outcome.status, outcome.reason) == ("failed", "cannot read: No such file or directory")


def test_spent_retries_turn_transient_errors_into_failures_of_their_captures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.pipeline.flow as flow

    (tmp_path / "a.txt").write_text(f"Title\n\n{BODY}\n", "utf-8")
    flaky_reads(monkeypatch, "a.txt", times=10)

    def always_transient(captures: Any, job: BatchJob) -> Any:
        raise TransientError("a.txt: Input/output error")

    monkeypatch.setattr(flow, "clean_batch_task", always_transient)
    (outcome,) = flow.clean_with_retries([Capture("a.txt")], BatchJob(tmp_path, tmp_path / "out"))
    assert (outcome.status, outcome.reason) == ("failed", "cannot read: Input/output error")


@pytest.mark.usefixtures("prefect_harness")
def test_the_flow_retries_a_batch_after_a_transient_error_and_completes(
    drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_reader: Callable[..., Any]
) -> None:
    from flows.pipeline.flow import run_once

    attempts = flaky_reads(monkeypatch, "page.html", times=1)
    manifest = run_once(drop, tmp_path / "out")
    assert manifest["counts"]["failed"] == 0 and manifest["counts"]["processed"] == 6
    assert attempts == ["page.html", "page.html"]
    run = run_reader(manifest["flow_run"]["id"])
    assert run.flow_run.state.type.value == "COMPLETED"
    (cleaning,) = [t for t in run.task_runs if t.name.startswith("clean ")]
    assert cleaning.run_count == 2 and cleaning.state.type.value == "COMPLETED"


def test_clean_json_prints_nothing_for_a_page_without_an_article() -> None:
    result = CliRunner().invoke(app, ["clean", "--format", "json", str(BAD / "page-not-found.txt")])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no article found" in result.stderr


def test_help_shows_metavars_not_python_types() -> None:
    for command in ("clean", "run", "serve", "sites", "eval", "bench"):
        result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, command
        for python_type in ("<list[Path]>", "<bool>", "<int range>", "<float range>", "<dir>", "<file>", "<text>"):
            assert python_type not in result.stdout, (command, python_type)


def test_the_failure_message_is_one_line_with_the_first_failures() -> None:
    tally = {"processed": 3, "skipped": 1, "failed": 5, "known_failures": 2}
    failures = [(f"dir/{n}.txt", "reason\nwith a line break " + "x" * 200) for n in range(5)]
    message = failure_message(tally, failures)
    assert "\n" not in message
    assert message.startswith("3 cleaned, 1 unchanged, 5 failed, 2 known failures: dir/0.txt: reason with a line")
    assert message.endswith("; …and 2 more in the manifest")
    assert message.count("dir/") == 3
