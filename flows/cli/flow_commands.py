"""``presswash run``, ``serve``, ``sites`` and ``eval``: the run-level commands of the CLI.

Prefect is imported inside the commands only, so ``presswash clean`` stays fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from flows.cli.options import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_BYTES,
    DEFAULT_SHARD_SIZE,
    BatchSize,
    DaskAddress,
    FilesFrom,
    JsonlDir,
    LearnSites,
    MaxBytes,
    MaxSeconds,
    ParquetDir,
    RetryFailed,
    ShardSize,
    SitesDb,
    Wait,
    Workers,
    run_options,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from flows.pipeline.sites import SiteStore
    from flows.pipeline.sweep import Progress
    from tools.evaluate import Evaluation

FAILURES_SHOWN = 20
SAMPLE_LINES = 3
"""Learned lines shown per site in `presswash sites` (``--site`` shows them all)."""

InputDir = Annotated[
    Path,
    typer.Argument(
        help="Folder of captures (.txt, .html, maybe .gz; .warc, .warc.gz), recursively; hidden files are skipped.",
        metavar="INPUT_DIR",
        exists=True,
        file_okay=False,
        show_default=False,
    ),
]
OutDir = Annotated[
    Path,
    typer.Option(
        "--out",
        help="Where OUTPUT/<path>.txt (body) and .json (record) go, plus OUTPUT/.presswash/ "
        "(manifest.json, state.json).",
        metavar="OUTPUT",
        file_okay=False,
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    """Add ``run``, ``serve``, ``sites`` and ``eval`` to the ``presswash`` app."""
    app.command()(run)
    app.command()(serve)
    app.command()(sites)
    app.command(name="eval")(evaluate)


def run(
    input_dir: InputDir,
    out: OutDir,
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    sites_db: SitesDb = None,
    learn_sites: LearnSites = True,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    max_seconds: MaxSeconds = None,
    wait: Wait = False,
    retry_failed: RetryFailed = False,
    workers: Workers = None,
    dask_address: DaskAddress = None,
    files_from: FilesFrom = None,
    jsonl: JsonlDir = None,
    parquet: ParquetDir = None,
    shard_size: ShardSize = DEFAULT_SHARD_SIZE,
) -> None:
    """Clean every new or changed capture below INPUT_DIR once, as a Prefect flow run.

    Writes OUTPUT/<path>.txt and .json (the bytes `presswash clean` writes) and
    OUTPUT/.presswash/manifest.json. Reports to PREFECT_API_URL when it is set, else to a
    temporary local Prefect server. Exits 1 when a capture failed anew, after all the others
    (known failures, unchanged since they failed, do not count); exits 75 at once when
    another run is writing to OUTPUT (unless --wait). See "Exit status" in the README.
    """
    quiet_prefect_telemetry()
    from rich.console import Console

    from flows.pipeline.flow import run_once
    from flows.pipeline.lock import LOCKED_EXIT_CODE, RunLocked

    console = Console(stderr=True)
    options = run_options(
        batch_size=batch_size,
        max_bytes=max_bytes,
        max_seconds=max_seconds,
        learn_sites=learn_sites,
        sites_db=sites_db,
        wait=wait,
        retry_failed=retry_failed,
        workers=workers,
        dask_address=dask_address,
        files_from=files_from,
        jsonl=jsonl,
        parquet=parquet,
        shard_size=shard_size,
    )
    try:
        with progress_bar(console) as advance:
            manifest = run_once(input_dir, out, options, listener=advance)
    except RunLocked as err:
        typer.echo(f"presswash run: {err}", err=True)
        raise typer.Exit(LOCKED_EXIT_CODE) from None
    _print_summary(manifest)
    if manifest["counts"]["failed"]:
        raise typer.Exit(1)


def quiet_prefect_telemetry() -> None:
    """No telemetry from this process nor from the temporary server Prefect may start for it
    (the server reads its own setting; without it, it logs "Failed to send telemetry"), and
    time for that server to start on a busy machine. Settings already made are kept."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


@contextmanager
def progress_bar(console: Console) -> Iterator[Callable[[Progress], None]]:
    """A Rich progress bar on a terminal (counts, rate, elapsed and remaining time), advanced
    once per finished batch, with Prefect's console logs printed above it."""
    from rich.progress import BarColumn, MofNCompleteColumn, TaskProgressColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    columns = (
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        _rate_column(),
        TimeElapsedColumn(),
        "eta",
        _remaining_column(),
    )
    with Bar(*columns, console=console, disable=not console.is_terminal) as bar:
        task = bar.add_task("cleaning", total=None)

        def advance(progress: Progress) -> None:
            bar.update(task, completed=progress.done, total=progress.total)

        with _prefect_logs_through(bar.console if console.is_terminal else None):
            yield advance


def _remaining_column() -> Any:
    from rich.progress import TimeRemainingColumn

    return TimeRemainingColumn(compact=True, elapsed_when_finished=False)


def _rate_column() -> Any:
    """Captures per second so far (rich.progress is imported by the Prefect commands only)."""
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:,.0f} captures/s", style="progress.data.speed")

    return Rate()


@contextmanager
def _prefect_logs_through(console: Console | None) -> Iterator[None]:
    """Print Prefect's console log lines through ``console`` (the live bar's) so they scroll
    above the bar instead of being glued onto it."""
    import logging

    from prefect.logging.handlers import PrefectConsoleHandler

    if console is None:
        yield
        return
    handlers = [
        handler
        for name in ("prefect", "prefect.flow_runs", "prefect.task_runs", "")
        for handler in logging.getLogger(name).handlers
        if isinstance(handler, PrefectConsoleHandler)
    ]
    saved = [handler.console for handler in handlers]
    for handler in handlers:
        handler.console = console
    try:
        yield
    finally:
        for handler, original in zip(handlers, saved, strict=True):
            handler.console = original


def _print_summary(manifest: dict[str, Any]) -> None:
    from flows.pipeline.outcome import outcome_message
    from flows.pipeline.report import display_name

    tally, seconds = manifest["counts"], manifest["seconds"]["total"]
    typer.echo(f"{tally['captures']} captures: {outcome_message(tally)} in {seconds:.1f} s")
    typer.echo(f"Articles in {manifest['output']}; manifest in .presswash/manifest.json there")
    if manifest["near_duplicates"]:
        typer.echo(f"{len(manifest['near_duplicates'])} near-duplicate cluster(s): see the manifest")
    listed = manifest["failed"] + manifest["no_article"]  # the summary's first ones; counts has them all
    for entry in listed[:FAILURES_SHOWN]:
        typer.echo(f"presswash: {display_name(entry['capture'])}: {entry['reason']}", err=True)
    unlisted = tally["failed"] + tally["no_article"] - FAILURES_SHOWN
    if unlisted > 0:
        typer.echo(f"presswash: …and {unlisted} more in the manifest", err=True)
    known, known_count = manifest["known_failures"], tally["known_failures"]
    for entry in known[:FAILURES_SHOWN]:
        typer.echo(f"presswash: known failure: {display_name(entry['capture'])}: {entry['reason']}", err=True)
    if known_count:
        more = f" ({known_count - FAILURES_SHOWN} more in the manifest)" if known_count > FAILURES_SHOWN else ""
        typer.echo(
            f"presswash: {known_count} known failure(s), unchanged since they failed{more}; "
            "--retry-failed cleans them again",
            err=True,
        )


def serve(
    input_dir: InputDir,
    out: OutDir,
    cron: Annotated[
        str | None, typer.Option(metavar="CRON", help='Cron schedule, e.g. "*/15 * * * *".', show_default=False)
    ] = None,
    interval: Annotated[
        int | None, typer.Option(min=1, metavar="SECONDS", help="Or: sweep every N seconds.", show_default=False)
    ] = None,
    name: Annotated[
        str | None, typer.Option(metavar="NAME", help="Deployment name. Default: sweep-<folder>.", show_default=False)
    ] = None,
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    sites_db: SitesDb = None,
    learn_sites: LearnSites = True,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    max_seconds: MaxSeconds = None,
    retry_failed: RetryFailed = False,
    workers: Workers = None,
    dask_address: DaskAddress = None,
    files_from: FilesFrom = None,
    jsonl: JsonlDir = None,
    parquet: ParquetDir = None,
    shard_size: ShardSize = DEFAULT_SHARD_SIZE,
) -> None:
    """Serve a deployment that sweeps INPUT_DIR on a schedule, cleaning only what changed.

    One run at a time: a run due while the last one still writes waits in Prefect's queue.
    Runs until interrupted. Point PREFECT_API_URL at a `prefect server start` to see the
    deployment, its schedule and every run in the Prefect UI.
    """
    if (cron is None) == (interval is None):
        raise typer.BadParameter("give exactly one of --cron or --interval")
    if files_from == Path("-"):
        raise typer.BadParameter("a scheduled run has no standard input: name a LIST file", param_hint="--files-from")
    quiet_prefect_telemetry()
    from prefect import serve as serve_deployments

    from flows.pipeline.flow import sweep_deployment

    every = timedelta(seconds=interval) if interval is not None else None
    options = run_options(
        batch_size=batch_size,
        max_bytes=max_bytes,
        max_seconds=max_seconds,
        learn_sites=learn_sites,
        sites_db=sites_db,
        retry_failed=retry_failed,
        workers=workers,
        dask_address=dask_address,
        files_from=files_from,
        jsonl=jsonl,
        parquet=parquet,
        shard_size=shard_size,
    )
    deployment = sweep_deployment(input_dir, out, cron=cron, interval=every, name=name, options=options)
    serve_deployments(deployment)


def sites(
    output: Annotated[
        Path,
        typer.Argument(
            help="The OUTPUT folder of earlier runs. Default: the current folder.",
            metavar="OUTPUT",
            file_okay=False,
            show_default=False,
        ),
    ] = Path("."),
    sites_db: SitesDb = None,
    site: Annotated[
        str | None,
        typer.Option(metavar="SITE", help="Show this site's learned lines with their counts.", show_default=False),
    ] = None,
) -> None:
    """List the sites earlier runs learned from: captures counted and the chrome lines learned."""
    from rich.console import Console

    from flows.pipeline.sites import default_store_path, open_store

    path = sites_db or default_store_path(output)
    if not path.is_file():
        typer.echo(f"presswash sites: no site store at {path} (run `presswash run` first)", err=True)
        raise typer.Exit(1)
    with open_store(path) as store:
        table = _site_lines_table(store, site) if site is not None else _sites_table(store)
    Console(soft_wrap=True).print(table)


def _sites_table(store: SiteStore) -> Table:
    from rich.table import Table

    table = Table("site", "captures", "learned lines", "most widespread", title="Sites")
    for summary in store.sites():
        lines = store.learned_lines(summary.site)[:SAMPLE_LINES]
        sample = "\n".join(_clip(line.text) for line in lines)
        table.add_row(summary.site, str(summary.captures), str(summary.learned), sample)
    return table


def _site_lines_table(store: SiteStore, site: str) -> Table:
    from rich.table import Table

    captures = store.captures(site)
    if captures == 0:
        typer.echo(f"presswash sites: no captures counted for site {site!r}", err=True)
        raise typer.Exit(1)
    table = Table("captures", "share", "prose too", "line", title=f"{site}: {captures} captures counted")
    for line in store.learned_lines(site):
        table.add_row(str(line.captures), f"{line.captures / captures:.0%}", "yes" if line.prose else "", line.text)
    return table


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def evaluate(
    captures: Annotated[
        Path,
        typer.Argument(
            help="Folder of captures named <id>.txt.",
            metavar="CAPTURES",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ],
    gold: Annotated[
        Path,
        typer.Argument(
            help="Folder of gold bodies named <id>.txt.",
            metavar="GOLD",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ],
    html: Annotated[bool, typer.Option("--html", help="Captures are <id>.html or <id>.html.gz.")] = False,
    out: Annotated[
        Path | None,
        typer.Option(help="Also write each body to DIR/<id>.txt.", metavar="DIR", file_okay=False, show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score the cleaner against gold bodies: word 4-gram precision, recall and F1, per page and mean.

    The metric of the article-extraction benchmark: mean precision over pages with a body,
    mean recall over pages with a gold body, F1 their harmonic mean. A missing capture or
    one that fails counts as an empty body.
    """
    import json

    from tools.evaluate import evaluate_folder, evaluation_json

    try:
        result = evaluate_folder(captures, gold, html=html, out_dir=out)
    except FileNotFoundError as err:
        typer.echo(f"presswash eval: {err}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(evaluation_json(result), ensure_ascii=False, indent=1))
        return
    _print_evaluation(result)


def _print_evaluation(result: Evaluation) -> None:
    from rich.console import Console
    from rich.table import Table

    def cell(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    table = Table("page", "P", "R", "F1", "note", title="Body scores (word 4-gram shingles)")
    for page in result.pages:
        note = result.problems.get(page.page, "exact" if page.exact else "")
        table.add_row(page.page, cell(page.precision), cell(page.recall), cell(page.f1), note)
    console = Console(soft_wrap=True)
    console.print(table)
    mean = result.mean
    console.print(
        f"MEAN over {mean.pages} pages ({len(result.problems)} without a body): "
        f"f1 {mean.f1:.3f}  precision {mean.precision:.3f}  recall {mean.recall:.3f}  accuracy {mean.accuracy:.3f}",
        highlight=False,
    )
