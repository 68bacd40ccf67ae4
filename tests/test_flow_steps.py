"""The flow's steps as plain Python: discover, batch, clean, remember, report. No Prefect."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cleaners
from cleaners.site import SiteProfile
from flows.pipeline import batch, discover, report, state
from flows.pipeline.batch import UNCHANGED, BatchJob, clean_batch
from flows.pipeline.discover import Capture, batches, stem_clashes
from flows.pipeline.manifest import build_manifest, manifest_path, write_manifest
from flows.pipeline.options import RunOptions
from flows.pipeline.report import capture_rows, summary_markdown, table_description
from flows.pipeline.state import Seen, load_state, state_path
from flows.pipeline.sweep import Progress, sweep


@pytest.mark.parametrize("module", [batch, discover, report, state])
def test_doctests(module: object) -> None:
    """flows/ is outside pytest's doctest paths, so its examples run here."""
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0


def outputs(out: Path) -> dict[str, bytes]:
    """Every article output below ``out`` (the run's own folder left out), by path."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".presswash" not in p.parts
    }


def fail_on(monkeypatch: pytest.MonkeyPatch, **errors: Exception) -> None:
    """Make the core raise ``errors[<capture file stem>]`` for those captures."""
    real = cleaners.analyse

    def analyse(
        raw: bytes, source: str, config: cleaners.CleanConfig, site: SiteProfile | None = None
    ) -> cleaners.Analysis:
        error = errors.get(Path(source).stem)
        if error is not None:
            raise error
        return real(raw, source, config, site)

    monkeypatch.setattr(cleaners, "analyse", analyse)


def test_discover_finds_captures_recursively_and_skips_hidden_and_other_files(drop: Path) -> None:
    (drop / ".git").mkdir()
    (drop / ".git" / "x.txt").write_text("no", "utf-8")
    seeds = sorted(p.name for p in drop.glob("*.txt") if p.name[0] != ".")
    assert [c.relative for c in discover.discover(drop)] == [*seeds, "nested/page.html"]


def test_discover_skips_the_output_folder_inside_the_input(drop: Path) -> None:
    (drop / "out").mkdir()
    (drop / "out" / "old.txt").write_text("an earlier body", "utf-8")
    assert "out/old.txt" not in {c.relative for c in discover.discover(drop, drop / "out")}
    assert "out/old.txt" in {c.relative for c in discover.discover(drop)}


def test_batches_keep_order_and_reject_nonsense_sizes() -> None:
    captures = [Capture(f"{i:03}.txt") for i in range(7)]
    assert [b[0].relative for b in batches(captures, 3)] == ["000.txt", "003.txt", "006.txt"]
    assert batches([], 3) == []
    with pytest.raises(ValueError, match="at least 1"):
        batches(captures, 0)


def test_clean_batch_writes_what_presswash_clean_writes(drop: Path, tmp_path: Path) -> None:
    from flows.cli.app import app

    captures = discover.discover(drop)
    outcomes = clean_batch(captures, BatchJob(drop, tmp_path / "run"))
    assert {o.status for o in outcomes} == {"processed"}
    seeds = [str(drop / c.relative) for c in captures if "/" not in c.relative]
    result = CliRunner().invoke(app, ["clean", *seeds, "--out", str(tmp_path / "clean")])
    assert result.exit_code == 0, result.output
    ran = {k: v for k, v in outputs(tmp_path / "run").items() if "/" not in k}
    assert ran == outputs(tmp_path / "clean")


def test_one_failing_capture_does_not_stop_the_batch(
    drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = sorted(p.stem for p in drop.glob("0*.txt"))
    undecodable = cleaners.UndecodableCapture("the bytes are not text in any known encoding")
    fail_on(monkeypatch, **{seeds[0]: undecodable, seeds[1]: KeyError("title")})
    outcomes = clean_batch(discover.discover(drop), BatchJob(drop, tmp_path))
    reasons = {o.capture: o.reason for o in outcomes if o.status == "failed"}
    assert reasons == {
        f"{seeds[0]}.txt": "the bytes are not text in any known encoding",
        f"{seeds[1]}.txt": "KeyError: 'title'",
    }
    assert sum(o.status == "processed" for o in outcomes) == len(outcomes) - 2
    assert not (tmp_path / f"{seeds[0]}.json").exists()


def test_clashing_and_unreadable_captures_fail_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Body text here.\n", "utf-8")
    page = "<p>The mayor said on Tuesday that the bridge would close for a month.</p>\n"
    (tmp_path / "a.html").write_text(page, "utf-8")
    captures = [Capture("a.html"), Capture("a.txt"), Capture("gone.txt")]
    job = BatchJob(tmp_path, tmp_path / "out", clashes=stem_clashes(captures))
    reasons = [o.reason for o in clean_batch(captures, job)]
    assert reasons[0] is None
    assert reasons[1] == "its outputs would overwrite those of a.html"
    assert reasons[2] is not None and reasons[2].startswith("cannot read")


def test_rerun_over_unchanged_input_cleans_nothing_and_changes_no_byte(
    drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    first = sweep(drop, out)
    before = outputs(out) | {"state": state_path(out).read_bytes()}
    fail_on(monkeypatch, **{p.stem: AssertionError("cleaned again") for p in drop.rglob("*.*")})
    second = sweep(drop, out)
    assert {o.status for o in first.outcomes} == {"processed"}
    assert [o.reason for o in second.outcomes] == [UNCHANGED] * len(first.outcomes)
    assert outputs(out) | {"state": state_path(out).read_bytes()} == before


def test_changed_capture_or_new_cleaner_version_is_cleaned_again(
    drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    sweep(drop, out)
    page = b"<p>The council said on Wednesday that the changed bridge would reopen next month after repairs.</p>\n"
    (drop / "nested" / "page.html").write_bytes(page)
    changed = sweep(drop, out)
    assert [o.capture for o in changed.by_status("processed")] == ["nested/page.html"]
    monkeypatch.setattr(cleaners, "__version__", "99.0.0")
    upgraded = sweep(drop, out)
    assert len(upgraded.by_status("processed")) == len(upgraded.outcomes)
    assert {s.cleaner_version for s in load_state(out).values()} == {"99.0.0"}


def test_missing_output_is_cleaned_again_and_a_known_failure_only_on_request(
    drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        fail_on(patch, page=RuntimeError("parser crashed"))
        first = sweep(drop, out)
    assert [o.capture for o in first.by_status("failed")] == ["nested/page.html"]
    assert load_state(out)["nested/page.html"].failure == "RuntimeError: parser crashed"
    (out / "000_a2c3323a365a8e38.json").unlink()
    again = sweep(drop, out)
    assert [o.capture for o in again.by_status("processed")] == ["000_a2c3323a365a8e38.txt"]
    (known,) = again.by_status("known_failure")
    assert (known.capture, known.reason) == ("nested/page.html", "RuntimeError: parser crashed")
    assert not again.by_status("failed")
    retried = sweep(drop, out, RunOptions(retry_failed=True))
    assert [o.capture for o in retried.by_status("processed")] == ["nested/page.html"]
    assert load_state(out)["nested/page.html"].failure is None


def test_a_known_failure_that_fails_again_on_retry_stays_known_and_a_changed_one_is_new(
    drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    fail_on(monkeypatch, page=RuntimeError("parser crashed"))
    sweep(drop, out)
    retried = sweep(drop, out, RunOptions(retry_failed=True))
    assert [o.capture for o in retried.by_status("known_failure")] == ["nested/page.html"]
    (drop / "nested" / "page.html").write_bytes(b"<p>The bridge reopened on Friday after a month of repairs.</p>\n")
    changed = sweep(drop, out)
    assert [o.capture for o in changed.by_status("failed")] == ["nested/page.html"]


def test_state_forgets_captures_gone_from_the_input(drop: Path, tmp_path: Path) -> None:
    sweep(drop, tmp_path)
    (drop / "nested" / "page.html").unlink()
    sweep(drop, tmp_path)
    assert "nested/page.html" not in load_state(tmp_path)


def test_unreadable_state_means_a_full_clean_not_an_error(drop: Path, tmp_path: Path) -> None:
    state_path(tmp_path).parent.mkdir(parents=True)
    state_path(tmp_path).write_text("{not json", "utf-8")
    assert load_state(tmp_path) == {}
    assert len(sweep(drop, tmp_path).by_status("processed")) == 6


def test_sweep_reports_progress_per_batch(drop: Path, tmp_path: Path) -> None:
    seen: list[Progress] = []
    sweep(drop, tmp_path, RunOptions(batch_size=4), on_batch=seen.append)
    assert [(p.done, p.total, p.batch, p.batches) for p in seen] == [(4, 6, 1, 2), (6, 6, 2, 2)]
    assert seen[-1].percent == 100.0


def test_manifest_lists_processed_skipped_failed_rules_and_timings(
    drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sweep(drop, tmp_path)
    (drop / "new.txt").write_text("Title\n\nThe mayor said on Tuesday that the new bridge would open.\n", "utf-8")
    fail_on(monkeypatch, page=RuntimeError("parser crashed"))
    (drop / "nested" / "page.html").write_bytes(b"<p>changed</p>")
    result = sweep(drop, tmp_path)
    manifest = build_manifest(result)
    write_manifest(tmp_path, result)  # streamed from the ledger: the text json.dumps gives the whole dict
    text = manifest_path(tmp_path).read_text("utf-8")
    on_disk = json.loads(text)
    assert text == json.dumps({**manifest, "finished": on_disk["finished"]}, ensure_ascii=False, indent=2) + "\n"
    assert manifest["counts"] == {
        "captures": 7,
        "processed": 1,
        "skipped": 5,
        "no_article": 0,
        "failed": 1,
        "known_failures": 0,
    }
    assert [e["capture"] for e in manifest["processed"]] == ["new.txt"]
    assert manifest["failed"] == [{"capture": "nested/page.html", "reason": "RuntimeError: parser crashed"}]
    assert set(manifest["seconds"]) == {"discover", "sites", "clean", "near_duplicates", "total"}
    assert isinstance(manifest["rules"], dict)


def test_rule_counts_add_up_per_rule_most_frequent_first(tmp_path: Path) -> None:
    from flows.pipeline.batch import Outcome
    from flows.pipeline.manifest import rule_counts

    outcomes = [
        Outcome("a.txt", "processed", rules={"nav.skip_link": 1, "credit.photo": 2}),
        Outcome("b.txt", "processed", rules={"credit.photo": 3}),
    ]
    assert list(rule_counts(outcomes).items()) == [("credit.photo", 5), ("nav.skip_link", 1)]


def test_report_puts_failures_first_and_names_the_thinnest_articles(
    drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_on(monkeypatch, page=cleaners.EmptyCapture("the capture holds no text"))
    result = sweep(drop, tmp_path)
    rows = capture_rows(result)
    assert rows[0]["status"] == "failed: the capture holds no text"
    assert list(rows[0]) == ["path", "status", "words kept", "lines removed", "title"]
    assert capture_rows(result, limit=2) == rows[:2]
    assert table_description(result, limit=2).startswith(f"Sweep of {drop}: 2 of 6 captures shown, new failures first")
    assert str(tmp_path / ".presswash" / "manifest.json") in table_description(result)
    markdown = summary_markdown(result)
    for heading in ("# presswash sweep", "## Failures", "## Least body left"):
        assert heading in markdown
    assert "`nested/page.html` | the capture holds no text |" in markdown
    thinnest = min(result.by_status("processed"), key=lambda o: o.words)
    assert f"`{thinnest.capture}`" in markdown.split("## Least body left")[1]


def test_seen_round_trips_through_the_state_file(tmp_path: Path) -> None:
    state.save_state(tmp_path, {"b.txt": Seen("2" * 64, "1.0"), "a.txt": Seen("1" * 64, "1.0")})
    assert load_state(tmp_path) == {"a.txt": Seen("1" * 64, "1.0"), "b.txt": Seen("2" * 64, "1.0")}
    text = state_path(tmp_path).read_text("utf-8")
    assert text.index("a.txt") < text.index("b.txt")
