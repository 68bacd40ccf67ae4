"""The run options as command-line flags: one declaration per :class:`RunOptions` field.

Each flag is named after its field (``batch_size``: ``--batch-size``; ``limits.max_bytes``:
``--max-bytes``), takes its default and its help from the field, and :func:`run_options`
gathers them back into the frozen object the flow takes. ``tests/test_options.py`` checks
that the CLI, the model and ``prefect.yaml`` name the same options.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.pipeline.options import DEFAULT_OPTIONS, Limits, RunOptions

_LIMITS = Limits.model_fields

BatchSize = Annotated[
    int,
    typer.Option(min=1, metavar="N", help="Captures per Prefect task run (hundreds keep the overhead low)."),
]
MaxBytes = Annotated[
    int,
    typer.Option(min=1, metavar="BYTES", help=_LIMITS["max_bytes"].description),
]
MaxSeconds = Annotated[
    float | None,
    typer.Option(
        min=0.001,
        metavar="SECONDS",
        help="Most seconds to spend cleaning one capture; past it, the capture fails with the reason. "
        "Default: no limit.",
        show_default=False,
    ),
]
SitesDb = Annotated[
    Path | None,
    typer.Option(
        "--sites-db",
        metavar="FILE",
        help="SQLite store of what each site's captures taught. Default: OUTPUT/.presswash/sites.sqlite.",
        dir_okay=False,
        show_default=False,
    ),
]
LearnSites = Annotated[
    bool,
    typer.Option(help="Learn each site's chrome (a folder of captures is a site) and remove it as site.learned."),
]
Wait = Annotated[
    bool,
    typer.Option("--wait", help="When another run is writing to OUTPUT, wait for it instead of stopping (exit 75)."),
]
RetryFailed = Annotated[
    bool,
    typer.Option(
        "--retry-failed",
        help="Clean known failures again (captures that failed before with the same bytes and cleaner version).",
    ),
]

Workers = Annotated[
    int | None,
    typer.Option(
        min=1,
        metavar="N",
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
FilesFrom = Annotated[
    Path | None,
    typer.Option(
        "--files-from",
        help="Sweep only the captures named in LIST, one a line (paths below INPUT_DIR, relative or absolute; "
        "'-': the list on standard input); the state keeps what it knows of the others.",
        metavar="LIST",
        dir_okay=False,
        show_default=False,
    ),
]
ShardSize = Annotated[int, typer.Option(min=1, metavar="N", help="Records per dataset shard (--jsonl, --parquet).")]

DEFAULT_BATCH_SIZE = DEFAULT_OPTIONS.batch_size
DEFAULT_SHARD_SIZE = DEFAULT_OPTIONS.shard_size
DEFAULT_MAX_BYTES = DEFAULT_OPTIONS.limits.max_bytes


def run_options(
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_seconds: float | None = None,
    learn_sites: bool = True,
    sites_db: Path | None = None,
    wait: bool = False,
    retry_failed: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
    files_from: Path | None = None,
    jsonl: Path | None = None,
    parquet: Path | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
) -> RunOptions:
    """The flags of ``run`` or ``serve``, gathered into the object the flow takes."""
    return RunOptions(
        batch_size=batch_size,
        limits=Limits(max_bytes=max_bytes, max_seconds=max_seconds),
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
