"""The flow's pools: batches cleaned by local worker processes, or on an existing Dask cluster
reached through prefect-dask's ``DaskTaskRunner``.

Either way each batch is one task run of ``clean-batch`` (named after its captures) in the flow
process: it reads the captures, hands their bytes to a worker, and writes the finished records the
worker returns (``flows.pipeline.batch``), so Dask workers need the Python environment but no
shared disk, and a batch's retries, known failures and time limits work the same everywhere.
Nothing Dask-related is imported unless an address is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flows.pipeline.pool import IN_FLIGHT_PER_WORKER, Finished, Pool, local_pool
from flows.pipeline.worker import Cleaned, CountBatch, WorkBatch, clean_work, count_work


@contextmanager
def worker_pool(workers: int, dask_address: str | None = None) -> Iterator[Pool]:
    """Batches cleaned on the Dask cluster at ``dask_address``, or by ``workers`` local processes."""
    if not dask_address:
        with local_pool(workers) as pool:
            yield pool
        return
    from prefect_dask import DaskTaskRunner

    with DaskTaskRunner(address=dask_address) as dask:
        client = dask.client
        threads = sum(client.nthreads().values()) or 1

        def submit(work: WorkBatch) -> Finished[Cleaned]:
            future: Finished[Cleaned] = client.submit(clean_work, work, pure=False)
            return future

        def count(batch: CountBatch) -> Finished[frozenset[str] | None]:
            future: Finished[frozenset[str] | None] = client.submit(count_work, batch, pure=False)
            return future

        yield Pool(submit, threads * IN_FLIGHT_PER_WORKER, count)
