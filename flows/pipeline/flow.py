"""The Prefect flow: a thin shell over :func:`flows.pipeline.sweep.sweep`.

The flow adds what Prefect is for: a named, tagged run; one task run per batch of
captures; a progress artifact that advances while it runs; a table and a markdown
artifact under stable keys when it ends; and a deployment that sweeps on a schedule.
Take the decorators away and ``sweep`` still does all the work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from prefect import Task, flow, get_client, get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy, State, TaskRun
from prefect.context import FlowRunContext
from prefect.exceptions import Abort
from prefect.runtime import flow_run, task_run
from prefect.settings import get_current_settings, temporary_settings
from prefect.settings.models.flows import FlowsSettings
from prefect.states import Cancelled, Completed, Failed
from prefect.utilities.annotations import quote

import cleaners
from flows.pipeline.batch import BatchJob, Outcome, TransientError, clean_batch
from flows.pipeline.dataset import DatasetOut, ShardFormat, export_run
from flows.pipeline.discover import Capture
from flows.pipeline.lock import RunLocked, run_lock
from flows.pipeline.manifest import counts, run_summary, tally, write_manifest
from flows.pipeline.near_duplicates import link_near_duplicates
from flows.pipeline.options import DEFAULT_OPTIONS, RunOptions
from flows.pipeline.outcome import failure_message, outcome_message
from flows.pipeline.pool import all_cores
from flows.pipeline.report import (
    artifact_key,
    capture_rows,
    progress_description,
    short_path,
    summary_markdown,
    table_description,
)
from flows.pipeline.runners import worker_pool
from flows.pipeline.signatures import RunBook, SignatureStore
from flows.pipeline.sweep import BatchListener, Progress, RunLogger, SweepResult, sweep

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

FLOW_NAME = "presswash-sweep"
FAILURES_LOGGED = 10
"""Failures named one by one in the log; the rest are in the artifacts and manifest."""
NAME_WIDTH = 36
"""Characters of each capture path in a batch's task run name."""
RETRIES = 2
RETRY_DELAYS = [1, 5]
"""Seconds before each retry of a batch that hit an I/O error that may pass."""
RETRIED = (TransientError, BrokenProcessPool, ConnectionError)
"""What a batch's task is retried for: I/O that may pass, a lost worker process. Never a capture
that cannot be cleaned: that is the capture's outcome, not an exception."""
ONE_RUN_PER_FOLDER = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)
"""A deployment sweeps one output folder: a run due while the last one still writes waits in
Prefect's queue (AwaitingConcurrencySlot) instead of failing on the folder's lock."""


class RunFailed(Abort):
    """Captures failed anew in this run; ``str(err)`` is the one-line message (counts and the
    first new failures).

    The data of a presswash Failed state, so every path reads an exception with a readable
    message, never a state holding the whole manifest. It derives from Prefect's ``Abort``,
    the signal for "the run's final state is recorded: end the engine now": when a served or
    worker-run flow ends Failed, Prefect's engine raises the state's exception once more as
    the process ends, and logs any other exception there as an ERROR with its traceback; an
    ``Abort`` ends the process quietly (exit 0). A BaseException, like ``Abort``, so no
    ``except Exception`` takes it for a bug.

    ``summary``: the run's summary (:func:`flows.pipeline.manifest.run_summary`), what a completed
    run returns, so ``presswash run`` reports a failed run without reading its whole manifest.
    """

    def __init__(self, message: str, summary: dict[str, Any] | None = None) -> None:
        super().__init__(message, summary)
        self.summary = summary

    def __str__(self) -> str:
        return str(self.args[0])


class OutputLocked(Abort):
    """Another run holds the output folder's lock: this run ends Cancelled, having done nothing.

    An ``Abort``, like :class:`RunFailed`, so the engine ends quietly; ``str(err)`` names the
    holder and what to do.
    """


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


PREFECT_HEARTBEAT_DEFAULT = FlowsSettings.model_fields["heartbeat_frequency"].default
"""Prefect's own flow-run heartbeat interval (seconds) when nobody set one."""


@contextmanager
def foreground_heartbeats() -> Iterator[None]:
    """A one-off run sends no flow-run heartbeats unless the user set their interval.

    Prefect sends them by default (every 180 s) from a thread that sleeps in one-second steps,
    and joins that thread when the flow ends: every run waited up to a second more at its end
    (0.85 s measured on a run over an empty folder, a quarter of its time). The heartbeats feed
    Prefect's zombie-run automations for deployments, whose runs nobody watches; a one-off run
    runs in its user's terminal, and its state resumes it after a crash whatever the server
    says. A deployment's runs (``presswash serve``) keep Prefect's default, and a user who set
    ``PREFECT_FLOWS_HEARTBEAT_FREQUENCY`` (to anything other than the default) keeps it here too.
    """
    if get_current_settings().flows.heartbeat_frequency != PREFECT_HEARTBEAT_DEFAULT:
        yield
        return
    with temporary_settings(updates={"PREFECT_FLOWS_HEARTBEAT_FREQUENCY": None}):
        yield


def run_tags(input_dir: str | Path) -> list[str]:
    """The tags of every sweep's flow run: the input folder and the cleaner version."""
    return ["presswash", f"input:{Path(input_dir).name}", f"cleaner:{cleaners.__version__}"]


def _flow_run_name() -> str:
    folder = Path(flow_run.parameters["input_dir"]).name
    return f"sweep-{folder}-{datetime.now(UTC):%Y%m%d-%H%M%S}"


def _task_run_name() -> str:
    captures: Sequence[Capture] = _unquoted(task_run.parameters["captures"])
    return batch_name(captures)


def batch_name(captures: Sequence[Capture]) -> str:
    """A batch's task run name: its size and its first and last captures' short paths (ASCII:
    the run graph's font has no ellipsis).

    >>> batch_name([Capture("2024/05/a-long-name.txt"), Capture("2024/06/z.html")])
    'clean 2: 2024/05/a-long-name.txt to 2024/06/z.html'
    """
    if not captures:
        return "clean 0 captures"
    first, last = (short_path(c.relative, NAME_WIDTH, "...") for c in (captures[0], captures[-1]))
    if len(captures) == 1:
        return f"clean 1: {first}"
    return f"clean {len(captures)}: {first} to {last}"


def _retry_transient(task: Task[..., Any], run: TaskRun, state: State[Any]) -> bool:
    """Retry a batch only for what may pass (:data:`RETRIED`)."""
    return isinstance(state.result(raise_on_failure=False), RETRIED)


@task(
    name="clean-batch",
    task_run_name=_task_run_name,
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAYS,
    retry_condition_fn=_retry_transient,
)
def clean_batch_task(captures: Sequence[Capture], job: BatchJob) -> list[Outcome]:
    """One task run per batch: Prefect's per-task cost is paid once per hundreds of captures.

    The task reads and writes here, in the flow process; the cleaning itself goes to
    ``job.cleaner`` (a worker process, or a Dask worker), whose errors come back here: a
    transient one retries the task, a lost worker process (``BrokenProcessPool``) too."""
    return clean_batch(captures, replace(job, raise_transient=True))


def clean_with_retries(captures: Sequence[Capture], job: BatchJob) -> list[Outcome]:
    """The batch as a task, retried for transient errors; once retries are spent, those errors
    become the failures of their captures and the run goes on."""
    try:
        # quoted: Prefect would otherwise walk every capture and the job's state and profiles,
        # looking for futures to wait for, on each call and retry
        return clean_batch_task(quote(captures), quote(job))
    except RETRIED:
        return clean_batch(captures, replace(job, raise_transient=False))


def _link_run_name() -> str:
    book = cast(RunBook, _unquoted(task_run.parameters["book"]))
    return f"near-duplicates over {book.count_signed()} records"


def _unquoted(value: Any) -> Any:
    return value.unquote() if isinstance(value, quote) else value


@task(name="near-duplicates", task_run_name=_link_run_name, cache_policy=NO_CACHE)
def near_duplicates_task(book: RunBook, out_dir: Path, store: SignatureStore) -> list[list[str]]:
    """LSH over the signatures the batches computed; rewrites only the records whose list changes."""
    return link_near_duplicates(book, out_dir, store)


def _link_step(book: RunBook, out_dir: Path, store: SignatureStore) -> list[list[str]]:
    return near_duplicates_task(quote(book), out_dir, quote(store))


@task(name="dataset-shards", cache_policy=NO_CACHE)
def dataset_task(result: SweepResult, outs: list[DatasetOut]) -> list[dict[str, Any]]:
    """The run's records (cleaned now or unchanged) as JSONL/Parquet shards, read back one at a time."""
    indexes = export_run(result.outcomes, result.out_dir, outs)
    logger = get_run_logger()
    for out, index in zip(outs, indexes, strict=True):
        shards = len(index["shards"])
        logger.info("Wrote %d records as %d %s shard(s) in %s", index["records"], shards, out.format.value, out.folder)
    return indexes


@flow(name=FLOW_NAME, flow_run_name=_flow_run_name, description=__doc__, log_prints=False)
def sweep_folder(input_dir: str, out_dir: str, options: RunOptions = DEFAULT_OPTIONS) -> State[Any]:
    """Clean every new or changed capture below ``input_dir`` into ``out_dir``, as ``options`` say.

    Batches are cleaned by ``options.workers`` processes (default: all cores), or with
    ``options.dask_address`` (``tcp://host:port``) on that Dask cluster; the records come back
    and this process writes them. ``options.jsonl`` and ``options.parquet``: also write the run's
    records as dataset shards of ``options.shard_size`` records in these folders.

    Ends Completed when no capture failed anew (known failures, unchanged since they first
    failed, are listed but do not fail the run), Failed with a one-line message naming the
    counts and the first new failures otherwise, and Cancelled when another run holds
    ``out_dir``'s lock (unless ``options.wait``).
    """
    logger = get_run_logger()
    _tag_this_run(input_dir)
    try:
        with run_lock(Path(out_dir), wait=options.wait, on_wait=logger.warning):
            board = _ProgressBoard(Path(input_dir), logger)
            result = sweep(
                Path(input_dir),
                Path(out_dir),
                options,
                clean=clean_with_retries,
                link=_link_step,
                pool=worker_pool(options.workers or all_cores(), options.dask_address),
                on_batch=board.advance,
                log=logger,
                lock=False,
            )
            outs = dataset_outs(options)
            if outs:
                dataset_task(quote(result), outs)
            write_manifest(Path(out_dir), result, _this_run())
            summary = run_summary(result, _this_run())
    except RunLocked as err:
        logger.warning("%s", err)
        return Cancelled(message=str(err), data=OutputLocked(str(err)))
    board.finish(result)
    publish_report(result)
    return _final_state(result, summary, logger)


def dataset_outs(options: RunOptions) -> list[DatasetOut]:
    """The dataset shards ``options`` ask for (``jsonl``, ``parquet``), ``shard_size`` records each."""
    asked = ((options.jsonl, ShardFormat.jsonl), (options.parquet, ShardFormat.parquet))
    return [DatasetOut(folder, kind, options.shard_size) for folder, kind in asked if folder is not None]


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
        self.so_far = tally(())
        created = create_progress_artifact(
            0.0,
            key=artifact_key("progress", input_dir),
            description=f"Sweep of {input_dir}: starting",
        )
        self.artifact = cast(UUID, created)  # async_dispatch: synchronous in a sync flow

    def advance(self, progress: Progress) -> None:
        batch = tally(progress.outcomes)
        self.so_far = so_far = {status: n + batch[status] for status, n in self.so_far.items()}
        update_progress_artifact(self.artifact, progress.percent, description=progress_description(progress, so_far))
        self.logger.info(
            "Batch %d/%d: %s (%d/%d captures)",
            progress.batch,
            progress.batches,
            outcome_message(so_far),
            progress.done,
            progress.total,
        )
        if self.listener is not None:
            self.listener(progress)

    def finish(self, result: SweepResult) -> None:
        """The final counts, refused files included, once every batch is done."""
        totals = counts(result)
        done = Progress(totals["captures"], totals["captures"], 0, 0, ())
        update_progress_artifact(self.artifact, 100.0, description=progress_description(done, totals))


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


def _final_state(result: SweepResult, summary: dict[str, Any], logger: RunLogger) -> State[Any]:
    """Completed, or Failed when a capture failed anew (after all the others were handled).

    A Failed state carries a :class:`RunFailed` exception, never the manifest: what Prefect's
    engine raises for a failed run, in ``presswash run``, ``serve`` and a worker alike. Either
    way the run's summary (the manifest without its per-capture lists) comes with it.
    """
    totals = counts(result)
    failed = result.outcomes.first("failed", FAILURES_LOGGED)
    _log_failures(failed, totals["failed"], totals["known_failures"], logger)
    message = failure_message(totals, [(o.capture, o.reason or "") for o in failed])
    logger.info("%s in %.1f s", outcome_message(totals), result.seconds["total"])
    if failed:
        return Failed(message=message, data=RunFailed(message, summary))
    return Completed(message=message, data=summary)


def _log_failures(failed: Sequence[Outcome], total: int, known: int, logger: RunLogger) -> None:
    """The first failures by name, how many more (of ``total``), and how many are known."""
    for outcome in failed[:FAILURES_LOGGED]:
        logger.warning("Failed %s: %s", outcome.capture, outcome.reason)
    if total > FAILURES_LOGGED:
        logger.warning("…and %d more failures, listed in the manifest", total - FAILURES_LOGGED)
    if known:
        logger.info("%d known failures (unchanged since they failed; --retry-failed cleans them again)", known)


def run_once(
    input_dir: Path,
    out_dir: Path,
    options: RunOptions = DEFAULT_OPTIONS,
    listener: Callable[[Progress], None] | None = None,
) -> dict[str, Any]:
    """Run the flow once and return its summary (:func:`flows.pipeline.manifest.run_summary`: the
    manifest without its per-capture lists, the first failures listed), whether or not captures failed.

    The folders are passed as given, so records name their source as ``presswash clean``
    does for the same spelling of the path. Raises ``flows.pipeline.lock.RunLocked`` when another
    run holds the output folder (and ``options.wait`` is off).
    """
    with progress_listener(listener), foreground_heartbeats():
        state = sweep_folder(str(input_dir), str(out_dir), options, return_state=True)
    if state.is_cancelled():
        raise RunLocked(state.message or f"another presswash run is writing to {out_dir}")
    if state.is_completed():
        return cast(dict[str, Any], state.result())
    outcome = state.result(raise_on_failure=False)
    if not isinstance(outcome, RunFailed) or outcome.summary is None:
        raise cast(BaseException, outcome)  # a bug: the flow itself raised
    return outcome.summary


def sweep_deployment(
    input_dir: Path,
    out_dir: Path,
    *,
    cron: str | None = None,
    interval: timedelta | None = None,
    name: str | None = None,
    options: RunOptions = DEFAULT_OPTIONS,
) -> RunnerDeployment:
    """A deployment that sweeps ``input_dir`` on a cron or interval schedule, one run at a time."""
    if (cron is None) == (interval is None):
        raise ValueError("give exactly one of a cron expression or an interval")
    folders = {name: getattr(options, name) for name in ("sites_db", "files_from", "jsonl", "parquet")}
    options = options.model_copy(update={k: v.resolve() for k, v in folders.items() if v is not None})
    deployment = sweep_folder.to_deployment(
        name=name or f"sweep-{input_dir.name}",
        cron=cron,
        interval=interval,
        parameters={
            "input_dir": str(input_dir.resolve()),
            "out_dir": str(out_dir.resolve()),
            "options": options.model_dump(mode="json"),
        },
        concurrency_limit=ONE_RUN_PER_FOLDER,
        tags=run_tags(input_dir),
        description=f"Clean new or changed captures below {input_dir} into {out_dir}",
    )
    return cast("RunnerDeployment", deployment)  # async_dispatch: synchronous here
