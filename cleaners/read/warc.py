"""The WARC reader: a web archive (``.warc``, ``.warc.gz``) holds many captures.

One capture per HTTP response record holding HTML (read by the HTML reader, with the charset
the server sent) and per WET conversion record (the page's text, read by the text reader). The
record's target URI and date go into the capture's hints (``url``, ``fetched``); its id is the
record's id. Other records (requests, metadata, images) hold no article and are skipped.
Parsing is warcio's: chunked transfer and content encodings are undone there.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]

from cleaners.capture import Capture, Hints
from cleaners.errors import CaptureError, CaptureTooLarge, EmptyCapture, UndecodableCapture
from cleaners.read.html import read_html
from cleaners.read.text import read_text
from cleaners.sniff import is_html

WARC_SUFFIXES = (".warc", ".warc.gz")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_RECORD_ID = re.compile(r"<?(?:urn:uuid:)?([^<>]+)>?")


def is_warc(source: str) -> bool:
    """Whether the source is named as a WARC file.

    >>> is_warc("crawl-00001.warc.gz"), is_warc("page.html.gz")
    (True, False)
    """
    return source.lower().endswith(WARC_SUFFIXES)


class Unread(NamedTuple):
    """A record that holds a capture which could not be read: where it is, and why."""

    source: str
    error: CaptureError


def read_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Capture | Unread]:
    """The captures of a WARC stream, in record order; a bad record is yielded as :class:`Unread`
    and the next ones are still read. A stream that is not WARC at all raises."""
    try:
        for record in ArchiveIterator(stream):
            try:
                capture = _capture(record, source, max_bytes)
            except CaptureError as err:
                yield Unread(_where(record, source), err)
                continue
            if capture is not None:
                yield capture
    except ArchiveLoadFailed as err:
        raise UndecodableCapture(f"{source} is not a readable WARC file: {err}") from err


def _where(record: object, source: str) -> str:
    found = _RECORD_ID.fullmatch(record.rec_headers.get_header("WARC-Record-ID") or "")  # type: ignore[attr-defined]
    return f"{source}#{found[1] if found else ''}"


def _capture(record: object, source: str, max_bytes: int) -> Capture | None:
    rec_type = getattr(record, "rec_type", "")
    headers = record.rec_headers  # type: ignore[attr-defined]
    hints = Hints(url=headers.get_header("WARC-Target-URI"), fetched=headers.get_header("WARC-Date"))
    where = _where(record, source)
    name = where.rsplit("#", 1)[1]
    if rec_type == "response":
        http = record.http_headers  # type: ignore[attr-defined]
        content_type = (http.get_header("Content-Type") if http else "") or ""
        body = _body(record, max_bytes)
        if "html" not in content_type.lower() and not is_html(body):
            return None
        found = _CHARSET.search(content_type)
        return read_html(body, where, hints, name, found[1] if found else None)
    if rec_type == "conversion":
        return read_text(_body(record, max_bytes), where, hints, name)
    return None


def _body(record: object, max_bytes: int) -> bytes:
    body: bytes = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(body) > max_bytes:
        raise CaptureTooLarge(f"a record's body is over the {max_bytes:,}-byte limit")
    return body


SNIFF = 1024
"""Bytes of a response without a Content-Type read to tell whether it is HTML."""


class Record(NamedTuple):
    """A record of a WARC file that holds a capture: where it is in the file, and its target URI.

    ``number`` counts every record of the file from 0 (requests and metadata too), so an archive
    that grows by appending keeps its earlier records' numbers; ``offset`` and ``length`` are the
    record's bytes as stored (one gzip member in a ``.warc.gz``), for :func:`read_record`.
    """

    number: int
    offset: int
    length: int
    url: str | None


def warc_records(stream: BinaryIO) -> Iterator[Record]:
    """The records of a WARC stream that hold a capture (HTML responses, WET conversions), in order.

    Only headers are read (and the first bytes of a response that names no Content-Type), so
    listing an archive costs a fraction of cleaning it. A stream that is not WARC raises.
    """
    iterator = ArchiveIterator(stream)
    try:
        for index, record in enumerate(iterator):
            holds = _holds_capture(record)
            iterator.read_to_end(record)
            if holds:
                url = record.rec_headers.get_header("WARC-Target-URI")
                yield Record(index, iterator.get_record_offset(), iterator.get_record_length(), url)
    except ArchiveLoadFailed as err:
        raise UndecodableCapture(f"not a readable WARC file: {err}") from err


def _holds_capture(record: object) -> bool:
    rec_type = getattr(record, "rec_type", "")
    if rec_type == "conversion":
        return True
    if rec_type != "response":
        return False
    http = record.http_headers  # type: ignore[attr-defined]
    content_type = (http.get_header("Content-Type") if http else None) or ""
    if content_type:
        return "html" in content_type.lower()
    return is_html(record.content_stream().read(SNIFF))  # type: ignore[attr-defined]


def read_record(raw: bytes, source: str, max_bytes: int) -> Capture:
    """The capture one WARC record holds, from the record's bytes as stored (see :class:`Record`);
    ``source`` names the WARC file. Raises the reason when the record holds none."""
    for found in read_warc(io.BytesIO(raw), source, max_bytes):
        if isinstance(found, Unread):
            raise found.error
        return found
    raise EmptyCapture("the WARC record holds no HTML page or extracted text")
