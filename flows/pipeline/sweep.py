"""One sweep over an input folder: discover, learn sites, clean in batches, remember what was
cleaned, link near-duplicates.

Plain Python. The Prefect flow in ``flows.pipeline.flow`` calls :func:`sweep` with a task in
place of ``clean``, a task in place of ``link`` and a progress artifact behind ``on_batch``;
without Prefect the same call works as it stands.
"""

from __future__ import annotations

import contextvars
import logging
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import cleaners
from cleaners import CleanConfig
from cleaners.near_duplicates import DEFAULT_NEAR_DUPLICATES
from cleaners.site import SiteProfile
from flows.pipeline.batch import BatchJob, Outcome, clean_batch
from flows.pipeline.discover import Capture, Discovery, batches, discover_all, discover_listed, stem_clashes
from flows.pipeline.ledger import Ledger
from flows.pipeline.listings import load_listings, save_listings
from flows.pipeline.lock import run_lock
from flows.pipeline.near_duplicates import link_near_duplicates
from flows.pipeline.options import DEFAULT_BATCH_SIZE, DEFAULT_OPTIONS, Limits, RunOptions
from flows.pipeline.pool import Pool, local_pool
from flows.pipeline.signatures import RunBook, SignatureStore, Signed, open_signatures
from flows.pipeline.sites import default_store_path, learn_sites, open_store, site_of
from flows.pipeline.state import Seen, StateFragments, load_state, save_state
from flows.pipeline.writer import clear_scratch

__all__ = ["DEFAULT_BATCH_SIZE", "Limits", "Progress", "RunOptions", "SweepResult", "sweep"]

CleanStep = Callable[[Sequence[Capture], BatchJob], list[Outcome]]
"""The batch step: read, skip, clean (``job.cleaner``: in a worker), write (the flow runs it as a task)."""
LinkStep = Callable[[RunBook, Path, SignatureStore], list[list[str]]]
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
class SweepResult:
    """Every capture's outcome plus when and how long."""

    input_dir: Path
    out_dir: Path
    outcomes: Ledger
    """Every capture's outcome, in order, kept on disk (see ``flows.pipeline.ledger``)."""
    started: datetime
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time per phase: discover (with the start of the worker pool), sites (the counting pass),
    clean, near_duplicates, total."""
    cleaner_version: str = cleaners.__version__
    profiles: dict[str, SiteProfile] = field(default_factory=dict)
    """What is known of the chrome of each site in the run, after counting its captures."""
    clusters: list[list[str]] = field(default_factory=list)
    """Near-duplicate clusters over every record of the run, by capture name (see flows.pipeline.near_duplicates)."""
    options: RunOptions = DEFAULT_OPTIONS
    """The options the run applied."""

    @property
    def limits(self) -> Limits:
        """The per-capture limits the run applied."""
        return self.options.limits

    def by_status(self, status: str) -> list[Outcome]:
        """Every outcome of one status (all in memory: for a few; the ledger reads them one at a time)."""
        return list(self.outcomes.of(status))


def sweep(
    input_dir: Path,
    out_dir: Path,
    options: RunOptions = DEFAULT_OPTIONS,
    *,
    clean: CleanStep = clean_batch,
    link: LinkStep = link_near_duplicates,
    pool: AbstractContextManager[Pool] | None = None,
    on_batch: BatchListener | None = None,
    log: RunLogger = _log,
    lock: bool = True,
) -> SweepResult:
    """Clean what is new or changed below ``input_dir`` into ``out_dir``, as ``options`` say.

    With ``options.learn_sites``, captures in a folder teach their site's chrome first
    (``flows.pipeline.sites``; the store is ``options.sites_db``, by default
    ``out_dir/.presswash/sites.sqlite``). With ``lock``, the sweep holds the output folder's
    lock (``flows.pipeline.lock``), refusing to start (``RunLocked``) while another run holds
    it, or with ``options.wait`` waiting for it; pass ``lock=False`` when the caller holds it.
    Batches are cleaned by ``options.workers`` processes (this one when None or 1), or by the
    ``pool`` given (the flow's: local processes or a Dask cluster); several batches are in flight
    at once, each read and written by ``clean`` in a thread of this process, and settled in order.
    ``link`` is the near-duplicate step.
    """
    steps = _Steps(pool if pool is not None else local_pool(options.workers or 1), clean, link, on_batch)
    with _held(out_dir, lock, options.wait, log):
        return _sweep(input_dir, out_dir, options, steps, log)


@dataclass(frozen=True)
class _Steps:
    """Where batches are cleaned, the batch and near-duplicate steps, and who hears of each batch."""

    pool: AbstractContextManager[Pool]
    clean: CleanStep
    link: LinkStep
    on_batch: BatchListener | None = None


@contextmanager
def _held(out_dir: Path, lock: bool, wait: bool, log: RunLogger) -> Iterator[None]:
    if not lock:
        yield
        return
    with run_lock(out_dir, wait=wait, on_wait=log.warning):
        yield


def _sweep(input_dir: Path, out_dir: Path, options: RunOptions, steps: _Steps, log: RunLogger) -> SweepResult:
    config = options.clean_config()
    started, marks = datetime.now(UTC), [time.perf_counter()]
    if leftovers := clear_scratch(out_dir):
        log.info("Removed %d temporary files an interrupted run left in .presswash/tmp", leftovers)
    # The pool opens first: a forked worker's resident memory counts the pages of this process it
    # inherits, and a worker forked after discovery grew with the number of captures listed.
    with steps.pool as pool, open_signatures(out_dir) as store:
        found = _discover(input_dir, out_dir, options.files_from, log)
        captures = found.captures
        marks.append(time.perf_counter())
        log.info("Found %d captures below %s", len(captures), input_dir)
        sites_store = options.sites_db or default_store_path(out_dir)
        outcomes = Ledger(Outcome(relative, "failed", reason=reason) for relative, reason in found.refused.items())
        book = RunBook(store, DEFAULT_NEAR_DUPLICATES.num_perm)
        # the workers read the lines of the captures to count, then clean the batches
        profiles = _learn(captures, input_dir, sites_store, config.max_bytes, pool) if options.learn_sites else {}
        marks.append(time.perf_counter())
        jobs = _Jobs(input_dir, out_dir, config, profiles, options.limits.max_seconds, options.retry_failed)
        every = options.files_from is None
        _clean_all(captures, jobs, options.batch_size, pool, steps, _Signer(book, store), outcomes, every)
        marks.append(time.perf_counter())
        log.info("Linking near-duplicates over %d signed records", book.count_signed())
        clusters = steps.link(book, out_dir, store)
    marks.append(time.perf_counter())
    if clusters:
        log.info("%d near-duplicate clusters, %d captures in them", len(clusters), sum(map(len, clusters)))
    phases = ("discover", "sites", "clean", "near_duplicates")
    seconds = {phase: round(marks[i + 1] - marks[i], 4) for i, phase in enumerate(phases)}
    seconds["total"] = round(marks[-1] - marks[0], 4)
    return SweepResult(
        input_dir, out_dir, outcomes, started, seconds, profiles=profiles, clusters=clusters, options=options
    )


def _discover(input_dir: Path, out_dir: Path, files_from: Path | None, log: RunLogger) -> Discovery:
    """Every capture below ``input_dir``, or only those ``files_from`` names (``-``: standard input).

    WARC files unchanged since an earlier run are listed from that run's listing.
    """
    listings = load_listings(out_dir)
    if files_from is None:
        found = discover_all(input_dir, out_dir, listings)
    else:
        text = sys.stdin.read() if str(files_from) == "-" else files_from.read_text("utf-8", errors="surrogateescape")
        found = discover_listed(input_dir, [line for line in text.splitlines() if line.strip()], out_dir, listings)
    if listings.seen:
        log.info("WARC files: %d listed from the last run, %d read", len(listings.seen) - listings.read, listings.read)
    save_listings(out_dir, listings, complete=files_from is None)
    return found


def _learn(
    captures: Sequence[Capture], input_dir: Path, store_path: Path, max_bytes: int, pool: Pool
) -> dict[str, SiteProfile]:
    with open_store(store_path) as store:
        return learn_sites(captures, input_dir, store, max_bytes=max_bytes, pool=pool)


@dataclass(frozen=True)
class _Jobs:
    """Builds each batch's job: only that batch's share of the state and of the site profiles."""

    input_dir: Path
    out_dir: Path
    config: CleanConfig
    profiles: dict[str, SiteProfile]
    max_seconds: float | None = None
    retry_failed: bool = False

    def for_batch(self, batch: Sequence[Capture], state: dict[str, Seen], clashes: dict[str, str]) -> BatchJob:
        seen = {c.relative: state[c.relative] for c in batch if c.relative in state}
        sites = {site for site in map(site_of, batch) if site is not None and site in self.profiles}
        profiles = {site: self.profiles[site] for site in sorted(sites)}
        return BatchJob(
            self.input_dir, self.out_dir, seen, clashes, self.config, profiles, self.max_seconds, self.retry_failed
        )


def _clean_all(
    captures: list[Capture],
    jobs: _Jobs,
    batch_size: int,
    pool: Pool,
    steps: _Steps,
    signer: _Signer,
    outcomes: Ledger,
    every: bool = True,
) -> None:
    """Run the batch step for several batches at once (each cleans in the pool), and settle the
    batches in order as they finish, appending their outcomes to ``outcomes``. With ``every`` (the
    run sweeps every capture of the folder), captures gone from the folder leave the state; a run
    over a list (``--files-from``) keeps what the state says of the captures it does not name.

    After every batch: its outputs written (by the step), its signatures stored, then the state saved.
    """
    state = load_state(jobs.out_dir)
    clashes = stem_clashes(captures)
    planned = batches(captures, batch_size)
    names = {capture.relative for capture in captures} if every else None
    waiting: deque[Future[list[Outcome]]] = deque()
    settled, done_captures, fragments = 0, 0, StateFragments()

    def settle_next() -> None:
        nonlocal settled, done_captures
        done = waiting.popleft().result()
        outcomes.extend(done)
        done_captures += len(done)
        signer.sign(done, jobs.out_dir)
        remember(state, done)
        save_state(jobs.out_dir, _present(state, names), fragments)
        settled += 1
        if steps.on_batch is not None:
            steps.on_batch(Progress(done_captures, len(captures), settled, len(planned), tuple(done)))

    in_flight = max(1, pool.in_flight)
    with _batch_threads(in_flight) as submit:
        for batch in planned:
            job = replace(jobs.for_batch(batch, state, clashes), cleaner=pool.submit)
            waiting.append(submit(steps.clean, batch, job))
            while len(waiting) >= in_flight:
                settle_next()
        while waiting:
            settle_next()
    if not planned:
        save_state(jobs.out_dir, {})


_RunBatch = Callable[[CleanStep, Sequence[Capture], BatchJob], "Future[list[Outcome]]"]


@contextmanager
def _batch_threads(in_flight: int) -> Iterator[_RunBatch]:
    """Run batch steps in ``in_flight`` threads, or here, one after another, for one.

    (Here the time limit interrupts a capture at once: signals reach only the main thread.)
    """
    if in_flight <= 1:

        def here(clean: CleanStep, batch: Sequence[Capture], job: BatchJob) -> Future[list[Outcome]]:
            done: Future[list[Outcome]] = Future()
            done.set_result(clean(batch, job))
            return done

        yield here
        return
    with ThreadPoolExecutor(in_flight, thread_name_prefix="presswash-batch") as threads:

        def there(clean: CleanStep, batch: Sequence[Capture], job: BatchJob) -> Future[list[Outcome]]:
            # a copy of this context for each batch, so a Prefect task it calls belongs to this run
            return threads.submit(contextvars.copy_context().run, clean, batch, job)

        yield there


@dataclass(frozen=True)
class _Signer:
    """Files each settled record's signature in the store and names the record in the run's book."""

    book: RunBook
    store: SignatureStore

    def sign(self, done: Sequence[Outcome], out_dir: Path) -> None:
        fresh, named = [], []
        for outcome in done:
            capture = Capture(outcome.capture)
            if outcome.status == "processed" and outcome.seen is not None:
                signed = Signed(outcome.signature)
                fresh.append((outcome.capture, outcome.seen, signed))
            elif outcome.status == "skipped" and outcome.seen is not None and outcome.seen.article:
                found = self.store.lookup(outcome.capture, outcome.seen)
                if found is None:
                    found = sign_record(out_dir, capture)
                    fresh.append((outcome.capture, outcome.seen, found))
            else:
                continue
            named.append((capture.stem.as_posix(), outcome.capture))
        self.store.put(fresh)
        self.book.add(named)


def sign_record(out_dir: Path, capture: Capture) -> Signed:
    """Sign a record from its body on disk: for outputs written before signatures were stored."""
    import json

    from cleaners.near_duplicates import signatures
    from flows.pipeline.worker import signature_bytes

    try:
        record = json.loads((out_dir / f"{capture.stem}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Signed(None)
    values = signatures([("body", str(record.get("text", "")))]).get("body")
    linked = tuple(str(key) for key in record.get("near_duplicates", []))
    return Signed(None if values is None else signature_bytes(values), linked)


def remember(state: dict[str, Seen], outcomes: Sequence[Outcome]) -> None:
    """Record what each capture's bytes gave: an article, none, or a failure with its reason.

    A failure is remembered only with the bytes that failed (``Seen.failure``), so the next run
    knows it (``known_failure``) until the capture or the cleaner changes; a failure before the
    bytes could be read (a vanished or unreadable file) is forgotten and tried again.
    """
    for outcome in outcomes:
        if outcome.seen is None:
            state.pop(outcome.capture, None)
        else:
            state[outcome.capture] = outcome.seen


def _present(state: dict[str, Seen], names: set[str] | None) -> dict[str, Seen]:
    """The state without captures that are gone from the input folder (``names``: those there; None: keep all)."""
    if names is None:
        return state
    return {relative: seen for relative, seen in state.items() if relative in names}
