"""The options of one run, in one frozen object shared by the CLI, the flow and ``prefect.yaml``.

``presswash run`` and ``presswash serve`` build a :class:`RunOptions` from their flags; the
flow takes it as its ``options`` parameter (Prefect validates it and shows it as a form in
the UI); ``prefect.yaml`` spells the same field names under ``parameters.options``. The
cleaning core keeps its own :class:`cleaners.CleanConfig`: :meth:`RunOptions.clean_config`
is the one place options map onto it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

import cleaners
from cleaners import CleanConfig

DEFAULT_SHARD_SIZE = 10_000
"""Records per dataset shard (see ``flows.pipeline.dataset``)."""

DEFAULT_BATCH_SIZE = 250
"""Captures per task: Prefect costs milliseconds per task run, a capture far less."""


class Limits(BaseModel):
    """What a run allows one capture: its size in bytes and its cleaning time in seconds.

    >>> Limits().max_bytes, Limits().max_seconds
    (50000000, None)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_bytes: int = Field(
        default=cleaners.DEFAULT_CONFIG.max_bytes,
        ge=1,
        description="Largest capture to clean, in bytes; larger ones fail with the reason, unread.",
    )
    max_seconds: float | None = Field(
        default=None,
        gt=0,
        description="Most seconds to spend cleaning one capture; past it, the capture fails. None: no limit.",
    )

    def clean_config(self) -> CleanConfig:
        """The core's configuration under these limits: the one place options meet ``cleaners``.

        (``max_seconds`` is the shell's: the flows and ``presswash clean`` enforce it around the core.)
        """
        return replace(cleaners.DEFAULT_CONFIG, max_bytes=self.max_bytes)


class RunOptions(BaseModel):
    """How one sweep runs; every field has the name of its CLI flag (``batch_size``: ``--batch-size``).

    >>> RunOptions(limits=Limits(max_seconds=5)).clean_config().max_bytes
    50000000
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    batch_size: int = Field(default=DEFAULT_BATCH_SIZE, ge=1, description="Captures per Prefect task run.")
    limits: Limits = Field(default_factory=Limits, description="Per-capture size and time limits.")
    learn_sites: bool = Field(
        default=True, description="Learn each site's chrome (a folder of captures is a site) before cleaning."
    )
    sites_db: Path | None = Field(
        default=None, description="SQLite store of learned sites; None: OUTPUT/.presswash/sites.sqlite."
    )
    wait: bool = Field(
        default=False, description="When another run holds the output folder, wait for it instead of stopping."
    )
    retry_failed: bool = Field(
        default=False, description="Clean known failures (unchanged captures that failed before) again."
    )
    workers: int | None = Field(
        default=None,
        ge=1,
        description="Processes cleaning batches; None: all cores for a run (a plain sweep() call: one).",
    )
    dask_address: str | None = Field(
        default=None, description="Clean batches on this Dask cluster (tcp://host:port) instead of local processes."
    )
    files_from: Path | None = Field(
        default=None,
        description="Sweep only the captures this file names, one a line (paths below the input folder); "
        "'-': the list on standard input. None: every capture below the input folder.",
    )
    jsonl: Path | None = Field(default=None, description="Also write the run's records as JSONL shards here.")
    parquet: Path | None = Field(default=None, description="Also write the run's records as Parquet shards here.")
    shard_size: int = Field(default=DEFAULT_SHARD_SIZE, ge=1, description="Records per dataset shard.")

    def clean_config(self) -> CleanConfig:
        """The core's configuration for this run (see :meth:`Limits.clean_config`)."""
        return self.limits.clean_config()


DEFAULT_OPTIONS = RunOptions()
