"""``presswash run`` and ``presswash serve``: the Prefect commands of the CLI.

Prefect is imported inside the commands only, so ``presswash clean`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from flows.sweep import DEFAULT_BATCH_SIZE, Progress

if TYPE_CHECKING:
    from rich.console import Console

FAILURES_SHOWN = 20

InputDir = Annotated[
    Path,
    typer.Argument(
        help="Folder of captures (.txt, .html, recursively; hidden files are skipped).",
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
BatchSize = Annotated[int, typer.Option(min=1, help="Captures per Prefect task run (hundreds keep overhead low).")]


def register(app: typer.Typer) -> None:
    """Add ``run`` and ``serve`` to the ``presswash`` app."""
    app.command()(run)
    app.command()(serve)


def run(input_dir: InputDir, out: OutDir, batch_size: BatchSize = DEFAULT_BATCH_SIZE) -> None:
    """Clean every new or changed capture below INPUT_DIR once, as a Prefect flow run.

    Writes OUTPUT/<path>.txt and .json (the bytes `presswash clean` writes) and
    OUTPUT/.presswash/manifest.json. Reports to PREFECT_API_URL when it is set, else to a
    temporary local Prefect server. Exits 1 when any capture failed, after all the others.
    """
    from rich.console import Console

    from flows.pipeline import run_once

    console = Console(stderr=True)
    with _progress_bar(console) as advance:
        manifest = run_once(input_dir, out, batch_size, listener=advance)
    _print_summary(manifest)
    if manifest["counts"]["failed"]:
        raise typer.Exit(1)


@contextmanager
def _progress_bar(console: Console) -> Iterator[Callable[[Progress], None]]:
    """A Rich progress bar on a terminal, advanced once per finished batch."""
    from rich.progress import BarColumn, MofNCompleteColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Bar(*columns, console=console, disable=not console.is_terminal) as bar:
        task = bar.add_task("cleaning", total=None)

        def advance(progress: Progress) -> None:
            bar.update(task, completed=progress.done, total=progress.total)

        yield advance


def _print_summary(manifest: dict[str, Any]) -> None:
    tally, seconds = manifest["counts"], manifest["seconds"]["total"]
    typer.echo(
        f"{tally['captures']} captures: {tally['processed']} cleaned, "
        f"{tally['skipped']} unchanged, {tally['failed']} failed in {seconds:.1f} s"
    )
    typer.echo(f"Articles in {manifest['output']}; manifest in .presswash/manifest.json there")
    for entry in manifest["failed"][:FAILURES_SHOWN]:
        typer.echo(f"presswash: {entry['capture']}: {entry['reason']}", err=True)
    if len(manifest["failed"]) > FAILURES_SHOWN:
        more = len(manifest["failed"]) - FAILURES_SHOWN
        typer.echo(f"presswash: …and {more} more failures in the manifest", err=True)


def serve(
    input_dir: InputDir,
    out: OutDir,
    cron: Annotated[str | None, typer.Option(help='Cron schedule, e.g. "*/15 * * * *".', show_default=False)] = None,
    interval: Annotated[int | None, typer.Option(min=1, help="Or: sweep every N seconds.", show_default=False)] = None,
    name: Annotated[str | None, typer.Option(help="Deployment name. Default: sweep-<folder>.")] = None,
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
) -> None:
    """Serve a deployment that sweeps INPUT_DIR on a schedule, cleaning only what changed.

    Runs until interrupted. Point PREFECT_API_URL at a `prefect server start` to see the
    deployment, its schedule and every run in the Prefect UI.
    """
    if (cron is None) == (interval is None):
        raise typer.BadParameter("give exactly one of --cron or --interval")
    from prefect import serve as serve_deployments

    from flows.pipeline import sweep_deployment

    every = timedelta(seconds=interval) if interval is not None else None
    deployment = sweep_deployment(input_dir, out, cron=cron, interval=every, batch_size=batch_size, name=name)
    serve_deployments(deployment)
