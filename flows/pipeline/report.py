"""What a person reads about a sweep: the per-capture table and the markdown summary.

Plain functions returning data; ``flows.pipeline.flow`` publishes them as Prefect artifacts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flows.pipeline.batch import Outcome
from flows.pipeline.manifest import counts, site_entries
from flows.pipeline.outcome import outcome_message
from flows.pipeline.sweep import Progress, SweepResult

TABLE_ROWS = 1000
"""Most rows in the table artifact; the manifest always lists every capture."""
TOP = 10
"""How many rules, failures and thin articles the summary lists."""
PATH_WIDTH = 40
TITLE_WIDTH = 48
REASON_WIDTH = 64
CELL_WIDTH = 72
"""Characters shown per cell, so a table reads at 1,400 px (the manifest has every value whole)."""
SHOWN_ORDER = ("failed", "known_failure", "no_article", "processed")
"""Rows of the table artifact: new failures first, then known ones, article-less, cleaned."""


def artifact_key(kind: str, input_dir: Path) -> str:
    """A stable artifact key per input folder, so the Artifacts page shows its history.

    >>> artifact_key("summary", Path("/srv/Drop Folder"))
    'presswash-summary-drop-folder'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", input_dir.name.lower()).strip("-") or "root"
    return f"presswash-{kind}-{slug}"


def capture_rows(result: SweepResult, limit: int = TABLE_ROWS) -> list[dict[str, Any]]:
    """One row per failed, known-failed, article-less or cleaned capture, in that order, the first
    ``limit`` only (read from the ledger, never all at once); skipped ones are counted only."""
    rows: list[dict[str, Any]] = []
    for status in SHOWN_ORDER:
        rows.extend(_row(outcome) for outcome in result.outcomes.of(status, limit - len(rows)))
    return rows


def _listed(result: SweepResult) -> int:
    """How many captures the table would list without a limit."""
    return sum(result.outcomes.count(status) for status in SHOWN_ORDER)


def _row(outcome: Outcome) -> dict[str, Any]:
    return {  # status beside the path: the first things read, before the table scrolls sideways
        "path": short_path(outcome.capture),
        "status": clip(_status(outcome), REASON_WIDTH),
        "words kept": outcome.words,
        "lines removed": outcome.lines_removed,
        "title": clip(outcome.title or "", TITLE_WIDTH),
    }


def _status(outcome: Outcome) -> str:
    if outcome.status == "failed":
        return f"failed: {outcome.reason}"
    if outcome.status == "known_failure":
        return f"known failure: {outcome.reason}"
    if outcome.status == "no_article":
        return f"no article: {outcome.reason}"
    return "cleaned"


def short_path(relative: str, width: int = PATH_WIDTH, ellipsis: str = "…") -> str:
    """A capture's path, shown whole when short, else with its middle elided (the file name stays).

    >>> short_path("a/b.txt"), short_path("archive/2024/05/12/very-long-section-name/story.txt", 30)
    ('a/b.txt', 'archive/2…ction-name/story.txt')
    """
    name = display_name(relative)
    if len(name) <= width:
        return name
    keep = width - len(ellipsis)
    head = keep // 3
    return name[:head] + ellipsis + name[-(keep - head) :]


def clip(text: str, width: int = CELL_WIDTH) -> str:
    """One line of at most ``width`` characters, cut with an ellipsis.

    >>> clip("a  long  title", 8)
    'a long…'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def display_name(relative: str) -> str:
    """A capture's name as text anything can show: control characters and bytes that are not
    UTF-8 (kept as surrogates by the file system decoding) are escaped.

    >>> display_name("a\\nb.txt"), display_name("caf\\udce9.txt")
    ('a\\\\nb.txt', 'caf\\\\xe9.txt')
    """
    if relative.isprintable() and relative.isascii():
        return relative
    raw = relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in raw)


def table_description(result: SweepResult, limit: int = TABLE_ROWS) -> str:
    """'N of M shown', new failures first, and where every capture is listed."""
    tally = counts(result)
    listed = _listed(result)
    shown = min(limit, listed)
    manifest = result.out_dir / ".presswash" / "manifest.json"
    return (
        f"Sweep of {result.input_dir}: {shown} of {listed} captures shown, new failures first "
        f"({tally['skipped']} unchanged ones counted only). Every capture, with whole titles and "
        f"reasons: {manifest}"
    )


def progress_description(progress: Progress, totals: dict[str, int]) -> str:
    """The progress artifact's description: how far, and the counts so far.

    >>> totals = {"processed": 4, "skipped": 0, "no_article": 0, "failed": 1, "known_failures": 0}
    >>> progress_description(Progress(5, 10, 1, 2, ()), totals)
    '5 of 10 captures (batch 1 of 2): 4 cleaned, 0 unchanged, 1 failed'
    """
    where = f" (batch {progress.batch} of {progress.batches})" if progress.batches else ""
    return f"{progress.done:,} of {progress.total:,} captures{where}: {outcome_message(totals)}"


def summary_markdown(result: SweepResult, top: int = TOP) -> str:
    """Totals, failures with reasons, the rules that fired most, the thinnest articles."""
    ledger = result.outcomes
    sections = [
        _totals(result),
        _failures(ledger.first("failed", top), ledger.count("failed"), top),
        _known_failures(ledger.first("known_failure", top), ledger.count("known_failure"), top),
        _no_article(ledger.first("no_article", top), ledger.count("no_article"), top),
        _top_rules(result, top),
        _thinnest(ledger.fewest_words(top)),
        _near_duplicates(result.clusters, top),
        _sites(result, top),
    ]
    return "\n\n".join(section for section in sections if section) + "\n"


def _totals(result: SweepResult) -> str:
    tally = counts(result)
    seconds = result.seconds.get("total", 0.0)
    rate = tally["processed"] / seconds if seconds else 0.0
    return (
        f"# presswash sweep of `{result.input_dir}`\n\n"
        f"Cleaner {result.cleaner_version} · {tally['captures']} captures: "
        f"**{tally['processed']} cleaned**, {tally['skipped']} unchanged, "
        f"{tally['no_article']} without an article, "
        f"**{tally['failed']} failed**, {tally['known_failures']} known failures · "
        f"{seconds:.1f} s ({rate:.0f} captures/s)"
    )


def _failures(failed: Sequence[Outcome], total: int, top: int) -> str:
    if not failed:
        return "## Failures\n\nNone."
    return "## Failures\n\n" + _reasons(failed, total, top)


def _known_failures(known: Sequence[Outcome], total: int, top: int) -> str:
    """Failures an earlier run saw with the same bytes and cleaner version: not retried, not new."""
    if not known:
        return ""
    head = "## Known failures (unchanged since they failed; `--retry-failed` cleans them again)\n\n"
    return head + _reasons(known, total, top)


def _no_article(empty: Sequence[Outcome], total: int, top: int) -> str:
    """Captures that were all chrome ('page not found' pages, indexes): nothing written for them."""
    if not empty:
        return ""
    return "## No article found (nothing written)\n\n" + _reasons(empty, total, top)


def _reasons(outcomes: Sequence[Outcome], total: int, top: int) -> str:
    """A capture-and-reason table of the first ``top`` outcomes, and how many more of ``total`` there are."""
    rows = [(f"`{short_path(o.capture)}`", clip(o.reason or "", REASON_WIDTH)) for o in outcomes[:top]]
    more = f"\n\n…and {total - top} more in the manifest." if total > top else ""
    return _table(("capture", "reason"), rows) + more


def _top_rules(result: SweepResult, top: int) -> str:
    fired = sorted(result.outcomes.rules.items(), key=lambda item: (-item[1], item[0]))[:top]
    if not fired:
        return ""
    rows = [(f"`{rule}`", str(lines)) for rule, lines in fired]
    return "## Rules that fired most\n\n" + _table(("rule", "lines removed"), rows)


def _thinnest(thinnest: Sequence[Outcome]) -> str:
    """The captures with the least body left (fewest words first): the first ones a person should look at."""
    if not thinnest:
        return ""
    rows = [
        (f"`{short_path(o.capture)}`", str(o.words), f"{o.lines_removed} of {o.lines}", clip(o.title or "", 40))
        for o in thinnest
    ]
    header = ("capture", "words kept", "lines removed", "title")
    return "## Least body left (look at these first)\n\n" + _table(header, rows)


def _near_duplicates(clusters: Sequence[Sequence[str]], top: int) -> str:
    """Copies of one article: syndicated or captured twice."""
    if not clusters:
        return ""
    rows = [(str(len(cluster)), _cluster_cell(cluster)) for cluster in clusters[:top]]
    more = f"\n\n…and {len(clusters) - top} more in the manifest." if len(clusters) > top else ""
    return "## Near-duplicates\n\n" + _table(("captures", "cluster"), rows) + more


def _cluster_cell(cluster: Sequence[str], shown: int = 3) -> str:
    names = ", ".join(f"`{short_path(key, 32)}`" for key in cluster[:shown])
    return names + (f" and {len(cluster) - shown} more" if len(cluster) > shown else "")


def _sites(result: SweepResult, top: int) -> str:
    """The sites with the most learned chrome: `presswash sites` shows their lines."""
    entries = sorted(site_entries(result).items(), key=lambda item: (-item[1]["learned_lines"], item[0]))
    rows = [(f"`{short_path(site)}`", str(e["captures"]), str(e["learned_lines"])) for site, e in entries[:top]]
    if not rows:
        return ""
    return "## Sites (learned chrome)\n\n" + _table(("site", "captures counted", "lines learned"), rows)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(_cell(cell) for cell in line) + " |" for line in lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
