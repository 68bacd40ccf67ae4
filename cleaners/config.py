"""The cleaner's configuration: an explicit frozen object, never a mutable module default."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CleanConfig:
    """Switches and thresholds for one cleaning run.

    >>> CleanConfig().max_bytes
    50000000
    """

    max_bytes: int = 50_000_000
    """Captures larger than this fail with a clear reason instead of being cleaned."""
    detect_language: bool = True
    """Identify the body's language (py3langid); off saves a few hundred microseconds."""


DEFAULT_CONFIG = CleanConfig()
