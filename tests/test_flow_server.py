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
    assert run.flow_run.state.message == "6 cleaned, 0 unchanged, 1 failed"
    assert run.flow_run.name == manifest["flow_run"]["name"]
    assert "input:drop" in run.flow_run.tags
    assert len(run.task_runs) == 3  # the last batch holds only a clashing capture: nothing to send to a worker
    assert {t.state.type.value for t in run.task_runs} == {"COMPLETED"}
    *batches, link = sorted(t.name for t in run.task_runs)
    assert all(name.startswith("clean ") for name in batches)
    assert link == "near-duplicates over 6 records"

    assert run.artifacts["presswash-progress-drop"].data == 100.0
    rows = json.loads(run.artifacts["presswash-captures-drop"].data)
    assert [row["status"] for row in rows].count("processed") == 6
    assert rows[0] == {
        "capture": "nested/page.txt",
        "id": "",
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
