"""The run manifest: what one sweep processed, skipped and failed (anew, or known from an
earlier run), and why.

Written to ``OUTPUT/.presswash/manifest.json`` (hidden, beside the state, so it can
never clash with an article's outputs). Each run replaces it; the Prefect artifacts
keep the history.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flows.pipeline.batch import Outcome
from flows.pipeline.ledger import COUNT_KEYS, STATUSES, Ledger
from flows.pipeline.state import RUN_DIR
from flows.pipeline.sweep import SweepResult
from flows.pipeline.writer import scratch_dir, write_atomic_pieces

__all__ = ["COUNT_KEYS", "STATUSES", "build_manifest", "counts", "manifest_path", "run_summary", "write_manifest"]

MANIFEST_NAME = "manifest.json"
SUMMARY_ENTRIES = 100
"""Entries per list (failed, no article, known failures) in a run's summary; the manifest lists all."""
_LISTS: tuple[tuple[str, str], ...] = (
    ("processed", "processed"),
    ("skipped", "skipped"),
    ("no_article", "no_article"),
    ("failed", "failed"),
    ("known_failures", "known_failure"),
)
"""The manifest's per-capture lists, in order: (list name, status)."""


def manifest_path(out_dir: Path) -> Path:
    return out_dir / RUN_DIR / MANIFEST_NAME


def rule_counts(outcomes: Iterable[Outcome]) -> dict[str, int]:
    """Lines removed per rule over the given outcomes, most frequent first."""
    total: dict[str, int] = {}
    for outcome in outcomes:
        for rule, lines in outcome.rules.items():
            total[rule] = total.get(rule, 0) + lines
    return _most_first(total)


def _most_first(total: dict[str, int]) -> dict[str, int]:
    return dict(sorted(total.items(), key=lambda item: (-item[1], item[0])))


def manifest_head(result: SweepResult, flow_run: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything in the manifest but its per-capture lists; ``rules`` counts this run's cleaned captures only."""
    return {
        "input": str(result.input_dir),
        "output": str(result.out_dir),
        "cleaner_version": result.cleaner_version,
        "flow_run": flow_run,
        "started": result.started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": result.seconds,
        "counts": counts(result),
        "limits": {"max_bytes": result.limits.max_bytes, "max_seconds": result.limits.max_seconds},
        "rules": _most_first(dict(result.outcomes.rules)),
        "sites": site_entries(result),
        "near_duplicates": result.clusters,
    }


def build_manifest(result: SweepResult, flow_run: dict[str, str] | None = None) -> dict[str, Any]:
    """The whole manifest as a JSON-ready dict, every capture listed (in memory: for a small run;
    :func:`write_manifest` streams the same text from the ledger)."""
    manifest = manifest_head(result, flow_run)
    for name, status in _LISTS:
        manifest[name] = [_ENTRIES[status](outcome) for outcome in result.outcomes.of(status)]
    return manifest


def run_summary(result: SweepResult, flow_run: dict[str, str] | None = None) -> dict[str, Any]:
    """What a run returns: the manifest's head, and the first :data:`SUMMARY_ENTRIES` captures
    that failed, had no article or failed before (``counts`` says how many there are)."""
    summary = manifest_head(result, flow_run)
    for name, status in _LISTS[2:]:
        summary[name] = [_ENTRIES[status](outcome) for outcome in result.outcomes.of(status, SUMMARY_ENTRIES)]
    return summary


def manifest_text(result: SweepResult, head: dict[str, Any]) -> Iterator[str]:
    """The manifest's text in pieces: ``json.dumps(manifest, ensure_ascii=False, indent=2) + "\\n"``,
    written out list entry by list entry so that no list is held whole."""
    opening = json.dumps(head, ensure_ascii=False, indent=2)
    yield opening[: -len("\n}")]
    for name, status in _LISTS:
        yield f",\n  {json.dumps(name)}: "
        yield from _list_text(result.outcomes, status)
    yield "\n}\n"


def _list_text(ledger: Ledger, status: str) -> Iterator[str]:
    entry = _ENTRIES[status]
    first = True
    for outcome in ledger.of(status):
        text = json.dumps(entry(outcome), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ("[\n    " if first else ",\n    ") + text
        first = False
    yield "[]" if first else "\n  ]"


def counts(result: SweepResult) -> dict[str, int]:
    """Captures, and how many of them ended in each status."""
    return {"captures": len(result.outcomes), **result.outcomes.tally()}


def tally(outcomes: Iterable[Outcome]) -> dict[str, int]:
    """Outcomes per status, every status named (``known_failure`` as ``known_failures``)."""
    seen = Counter(outcome.status for outcome in outcomes)
    return {COUNT_KEYS.get(status, status): seen[status] for status in STATUSES}


def site_entries(result: SweepResult) -> dict[str, dict[str, int]]:
    """Per site of the run: captures counted so far (this run and earlier ones), lines learned."""
    return {
        site: {"captures": profile.captures, "learned_lines": len(profile.chrome)}
        for site, profile in sorted(result.profiles.items())
    }


def _processed_entry(outcome: Outcome) -> dict[str, Any]:
    return {
        "capture": outcome.capture,
        "id": outcome.id,
        "title": outcome.title,
        "words": outcome.words,
        "lines": outcome.lines,
        "lines_removed": outcome.lines_removed,
        "seconds": round(outcome.seconds, 5),
    }


def _reason_entry(outcome: Outcome) -> dict[str, Any]:
    return {"capture": outcome.capture, "reason": outcome.reason}


def _known_entry(outcome: Outcome) -> dict[str, Any]:
    """A known failure: the bytes (sha256) that failed with this cleaner version, and why."""
    sha256 = outcome.seen.sha256 if outcome.seen is not None else None
    return {"capture": outcome.capture, "reason": outcome.reason, "sha256": sha256}


_ENTRIES: dict[str, Callable[[Outcome], dict[str, Any]]] = {
    "processed": _processed_entry,
    "skipped": _reason_entry,
    "no_article": _reason_entry,
    "failed": _reason_entry,
    "known_failure": _known_entry,
}


def write_manifest(out_dir: Path, result: SweepResult, flow_run: dict[str, str] | None = None) -> Path:
    """Write the run's manifest, streamed from its ledger, atomically."""
    path = manifest_path(out_dir)
    write_atomic_pieces(path, manifest_text(result, manifest_head(result, flow_run)), scratch_dir(out_dir))
    return path
