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
    """Captures larger than this fail with a clear reason (``CaptureTooLarge``) instead of being cleaned.

    The core is linear in the capture's size (about 0.3 s per MB of text), so the limit bounds
    time and memory per capture; the flows also check it before reading a file.
    """
    detect_language: bool = True
    """Identify the body's language (py3langid); off saves a few hundred microseconds."""


DEFAULT_CONFIG = CleanConfig()
