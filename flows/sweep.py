"""One sweep over an input folder: discover, clean in batches, remember what was cleaned.

Plain Python. The Prefect flow in ``flows.pipeline`` calls :func:`sweep` with a task in
place of ``clean`` and a progress artifact behind ``on_batch``; without Prefect the same
call works as it stands.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import cleaners
from cleaners import CleanConfig
from flows.batch import BatchJob, Outcome, clean_batch
from flows.discover import Capture, batches, discover, stem_clashes
from flows.state import Seen, load_state, save_state

DEFAULT_BATCH_SIZE = 250
"""Captures per task: Prefect costs milliseconds per task run, a capture far less."""

CleanStep = Callable[[Sequence[Capture], BatchJob], list[Outcome]]
BatchListener = Callable[["Progress"], None]
RunLogger = logging.Logger | logging.LoggerAdapter[logging.Logger]

_log = logging.getLogger("presswash.flows")


@dataclass(frozen=True)
class Progress:
    """Where a sweep stands after a batch."""

    done: int
    total: int
    batch: int
    batches: int
    outcomes: tuple[Outcome, ...]
    """The outcomes of the batch just finished."""

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.done / self.total


@dataclass(frozen=True)
class SweepResult:
    """Every capture's outcome plus when and how long."""

    input_dir: Path
    out_dir: Path
    outcomes: tuple[Outcome, ...]
    started: datetime
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time per phase: discover, clean, total."""
    cleaner_version: str = cleaners.__version__

    def by_status(self, status: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == status]


def sweep(
    input_dir: Path,
    out_dir: Path,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    config: CleanConfig = cleaners.DEFAULT_CONFIG,
    clean: CleanStep = clean_batch,
    on_batch: BatchListener | None = None,
    log: RunLogger = _log,
) -> SweepResult:
    """Clean what is new or changed below ``input_dir`` into ``out_dir``."""
    started, start = datetime.now(UTC), time.perf_counter()
    captures = discover(input_dir, out_dir)
    discovered = time.perf_counter()
    log.info("Found %d captures below %s", len(captures), input_dir)
    outcomes = _clean_all(captures, input_dir, out_dir, batch_size, config, clean, on_batch)
    finished = time.perf_counter()
    seconds = {
        "discover": round(discovered - start, 4),
        "clean": round(finished - discovered, 4),
        "total": round(finished - start, 4),
    }
    return SweepResult(input_dir, out_dir, tuple(outcomes), started, seconds)


def _clean_all(
    captures: list[Capture],
    input_dir: Path,
    out_dir: Path,
    batch_size: int,
    config: CleanConfig,
    clean: CleanStep,
    on_batch: BatchListener | None,
) -> list[Outcome]:
    state = load_state(out_dir)
    clashes = stem_clashes(captures)
    planned = batches(captures, batch_size)
    outcomes: list[Outcome] = []
    for number, batch in enumerate(planned, 1):
        seen = {c.relative: state[c.relative] for c in batch if c.relative in state}
        done = clean(batch, BatchJob(input_dir, out_dir, seen, clashes, config))
        outcomes.extend(done)
        remember(state, done)
        save_state(out_dir, _present(state, captures))
        if on_batch is not None:
            on_batch(Progress(len(outcomes), len(captures), number, len(planned), tuple(done)))
    if not planned:
        save_state(out_dir, {})
    return outcomes


def remember(state: dict[str, Seen], outcomes: Sequence[Outcome]) -> None:
    """Record cleaned captures; forget failed ones so the next run tries them again."""
    for outcome in outcomes:
        if outcome.status == "failed":
            state.pop(outcome.capture, None)
        elif outcome.seen is not None:
            state[outcome.capture] = outcome.seen


def _present(state: dict[str, Seen], captures: Sequence[Capture]) -> dict[str, Seen]:
    """The state without captures that are gone from the input folder."""
    names = {capture.relative for capture in captures}
    return {relative: seen for relative, seen in state.items() if relative in names}
