"""Must show: a real ``prefect server start`` on a loopback port, ``presswash run`` and
``presswash serve`` pointed at it with PREFECT_API_URL, and Prefect's client reading back
the flow run, its task runs, its artifacts with their contents, and the deployment.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

PRESSWASH = str(Path(sys.executable).with_name("presswash"))
PREFECT = str(Path(sys.executable).with_name("prefect"))
STARTUP_SECONDS = 120
SCHEDULER_SECONDS = 25
"""The server's scheduler looks at recently changed deployments every few seconds."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(ready: Callable[[], bool], what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what}: process exited with {process.returncode}")
        if ready():
            return
        time.sleep(0.5)
    raise TimeoutError(f"{what}: not ready after {STARTUP_SECONDS} s")


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def stop(process: subprocess.Popen[bytes]) -> None:
    """Interrupt like Ctrl-C, then kill if it will not go."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A real Prefect server on 127.0.0.1 with its own home; yields the env to reach it."""
    home = tmp_path_factory.mktemp("prefect-server-home")
    url = f"http://127.0.0.1:{free_port()}/api"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_UI_ENABLED": "false"}
    port = url.rsplit(":", 1)[1].split("/")[0]
    log = (home / "server.log").open("wb")
    process = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", port],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(lambda: healthy(url), "prefect server", process)
        yield {**env, "PREFECT_API_URL": url}
    finally:
        stop(process)
        log.close()


@pytest.fixture()
def client_of(server: dict[str, str]) -> Iterator[None]:
    """Point this process's Prefect client at the real server."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: server["PREFECT_API_URL"]}):
        yield


def test_run_reports_to_the_real_server(
    server: dict[str, str],
    client_of: None,
    drop: Path,
    tmp_path: Path,
    run_reader: Callable[..., Any],
) -> None:
    (drop / "nested" / "page.txt").write_text("Same stem as page.html.\n", "utf-8")
    out = tmp_path / "out"
    args = [PRESSWASH, "run", str(drop), "--out", str(out), "--batch-size", "3"]
    done = subprocess.run(args, env=server, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "7 captures: 6 cleaned, 0 unchanged, 1 failed" in done.stdout
    manifest = json.loads((out / ".presswash" / "manifest.json").read_text("utf-8"))

    run = run_reader(manifest["flow_run"]["id"])
    assert run.flow_run.state.type.value == "FAILED"
    assert run.flow_run.state.message == (
        "6 cleaned, 0 unchanged, 1 failed: nested/page.txt: its outputs would overwrite those of nested/page.html"
    )
    assert run.flow_run.name == manifest["flow_run"]["name"]
    assert "input:drop" in run.flow_run.tags
    assert len(run.task_runs) == 4
    assert {t.state.type.value for t in run.task_runs} == {"COMPLETED"}
    names = sorted(t.name.split(":")[0].split("-")[0] for t in run.task_runs)
    assert names == ["clean 1", "clean 3", "clean 3", "near"]
    assert sorted(t.name for t in run.task_runs)[-1] == "near-duplicates over 6 records"

    assert run.artifacts["presswash-progress-drop"].data == 100.0
    rows = json.loads(run.artifacts["presswash-captures-drop"].data)
    assert [row["status"] for row in rows].count("cleaned") == 6
    assert rows[0] == {
        "path": "nested/page.txt",
        "title": "",
        "words kept": 0,
        "lines removed": 0,
        "status": "failed: its outputs would overwrite those of nested/page.html",
    }
    summary = run.artifacts["presswash-summary-drop"].data
    assert "**6 cleaned**" in summary
    assert "`nested/page.txt` | its outputs would overwrite those of nested/page.html |" in summary
    assert "## Least body left" in summary


@pytest.fixture(scope="module")
def served(server: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """``presswash serve`` running against the real server; yields its deployment."""
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    drop = tmp_path_factory.mktemp("served") / "drop"
    drop.mkdir()
    args = [PRESSWASH, "serve", str(drop), "--out", str(drop.parent / "out"), "--cron", "0 3 * * *"]
    process = subprocess.Popen(args, env=server, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def registered() -> Any:
        with get_client(sync_client=True) as client:
            try:
                return client.read_deployment_by_name("presswash-sweep/sweep-drop")
            except Exception:
                return None

    with temporary_settings({PREFECT_API_URL: server["PREFECT_API_URL"]}):
        try:
            wait_until(lambda: registered() is not None, "presswash serve", process)
            yield registered()
        finally:
            stop(process)


def test_serve_registers_the_deployment_and_schedule_without_waiting(served: Any) -> None:
    assert [s.schedule.cron for s in served.schedules] == ["0 3 * * *"]
    assert all(s.active for s in served.schedules)
    assert served.parameters["input_dir"].endswith("drop")
    assert "input:drop" in served.tags


def test_server_schedules_runs_of_the_served_deployment(served: Any, client_of: None) -> None:
    """The scheduler queues future runs at once; none has to fire for this to pass."""
    from prefect import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    only_served = DeploymentFilter(id=DeploymentFilterId(any_=[served.id]))
    deadline = time.monotonic() + SCHEDULER_SECONDS
    runs: list[Any] = []
    while not runs and time.monotonic() < deadline:
        time.sleep(1)
        with get_client(sync_client=True) as client:
            runs = client.read_flow_runs(deployment_filter=only_served, limit=5)
    assert runs, f"no scheduled run after {SCHEDULER_SECONDS} s"
    assert {run.state.type.value for run in runs} == {"SCHEDULED"}


# --- Operations: a served deployment over a drop folder with a bad file -----------------

BAD = Path(__file__).resolve().parent.parent / "fixtures" / "bad" / "captures"
FINAL_SECONDS = 180


@pytest.fixture(scope="module")
def served_drop(server: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """``presswash serve`` on a drop folder holding a bad file, polling the server every second."""
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    root = tmp_path_factory.mktemp("ops")
    drop, out = root / "drop", root / "out"
    drop.mkdir()
    seeds = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "seeds").glob("*.txt"))
    for seed in seeds[:2]:
        (drop / seed.name).write_bytes(seed.read_bytes())
    (drop / "broken.txt").write_bytes((BAD / "binary-named.txt").read_bytes())
    env = {**server, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    args = [PRESSWASH, "serve", str(drop), "--out", str(out), "--cron", "0 3 * * *", "--name", "ops"]
    log = (root / "serve.log").open("wb")
    process = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)

    def registered() -> Any:
        with get_client(sync_client=True) as client:
            try:
                return client.read_deployment_by_name("presswash-sweep/ops")
            except Exception:
                return None

    with temporary_settings({PREFECT_API_URL: server["PREFECT_API_URL"]}):
        try:
            wait_until(lambda: registered() is not None, "presswash serve", process)
            yield {"deployment": registered(), "drop": drop, "out": out, "log": root / "serve.log"}
        finally:
            stop(process)
            log.close()


def start_run(deployment: Any) -> Any:
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.create_flow_run_from_deployment(deployment.id).id


def final_run(run_id: Any) -> Any:
    """The flow run once it is final, and its log records (sent by the run's process as it exits)."""
    from prefect import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    deadline = time.monotonic() + FINAL_SECONDS
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            run = client.read_flow_run(run_id)
            if run.state is not None and run.state.is_final():
                break
            time.sleep(0.5)
        else:
            raise TimeoutError(f"flow run {run_id} not final after {FINAL_SECONDS} s: {run.state}")
        time.sleep(2)  # the run's last log batch is flushed as its process exits
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
    return run, logs


def errors_in(logs: list[Any]) -> list[str]:
    return [log.message[:300] for log in logs if log.level >= 40]


def test_served_runs_fail_once_per_new_bad_file_and_remember_known_failures(
    served_drop: dict[str, Any], client_of: None, run_reader: Callable[..., Any]
) -> None:
    deployment, drop = served_drop["deployment"], served_drop["drop"]

    first, logs = final_run(start_run(deployment))
    assert first.state.type.value == "FAILED", first.state
    message = first.state.message
    assert (
        message
        == "2 cleaned, 0 unchanged, 1 failed: broken.txt: the capture is binary data, not text (control and NUL bytes)"
    )
    assert errors_in(logs) == []
    assert "Traceback" not in served_drop["log"].read_text("utf-8", "replace")

    second, logs = final_run(start_run(deployment))
    assert second.state.type.value == "COMPLETED", second.state
    assert second.state.message == "0 cleaned, 2 unchanged, 0 failed, 1 known failure"
    assert errors_in(logs) == []
    rows = json.loads(run_reader(second.id).artifacts["presswash-captures-drop"].data)
    assert rows[0]["path"] == "broken.txt"
    assert rows[0]["status"].startswith("known failure: the capture is binary data, not text")
    manifest = json.loads((served_drop["out"] / ".presswash" / "manifest.json").read_text("utf-8"))
    assert [entry["capture"] for entry in manifest["known_failures"]] == ["broken.txt"]

    (drop / "also-broken.txt").write_bytes(b"")
    third, logs = final_run(start_run(deployment))
    assert third.state.type.value == "FAILED", third.state
    assert third.state.message == (
        "0 cleaned, 2 unchanged, 1 failed, 1 known failure: also-broken.txt: the capture is empty (no text at all)"
    )
    assert errors_in(logs) == []


HOLD_LOCK = """
import sys, time
from pathlib import Path
from flows.pipeline.lock import run_lock
with run_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_a_served_run_meeting_a_manual_runs_lock_ends_cancelled_without_a_traceback(
    served_drop: dict[str, Any], client_of: None
) -> None:
    root = Path(__file__).resolve().parent.parent
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(served_drop["out"])], stdout=subprocess.PIPE, text=True, cwd=root
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        run, logs = final_run(start_run(served_drop["deployment"]))
    finally:
        holder.kill()
        holder.wait()
    assert run.state.type.value == "CANCELLED", run.state
    assert run.state.message.startswith(f"another presswash run (pid {holder.pid}, started")
    assert errors_in(logs) == []


def test_an_overlapping_run_on_the_same_output_waits_in_prefects_queue(
    served_drop: dict[str, Any], client_of: None
) -> None:
    from prefect import get_client

    drop = served_drop["drop"]
    seed = next((Path(__file__).resolve().parent.parent / "fixtures" / "seeds").glob("*.txt")).read_bytes()
    for number in range(1500):  # enough work that the first run still holds the folder
        story = drop / "many" / f"{number:04d}" / "story.txt"  # a folder each: no site to learn
        story.parent.mkdir(parents=True)
        story.write_bytes(seed)
    ids = [start_run(served_drop["deployment"]), start_run(served_drop["deployment"])]
    runs = [final_run(run_id)[0] for run_id in ids]
    assert [run.state.type.value for run in runs] == ["COMPLETED", "COMPLETED"], [run.state for run in runs]
    with get_client(sync_client=True) as client:
        names = [[state.name for state in client.read_flow_run_states(run_id)] for run_id in ids]
    assert any("AwaitingConcurrencySlot" in history for history in names), names
    assert sorted(run.state.message.split(",")[0] for run in runs) == ["0 cleaned", "1500 cleaned"]
