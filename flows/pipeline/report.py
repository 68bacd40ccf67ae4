"""What a person reads about a sweep: the per-capture table and the markdown summary.

Plain functions returning data; ``flows.pipeline.flow`` publishes them as Prefect artifacts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flows.pipeline.batch import Outcome
from flows.pipeline.manifest import counts, rule_counts, site_entries
from flows.pipeline.sweep import SweepResult

TABLE_ROWS = 1000
"""Most rows in the table artifact; the manifest always lists every capture."""
TOP = 10
"""How many rules, failures and thin articles the summary lists."""


def artifact_key(kind: str, input_dir: Path) -> str:
    """A stable artifact key per input folder, so the Artifacts page shows its history.

    >>> artifact_key("summary", Path("/srv/Drop Folder"))
    'presswash-summary-drop-folder'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", input_dir.name.lower()).strip("-") or "root"
    return f"presswash-{kind}-{slug}"


def capture_rows(result: SweepResult, limit: int = TABLE_ROWS) -> list[dict[str, Any]]:
    """One row per failed, article-less or processed capture, in that order; skipped ones are counted only."""
    shown = result.by_status("failed") + result.by_status("no_article") + result.by_status("processed")
    return [_row(outcome) for outcome in shown[:limit]]


def _row(outcome: Outcome) -> dict[str, Any]:
    return {
        "capture": display_name(outcome.capture),
        "id": outcome.id or "",
        "title": outcome.title or "",
        "words kept": outcome.words,
        "lines removed": outcome.lines_removed,
        "status": _status(outcome),
    }


def _status(outcome: Outcome) -> str:
    if outcome.status == "failed":
        return f"failed: {outcome.reason}"
    if outcome.status == "no_article":
        return f"no article: {outcome.reason}"
    return outcome.status


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
    tally = counts(result)
    shown = min(limit, tally["processed"] + tally["no_article"] + tally["failed"])
    return (
        f"Captures cleaned or failed in this sweep of {result.input_dir} "
        f"({shown} shown; {tally['skipped']} unchanged and skipped)."
    )


def summary_markdown(result: SweepResult, top: int = TOP) -> str:
    """Totals, failures with reasons, the rules that fired most, the thinnest articles."""
    sections = [
        _totals(result),
        _failures(result.by_status("failed"), top),
        _no_article(result.by_status("no_article"), top),
        _top_rules(result, top),
        _thinnest(result.by_status("processed"), top),
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
        f"**{tally['failed']} failed** · {seconds:.1f} s ({rate:.0f} captures/s)"
    )


def _failures(failed: Sequence[Outcome], top: int) -> str:
    if not failed:
        return "## Failures\n\nNone."
    return "## Failures\n\n" + _reasons(failed, top)


def _no_article(empty: Sequence[Outcome], top: int) -> str:
    """Captures that were all chrome ('page not found' pages, indexes): nothing written for them."""
    if not empty:
        return ""
    return "## No article found (nothing written)\n\n" + _reasons(empty, top)


def _reasons(outcomes: Sequence[Outcome], top: int) -> str:
    """A capture-and-reason table of the first ``top`` outcomes, and how many more there are."""
    rows = [(f"`{display_name(o.capture)}`", o.reason or "") for o in outcomes[:top]]
    more = f"\n\n…and {len(outcomes) - top} more in the manifest." if len(outcomes) > top else ""
    return _table(("capture", "reason"), rows) + more


def _top_rules(result: SweepResult, top: int) -> str:
    fired = list(rule_counts(result.by_status("processed")).items())[:top]
    if not fired:
        return ""
    rows = [(f"`{rule}`", str(lines)) for rule, lines in fired]
    return "## Rules that fired most\n\n" + _table(("rule", "lines removed"), rows)


def _thinnest(processed: Sequence[Outcome], top: int) -> str:
    """The captures with the least body left: the first ones a person should look at."""
    if not processed:
        return ""
    thinnest = sorted(processed, key=lambda o: (o.words, o.capture))[:top]
    rows = [
        (f"`{display_name(o.capture)}`", o.title or "", str(o.words), f"{o.lines_removed} of {o.lines}")
        for o in thinnest
    ]
    header = ("capture", "title", "words kept", "lines removed")
    return "## Least body left (look at these first)\n\n" + _table(header, rows)


def _near_duplicates(clusters: Sequence[Sequence[str]], top: int) -> str:
    """Copies of one article: syndicated or captured twice."""
    if not clusters:
        return ""
    rows = [(str(len(cluster)), ", ".join(f"`{key}`" for key in cluster)) for cluster in clusters[:top]]
    more = f"\n\n…and {len(clusters) - top} more in the manifest." if len(clusters) > top else ""
    return "## Near-duplicates\n\n" + _table(("captures", "cluster"), rows) + more


def _sites(result: SweepResult, top: int) -> str:
    """The sites with the most learned chrome: `presswash sites` shows their lines."""
    entries = sorted(site_entries(result).items(), key=lambda item: (-item[1]["learned_lines"], item[0]))
    rows = [(f"`{site}`", str(e["captures"]), str(e["learned_lines"])) for site, e in entries[:top]]
    if not rows:
        return ""
    return "## Sites (learned chrome)\n\n" + _table(("site", "captures counted", "lines learned"), rows)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(_cell(cell) for cell in line) + " |" for line in lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
