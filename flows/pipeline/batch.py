"""Clean a batch of captures: read, skip if unchanged, clean, write, and say what happened.

One capture's failure is recorded as its outcome and never stops the batch. A capture with
no article left (all chrome) is its own status, ``no_article``: nothing is written for it,
and outputs an earlier run wrote for it are removed. Limits bite per capture: its size
(``CleanConfig.max_bytes``, checked before the file is read) and its cleaning time
(``BatchJob.max_seconds``, see :func:`deadline`).
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import signal
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Literal

import cleaners
import cleaners.read
from cleaners import CleanConfig
from cleaners.capture import Capture as CoreCapture
from cleaners.errors import CaptureTooLarge, MalformedCapture
from cleaners.site import SiteProfile, site_lines
from flows.pipeline.discover import Capture
from flows.pipeline.pool import Submit
from flows.pipeline.sites import lines_fingerprint, site_of
from flows.pipeline.state import Seen, is_current
from flows.pipeline.worker import Cleaned, Pending, WorkBatch, clean_work
from flows.pipeline.writer import UnsafeOutputPath, remove_article, scratch_dir, write_outputs

Status = Literal["processed", "skipped", "no_article", "failed", "known_failure"]
"""``known_failure``: failed before with the same bytes and cleaner version; not a new failure."""

UNCHANGED = "unchanged since its last clean (same bytes, same cleaner version, same learned site chrome)"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one capture in one run."""

    capture: str
    status: Status
    seconds: float = 0.0
    seen: Seen | None = None
    """The capture's bytes and cleaner version, once read, and what came of them: the state to remember."""
    reason: str | None = None
    id: str | None = None
    title: str | None = None
    words: int = 0
    lines: int = 0
    """Lines in the normalised capture."""
    rules: Mapping[str, int] = field(default_factory=dict)
    """Lines removed, per rule id."""
    signature: bytes | None = field(default=None, repr=False)
    """The body's MinHash values as the worker computed them (``flows.pipeline.worker``), for the
    near-duplicate step; None unless just cleaned with a body of a shingle or more."""

    @property
    def lines_removed(self) -> int:
        return sum(self.rules.values())


@dataclass(frozen=True)
class BatchJob:
    """Everything a batch needs besides its captures."""

    input_dir: Path
    out_dir: Path
    seen: Mapping[str, Seen] = field(default_factory=dict)
    """What earlier runs cleaned; only this batch's entries are needed."""
    clashes: Mapping[str, str] = field(default_factory=dict)
    """Captures whose outputs another capture owns (see ``stem_clashes``)."""
    config: CleanConfig = cleaners.DEFAULT_CONFIG
    profiles: Mapping[str, SiteProfile] = field(default_factory=dict)
    """What the run learned of each site's chrome, by site (see ``flows.pipeline.sites``)."""
    max_seconds: float | None = None
    """Most seconds the core may spend on one capture; ``None`` for no limit (see :func:`deadline`)."""
    retry_failed: bool = False
    """Clean known failures again instead of reporting them from the state."""
    raise_transient: bool = False
    """Raise :class:`TransientError` for an I/O error that may pass, so the task is retried."""
    cleaner: Submit | None = field(default=None, compare=False, repr=False)
    """Where the batch's captures are cleaned (a worker process, a Dask worker); None: here."""

    def profile(self, capture: Capture) -> SiteProfile | None:
        site = site_of(capture)
        return None if site is None else self.profiles.get(site)

    def source(self, capture: Capture) -> str:
        """The capture's path as the user spelled the input folder, like ``presswash clean``.

        A WARC record's is its WARC file's (the record's own source names the record in it).

        >>> BatchJob(Path("drop"), Path("out")).source(Capture("a/b.txt"))
        'drop/a/b.txt'
        """
        return str(self.input_dir / capture.file)


def clean_batch(captures: Sequence[Capture], job: BatchJob) -> list[Outcome]:
    """Clean every capture of the batch, in order, and return one outcome per capture.

    The three steps a run spreads over processes, here in one: :func:`plan_batch` (read, skip),
    ``clean_work`` (the worker's part) and :func:`settle_batch` (write, say what happened).
    """
    planned = plan_batch(captures, job)
    if not planned.work.items:
        cleaned: list[Cleaned] = []
    elif job.cleaner is None:
        cleaned = clean_work(planned.work)
    else:
        cleaned = job.cleaner(planned.work).result()
    return settle_batch(planned, cleaned, job)


def clean_one(capture: Capture, job: BatchJob) -> Outcome:
    """Read, skip or clean and write one capture; every failure becomes a reason.

    A capture whose unchanged bytes failed before is a ``known_failure``: not cleaned again
    (unless ``job.retry_failed``), and not a new failure. With ``job.raise_transient``, an I/O
    error that may pass (:data:`TRANSIENT_ERRNOS`) raises :class:`TransientError` so the task
    is retried; otherwise it is the capture's failure like any other.
    """
    (outcome,) = clean_batch([capture], job)
    return outcome


@dataclass(frozen=True)
class PlannedBatch:
    """A batch as the flow process sees it before cleaning: what it settled, what a worker must clean."""

    captures: tuple[Capture, ...]
    settled: Mapping[str, Outcome]
    """Captures settled without cleaning: unchanged (skipped), known failures, unreadable, over the
    size limit, clashing."""
    now: Mapping[str, Seen]
    """The bytes, cleaner version and site chrome of each capture sent to be cleaned."""
    work: WorkBatch
    started: float = 0.0


def plan_batch(captures: Sequence[Capture], job: BatchJob) -> PlannedBatch:
    """Read each capture; settle the ones that need no cleaning; put the rest in the worker's batch."""
    started = time.perf_counter()
    settled: dict[str, Outcome] = {}
    now: dict[str, Seen] = {}
    items: list[Pending] = []
    for capture in captures:
        planned = plan_one(capture, job)
        if isinstance(planned, Outcome):
            settled[capture.relative] = planned
        else:
            now[capture.relative], item = planned
            items.append(item)
    sites = {item.site for item in items if item.site is not None}
    profiles = {site: job.profiles[site] for site in sorted(sites) if site in job.profiles}
    work = WorkBatch(tuple(items), job.config, profiles, job.max_seconds)
    return PlannedBatch(tuple(captures), settled, now, work, started)


def plan_one(capture: Capture, job: BatchJob) -> Outcome | tuple[Seen, Pending]:
    """Read one capture: its outcome when it needs no cleaning, else what a worker needs to clean it.

    The capture is read once: when its site learned chrome, the read capture (its numbered lines)
    gives the site fingerprint here and goes to the worker, which cleans it without reading again.
    """
    start = time.perf_counter()
    path = Path(job.source(capture))
    owner = job.clashes.get(capture.relative)
    if owner is not None:
        return _failed(
            capture, job, start, f"its outputs would overwrite those of {owner}", _fingerprint(path, capture)
        )
    try:
        if capture.offset is None:
            raw = read_capture(path, job.config.max_bytes)
        else:
            raw = capture_bytes(path, capture, job.config.max_bytes)
    except (CaptureTooLarge, MalformedCapture) as err:
        return _failed(capture, job, start, str(err), _fingerprint(path, capture))
    except OSError as err:
        _raise_if_transient(err, capture, job)
        return _failed(capture, job, start, f"cannot read: {err.strerror or err}")
    profile = job.profile(capture)
    now = Seen(hashlib.sha256(raw).hexdigest(), cleaners.__version__)
    seen = job.seen.get(capture.relative)
    if seen is not None and _known(seen, now) and not job.retry_failed:
        return Outcome(capture.relative, "known_failure", _since(start), seen=seen, reason=seen.failure)
    # Only a capture whose bytes and cleaner are unchanged needs its site fingerprint here, to tell
    # whether it is current; any other is read once, by the worker that cleans it (in parallel).
    same_bytes = seen is not None and seen.failure is None and seen.same_bytes(now)
    try:
        with deadline(job.max_seconds):
            # One read of the capture serves the site fingerprint (when the site learned chrome) and cleaning.
            read = _read(raw, job, capture) if same_bytes and profile is not None and profile.chrome else None
            if read is not None:
                now = replace(now, site_chrome=lines_fingerprint(site_lines(read), profile))
    except (OverTime, cleaners.CaptureError) as err:
        return _failed(capture, job, start, str(err), now)
    except Exception as err:  # one capture's bug must not stop the run
        return _failed(capture, job, start, f"{type(err).__name__}: {err}", now)
    if seen is not None and is_current(seen, now, job.out_dir, capture.stem):
        return Outcome(capture.relative, "skipped", _since(start), seen=seen, reason=UNCHANGED)
    return now, Pending(capture.relative, job.source(capture), raw, site_of(capture), read)


WRITERS = 8
"""Threads writing a batch's outputs: each file is fsynced before its rename, and the disk
completes several fsyncs in the time of one (ten times the files per second here)."""


def settle_batch(planned: PlannedBatch, cleaned: Sequence[Cleaned], job: BatchJob) -> list[Outcome]:
    """Write what the worker cleaned and return every capture's outcome, in the batch's order.

    Each capture's body then record are written by one thread; the batch returns when all are.
    A transient write error (with ``job.raise_transient``) raises :class:`TransientError` once
    the batch's other writes are done, so the task is retried.
    """
    by_capture = {done.relative: done for done in cleaned}

    def settle(capture: Capture) -> Outcome:
        settled = planned.settled.get(capture.relative)
        if settled is not None:
            return settled
        now = planned.now[capture.relative]
        done = by_capture.get(capture.relative)
        if done is None:
            return _failed(capture, job, time.perf_counter(), "the worker returned nothing for it", now)
        return settle_one(capture, done, now, job)

    if len(by_capture) < 2:
        return [settle(capture) for capture in planned.captures]
    with ThreadPoolExecutor(WRITERS, thread_name_prefix="presswash-write") as writers:
        return list(writers.map(settle, planned.captures))


def settle_one(capture: Capture, done: Cleaned, now: Seen, job: BatchJob) -> Outcome:
    """Write one cleaned capture's outputs (or remove stale ones when it has no article)."""
    start = time.perf_counter() - done.seconds
    if done.site_chrome:  # the worker read the capture and fingerprinted its site lines
        now = replace(now, site_chrome=done.site_chrome)
    if done.status == "failed":
        return _failed(capture, job, start, done.reason or "failed", now)
    try:
        if done.status == "no_article":
            remove_article(job.out_dir, capture.stem)
            outcome = _processed(capture, start, replace(now, article=False), done)
            return replace(outcome, status="no_article", reason=done.reason)
        write_outputs(job.out_dir, capture.stem, done.body, done.record, scratch_dir(job.out_dir))
    except UnsafeOutputPath as err:
        return _failed(capture, job, start, str(err), now)
    except OSError as err:  # a full disk or a vanished folder fails this capture, not the run
        _raise_if_transient(err, capture, job)
        return _failed(capture, job, start, f"cannot write: {err.strerror or err}", now)
    return _processed(capture, start, now, done)


TRANSIENT_ERRNOS = frozenset(
    {errno.EIO, errno.EAGAIN, errno.EINTR, errno.EBUSY, errno.ETIMEDOUT, errno.ESTALE, errno.ENOSPC, errno.EDQUOT}
)
"""I/O errors that may pass on a second try (a flaky network share, a full disk being cleared);
a missing or unreadable file (ENOENT, EACCES) will not, and fails its capture at once."""


class TransientError(Exception):
    """An I/O error that may pass: the flow retries the batch's task, with a short backoff."""


def _raise_if_transient(err: OSError, capture: Capture, job: BatchJob) -> None:
    if job.raise_transient and err.errno in TRANSIENT_ERRNOS:
        raise TransientError(f"{capture.relative}: {err.strerror or err}") from err


def _known(seen: Seen, now: Seen) -> bool:
    """True when these very bytes already failed with this cleaner version (what the site taught
    since does not count: the failure is known before the capture is read for its site lines)."""
    return seen.failure is not None and (seen.sha256, seen.cleaner_version) == (now.sha256, now.cleaner_version)


def _fingerprint(path: Path, capture: Capture) -> Seen | None:
    """What identifies a capture that failed before it was read in full: its bytes' sha256, streamed
    (a WARC record's: the record's stored bytes)."""
    try:
        if capture.offset is not None:
            digest = hashlib.sha256(record_bytes(path, capture)).hexdigest()
        else:
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None
    return Seen(digest, cleaners.__version__)


def _read(raw: bytes, job: BatchJob, capture: Capture) -> CoreCapture:
    return read_core(raw, job.source(capture), capture, job.config.max_bytes)


def read_core(raw: bytes, source: str, capture: Capture, max_bytes: int) -> CoreCapture:
    """The core's reading of a capture's bytes: a WARC record's as the record it is."""
    if capture.offset is not None:
        return cleaners.read.read_record(raw, source, max_bytes)
    return cleaners.read.read_capture(raw, source, max_bytes=max_bytes)


def capture_bytes(path: Path, capture: Capture, max_bytes: int) -> bytes:
    """The bytes of a capture held at ``path``: a file's (:func:`read_bytes`), a WARC record's as
    stored (:func:`record_bytes`)."""
    if capture.offset is None:
        return read_bytes(path, max_bytes)
    if capture.length > max_bytes:
        raise CaptureTooLarge(f"the WARC record is {capture.length:,} bytes, over the {max_bytes:,}-byte limit")
    return record_bytes(path, capture)


def read_capture(path: Path, max_bytes: int) -> bytes:
    """A capture file's bytes for cleaning it (see :func:`read_bytes`)."""
    return read_bytes(path, max_bytes)


def record_bytes(path: Path, capture: Capture) -> bytes:
    """A WARC record's bytes as stored in its file (``capture.offset``, ``capture.length``).

    A file that changed since it was listed gives bytes that are not that record: reading them
    then fails the capture with the reason, and the next run lists the file again.
    """
    with path.open("rb") as handle:
        handle.seek(capture.offset or 0)
        return handle.read(capture.length)


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes (decompressed for ``.gz``); a file over the size limit is refused before it is read,
    a compressed one as soon as its decompressed bytes pass the limit."""
    size = path.stat().st_size
    if size > max_bytes:
        raise CaptureTooLarge(f"the capture is {size:,} bytes, over the {max_bytes:,}-byte limit (--max-bytes)")
    if path.suffix.lower() != ".gz":
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as stream:
            raw = stream.read(max_bytes + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as err:
        raise MalformedCapture(f"not a readable gzip file: {err}") from None
    if len(raw) > max_bytes:
        raise CaptureTooLarge(f"the capture decompresses to over the {max_bytes:,}-byte limit (--max-bytes)")
    return raw


class OverTime(BaseException):
    """The time limit ran out while cleaning a capture.

    A BaseException, like KeyboardInterrupt, so no ``except Exception`` inside the libraries
    the core calls can swallow it and carry on.
    """


RING_AGAIN = 0.01
"""Seconds between the alarm's rings once the limit has passed (see :func:`deadline`)."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverTime` in the block once ``seconds`` have passed.

    The clock starts once the core has loaded what it loads on first use (models, regexes), so
    the first capture of a process is not charged for them. SIGALRM interrupts Python code; a
    single C call (one regex match, one lxml parse) runs to its end first. Off the main thread
    signals cannot be used: there the limit is measured and raised when the block ends.
    """
    if seconds is None:
        yield
        return
    cleaners.prepare()  # the process's one-time loads, before the clock starts: no capture pays them
    if threading.current_thread() is not threading.main_thread():
        start = time.perf_counter()
        yield
        if time.perf_counter() - start > seconds:
            raise OverTime(_over(seconds, measured=True))
        return
    previous = signal.signal(signal.SIGALRM, _alarm(seconds))
    # A worker process forked from a thread inherits that thread's signal mask, which a library
    # may have set to block SIGALRM: unblock it here, or the limit would silently never bite.
    mask = signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
    start = time.perf_counter()
    # Python drops an exception raised where it cannot propagate (a garbage-collector callback,
    # a destructor): the alarm rings again every RING_AGAIN seconds until the block ends, so a
    # ring that lands there does not let the capture run on to its end.
    signal.setitimer(signal.ITIMER_REAL, seconds, RING_AGAIN)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        signal.signal(signal.SIGALRM, previous)
    if time.perf_counter() - start > seconds:  # the alarm did not reach the block: measured, as off the main thread
        raise OverTime(_over(seconds, measured=True))


def _alarm(seconds: float) -> Callable[[int, FrameType | None], None]:
    def ring(signum: int, frame: FrameType | None) -> None:
        raise OverTime(_over(seconds, measured=False))

    return ring


def _over(seconds: float, measured: bool) -> str:
    how = "took longer than" if measured else "stopped after"
    return f"cleaning {how} the {seconds:g}-second limit per capture (--max-seconds)"


def _processed(capture: Capture, start: float, now: Seen, done: Cleaned) -> Outcome:
    return Outcome(
        capture.relative,
        "processed",
        _since(start),
        seen=now,
        id=done.id,
        title=done.title,
        words=done.words,
        lines=done.lines,
        rules=dict(done.rules),
        signature=done.signature,
    )


def _failed(capture: Capture, job: BatchJob, start: float, reason: str, now: Seen | None = None) -> Outcome:
    """A failed capture: ``known_failure`` when the same bytes failed before, else ``failed``.

    With ``now`` (its bytes, when they could be read) the failure is remembered in the state; a
    capture that could not be read at all is tried again by the next run.
    """
    seen = job.seen.get(capture.relative)
    if now is None:
        return Outcome(capture.relative, "failed", _since(start), reason=reason)
    status: Status = "known_failure" if seen is not None and _known(seen, now) else "failed"
    remembered = replace(now, article=False, failure=reason)
    return Outcome(capture.relative, status, _since(start), seen=remembered, reason=reason)


def _since(start: float) -> float:
    return time.perf_counter() - start
