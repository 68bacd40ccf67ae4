"""The ``presswash`` command: parses arguments and hands off to ``cleaners`` and ``flows``.

Nothing on the ``clean`` and ``bench`` paths imports Prefect, so one capture answers fast;
the Prefect commands are registered by :mod:`flows.cli.flow_commands`, which imports it lazily.
"""

from __future__ import annotations

import json
import sys
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Annotated

import typer

from cleaners import Analysis, CaptureError, __version__
from cleaners.clean import no_article_reason
from cleaners.read import is_warc
from cleaners.record import article_json_schema
from flows.cli import flow_commands
from flows.cli.help import show_metavars_only
from flows.cli.inputs import STDIN, Input, Unlisted, analyse_bytes, expand, input_bytes
from flows.cli.options import DEFAULT_MAX_BYTES, MaxBytes, MaxSeconds
from flows.pipeline.batch import OverTime, deadline
from flows.pipeline.dataset import jsonl_line
from flows.pipeline.options import Limits
from flows.pipeline.settle import settle_process
from flows.pipeline.writer import UnsafeOutputPath, body_text, record_json, write_article

app = typer.Typer(
    help="Turn raw captures of news pages into clean article text with metadata.",
    no_args_is_help=True,
    add_completion=False,
)


class OutputFormat(StrEnum):
    """What ``presswash clean`` prints for each capture."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    explain = "explain"


def _show_version(value: bool) -> None:
    """Print the cleaner's version and stop."""
    if value:
        typer.echo(f"presswash {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Turn raw captures of news pages into clean article text with metadata."""


def report_failure(name: str | Path, reason: object) -> None:
    """Say on stderr why one capture (a file, a WARC record: ``Input.name``) could not be cleaned."""
    typer.echo(f"presswash: {name}: {reason}", err=True)


NO_LIMITS = Limits()


def analyse_file(
    item: Input, limits: Limits = NO_LIMITS, on_failure: Callable[[str, object], None] = report_failure
) -> Analysis | None:
    """Read and clean one input (a file, ``-``: standard input, or a WARC record) within ``limits``
    (the same type as a run's); on failure report why (``on_failure``) and return None."""
    try:
        raw = input_bytes(item, limits.max_bytes)
    except OSError as err:
        on_failure(item.name, err.strerror or err)
        return None
    except CaptureError as err:
        on_failure(item.name, err)
        return None
    try:
        with deadline(limits.max_seconds):
            analysis = analyse_bytes(item, raw, limits)
    except (CaptureError, OverTime) as err:
        on_failure(item.name, err)
        return None
    settle_process()  # what the first capture loaded lives as long as this process
    return analysis


def print_explain(analysis: Analysis) -> None:
    """Print the line-by-line explanation, in colour only on a terminal."""
    from rich.console import Console
    from rich.text import Text

    from cleaners.explain import render_explain

    rendered = render_explain(analysis)
    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal:
        typer.echo(rendered, nl=False)
        return
    text = Text(rendered)
    text.highlight_regex(r"(?m)^ *\d+  DROP  .*$", "red")
    text.highlight_regex(r"(?m)^ *\d+  KEEP ", "green")
    console.print(text, end="")


def print_analysis(analysis: Analysis, output: OutputFormat) -> None:
    """Print one cleaned capture in the chosen format."""
    if output is OutputFormat.json:
        typer.echo(record_json(analysis.article), nl=False)
    elif output is OutputFormat.jsonl:
        typer.echo(jsonl_line(analysis.article.model_dump(mode="json")), nl=False)
    elif output is OutputFormat.explain:
        print_explain(analysis)
    else:
        typer.echo(body_text(analysis.article), nl=False)


def print_files(files: list[Path], output: OutputFormat, limits: Limits = NO_LIMITS) -> tuple[int, int]:
    """Print each capture's cleaned form (a WARC file's: each record's); headed by its name when
    there are several. Returns (failures, captures).

    With several captures, ``json`` prints one JSON array of the records and ``jsonl`` one record
    per line. A capture with no article is reported on stderr and nothing is printed for it,
    except its explanation (``--format explain`` shows why every line went).
    """
    inputs = expand(files)
    array = output is OutputFormat.json and len(inputs) > 1
    printed = 0
    failures = 0
    for index, item in enumerate(inputs):
        if isinstance(item, Unlisted):
            report_failure(str(item.path), item.reason)
            failures += 1
            continue
        analysis = analyse_file(item, limits)
        if analysis is None:
            failures += 1
            continue
        empty = no_article_reason(analysis)
        if empty is not None:
            report_failure(item.name, empty)
            if output is not OutputFormat.explain:
                continue
        if len(inputs) > 1 and output in (OutputFormat.text, OutputFormat.explain):
            typer.echo(f"{chr(10) if index else ''}==> {item.name} <==")
        if array:
            typer.echo(",\n" if printed else "[\n", nl=False)
            typer.echo(record_json(analysis.article).rstrip("\n"), nl=False)
        else:
            print_analysis(analysis, output)
        printed += 1
    if array:
        typer.echo("\n]" if printed else "[]")
    return failures, len(inputs)


WRITERS = 4
"""Threads writing ``--out`` files while the next capture is cleaned: each file is still
flushed to disk before it is renamed into place and reported, but the wait for the disk
(an fsync per file) no longer stops the cleaning."""


def write_files(files: list[Path], out: Path, limits: Limits = NO_LIMITS) -> tuple[int, int]:
    """Write ``out/<stem>.txt`` and ``out/<stem>.json`` per capture (a WARC file's records:
    ``out/<file name>/<record number>.txt`` and ``.json``); say where each went. Returns
    (failures, captures).

    Nothing is written for a capture with no article: it is reported on stderr instead.
    A capture is reported (``FILE -> BODY, RECORD``) once both its outputs are on disk under
    their names, in the order of ``files``; the writes themselves run in :data:`WRITERS`
    threads, as atomic as ever (:func:`flows.pipeline.writer.write_atomic`).
    """
    failures, written = 0, 0
    sources: dict[PurePosixPath, str] = {}
    pending: deque[tuple[str, Future[tuple[Path, Path]]]] = deque()

    def settle(keep: int) -> None:
        """Report the oldest writes until at most ``keep`` are still in flight."""
        nonlocal failures, written
        while len(pending) > keep:
            name, future = pending.popleft()
            try:
                text_path, json_path = future.result()
            except UnsafeOutputPath as err:
                report_failure(name, err)
                failures += 1
                continue
            typer.echo(f"{name} -> {text_path}, {json_path}")
            written += 1

    def failed(name: str, reason: object) -> None:
        """Report a failure after the files before it (stdout and stderr stay in order)."""
        settle(0)
        report_failure(name, reason)

    inputs = expand(files)
    with ThreadPoolExecutor(WRITERS, thread_name_prefix="presswash-write") as writers:
        try:
            for item in inputs:
                if isinstance(item, Unlisted):
                    failed(str(item.path), item.reason)
                    failures += 1
                    continue
                if item.stem in sources:
                    failed(item.name, f"same name as {sources[item.stem]}; not overwriting its output")
                    failures += 1
                    continue
                analysis = analyse_file(item, limits, failed)
                if analysis is None:
                    failures += 1
                    continue
                sources[item.stem] = item.name
                empty = no_article_reason(analysis)
                if empty is not None:
                    failed(item.name, f"{empty}; nothing written")
                    continue
                pending.append((item.name, writers.submit(write_article, analysis.article, out, item.stem)))
                settle(WRITERS)
            settle(0)
        finally:
            for _name, future in pending:
                future.cancel()
    typer.echo(f"wrote {written} article(s) to {out}/ (<name>.txt body, <name>.json record)")
    return failures, len(inputs)


def listed_files(listing: Path) -> list[Path]:
    """The file names in a list, one a line (``-``: the list comes on standard input); blank lines skipped."""
    text = sys.stdin.read() if listing == STDIN else listing.read_text(encoding="utf-8", errors="surrogateescape")
    return [Path(line) for line in text.splitlines() if line.strip()]


@app.command()
def clean(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Capture files to clean (text captures, .html pages, or .warc/.warc.gz web archives: "
            "one capture per HTML response or WET conversion record); '-' reads one capture from standard input.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: the clean body; json: the whole record (a JSON array of them for several files); "
            "jsonl: one record per line; "
            "explain: every line of the capture, kept or dropped, with the rule and its reason.",
            metavar="text|json|jsonl|explain",
        ),
    ] = OutputFormat.text,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Write DIR/<stem>.txt (body) and DIR/<stem>.json (record) per file instead of printing.",
            metavar="DIR",
            file_okay=False,
        ),
    ] = None,
    files_from: Annotated[
        Path | None,
        typer.Option(
            "--files-from",
            help="Also clean the files named in LIST, one a line ('-': the list on standard input).",
            metavar="LIST",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    max_seconds: MaxSeconds = None,
) -> None:
    """Clean captures: print each body (or record, or explanation), or write them to --out.

    A WARC file (.warc, .warc.gz) gives one capture per HTML response or WET conversion record,
    named FILE#N (N: the record's number in the file) and written to DIR/<file name>/<N>.txt and
    .json, as presswash run writes them.

    A failing file is reported on stderr with its reason; the rest are still cleaned; exit 1.
    A capture with no article left (all chrome) is reported on stderr and nothing is printed
    or written for it (--format explain still shows why each line went); that alone is not a
    failure (exit 0). Names starting with '-' go after '--'.
    """
    if out is not None and output is not OutputFormat.text:
        raise typer.BadParameter("--out always writes both body and record", param_hint="--format")
    try:
        files = [*(files or []), *(listed_files(files_from) if files_from is not None else [])]
    except OSError as err:
        raise typer.BadParameter(
            f"cannot read {files_from}: {err.strerror or err}", param_hint="--files-from"
        ) from None
    if not files:
        raise typer.BadParameter("name at least one file, or --files-from LIST", param_hint="FILES")
    if files.count(STDIN) > 1 or (STDIN in files and files_from == STDIN):
        raise typer.BadParameter("standard input ('-') can be read only once", param_hint="FILES")
    limits = Limits(max_bytes=max_bytes, max_seconds=max_seconds)
    failures, inputs = write_files(files, out, limits) if out is not None else print_files(files, output, limits)
    if failures:
        typer.echo(f"presswash: {failures} of {inputs} {_counted(files, inputs)} failed", err=True)
        raise typer.Exit(1)


def _counted(files: list[Path], inputs: int) -> str:
    """What the failure count counts: files, or captures when WARC files held several."""
    return "file(s)" if inputs == len(files) and not any(is_warc(path.name) for path in files) else "capture(s)"


@app.command()
def bench(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of captures (**/*.txt, **/*.html, **/*.html.gz). Default: the bundled fixtures.",
            metavar="FOLDER",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    copies: Annotated[
        int | None,
        typer.Option(
            help="Copies of each capture to clean (in memory). Default: about 3000 captures.",
            metavar="N",
            min=1,
            show_default=False,
        ),
    ] = None,
    profile: Annotated[
        bool,
        typer.Option(help="Also profile the core and print the top functions by time."),
    ] = False,
    scaling: Annotated[
        bool,
        typer.Option(
            "--scaling",
            help="Instead: time the core on one capture of each size (1 KB to 10 MB) and print s/MB, "
            "which stays flat when the core is linear.",
        ),
    ] = False,
    sizes: Annotated[
        str | None,
        typer.Option(
            metavar="BYTES,…", help="With --scaling: the sizes in bytes, comma-separated.", show_default=False
        ),
    ] = None,
) -> None:
    """Measure the cleaning core (no Prefect): captures/s, MB/s, peak memory, vs. a baseline."""
    from tools.bench import SCALING_SIZES, profile_core, render_report, render_scaling, run_bench, run_scaling

    if scaling:
        chosen = [int(size) for size in sizes.split(",")] if sizes else list(SCALING_SIZES)
        typer.echo(render_scaling(run_scaling(chosen, folder)), nl=False)
        return
    try:
        typer.echo(render_report(run_bench(folder, copies)), nl=False)
    except FileNotFoundError as err:
        typer.echo(f"presswash bench: {err}", err=True)
        raise typer.Exit(1) from None
    if profile:
        typer.echo(profile_core(folder, copies), nl=False)


def schema_json() -> str:
    """The record's JSON Schema as shipped in ``cleaners/schema/article.schema.json``."""
    return json.dumps(article_json_schema(), ensure_ascii=False, indent=2) + "\n"


@app.command()
def schema() -> None:
    """Print the JSON Schema of the article record (what --format json prints)."""
    typer.echo(schema_json(), nl=False)


flow_commands.register(app)
show_metavars_only()
