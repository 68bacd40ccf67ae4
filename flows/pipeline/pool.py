"""Where batches are cleaned: in this process, or in a pool of worker processes.

A batch's step (``flows.pipeline.batch.clean_batch``, in the flow its task) hands the batch's
:class:`~flows.pipeline.worker.WorkBatch` to a ``Submit`` (``BatchJob.cleaner``) and gets back
something with ``result()``: a finished value, a ``concurrent.futures.Future`` or a Dask future
(see ``flows.pipeline.runners``). The sweep keeps a few batches in flight per worker and takes
their results in submission order, so outputs, state and progress advance exactly as in one process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Generic, Protocol, TypeVar

import cleaners
import cleaners.clean
from cleaners.site import SiteProfile
from flows.pipeline.worker import Cleaned, CountBatch, Pending, WorkBatch, clean_work, count_work

IN_FLIGHT_PER_WORKER = 2
"""Batches submitted ahead per worker: one being cleaned, one waiting, so no worker idles."""

PARTS_PER_WORKER = 4
"""Parts each batch is cut into per worker: a worker that finishes its part takes the next
from the pool's queue, so workers whose pages were slower (long HTML) do not hold the others
up at the run's end. On the corpus's and devset's 643 HTML pages (3 batches of 250) with 2
workers, one part per worker ran 16.2 s, four 14.8-15.9 s over five runs (one worker 24-27 s);
outputs equal."""

T_co = TypeVar("T_co", covariant=True)
T = TypeVar("T")


class Finished(Protocol[T_co]):
    """Work being done somewhere (a batch being cleaned, captures being counted); ``result()`` waits for it."""

    def result(self) -> list[T_co]: ...


Submit = Callable[[WorkBatch], Finished[Cleaned]]
CountSubmit = Callable[[CountBatch], Finished[frozenset[str] | None]]
"""Where the site-counting pass reads the lines of captures it has not counted (``flows.pipeline.sites``)."""


@dataclass(frozen=True)
class Done(Generic[T]):
    """Work already done (in this process)."""

    values: list[T]

    def result(self) -> list[T]:
        return self.values


@dataclass(frozen=True)
class Joined(Generic[T]):
    """Work split in parts done apart: the parts' results, in order, as one."""

    parts: Sequence[Finished[T]]

    def result(self) -> list[T]:
        return [value for part in self.parts for value in part.result()]


def in_process(work: WorkBatch) -> Done[Cleaned]:
    """Clean the batch here and now."""
    return Done(clean_work(work))


def count_in_process(batch: CountBatch) -> Done[frozenset[str] | None]:
    """Read the captures' lines here and now."""
    return Done(count_work(batch))


@dataclass(frozen=True)
class Pool:
    """How to submit a batch, and how many to keep in flight; how to submit captures to count."""

    submit: Submit
    in_flight: int = 1
    count: CountSubmit = count_in_process


IN_PROCESS = Pool(in_process, 1)


def split_work(work: WorkBatch, parts: int) -> list[WorkBatch]:
    """The batch in ``parts`` consecutive parts of (nearly) equal size, none empty, each with the
    profiles of its own sites: the workers share one batch (:data:`PARTS_PER_WORKER` parts
    each), so the run's last batch is not left to one worker while the others idle.

    >>> items = tuple(Pending(str(n), str(n), b"") for n in range(5))
    >>> [len(part.items) for part in split_work(WorkBatch(items), 2)]
    [3, 2]
    """
    size = -(-len(work.items) // max(1, parts))
    chunks = [work.items[start : start + size] for start in range(0, len(work.items), max(1, size))]
    return [replace(work, items=chunk, profiles=_profiles_of(work, chunk)) for chunk in chunks]


def _profiles_of(work: WorkBatch, items: Sequence[Pending]) -> dict[str, SiteProfile]:
    sites = {item.site for item in items if item.site is not None}
    return {site: work.profiles[site] for site in sorted(sites) if site in work.profiles}


WARM_UP = WorkBatch(tuple(Pending(source, source, raw) for raw, source in cleaners.clean.WARM_UP))
"""A text and an HTML capture cleaned before forking the workers, so each starts with every
module the core imports on first use (trafilatura, htmldate) imported already: a module first
imported in a forked child can deadlock on an import lock another thread held at the fork."""


def all_cores() -> int:
    """The cores this process may run on (the default number of workers)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def local_pool(workers: int) -> Iterator[Pool]:
    """``workers`` processes cleaning batches, or this process for one.

    The processes are forked from this one, which has imported the core already: a worker is
    ready in milliseconds, where a fresh interpreter ('spawn') takes seconds to import the core
    (and Prefect's own process pool, seconds more to set up its API client). A worker only
    computes (``clean_work``: bytes in, text out; no Prefect, no files, no logging), so the
    threads of this process that a fork leaves behind are never waited for.
    """
    if workers <= 1:
        yield IN_PROCESS
        return
    clean_work(WARM_UP)  # load what the flows' worker path loads on first use once, here, before the fork
    cleaners.prepare()  # and what the core does (all the line rules' regexes, the fallback language model)
    # What is loaded now lives as long as the workers: out of the collector's sight, a full
    # collection no longer walks it (nor, in a worker, copies its pages by touching them).
    gc.freeze()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as executor:
        # The first submit forks every worker: do it here, before the batches' threads run, so
        # no lock one of them holds is copied held into a worker.
        executor.submit(clean_work, WARM_UP).result()

        def submit(work: WorkBatch) -> Finished[Cleaned]:
            return Joined([executor.submit(clean_work, part) for part in split_work(work, workers * PARTS_PER_WORKER)])

        def count(batch: CountBatch) -> Finished[frozenset[str] | None]:
            return executor.submit(count_work, batch)

        yield Pool(submit, workers * IN_FLIGHT_PER_WORKER, count)
