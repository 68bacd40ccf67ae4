"""``presswash run``, ``serve``, ``sites`` and ``eval``: the run-level commands of the CLI.

Prefect is imported inside the commands only, so ``presswash clean`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from flows.pipeline.dataset import DEFAULT_SHARD_SIZE, DatasetOut, ShardFormat
from flows.pipeline.sweep import DEFAULT_BATCH_SIZE, DEFAULT_LIMITS, Limits, Progress

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from flows.pipeline.sites import SiteStore
    from tools.evaluate import Evaluation

FAILURES_SHOWN = 20
SAMPLE_LINES = 3
"""Learned lines shown per site in `presswash sites` (``--site`` shows them all)."""

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
SitesDb = Annotated[
    Path | None,
    typer.Option(
        "--sites-db",
        help="SQLite store of what each site's captures taught. Default: OUTPUT/.presswash/sites.sqlite.",
        dir_okay=False,
        show_default=False,
    ),
]
MaxBytes = Annotated[
    int,
    typer.Option(
        min=1,
        help="Largest capture to clean, in bytes; larger ones fail with the reason, unread.",
    ),
]
MaxSeconds = Annotated[
    float | None,
    typer.Option(
        min=0.001,
        help="Most seconds to spend cleaning one capture; past it, the capture fails with the reason. "
        "Default: no limit.",
        show_default=False,
    ),
]
Workers = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Processes cleaning batches at once (the records come back and this process writes them). "
        "Default: all cores.",
        show_default=False,
    ),
]
DaskAddress = Annotated[
    str | None,
    typer.Option(
        "--dask-address",
        help="Clean the batches on this running Dask cluster (tcp://HOST:PORT of its scheduler) instead of "
        "local processes; workers need presswash installed, not the input or output folders.",
        metavar="ADDRESS",
        show_default=False,
    ),
]
JsonlDir = Annotated[
    Path | None,
    typer.Option(
        "--jsonl",
        help="Also write the run's records (cleaned and unchanged) as JSON Lines shards DIR/part-NNNNN.jsonl, "
        "plus DIR/index.json with the schema.",
        metavar="DIR",
        file_okay=False,
        show_default=False,
    ),
]
ParquetDir = Annotated[
    Path | None,
    typer.Option(
        "--parquet",
        help="Also write the run's records as Parquet shards DIR/part-NNNNN.parquet, plus DIR/index.json.",
        metavar="DIR",
        file_okay=False,
        show_default=False,
    ),
]
ShardSize = Annotated[int, typer.Option(min=1, help="Records per dataset shard (--jsonl, --parquet).")]
LearnSites = Annotated[
    bool,
    typer.Option(
        help="Learn each site's chrome (a folder of captures is a site) and remove it as site.learned.",
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
    max_bytes: MaxBytes = DEFAULT_LIMITS.max_bytes,
    max_seconds: MaxSeconds = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="When another run is writing to OUTPUT, wait for it instead of refusing.")
    ] = False,
    workers: Workers = None,
    dask_address: DaskAddress = None,
    jsonl: JsonlDir = None,
    parquet: ParquetDir = None,
    shard_size: ShardSize = DEFAULT_SHARD_SIZE,
) -> None:
    """Clean every new or changed capture below INPUT_DIR once, as a Prefect flow run.

    Writes OUTPUT/<path>.txt and .json (the bytes `presswash clean` writes) and
    OUTPUT/.presswash/manifest.json. Reports to PREFECT_API_URL when it is set, else to a
    temporary local Prefect server. Exits 1 when any capture failed, after all the others;
    exits 75 at once when another run is writing to OUTPUT (unless --wait).
    """
    from rich.console import Console

    from flows.pipeline.flow import run_once
    from flows.pipeline.lock import LOCKED_EXIT_CODE, RunLocked

    console = Console(stderr=True)
    limits = Limits(max_bytes, max_seconds)
    try:
        with _progress_bar(console) as advance:
            manifest = run_once(
                input_dir,
                out,
                batch_size,
                listener=advance,
                sites_db=sites_db,
                learn_sites=learn_sites,
                limits=limits,
                wait_for_lock=wait,
                workers=workers,
                dask_address=dask_address,
                datasets=_datasets(jsonl, parquet, shard_size),
            )
    except RunLocked as err:
        typer.echo(f"presswash run: {err}", err=True)
        raise typer.Exit(LOCKED_EXIT_CODE) from None
    _print_summary(manifest)
    if manifest["counts"]["failed"]:
        raise typer.Exit(1)


def _datasets(jsonl: Path | None, parquet: Path | None, shard_size: int) -> tuple[DatasetOut, ...]:
    asked = ((jsonl, ShardFormat.jsonl), (parquet, ShardFormat.parquet))
    return tuple(DatasetOut(folder, kind, shard_size) for folder, kind in asked if folder is not None)


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
    from flows.pipeline.flow import outcome_message
    from flows.pipeline.report import display_name

    tally, seconds = manifest["counts"], manifest["seconds"]["total"]
    typer.echo(f"{tally['captures']} captures: {outcome_message(tally)} in {seconds:.1f} s")
    typer.echo(f"Articles in {manifest['output']}; manifest in .presswash/manifest.json there")
    if manifest["near_duplicates"]:
        typer.echo(f"{len(manifest['near_duplicates'])} near-duplicate cluster(s): see the manifest")
    for entry in (manifest["no_article"] + manifest["failed"])[:FAILURES_SHOWN]:
        typer.echo(f"presswash: {display_name(entry['capture'])}: {entry['reason']}", err=True)
    listed = len(manifest["no_article"]) + len(manifest["failed"])
    if listed > FAILURES_SHOWN:
        typer.echo(f"presswash: …and {listed - FAILURES_SHOWN} more in the manifest", err=True)


def serve(
    input_dir: InputDir,
    out: OutDir,
    cron: Annotated[str | None, typer.Option(help='Cron schedule, e.g. "*/15 * * * *".', show_default=False)] = None,
    interval: Annotated[int | None, typer.Option(min=1, help="Or: sweep every N seconds.", show_default=False)] = None,
    name: Annotated[str | None, typer.Option(help="Deployment name. Default: sweep-<folder>.")] = None,
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    sites_db: SitesDb = None,
    learn_sites: LearnSites = True,
    max_bytes: MaxBytes = DEFAULT_LIMITS.max_bytes,
    max_seconds: MaxSeconds = None,
    workers: Workers = None,
    dask_address: DaskAddress = None,
) -> None:
    """Serve a deployment that sweeps INPUT_DIR on a schedule, cleaning only what changed.

    Runs until interrupted. Point PREFECT_API_URL at a `prefect server start` to see the
    deployment, its schedule and every run in the Prefect UI.
    """
    if (cron is None) == (interval is None):
        raise typer.BadParameter("give exactly one of --cron or --interval")
    from prefect import serve as serve_deployments

    from flows.pipeline.flow import sweep_deployment

    every = timedelta(seconds=interval) if interval is not None else None
    deployment = sweep_deployment(
        input_dir,
        out,
        cron=cron,
        interval=every,
        batch_size=batch_size,
        name=name,
        sites_db=sites_db,
        learn_sites=learn_sites,
        limits=Limits(max_bytes, max_seconds),
        workers=workers,
        dask_address=dask_address,
    )
    serve_deployments(deployment)


def sites(
    output: Annotated[
        Path,
        typer.Argument(help="The OUTPUT folder of earlier runs.", file_okay=False, show_default="."),
    ] = Path("."),
    sites_db: SitesDb = None,
    site: Annotated[str | None, typer.Option(help="Show this site's learned lines with their counts.")] = None,
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
        typer.Argument(help="Folder of captures named <id>.txt.", exists=True, file_okay=False, show_default=False),
    ],
    gold: Annotated[
        Path,
        typer.Argument(help="Folder of gold bodies named <id>.txt.", exists=True, file_okay=False, show_default=False),
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
