"""The WARC reader: a web archive (``.warc``, ``.warc.gz``) holds many captures.

One capture per HTTP response record holding HTML (read by the HTML reader, with the charset
the server sent) and per WET conversion record (the page's text, read by the text reader). The
record's target URI and date go into the capture's hints (``url``, ``fetched``); its id is the
record's id. Other records (requests, metadata, images) hold no article and are skipped.
Parsing is warcio's: chunked transfer and content encodings are undone there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]

from cleaners.capture import Capture, Hints
from cleaners.errors import CaptureError, CaptureTooLarge, UndecodableCapture
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
