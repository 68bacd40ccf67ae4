"""The Prefect flow, its artifacts, the CLI commands and the deployments, on one shared
temporary Prefect server (``prefect_harness``). Kept few: each flow run costs a second.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import cleaners
from cleaners.site import SiteProfile
from flows.cli.app import app
from flows.pipeline.manifest import manifest_path
from flows.pipeline.options import RunOptions

pytestmark = pytest.mark.usefixtures("prefect_harness")

ROOT = Path(__file__).resolve().parent.parent


def break_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the core fail on nested/page.html as a parser bug would."""
    real = cleaners.analyse

    def analyse(
        raw: bytes, source: str, config: cleaners.CleanConfig, site: SiteProfile | None = None
    ) -> cleaners.Analysis:
        if source.endswith("page.html"):
            raise RuntimeError("parser crashed on <p>")
        return real(raw, source, config, site)

    monkeypatch.setattr(cleaners, "analyse", analyse)


def test_flow_run_leaves_named_tagged_run_batches_and_artifacts(
    drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_reader: Callable[..., Any]
) -> None:
    from flows.pipeline.flow import run_once

    break_page(monkeypatch)
    manifest = run_once(drop, tmp_path / "out", RunOptions(batch_size=4, workers=1))  # one process: the patch holds
    assert manifest["counts"] == {
        "captures": 6,
        "processed": 5,
        "skipped": 0,
        "no_article": 0,
        "failed": 1,
        "known_failures": 0,
    }
    run = run_reader(manifest["flow_run"]["id"])
    assert run.flow_run.name.startswith("sweep-drop-")
    assert {"presswash", "input:drop", f"cleaner:{cleaners.__version__}"} <= set(run.flow_run.tags)
    assert run.flow_run.state.type.value == "FAILED"
    assert (
        run.flow_run.state.message
        == "5 cleaned, 0 unchanged, 1 failed: nested/page.html: RuntimeError: parser crashed on <p>"
    )
    assert sorted(t.state.type.value for t in run.task_runs) == ["COMPLETED", "COMPLETED", "COMPLETED"]
    batches = sorted(t.name for t in run.task_runs if t.name.startswith("clean "))
    assert batches == [
        "clean 2: 004_a84a728f7977973e.txt to nested/page.html",
        "clean 4: 000_a2c3323a365a8e38.txt to 003_a38a9628075af896.txt",
    ]
    assert sorted(t.name for t in run.task_runs)[-1] == "near-duplicates over 5 records"
    assert set(run.artifacts) == {
        "presswash-progress-drop",
        "presswash-captures-drop",
        "presswash-summary-drop",
    }
    assert run.artifacts["presswash-progress-drop"].data == 100.0
    assert run.artifacts["presswash-progress-drop"].description == ("6 of 6 captures: 5 cleaned, 0 unchanged, 1 failed")
    rows = json.loads(run.artifacts["presswash-captures-drop"].data)
    assert rows[0]["status"] == "failed: RuntimeError: parser crashed on <p>"
    assert len(rows) == 6
    assert "RuntimeError: parser crashed on <p>" in run.artifacts["presswash-summary-drop"].data
    assert manifest["near_duplicates"] == [["002_73e6032573160e8f", "004_a84a728f7977973e"]]
    assert "## Near-duplicates" in run.artifacts["presswash-summary-drop"].data


def test_presswash_run_prints_a_summary_and_reruns_incrementally(drop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = CliRunner().invoke(app, ["run", str(drop), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert "6 captures: 6 cleaned, 0 unchanged, 0 failed" in first.output
    again = CliRunner().invoke(app, ["run", str(drop), "--out", str(out)])
    assert "6 captures: 0 cleaned, 6 unchanged, 0 failed" in again.output
    assert json.loads(manifest_path(out).read_text("utf-8"))["counts"]["skipped"] == 6


def test_presswash_run_exits_1_after_cleaning_the_rest(
    drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_page(monkeypatch)
    result = CliRunner().invoke(app, ["run", str(drop), "--out", str(tmp_path), "--workers", "1"])
    assert result.exit_code == 1
    assert "nested/page.html: RuntimeError: parser crashed on <p>" in result.output
    assert len(list(tmp_path.glob("*.json"))) == 5


def test_bad_captures_show_in_the_exit_status_the_manifest_and_the_artifacts(
    drop: Path, tmp_path: Path, run_reader: Callable[..., Any]
) -> None:
    bad = ROOT / "fixtures" / "bad" / "captures"
    for name in ("binary-named.txt", "page-not-found.txt", "empty.txt"):
        (drop / "bad").mkdir(exist_ok=True)
        (drop / "bad" / name).write_bytes((bad / name).read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(drop), "--out", str(out), "--max-seconds", "60"])
    assert result.exit_code == 1
    assert "9 captures: 6 cleaned, 0 unchanged, 1 without an article, 2 failed" in result.output
    assert "bad/page-not-found.txt: no article found: every line was page chrome" in result.stderr
    assert "bad/binary-named.txt: the capture is binary data, not text" in result.stderr
    manifest = json.loads(manifest_path(out).read_text("utf-8"))
    assert [e["capture"] for e in manifest["no_article"]] == ["bad/page-not-found.txt"]
    assert manifest["limits"] == {"max_bytes": 50_000_000, "max_seconds": 60.0}
    run = run_reader(manifest["flow_run"]["id"])
    assert run.flow_run.state.message.startswith("6 cleaned, 0 unchanged, 1 without an article, 2 failed: bad/")
    statuses = [row["status"] for row in json.loads(run.artifacts["presswash-captures-drop"].data)]
    assert [s.split(":")[0] for s in statuses[:3]] == ["failed", "failed", "no article"]
    assert "## No article found (nothing written)" in run.artifacts["presswash-summary-drop"].data


def test_presswash_run_refuses_while_another_run_writes_to_the_output(drop: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path / "out")], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        result = CliRunner().invoke(app, ["run", str(drop), "--out", str(tmp_path / "out")])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 75
    assert f"another presswash run (pid {holder.pid}, started" in result.stderr
    assert "this run did nothing" in result.stderr
    assert not list((tmp_path / "out").glob("*.txt"))


HOLD_LOCK = """
import sys, time
from pathlib import Path
from flows.pipeline.lock import run_lock
with run_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_deployment_and_its_schedule_are_registered(drop: Path, tmp_path: Path) -> None:
    from datetime import timedelta

    from prefect import get_client

    from flows.pipeline.flow import sweep_deployment

    cron_id = sweep_deployment(drop, tmp_path, cron="*/15 * * * *").apply()
    every_id = sweep_deployment(drop, tmp_path, interval=timedelta(minutes=5), name="often").apply()
    with get_client(sync_client=True) as client:
        cron, every = client.read_deployment(cron_id), client.read_deployment(every_id)
    assert cron.name == "sweep-drop"
    assert [s.schedule.cron for s in cron.schedules] == ["*/15 * * * *"]
    assert [s.schedule.interval for s in every.schedules] == [timedelta(minutes=5)]
    assert cron.parameters == {
        "input_dir": str(drop.resolve()),
        "out_dir": str(tmp_path.resolve()),
        "options": {
            "batch_size": 250,
            "limits": {"max_bytes": 50_000_000, "max_seconds": None},
            "learn_sites": True,
            "sites_db": None,
            "wait": False,
            "retry_failed": False,
            "workers": None,
            "dask_address": None,
            "files_from": None,
            "jsonl": None,
            "parquet": None,
            "shard_size": 10_000,
        },
    }
    assert cron.global_concurrency_limit is not None and cron.global_concurrency_limit.limit == 1
    assert cron.concurrency_options.collision_strategy.value == "ENQUEUE"
    assert "input:drop" in cron.tags


def test_serve_command_serves_the_scheduled_deployment(
    drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import prefect

    served: list[Any] = []
    monkeypatch.setattr(prefect, "serve", lambda *deployments: served.extend(deployments))
    args = ["serve", str(drop), "--out", str(tmp_path), "--cron", "0 * * * *", "--name", "hourly"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [(d.name, d.schedules[0].schedule.cron) for d in served] == [("hourly", "0 * * * *")]
    neither = CliRunner().invoke(app, ["serve", str(drop), "--out", str(tmp_path)])
    assert neither.exit_code == 2


def test_prefect_yaml_deploys_the_flow_with_its_schedule() -> None:
    import inspect

    from prefect.flows import load_flow_from_entrypoint

    from flows.pipeline.flow import FLOW_NAME

    (deployment,) = yaml.safe_load((ROOT / "prefect.yaml").read_text("utf-8"))["deployments"]
    flow = load_flow_from_entrypoint(str(ROOT / deployment["entrypoint"]))
    assert flow.name == FLOW_NAME
    assert set(deployment["parameters"]) == set(inspect.signature(flow.fn).parameters)
    assert deployment["schedules"][0]["cron"] == "*/15 * * * *"
    assert deployment["work_pool"]["name"] == "presswash"


def test_a_one_off_run_sends_no_heartbeats_unless_their_interval_was_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """Prefect's default heartbeats (whose thread a flow's end waits up to a second for) are off
    for a one-off run; an interval the user set is kept."""
    from prefect.settings import get_current_settings, temporary_settings

    from flows.pipeline.flow import PREFECT_HEARTBEAT_DEFAULT, foreground_heartbeats

    assert get_current_settings().flows.heartbeat_frequency == PREFECT_HEARTBEAT_DEFAULT
    with foreground_heartbeats():
        assert get_current_settings().flows.heartbeat_frequency is None
    assert get_current_settings().flows.heartbeat_frequency == PREFECT_HEARTBEAT_DEFAULT
    with temporary_settings(updates={"PREFECT_FLOWS_HEARTBEAT_FREQUENCY": 60}), foreground_heartbeats():
        assert get_current_settings().flows.heartbeat_frequency == 60


def test_run_once_runs_its_flow_without_heartbeats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The flow engine reads the interval inside the run: there it is off."""
    from prefect import flow_engine

    seen: list[int | None] = []
    real = flow_engine.BaseFlowRunEngine.heartbeat_seconds.fget

    def spy(engine: Any) -> int | None:
        seen.append(real(engine))
        return seen[-1]

    monkeypatch.setattr(flow_engine.FlowRunEngine, "heartbeat_seconds", property(spy))
    from flows.pipeline.flow import run_once

    (tmp_path / "in").mkdir()
    run_once(tmp_path / "in", tmp_path / "out", RunOptions(workers=1, learn_sites=False))
    assert seen and set(seen) == {None}
