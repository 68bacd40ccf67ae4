"""What runs on a worker: a batch of captures' bytes in, finished records out.

A worker (a process of the local pool, or a Dask worker on another machine) needs no disk:
the flow process reads each capture, decides whether it must be cleaned, and sends its bytes;
the worker cleans it under the run's limits and returns the two outputs as the text to write
(``<stem>.txt`` and ``<stem>.json``, the bytes ``presswash clean`` writes), the facts the manifest
needs, and the MinHash signature of the body for the near-duplicate step. The flow process writes
the outputs (atomically, in order) and remembers the state: see ``flows.pipeline.batch``.

Everything here is plain data that pickles: frozen dataclasses of strings, bytes and numbers.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

import cleaners
import cleaners.read
from cleaners import CleanConfig
from cleaners.capture import Capture as CoreCapture
from cleaners.clean import no_article_reason
from cleaners.near_duplicates import DEFAULT_NEAR_DUPLICATES, NearDuplicateConfig, signatures
from cleaners.read import is_warc, read_record
from cleaners.site import SiteProfile, capture_lines, site_lines
from flows.pipeline.settle import settle_process
from flows.pipeline.sites import lines_fingerprint
from flows.pipeline.writer import body_text, record_json

SIGNATURE_DTYPE = np.dtype("<u4")
"""MinHash values as stored and sent: little-endian 32-bit (datasketch's ``affine32`` scheme)."""


@dataclass(frozen=True)
class Pending:
    """One capture the flow process read and found new or changed: it must be cleaned."""

    relative: str
    source: str
    """Its path as the user spelled the input folder: the record's ``source``."""
    raw: bytes
    """Its bytes (a WARC record's as stored, when ``source`` names a WARC file)."""
    site: str | None = None
    """Its site, whose learned chrome is in the batch's ``profiles``."""
    read: CoreCapture | None = None
    """The capture as the flow process already read it (for its site's fingerprint): cleaned
    as it is, not read again."""


@dataclass(frozen=True)
class WorkBatch:
    """A batch of captures to clean and what cleaning them needs."""

    items: tuple[Pending, ...]
    config: CleanConfig = cleaners.DEFAULT_CONFIG
    profiles: Mapping[str, SiteProfile] = field(default_factory=dict)
    """The learned chrome of the batch's sites only."""
    max_seconds: float | None = None
    near_duplicates: NearDuplicateConfig = DEFAULT_NEAR_DUPLICATES


@dataclass(frozen=True, slots=True)
class Cleaned:
    """One capture, cleaned (or failed) by a worker."""

    relative: str
    status: Literal["processed", "no_article", "failed"]
    seconds: float
    reason: str | None = None
    body: str = ""
    """``<stem>.txt`` as it is written."""
    record: str = ""
    """``<stem>.json`` as it is written (``near_duplicates`` empty: they are linked at the end)."""
    id: str | None = None
    title: str | None = None
    words: int = 0
    lines: int = 0
    rules: Mapping[str, int] = field(default_factory=dict)
    signature: bytes | None = None
    """The body's MinHash values (``SIGNATURE_DTYPE``); None when it is shorter than one shingle."""
    site_chrome: str = ""
    """The fingerprint of the learned site lines the capture holds (see ``flows.pipeline.sites``)."""


def clean_work(batch: WorkBatch) -> list[Cleaned]:
    """Clean every capture of the batch, in order; one capture's failure is its own outcome."""
    from flows.pipeline.batch import OverTime, deadline  # the limit's implementation lives with the batch

    done: list[Cleaned] = []
    bodies: list[tuple[str, str]] = []
    for item in batch.items:
        start = time.perf_counter()
        profile = None if item.site is None else batch.profiles.get(item.site)
        try:
            with deadline(batch.max_seconds):
                read = _read(item, batch.config.max_bytes, profile)
                if read is None:
                    analysis = cleaners.analyse(item.raw, item.source, batch.config, site=profile)
                else:
                    analysis = cleaners.analyse_capture(read, batch.config, site=profile)
            chrome = lines_fingerprint(site_lines(read), profile) if read is not None else ""
            done.append(replace(_finished(item, analysis, start), site_chrome=chrome))
            if done[-1].status == "processed":
                bodies.append((item.relative, analysis.article.text))
        except (OverTime, cleaners.CaptureError) as err:
            done.append(Cleaned(item.relative, "failed", _since(start), reason=str(err)))
        except Exception as err:  # one capture's bug must not stop the batch
            done.append(Cleaned(item.relative, "failed", _since(start), reason=f"{type(err).__name__}: {err}"))
    settle_process()  # what the first batch loaded lives as long as this process
    return sign(done, bodies, batch.near_duplicates)


def _read(item: Pending, max_bytes: int, profile: SiteProfile | None) -> CoreCapture | None:
    """The capture read, when cleaning needs it read apart: a WARC record, or a capture whose site
    learned chrome (its site lines are fingerprinted); None: ``cleaners.analyse`` reads it."""
    if item.read is not None:
        return item.read
    if is_warc(item.source):  # one record of a WARC file
        return read_record(item.raw, item.source, max_bytes)
    if profile is not None and profile.chrome:
        return cleaners.read.read_capture(item.raw, item.source, max_bytes=max_bytes)
    return None


def _finished(item: Pending, analysis: cleaners.Analysis, start: float) -> Cleaned:
    article = analysis.article
    empty = no_article_reason(analysis)
    return Cleaned(
        item.relative,
        "processed" if empty is None else "no_article",
        _since(start),
        reason=empty,
        body="" if empty else body_text(article),
        record="" if empty else record_json(article),
        id=article.id,
        title=article.title,
        words=article.word_count,
        lines=len(analysis.decided),
        rules=dict(Counter(removal.rule for removal in article.removed)),
    )


def sign(
    done: Sequence[Cleaned], bodies: Sequence[tuple[str, str]], config: NearDuplicateConfig = DEFAULT_NEAR_DUPLICATES
) -> list[Cleaned]:
    """Add to each cleaned capture the MinHash signature of its body (the record's ``text``), by capture."""
    found = signatures(bodies, config)
    return [_signed(c, found.get(c.relative)) for c in done]


def _signed(cleaned: Cleaned, values: np.ndarray | None) -> Cleaned:
    return cleaned if values is None else replace(cleaned, signature=signature_bytes(values))


def signature_bytes(values: np.ndarray) -> bytes:
    """A body's MinHash values (``cleaners.near_duplicates.signature``) as stored and sent."""
    return np.asarray(values, dtype=SIGNATURE_DTYPE).tobytes()


@dataclass(frozen=True)
class ToCount:
    """One capture the site-counting pass has not counted before: its bytes, to read its lines."""

    source: str
    """Its path as the user spelled the input folder (a WARC record's: its WARC file's)."""
    raw: bytes
    """Its bytes (a WARC record's as stored, when ``source`` names a WARC file)."""


@dataclass(frozen=True)
class CountBatch:
    """Captures whose distinct lines the counting pass needs (``flows.pipeline.sites``)."""

    items: tuple[ToCount, ...]
    max_bytes: int = cleaners.DEFAULT_CONFIG.max_bytes


def count_work(batch: CountBatch) -> list[frozenset[str] | None]:
    """Each capture's distinct non-blank lines as the cleaner reads them (``cleaners.site.capture_lines``;
    a WARC record's, of the record read); None for one that cannot be read or decoded (cleaning it
    reports the reason)."""
    return [_lines(item, batch.max_bytes) for item in batch.items]


def _lines(item: ToCount, max_bytes: int) -> frozenset[str] | None:
    try:
        if is_warc(item.source):
            return site_lines(read_record(item.raw, item.source, max_bytes))
        return capture_lines(item.raw)
    except Exception:  # undecodable or broken: cleaning the capture reports the reason
        return None


def _since(start: float) -> float:
    return time.perf_counter() - start
