"""presswash's cleaning core: raw captures of news pages in, clean articles out.

Plain typed Python: no Prefect, no CLI, no I/O beyond the bytes handed in.
"""

from cleaners.capture import Capture, Hints
from cleaners.clean import Analysis, LineVerdict, analyse, analyse_capture, clean_capture, prepare
from cleaners.config import DEFAULT_CONFIG, CleanConfig
from cleaners.errors import CaptureError, EmptyCapture, UndecodableCapture
from cleaners.read import read_capture, read_captures
from cleaners.record import Article, Removal
from cleaners.version import __version__

__all__ = [
    "DEFAULT_CONFIG",
    "Analysis",
    "Article",
    "Capture",
    "CaptureError",
    "CleanConfig",
    "EmptyCapture",
    "Hints",
    "LineVerdict",
    "Removal",
    "UndecodableCapture",
    "__version__",
    "analyse",
    "analyse_capture",
    "clean_capture",
    "prepare",
    "read_capture",
    "read_captures",
]
