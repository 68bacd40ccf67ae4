"""The flow's pools: batches submitted as task runs to local worker processes, or to an existing
Dask cluster through prefect-dask's ``DaskTaskRunner``.

Either way each batch is one task run of ``clean-batch`` (named after its captures), and a worker
returns the finished records; the flow process writes them (``flows.pipeline.sweep``), so Dask
workers need the Python environment but no shared disk. Nothing Dask-related is imported unless
an address is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from prefect.utilities.annotations import quote

from flows.pipeline.pool import IN_FLIGHT_PER_WORKER, Done, Finished, Pool, local_pool
from flows.pipeline.worker import Cleaned, WorkBatch

BatchTask = Callable[[WorkBatch], list[Cleaned]]


@contextmanager
def task_pool(task: Any, workers: int, dask_address: str | None = None) -> Iterator[Pool]:
    """Submit ``task`` (the Prefect task cleaning one batch) to a Dask cluster, or locally.

    Locally each batch is still its own task run, submitted to Prefect's thread-pool task runner
    (one thread per worker); the task hands the batch to a process of :func:`local_pool` and
    waits, so the task runs show what each process is cleaning, and the cleaning is parallel.
    With one worker and no cluster, the task runs here, batch after batch.
    """
    if dask_address:
        from prefect_dask import DaskTaskRunner

        with _same_server(), DaskTaskRunner(address=dask_address) as dask:
            threads = sum(dask.client.nthreads().values()) or 1
            yield Pool(_submitter(dask, task, quoted=False), threads * IN_FLIGHT_PER_WORKER)
        return
    if workers <= 1:
        yield Pool(lambda work: Done(task(work)), 1)
        return
    from prefect.task_runners import ThreadPoolTaskRunner

    with local_pool(workers) as processes, ThreadPoolTaskRunner(max_workers=workers * IN_FLIGHT_PER_WORKER) as runner:
        yield Pool(_submitter(runner, task, processes), workers * IN_FLIGHT_PER_WORKER)


def _submitter(
    runner: Any, task: Any, processes: Pool | None = None, quoted: bool = True
) -> Callable[[WorkBatch], Finished]:
    """Submit batches as task runs; ``quoted`` spares Prefect looking for futures inside the batch
    (Dask takes the quote apart in transit, so there it stays off)."""

    def submit(work: WorkBatch) -> Finished:
        parameters: dict[str, Any] = {"work": quote(work) if quoted else work}
        if processes is not None:
            parameters["processes"] = quote(processes)
        future: Finished = runner.submit(task, parameters=parameters)
        return future

    return submit


@contextmanager
def _same_server() -> Iterator[None]:
    """Point the Dask workers at this run's API, also when it is this process's temporary server.

    With no ``PREFECT_API_URL`` this process started a temporary server on the loopback
    interface; unset, the setting would make each worker start its own and report its task runs
    there. Workers on other machines need a Prefect server they can reach: set PREFECT_API_URL.
    """
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    with get_client(sync_client=True) as client:
        url = str(client.api_url).rstrip("/")
    with temporary_settings(updates={PREFECT_API_URL: url}):
        yield
