"""Where batches are cleaned: in this process, or in a pool of worker processes.

A batch's step (``flows.pipeline.batch.clean_batch``, in the flow its task) hands the batch's
:class:`~flows.pipeline.worker.WorkBatch` to a ``Submit`` (``BatchJob.cleaner``) and gets back
something with ``result()``: a finished value, a ``concurrent.futures.Future`` or a Dask future
(see ``flows.pipeline.runners``). The sweep keeps a few batches in flight per worker and takes
their results in submission order, so outputs, state and progress advance exactly as in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from flows.pipeline.worker import Cleaned, Pending, WorkBatch, clean_work

IN_FLIGHT_PER_WORKER = 2
"""Batches submitted ahead per worker: one being cleaned, one waiting, so no worker idles."""


class Finished(Protocol):
    """A batch being cleaned somewhere; ``result()`` waits for its captures."""

    def result(self) -> list[Cleaned]: ...


Submit = Callable[[WorkBatch], Finished]


@dataclass(frozen=True)
class Done:
    """A batch already cleaned (in this process)."""

    cleaned: list[Cleaned]

    def result(self) -> list[Cleaned]:
        return self.cleaned


def in_process(work: WorkBatch) -> Done:
    """Clean the batch here and now."""
    return Done(clean_work(work))


@dataclass(frozen=True)
class Pool:
    """How to submit a batch, and how many to keep in flight."""

    submit: Submit
    in_flight: int = 1


IN_PROCESS = Pool(in_process, 1)

WARM_UP = WorkBatch(
    (
        Pending("warm-up.txt", "warm-up.txt", b"Warm up\n\nThe council met on Monday to discuss it.\n"),
        Pending(
            "warm-up.html",
            "warm-up.html",
            b"<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
            b"<p>The council met on Monday to discuss it.</p></article></body></html>",
        ),
    )
)
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
    clean_work(WARM_UP)  # load what the core loads on first use once, here, before the workers fork
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as executor:
        # The first submit forks every worker: do it here, before the batches' threads run, so
        # no lock one of them holds is copied held into a worker.
        executor.submit(clean_work, WARM_UP).result()

        def submit(work: WorkBatch) -> Finished:
            return executor.submit(clean_work, work)

        yield Pool(submit, workers * IN_FLIGHT_PER_WORKER)
