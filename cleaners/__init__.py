"""presswash's cleaning core: raw captures of news pages in, clean articles out.

Plain typed Python: no Prefect, no CLI, no I/O beyond the bytes handed in.
"""

from cleaners.clean import Analysis, LineVerdict, analyse, clean_capture
from cleaners.config import DEFAULT_CONFIG, CleanConfig
from cleaners.errors import CaptureError, EmptyCapture, UndecodableCapture
from cleaners.record import Article, Removal
from cleaners.version import __version__

__all__ = [
    "DEFAULT_CONFIG",
    "Analysis",
    "Article",
    "CaptureError",
    "CleanConfig",
    "EmptyCapture",
    "LineVerdict",
    "Removal",
    "UndecodableCapture",
    "__version__",
    "analyse",
    "clean_capture",
]
