"""The Prefect flow: a thin shell over :func:`flows.pipeline.sweep.sweep`.

The flow adds what Prefect is for: a named, tagged run; one task run per batch of
captures; a progress artifact that advances while it runs; a table and a markdown
artifact under stable keys when it ends; and a deployment that sweeps on a schedule.
Take the decorators away and ``sweep`` still does all the work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from prefect import flow, get_client, get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.context import FlowRunContext
from prefect.runtime import flow_run, task_run
from prefect.states import Completed, Failed
from prefect.utilities.annotations import quote

import cleaners
from flows.pipeline.batch import Outcome
from flows.pipeline.dataset import DEFAULT_SHARD_SIZE, DatasetOut, ShardFormat, export_run
from flows.pipeline.lock import run_lock
from flows.pipeline.manifest import build_manifest, counts, write_manifest
from flows.pipeline.near_duplicates import link_near_duplicates
from flows.pipeline.pool import Pool, all_cores
from flows.pipeline.report import artifact_key, capture_rows, summary_markdown, table_description
from flows.pipeline.runners import task_pool
from flows.pipeline.signatures import SignatureBook, SignatureStore
from flows.pipeline.sweep import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_LIMITS,
    BatchListener,
    Limits,
    Progress,
    RunLogger,
    SweepResult,
    sweep,
)
from flows.pipeline.worker import Cleaned, WorkBatch, clean_work

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

FLOW_NAME = "presswash-sweep"
FAILURES_LOGGED = 10
"""Failures named one by one in the log; the rest are in the artifacts and manifest."""

_listener: ContextVar[BatchListener | None] = ContextVar("presswash_listener", default=None)


@contextmanager
def progress_listener(listener: BatchListener | None) -> Iterator[None]:
    """Also send each batch's :class:`Progress` to ``listener`` (the CLI's progress bar).

    A context variable rather than a flow parameter: parameters are sent to the server.
    """
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def run_tags(input_dir: str | Path) -> list[str]:
    """The tags of every sweep's flow run: the input folder and the cleaner version."""
    return ["presswash", f"input:{Path(input_dir).name}", f"cleaner:{cleaners.__version__}"]


def _flow_run_name() -> str:
    folder = Path(flow_run.parameters["input_dir"]).name
    return f"sweep-{folder}-{datetime.now(UTC):%Y%m%d-%H%M%S}"


def _task_run_name() -> str:
    work = _unquoted(task_run.parameters["work"])
    items = cast(WorkBatch, work).items
    if not items:
        return "clean 0 captures"
    return f"clean {len(items)}: {items[0].relative} … {items[-1].relative}"


@task(name="clean-batch", task_run_name=_task_run_name, cache_policy=NO_CACHE)
def clean_batch_task(work: WorkBatch, processes: Pool | None = None) -> list[Cleaned]:
    """One task run per batch: the captures' bytes in, finished records out; cleaned by one of the
    local worker ``processes`` when given, else where the task runs (here, or on a Dask worker).
    Prefect's per-task cost is paid once per hundreds of captures."""
    if processes is not None:
        return processes.submit(work).result()
    return clean_work(work)


def _link_run_name() -> str:
    book = cast(SignatureBook, _unquoted(task_run.parameters["book"]))
    return f"near-duplicates over {len(book.keys)} records"


def _unquoted(value: Any) -> Any:
    return value.unquote() if isinstance(value, quote) else value


@task(name="near-duplicates", task_run_name=_link_run_name, cache_policy=NO_CACHE)
def near_duplicates_task(book: SignatureBook, out_dir: Path, store: SignatureStore) -> list[list[str]]:
    """LSH over the signatures the batches computed; rewrites only the records whose list changes."""
    return link_near_duplicates(book, out_dir, store)


@task(name="dataset-shards", cache_policy=NO_CACHE)
def dataset_task(result: SweepResult, outs: list[DatasetOut]) -> list[dict[str, Any]]:
    """The run's records (cleaned now or unchanged) as JSONL/Parquet shards, read back one at a time."""
    indexes = export_run(result.outcomes, result.out_dir, outs)
    logger = get_run_logger()
    for out, index in zip(outs, indexes, strict=True):
        shards = len(index["shards"])
        logger.info("Wrote %d records as %d %s shard(s) in %s", index["records"], shards, out.format.value, out.folder)
    return indexes


def _link_step(book: SignatureBook, out_dir: Path, store: SignatureStore) -> list[list[str]]:
    return near_duplicates_task(quote(book), out_dir, quote(store))


@flow(name=FLOW_NAME, flow_run_name=_flow_run_name, description=__doc__)
def sweep_folder(
    input_dir: str,
    out_dir: str,
    batch_size: int = DEFAULT_BATCH_SIZE,
    sites_db: str | None = None,
    learn_sites: bool = True,
    max_bytes: int = cleaners.DEFAULT_CONFIG.max_bytes,
    max_seconds: float | None = None,
    wait_for_lock: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
    jsonl: str | None = None,
    parquet: str | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
) -> State[dict[str, Any]]:
    """Clean every new or changed capture below ``input_dir`` into ``out_dir``.

    ``learn_sites``: learn each site's chrome (a folder of captures is a site) in the SQLite
    store ``sites_db`` (default ``out_dir/.presswash/sites.sqlite``) before cleaning.
    ``max_bytes`` and ``max_seconds`` limit each capture's size and cleaning time. The run
    holds ``out_dir``'s lock throughout; while another run holds it, this one fails at once
    (``RunLocked``), or with ``wait_for_lock`` waits for it. Batches are cleaned by ``workers``
    processes (default: all cores), or with ``dask_address`` (``tcp://host:port``) on that Dask
    cluster; the records come back and this process writes them. ``jsonl`` and ``parquet``:
    also write the run's records as dataset shards of ``shard_size`` records in these folders.
    """
    logger = get_run_logger()
    _tag_this_run(input_dir)
    with run_lock(Path(out_dir), wait=wait_for_lock, on_wait=logger.warning):
        board = _ProgressBoard(Path(input_dir), logger)
        result = sweep(
            Path(input_dir),
            Path(out_dir),
            batch_size=batch_size,
            config=replace(cleaners.DEFAULT_CONFIG, max_bytes=max_bytes),
            pool=task_pool(clean_batch_task, workers or all_cores(), dask_address),
            link=_link_step,
            on_batch=board.advance,
            log=logger,
            sites_db=Path(sites_db) if sites_db else None,
            learn=learn_sites,
            max_seconds=max_seconds,
            lock=False,
        )
        outs = _dataset_outs(jsonl, parquet, shard_size)
        if outs:
            dataset_task(quote(result), outs)
        manifest = build_manifest(result, _this_run())
        write_manifest(Path(out_dir), manifest)
    publish_report(result)
    return _final_state(result, manifest, logger)


def _dataset_outs(jsonl: str | None, parquet: str | None, shard_size: int) -> list[DatasetOut]:
    asked = ((jsonl, ShardFormat.jsonl), (parquet, ShardFormat.parquet))
    return [DatasetOut(Path(folder), kind, shard_size) for folder, kind in asked if folder]


def _tag_this_run(input_dir: str) -> None:
    run = _flow_run_context().flow_run
    with get_client(sync_client=True) as client:
        client.update_flow_run(run.id, tags=sorted({*run.tags, *run_tags(input_dir)}))


def _this_run() -> dict[str, str]:
    run = _flow_run_context().flow_run
    return {"id": str(run.id), "name": run.name}


def _flow_run_context() -> Any:
    context = FlowRunContext.get()
    if context is None or context.flow_run is None:
        raise RuntimeError("only available inside a flow run")
    return context


class _ProgressBoard:
    """The progress artifact, plus the log line and the CLI listener, per finished batch."""

    def __init__(self, input_dir: Path, logger: RunLogger) -> None:
        self.logger = logger
        self.listener = _listener.get()
        created = create_progress_artifact(
            0.0,
            key=artifact_key("progress", input_dir),
            description=f"Share of the captures below {input_dir} handled so far",
        )
        self.artifact = cast(UUID, created)  # async_dispatch: synchronous in a sync flow

    def advance(self, progress: Progress) -> None:
        update_progress_artifact(self.artifact, progress.percent)
        statuses = [outcome.status for outcome in progress.outcomes]
        self.logger.info(
            "Batch %d/%d: %d cleaned, %d unchanged, %d failed (%d/%d captures)",
            progress.batch,
            progress.batches,
            statuses.count("processed"),
            statuses.count("skipped"),
            statuses.count("failed"),
            progress.done,
            progress.total,
        )
        if self.listener is not None:
            self.listener(progress)


def publish_report(result: SweepResult) -> None:
    """The table and markdown artifacts, under keys stable per input folder."""
    create_table_artifact(
        capture_rows(result),
        key=artifact_key("captures", result.input_dir),
        description=table_description(result),
    )
    create_markdown_artifact(
        summary_markdown(result),
        key=artifact_key("summary", result.input_dir),
        description=f"Totals, failures, top rules, thinnest articles, near-duplicates and sites for {result.input_dir}",
    )


def _final_state(result: SweepResult, manifest: dict[str, Any], logger: RunLogger) -> State[dict[str, Any]]:
    """Completed, or Failed when any capture failed (after all the others were handled)."""
    message = outcome_message(counts(result))
    failed = result.by_status("failed")
    _log_failures(failed, logger)
    logger.info("%s in %.1f s", message, result.seconds["total"])
    if failed:
        return Failed(message=message, data=manifest)
    return Completed(message=message, data=manifest)


def outcome_message(tally: dict[str, int]) -> str:
    """'5 cleaned, 0 unchanged, 1 failed', naming captures without an article when there are any.

    >>> outcome_message({"processed": 5, "skipped": 0, "no_article": 2, "failed": 1})
    '5 cleaned, 0 unchanged, 2 without an article, 1 failed'
    """
    empty = f"{tally['no_article']} without an article, " if tally.get("no_article") else ""
    return f"{tally['processed']} cleaned, {tally['skipped']} unchanged, {empty}{tally['failed']} failed"


def _log_failures(failed: Sequence[Outcome], logger: RunLogger) -> None:
    for outcome in failed[:FAILURES_LOGGED]:
        logger.warning("Failed %s: %s", outcome.capture, outcome.reason)
    if len(failed) > FAILURES_LOGGED:
        more = len(failed) - FAILURES_LOGGED
        logger.warning("…and %d more failures, listed in the manifest", more)


def run_once(
    input_dir: Path,
    out_dir: Path,
    batch_size: int = DEFAULT_BATCH_SIZE,
    listener: Callable[[Progress], None] | None = None,
    sites_db: Path | None = None,
    learn_sites: bool = True,
    limits: Limits = DEFAULT_LIMITS,
    wait_for_lock: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
    datasets: tuple[DatasetOut, ...] = (),
) -> dict[str, Any]:
    """Run the flow once and return its manifest, whether or not captures failed.

    The folders are passed as given, so records name their source as ``presswash clean``
    does for the same spelling of the path. Raises ``flows.pipeline.lock.RunLocked`` when another
    run holds the output folder (and ``wait_for_lock`` is off).
    """
    with progress_listener(listener):
        db = str(sites_db) if sites_db is not None else None
        state = sweep_folder(
            str(input_dir),
            str(out_dir),
            batch_size,
            db,
            learn_sites,
            limits.max_bytes,
            limits.max_seconds,
            wait_for_lock,
            workers,
            dask_address,
            *_dataset_parameters(datasets),
            return_state=True,
        )
    manifest = state.result(raise_on_failure=False)
    if isinstance(manifest, BaseException):
        raise manifest
    return cast(dict[str, Any], manifest)


def _dataset_parameters(datasets: Sequence[DatasetOut]) -> tuple[str | None, str | None, int]:
    """The flow's ``jsonl``, ``parquet`` and ``shard_size`` parameters for the datasets asked for."""
    folders = {out.format: str(out.folder) for out in datasets}
    sizes = {out.shard_size for out in datasets} or {DEFAULT_SHARD_SIZE}
    if len(sizes) > 1:
        raise ValueError("one shard size for all the datasets of a run")
    return folders.get(ShardFormat.jsonl), folders.get(ShardFormat.parquet), sizes.pop()


def sweep_deployment(
    input_dir: Path,
    out_dir: Path,
    *,
    cron: str | None = None,
    interval: timedelta | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    name: str | None = None,
    sites_db: Path | None = None,
    learn_sites: bool = True,
    limits: Limits = DEFAULT_LIMITS,
    workers: int | None = None,
    dask_address: str | None = None,
) -> RunnerDeployment:
    """A deployment that sweeps ``input_dir`` on a cron or interval schedule."""
    if (cron is None) == (interval is None):
        raise ValueError("give exactly one of a cron expression or an interval")
    deployment = sweep_folder.to_deployment(
        name=name or f"sweep-{input_dir.name}",
        cron=cron,
        interval=interval,
        parameters={
            "input_dir": str(input_dir.resolve()),
            "out_dir": str(out_dir.resolve()),
            "batch_size": batch_size,
            "sites_db": str(sites_db.resolve()) if sites_db is not None else None,
            "learn_sites": learn_sites,
            "max_bytes": limits.max_bytes,
            "max_seconds": limits.max_seconds,
            "workers": workers,
            "dask_address": dask_address,
        },
        tags=run_tags(input_dir),
        description=f"Clean new or changed captures below {input_dir} into {out_dir}",
    )
    return cast("RunnerDeployment", deployment)  # async_dispatch: synchronous here
