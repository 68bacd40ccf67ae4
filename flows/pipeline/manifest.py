"""The run manifest: what one sweep processed, skipped and failed (anew, or known from an
earlier run), and why.

Written to ``OUTPUT/.presswash/manifest.json`` (hidden, beside the state, so it can
never clash with an article's outputs). Each run replaces it; the Prefect artifacts
keep the history.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flows.pipeline.batch import Outcome
from flows.pipeline.state import RUN_DIR
from flows.pipeline.sweep import SweepResult
from flows.pipeline.writer import scratch_dir, write_atomic

STATUSES = ("processed", "skipped", "no_article", "failed", "known_failure")
COUNT_KEYS = {"known_failure": "known_failures"}
"""Where a status's count and list are named differently from the status itself."""

MANIFEST_NAME = "manifest.json"


def manifest_path(out_dir: Path) -> Path:
    return out_dir / RUN_DIR / MANIFEST_NAME


def rule_counts(outcomes: Iterable[Outcome]) -> dict[str, int]:
    """Lines removed per rule over the given outcomes, most frequent first."""
    total: Counter[str] = Counter()
    for outcome in outcomes:
        total.update(outcome.rules)
    return dict(sorted(total.items(), key=lambda item: (-item[1], item[0])))


def build_manifest(result: SweepResult, flow_run: dict[str, str] | None = None) -> dict[str, Any]:
    """The manifest as a JSON-ready dict; ``rules`` counts this run's cleaned captures only."""
    processed = result.by_status("processed")
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
        "rules": rule_counts(processed),
        "sites": site_entries(result),
        "near_duplicates": result.clusters,
        "processed": [_processed_entry(outcome) for outcome in processed],
        "skipped": [_reason_entry(outcome) for outcome in result.by_status("skipped")],
        "no_article": [_reason_entry(outcome) for outcome in result.by_status("no_article")],
        "failed": [_reason_entry(outcome) for outcome in result.by_status("failed")],
        "known_failures": [_known_entry(outcome) for outcome in result.by_status("known_failure")],
    }


def counts(result: SweepResult) -> dict[str, int]:
    """Captures, and how many of them ended in each status."""
    return {"captures": len(result.outcomes), **tally(result.outcomes)}


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


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> Path:
    path = manifest_path(out_dir)
    write_atomic(path, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", scratch_dir(out_dir))
    return path
