"""The gzip reader: a gzip-compressed capture (``page.html.gz``) is read as what it holds."""

from __future__ import annotations

import zlib

from cleaners.errors import CaptureTooLarge, UndecodableCapture

GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(raw: bytes) -> bool:
    """Whether the bytes are gzip data (its magic number), whatever the file is called."""
    return raw.startswith(GZIP_MAGIC)


def gunzip(raw: bytes, max_bytes: int) -> bytes:
    """The decompressed bytes, refusing damaged data and what would grow past ``max_bytes``.

    >>> import gzip
    >>> gunzip(gzip.compress(b"<html></html>"), 100)
    b'<html></html>'
    """
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(raw, max_bytes + 1)
    except zlib.error as err:
        raise UndecodableCapture(f"the capture is damaged gzip data: {err}") from err
    if len(data) > max_bytes:
        raise CaptureTooLarge(f"the capture decompresses to over {max_bytes:,} bytes, the size limit")
    return data


def inner_source(source: str) -> str:
    """The name of what a compressed file holds: 'page.html.gz' -> 'page.html'."""
    return source.removesuffix(".gz")
