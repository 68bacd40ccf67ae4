"""One sweep over an input folder: discover, learn sites, clean in batches, remember what was
cleaned, link near-duplicates.

Plain Python. The Prefect flow in ``flows.pipeline.flow`` calls :func:`sweep` with a task in
place of ``clean`` and a progress artifact behind ``on_batch``; without Prefect the same
call works as it stands.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import cleaners
from cleaners import CleanConfig
from cleaners.near_duplicates import DEFAULT_NEAR_DUPLICATES
from cleaners.site import SiteProfile
from flows.pipeline.batch import BatchJob, Outcome, PlannedBatch, plan_batch, settle_batch
from flows.pipeline.discover import Capture, batches, discover_all, stem_clashes
from flows.pipeline.lock import run_lock
from flows.pipeline.near_duplicates import link_near_duplicates
from flows.pipeline.pool import Done, Finished, Pool, local_pool
from flows.pipeline.signatures import SignatureBook, SignatureStore, Signed, open_signatures
from flows.pipeline.sites import default_store_path, learn_sites, open_store, site_of
from flows.pipeline.state import Seen, StateFragments, load_state, save_state
from flows.pipeline.writer import clear_scratch

DEFAULT_BATCH_SIZE = 250
"""Captures per task: Prefect costs milliseconds per task run, a capture far less."""

LinkStep = Callable[[SignatureBook, Path, SignatureStore], list[list[str]]]
"""The near-duplicate step (the flow runs it as its own task)."""
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
class Limits:
    """What a run allows one capture: its size (the core's ``max_bytes``) and cleaning time."""

    max_bytes: int = cleaners.DEFAULT_CONFIG.max_bytes
    max_seconds: float | None = None


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class SweepResult:
    """Every capture's outcome plus when and how long."""

    input_dir: Path
    out_dir: Path
    outcomes: tuple[Outcome, ...]
    started: datetime
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time per phase: discover, sites (the counting pass), clean, near_duplicates, total."""
    cleaner_version: str = cleaners.__version__
    profiles: dict[str, SiteProfile] = field(default_factory=dict)
    """What is known of the chrome of each site in the run, after counting its captures."""
    clusters: list[list[str]] = field(default_factory=list)
    """Near-duplicate clusters over every record of the run, by capture name (see flows.pipeline.near_duplicates)."""
    limits: Limits = field(default_factory=Limits)
    """The per-capture limits the run applied."""

    def by_status(self, status: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == status]


def sweep(
    input_dir: Path,
    out_dir: Path,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    config: CleanConfig = cleaners.DEFAULT_CONFIG,
    pool: AbstractContextManager[Pool] | None = None,
    workers: int = 1,
    link: LinkStep = link_near_duplicates,
    on_batch: BatchListener | None = None,
    log: RunLogger = _log,
    sites_db: Path | None = None,
    learn: bool = True,
    max_seconds: float | None = None,
    lock: bool = True,
    wait: bool = False,
) -> SweepResult:
    """Clean what is new or changed below ``input_dir`` into ``out_dir``.

    With ``learn``, captures in a folder teach their site's chrome first (``flows.pipeline.sites``;
    the store is ``sites_db``, by default ``out_dir/.presswash/sites.sqlite``).
    ``max_seconds`` limits the cleaning time per capture. With ``lock``, the sweep holds the
    output folder's lock (``flows.pipeline.lock``), refusing to start (``RunLocked``) while another
    run holds it, or with ``wait`` waiting for it; pass ``lock=False`` when the caller holds it.
    Batches are cleaned by ``workers`` processes (this one for 1), or by the ``pool`` given (the
    flow's Prefect task runner); ``link`` is the near-duplicate step.
    """
    steps = _Steps(pool if pool is not None else local_pool(workers), link, on_batch)
    with _held(out_dir, lock, wait, log):
        return _sweep(input_dir, out_dir, batch_size, config, steps, log, sites_db, learn, max_seconds)


@dataclass(frozen=True)
class _Steps:
    """Where batches go, the near-duplicate step, and who hears of each batch."""

    pool: AbstractContextManager[Pool]
    link: LinkStep
    on_batch: BatchListener | None = None


@contextmanager
def _held(out_dir: Path, lock: bool, wait: bool, log: RunLogger) -> Iterator[None]:
    if not lock:
        yield
        return
    with run_lock(out_dir, wait=wait, on_wait=log.warning):
        yield


def _sweep(
    input_dir: Path,
    out_dir: Path,
    batch_size: int,
    config: CleanConfig,
    steps: _Steps,
    log: RunLogger,
    sites_db: Path | None,
    learn: bool,
    max_seconds: float | None,
) -> SweepResult:
    started, marks = datetime.now(UTC), [time.perf_counter()]
    if leftovers := clear_scratch(out_dir):
        log.info("Removed %d temporary files an interrupted run left in .presswash/tmp", leftovers)
    found = discover_all(input_dir, out_dir)
    captures = found.captures
    marks.append(time.perf_counter())
    log.info("Found %d captures below %s", len(captures), input_dir)
    store = sites_db or default_store_path(out_dir)
    profiles = _learn(captures, input_dir, store, config.max_bytes) if learn else {}
    marks.append(time.perf_counter())
    jobs = _Jobs(input_dir, out_dir, config, profiles, max_seconds)
    refused = [Outcome(relative, "failed", reason=reason) for relative, reason in found.refused.items()]
    book = SignatureBook(DEFAULT_NEAR_DUPLICATES.num_perm)
    with open_signatures(out_dir) as store:
        with steps.pool as pool:
            outcomes = refused + _clean_all(captures, jobs, batch_size, pool, steps.on_batch, _Signer(book, store))
        marks.append(time.perf_counter())
        log.info("Linking near-duplicates over %d signed records", len(book.keys))
        clusters = steps.link(book, out_dir, store)
    marks.append(time.perf_counter())
    if clusters:
        log.info("%d near-duplicate clusters, %d captures in them", len(clusters), sum(map(len, clusters)))
    phases = ("discover", "sites", "clean", "near_duplicates")
    seconds = {phase: round(marks[i + 1] - marks[i], 4) for i, phase in enumerate(phases)}
    seconds["total"] = round(marks[-1] - marks[0], 4)
    limits = Limits(config.max_bytes, max_seconds)
    return SweepResult(
        input_dir, out_dir, tuple(outcomes), started, seconds, profiles=profiles, clusters=clusters, limits=limits
    )


def _learn(captures: Sequence[Capture], input_dir: Path, store_path: Path, max_bytes: int) -> dict[str, SiteProfile]:
    with open_store(store_path) as store:
        return learn_sites(captures, input_dir, store, max_bytes=max_bytes)


@dataclass(frozen=True)
class _Jobs:
    """Builds each batch's job: only that batch's share of the state and of the site profiles."""

    input_dir: Path
    out_dir: Path
    config: CleanConfig
    profiles: dict[str, SiteProfile]
    max_seconds: float | None = None

    def for_batch(self, batch: Sequence[Capture], state: dict[str, Seen], clashes: dict[str, str]) -> BatchJob:
        seen = {c.relative: state[c.relative] for c in batch if c.relative in state}
        sites = {site for site in map(site_of, batch) if site is not None and site in self.profiles}
        profiles = {site: self.profiles[site] for site in sorted(sites)}
        return BatchJob(self.input_dir, self.out_dir, seen, clashes, self.config, profiles, self.max_seconds)


def _clean_all(
    captures: list[Capture],
    jobs: _Jobs,
    batch_size: int,
    pool: Pool,
    on_batch: BatchListener | None,
    signer: _Signer,
) -> list[Outcome]:
    """Plan each batch here, clean it in the pool, and settle the batches in order as they finish.

    After every batch: its outputs written, its signatures stored, then the state saved.
    """
    state = load_state(jobs.out_dir)
    clashes = stem_clashes(captures)
    planned = batches(captures, batch_size)
    names = {capture.relative for capture in captures}
    outcomes: list[Outcome] = []
    waiting: deque[tuple[BatchJob, PlannedBatch, Finished]] = deque()

    def settle_next() -> None:
        nonlocal settled
        job, plan, finished = waiting.popleft()
        cleaned = finished.result()
        done = settle_batch(plan, cleaned, job)
        outcomes.extend(done)
        signer.sign(done, {c.relative: c.signature for c in cleaned}, jobs.out_dir)
        remember(state, done)
        save_state(jobs.out_dir, _present(state, names), fragments)
        settled += 1
        if on_batch is not None:
            on_batch(Progress(len(outcomes), len(captures), settled, len(planned), tuple(done)))

    settled, fragments = 0, StateFragments()
    for batch in planned:
        job = jobs.for_batch(batch, state, clashes)
        plan = plan_batch(batch, job)
        finished: Finished = pool.submit(plan.work) if plan.work.items else Done([])
        waiting.append((job, plan, finished))
        while len(waiting) >= max(1, pool.in_flight):
            settle_next()
    while waiting:
        settle_next()
    if not planned:
        save_state(jobs.out_dir, {})
    return outcomes


@dataclass(frozen=True)
class _Signer:
    """Files each settled record's signature in the run's book and the store."""

    book: SignatureBook
    store: SignatureStore

    def sign(self, done: Sequence[Outcome], signatures: dict[str, bytes | None], out_dir: Path) -> None:
        fresh = []
        for outcome in done:
            capture = Capture(outcome.capture)
            if outcome.status == "processed" and outcome.seen is not None:
                signed = Signed(signatures.get(outcome.capture))
                fresh.append((outcome.capture, outcome.seen, signed))
            elif outcome.status == "skipped" and outcome.seen is not None and outcome.seen.article:
                found = self.store.lookup(outcome.capture, outcome.seen)
                if found is None:
                    found = sign_record(out_dir, capture)
                    fresh.append((outcome.capture, outcome.seen, found))
                signed = found
            else:
                continue
            self.book.add(capture.stem.as_posix(), outcome.capture, signed)
        self.store.put(fresh)


def sign_record(out_dir: Path, capture: Capture) -> Signed:
    """Sign a record from its body on disk: for outputs written before signatures were stored."""
    import json

    from cleaners.near_duplicates import minhashes
    from flows.pipeline.worker import signature_bytes

    try:
        record = json.loads((out_dir / f"{capture.stem}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Signed(None)
    sketch = minhashes([("body", str(record.get("text", "")))]).get("body")
    linked = tuple(str(key) for key in record.get("near_duplicates", []))
    return Signed(None if sketch is None else signature_bytes(sketch), linked)


def remember(state: dict[str, Seen], outcomes: Sequence[Outcome]) -> None:
    """Record cleaned captures (and those with no article); forget failed ones so the next run tries them again."""
    for outcome in outcomes:
        if outcome.status == "failed":
            state.pop(outcome.capture, None)
        elif outcome.seen is not None:
            state[outcome.capture] = outcome.seen


def _present(state: dict[str, Seen], names: set[str]) -> dict[str, Seen]:
    """The state without captures that are gone from the input folder."""
    return {relative: seen for relative, seen in state.items() if relative in names}
