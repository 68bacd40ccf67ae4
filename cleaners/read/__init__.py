"""Readers: every input kind becomes one immutable :class:`~cleaners.capture.Capture`.

:func:`read_capture` reads one capture's bytes (text, HTML, either gzip-compressed);
:func:`read_captures` reads a stream that may hold many (a WARC file) or one. A reader is one
module with a ``read_<kind>(raw, source, hints, id) -> Capture`` function; adding an input
kind is that file and its line in :data:`READERS` (or, for a container such as WARC, in
:func:`read_captures`). Nothing here opens files: the caller hands the bytes or the stream in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO, NamedTuple

from cleaners.capture import NO_HINTS, Capture, Hints, capture_id
from cleaners.config import DEFAULT_CONFIG
from cleaners.errors import CaptureError, CaptureTooLarge
from cleaners.read.compressed import gunzip, inner_source, is_gzip
from cleaners.read.html import read_html
from cleaners.read.text import read_text
from cleaners.read.warc import Record, Unread, is_warc, read_record, read_warc, warc_records
from cleaners.sniff import is_html


class Reader(NamedTuple):
    """One input kind: how to tell it from its bytes, and how to read it."""

    kind: str
    accepts: Callable[[bytes], bool]
    read: Callable[[bytes, str, Hints, str], Capture]


def _anything(raw: bytes) -> bool:
    return True


READERS: tuple[Reader, ...] = (
    Reader("html", is_html, read_html),
    Reader("text", _anything, read_text),
)
"""In order: the first reader that accepts the bytes reads them."""


def read_capture(
    raw: bytes, source: str, hints: Hints = NO_HINTS, id: str = "", max_bytes: int = DEFAULT_CONFIG.max_bytes
) -> Capture:
    """Read one capture's bytes; gzip-compressed bytes are read as what they hold.

    >>> read_capture(b"Title\\n\\nBody.", "a.txt").kind, read_capture(b"<!doctype html><p>x", "b.html").kind
    ('text', 'html')
    """
    if len(raw) > max_bytes:
        raise CaptureTooLarge(f"the capture is {len(raw):,} bytes, over the {max_bytes:,}-byte limit")
    if is_gzip(raw):
        inner = inner_source(source)
        return read_capture(gunzip(raw, max_bytes), source, hints, id or capture_id(inner), max_bytes)
    reader = next(r for r in READERS if r.accepts(raw))
    return reader.read(raw, source, hints, id)


def read_captures(
    stream: BinaryIO, source: str, max_bytes: int = DEFAULT_CONFIG.max_bytes
) -> Iterator[Capture | Unread]:
    """Every capture a stream holds: one per WARC record worth cleaning, else the stream as one.

    A capture that cannot be read comes as :class:`Unread` (where, and the error), and reading
    goes on: one bad record never stops the rest of an archive.
    """
    if is_warc(source):
        yield from read_warc(stream, source, max_bytes)
        return
    try:
        yield read_capture(stream.read(max_bytes + 1), source, max_bytes=max_bytes)
    except CaptureError as err:
        yield Unread(source, err)


__all__ = [
    "READERS",
    "Capture",
    "Hints",
    "Reader",
    "Record",
    "Unread",
    "is_warc",
    "read_capture",
    "read_captures",
    "read_record",
    "warc_records",
]
