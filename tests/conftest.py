"""Shared test setup: Prefect lives in a throwaway home and never phones home.

The environment is set in ``pytest_configure``, before any test module imports Prefect
(which reads its settings once, at import).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "seeds"

_prefect_home: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _prefect_home
    _prefect_home = tempfile.mkdtemp(prefix="presswash-prefect-home-")
    os.environ["PREFECT_HOME"] = _prefect_home
    os.environ["DO_NOT_TRACK"] = "1"
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    os.environ.pop("PREFECT_API_URL", None)  # a developer's own server must not get test runs


def pytest_unconfigure(config: pytest.Config) -> None:
    if _prefect_home is not None:
        shutil.rmtree(_prefect_home, ignore_errors=True)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server and database for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def fresh_python() -> Callable[[str], str]:
    """Run a script in a new interpreter from the project's root and return what it printed:
    for what a process imports or keeps (modules loaded, the collector's state), which the
    test session's own process has long changed."""

    def run(script: str) -> str:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
        return done.stdout

    return run


@pytest.fixture()
def drop(tmp_path: Path) -> Path:
    """A drop folder: the seed captures, one nested as HTML, plus files to ignore."""
    folder = tmp_path / "drop"
    (folder / "nested").mkdir(parents=True)
    for seed in sorted(FIXTURES.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    page = b"<p>The mayor said on Tuesday that the bridge would close for a month while engineers repair it.</p>\n"
    (folder / "nested" / "page.html").write_bytes(page)
    (folder / ".hidden.txt").write_text("never read\n", "utf-8")
    (folder / "notes.json").write_text("{}", "utf-8")
    return folder


@dataclass(frozen=True)
class RunRecord:
    """A finished flow run as the Prefect API reports it."""

    flow_run: Any
    task_runs: list[Any]
    artifacts: dict[str, Any]
    """Artifacts by key."""


def read_back(flow_run_id: str | UUID) -> RunRecord:
    """The flow run, its task runs and its keyed artifacts, read with Prefect's client."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowRunFilter,
        FlowRunFilterId,
    )

    run_id = UUID(str(flow_run_id))
    with get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(run_id)
        only_this_run = FlowRunFilter(id=FlowRunFilterId(any_=[run_id]))
        task_runs = client.read_task_runs(flow_run_filter=only_this_run)
        by_run = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
        artifacts = client.read_artifacts(artifact_filter=by_run)
    return RunRecord(flow_run, task_runs, {a.key: a for a in artifacts if a.key})


@pytest.fixture(scope="session")
def run_reader() -> Any:
    """:func:`read_back`, for test modules (conftest is not importable under importlib mode)."""
    return read_back


def build_warc(pages: dict[str, bytes], content_type: str = "text/html; charset=utf-8") -> bytes:
    """A WARC holding one HTTP request (no capture) and one response per page."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, body in pages.items():
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


@pytest.fixture(scope="session")
def warc_of() -> Any:
    """:func:`build_warc`, for test modules (conftest is not importable under importlib mode)."""
    return build_warc
