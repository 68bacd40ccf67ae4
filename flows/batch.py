"""Clean a batch of captures: read, skip if unchanged, clean, write, and say what happened.

One capture's failure is recorded as its outcome and never stops the batch.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import cleaners
from cleaners import CleanConfig
from cleaners.site import SiteProfile
from flows.discover import Capture
from flows.sites import site_fingerprint, site_of
from flows.state import Seen, is_current
from flows.writer import write_article

Status = Literal["processed", "skipped", "failed"]

UNCHANGED = "unchanged since its last clean (same bytes, same cleaner version, same learned site chrome)"


@dataclass(frozen=True)
class Outcome:
    """What happened to one capture in one run."""

    capture: str
    status: Status
    seconds: float = 0.0
    seen: Seen | None = None
    """The capture's bytes and cleaner version, once read: the state to remember."""
    reason: str | None = None
    id: str | None = None
    title: str | None = None
    words: int = 0
    lines: int = 0
    """Lines in the normalised capture."""
    rules: Mapping[str, int] = field(default_factory=dict)
    """Lines removed, per rule id."""

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
    """What the run learned of each site's chrome, by site (see ``flows.sites``)."""

    def profile(self, capture: Capture) -> SiteProfile | None:
        site = site_of(capture)
        return None if site is None else self.profiles.get(site)

    def source(self, capture: Capture) -> str:
        """The capture's path as the user spelled the input folder, like ``presswash clean``.

        >>> BatchJob(Path("drop"), Path("out")).source(Capture("a/b.txt"))
        'drop/a/b.txt'
        """
        return str(self.input_dir / capture.relative)


def clean_batch(captures: Sequence[Capture], job: BatchJob) -> list[Outcome]:
    """Clean every capture of the batch, in order, and return one outcome per capture."""
    return [clean_one(capture, job) for capture in captures]


def clean_one(capture: Capture, job: BatchJob) -> Outcome:
    """Read, skip or clean and write one capture; every failure becomes a reason."""
    start = time.perf_counter()
    owner = job.clashes.get(capture.relative)
    if owner is not None:
        return _failed(capture, start, f"its outputs would overwrite those of {owner}")
    try:
        raw = Path(job.source(capture)).read_bytes()
    except OSError as err:
        return _failed(capture, start, f"cannot read: {err.strerror or err}")
    profile = job.profile(capture)
    now = Seen(hashlib.sha256(raw).hexdigest(), cleaners.__version__, site_fingerprint(raw, profile))
    if is_current(job.seen.get(capture.relative), now, job.out_dir, capture.stem):
        return Outcome(capture.relative, "skipped", _since(start), seen=now, reason=UNCHANGED)
    try:
        analysis = cleaners.analyse(raw, job.source(capture), job.config, site=profile)
        write_article(analysis.article, job.out_dir, Path(capture.stem))
    except cleaners.CaptureError as err:
        return _failed(capture, start, str(err), now)
    except Exception as err:  # one capture's bug or disk error must not stop the run
        return _failed(capture, start, f"{type(err).__name__}: {err}", now)
    return _processed(capture, start, now, analysis)


def _processed(capture: Capture, start: float, now: Seen, analysis: cleaners.Analysis) -> Outcome:
    article = analysis.article
    return Outcome(
        capture.relative,
        "processed",
        _since(start),
        seen=now,
        id=article.id,
        title=article.title,
        words=article.word_count,
        lines=len(analysis.verdicts),
        rules=dict(Counter(removal.rule for removal in article.removed)),
    )


def _failed(capture: Capture, start: float, reason: str, now: Seen | None = None) -> Outcome:
    return Outcome(capture.relative, "failed", _since(start), seen=now, reason=reason)


def _since(start: float) -> float:
    return time.perf_counter() - start
