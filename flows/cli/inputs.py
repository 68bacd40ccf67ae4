"""What ``presswash clean`` reads: the files named, a WARC file's captures one by one.

A capture file (or ``-``, standard input) is one input. A WARC file (``.warc``, ``.warc.gz``) is
one input per record that holds a capture (an HTML response, a WET conversion record), listed
and read as ``presswash run`` lists and reads them (``flows.pipeline.discover``,
``flows.pipeline.batch``): named ``<file>#<record number>``, written to ``<stem of the file's
name>/<record number>`` below ``--out``, with the record's URI and date in its record.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cleaners import Analysis, CaptureError, analyse, analyse_capture
from cleaners.errors import CaptureTooLarge
from cleaners.read import is_warc, warc_records
from flows.pipeline.batch import capture_bytes, read_capture, read_core
from flows.pipeline.discover import Capture, record_capture
from flows.pipeline.options import Limits

STDIN = Path("-")
"""The file name that means standard input."""


@dataclass(frozen=True)
class Input:
    """One capture to clean: a file (``capture`` None), or one record of a WARC file."""

    path: Path
    capture: Capture | None = None
    """The WARC record's capture (its number, offset and length in ``path``)."""

    @property
    def name(self) -> str:
        """How the capture is named in messages: its path, a record's ``<path>#<number>``.

        >>> Input(Path("a/b.txt")).name, Input(Path("a/c.warc"), Capture("c.warc#00003", 10, 5)).name
        ('a/b.txt', 'a/c.warc#00003')
        """
        if self.capture is None:
            return str(self.path)
        return f"{self.path}#{self.capture.relative.rpartition('#')[2]}"

    @property
    def stem(self) -> PurePosixPath:
        """Where ``--out`` writes its outputs (without ``.txt``/``.json``): the file's stem (``c.html.gz``
        gives ``c``, as ``run`` names it), ``stdin`` for standard input, a WARC record's
        ``<file name>/<record number>`` (as ``run`` writes it).

        >>> Input(Path("x/c.html.gz")).stem, Input(Path("x/w.warc.gz"), Capture("w.warc.gz#00003", 0, 1)).stem
        (PurePosixPath('c'), PurePosixPath('w.warc.gz/00003'))
        """
        if self.path == STDIN:
            return PurePosixPath("stdin")
        if self.capture is not None:
            return self.capture.stem
        return PurePosixPath(Capture(self.path.name).stem.name)


@dataclass(frozen=True)
class Unlisted:
    """A WARC file whose records could not be listed, and why."""

    path: Path
    reason: str


def expand(files: list[Path]) -> list[Input | Unlisted]:
    """Each file as its inputs, in order: a WARC file's records that hold a capture, any other file itself.

    A WARC file that cannot be read, is not WARC or holds no capture is :class:`Unlisted`, with the reason.
    """
    found: list[Input | Unlisted] = []
    for path in files:
        if path == STDIN or not is_warc(path.name):
            found.append(Input(path))
            continue
        try:
            with path.open("rb") as stream:
                records = [Input(path, record_capture(path.name, record)) for record in warc_records(stream)]
        except OSError as err:
            found.append(Unlisted(path, f"cannot read the WARC file: {err.strerror or err}"))
            continue
        except CaptureError as err:
            found.append(Unlisted(path, f"cannot read the WARC file: {err}"))
            continue
        found.extend(records or [Unlisted(path, "the WARC file holds no HTML response or WET conversion record")])
    return found


def read_input(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, or standard input's for ``-``; refused past ``max_bytes``."""
    if path != STDIN:
        return read_capture(path, max_bytes)
    raw = sys.stdin.buffer.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise CaptureTooLarge(f"standard input is over the {max_bytes:,}-byte limit (--max-bytes)")
    return raw


def input_bytes(item: Input, max_bytes: int) -> bytes:
    """The input's bytes (a WARC record's as stored); raises ``OSError`` or the ``CaptureError`` that
    says why they cannot be read."""
    if item.capture is None:
        return read_input(item.path, max_bytes)
    return capture_bytes(item.path, item.capture, max_bytes)


def analyse_bytes(item: Input, raw: bytes, limits: Limits) -> Analysis:
    """Clean the input's bytes (a WARC record's read as the record it is, as ``run`` reads it)."""
    config = limits.clean_config()
    if item.capture is None:
        return analyse(raw, str(item.path), config)
    return analyse_capture(read_core(raw, str(item.path), item.capture, limits.max_bytes), config)
