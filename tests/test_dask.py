"""A run on a Dask cluster: a local ``dask scheduler`` and two ``dask worker`` processes on the
loopback interface, started here; the outputs must be byte for byte those of a local run."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.crashtest import build_corpus, visible_files

pytest.importorskip("prefect_dask")
ROOT = Path(__file__).resolve().parent.parent
DASK = shutil.which("dask", path=str(Path(sys.executable).parent))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """``tcp://127.0.0.1:PORT`` of a scheduler with two single-threaded workers."""
    from distributed import Client

    if DASK is None:
        pytest.skip("the dask command is not installed")
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "DO_NOT_TRACK": "1"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": ROOT, "env": env}
    port = address.rsplit(":", 1)[1]
    scheduler = subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], **quiet)
    worker_args = [DASK, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"]
    workers = [subprocess.Popen(worker_args, **quiet) for _ in range(2)]
    try:
        with Client(address, timeout=120) as client:
            client.wait_for_workers(2, timeout=180)
        yield address
    finally:
        for process in [*workers, scheduler]:
            process.terminate()
        for process in [*workers, scheduler]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_run_on_a_dask_cluster_writes_what_a_local_run_writes(
    cluster: str, tmp_path: Path, prefect_harness: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.pipeline.flow import run_once
    from flows.pipeline.options import RunOptions

    drop = tmp_path / "drop"
    build_corpus(drop, 320)  # copies of five seeds: two of them are near-duplicates
    monkeypatch.chdir(tmp_path)  # records name their source as the input is spelled: the same in both runs
    local = run_once(Path("drop"), Path("local"), RunOptions(batch_size=40, workers=1))
    remote = run_once(Path("drop"), Path("remote"), RunOptions(batch_size=40, dask_address=cluster))
    assert remote["counts"] == local["counts"] and remote["counts"]["processed"] > 200
    assert remote["near_duplicates"] == local["near_duplicates"] != []
    mine, theirs = visible_files(tmp_path / "local"), visible_files(tmp_path / "remote")
    assert mine.keys() == theirs.keys()
    assert all(mine[name].read_bytes() == theirs[name].read_bytes() for name in mine)
    state = Path(".presswash/state.json")
    assert (tmp_path / "local" / state).read_bytes() == (tmp_path / "remote" / state).read_bytes()
