"""Bytes to text: BOMs, UTF-8, and detection for everything else."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from cleaners.errors import EmptyCapture, UndecodableCapture

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of NUL and other C0 control bytes above which bytes are binary, not text.
_BINARY_SHARE = 0.05
# Every byte that is not a C0 control other than the usual white space: deleting these from a
# sample leaves only the suspicious bytes, counted in C.
_NOT_SUSPICIOUS = bytes(b for b in range(256) if b >= 32 or b in b"\t\n\r\f\v\x1b")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from a capture, and the encoding it was decoded from."""

    text: str
    encoding: str


def decode_capture(raw: bytes) -> Decoded:
    """Decode a capture's bytes: BOM first, then strict UTF-8, then charset detection.

    >>> decode_capture("caf\\u00e9".encode("utf-8")).encoding
    'utf-8'
    >>> decode_capture(codecs.BOM_UTF8 + b"hi")
    Decoded(text='hi', encoding='utf-8-sig')
    """
    if not raw.strip():
        raise EmptyCapture("the capture is empty (no text at all)")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _decode_with_bom(raw[len(bom) :], encoding, bom == codecs.BOM_UTF8)
    if _looks_binary(raw):
        raise UndecodableCapture("the capture is binary data, not text (control and NUL bytes)")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return _detect(raw)


def _decode_with_bom(body: bytes, encoding: str, utf8: bool) -> Decoded:
    try:
        return Decoded(body.decode(encoding), "utf-8-sig" if utf8 else encoding)
    except UnicodeDecodeError as err:
        raise UndecodableCapture(f"the capture starts with a {encoding} BOM but {err}") from err


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:65536]
    controls = len(sample.translate(None, _NOT_SUSPICIOUS))
    return controls / len(sample) > _BINARY_SHARE


def _detect(raw: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # imported on need: most captures are UTF-8

    best = from_bytes(raw).best()
    if best is None:
        raise UndecodableCapture("the capture is not UTF-8 and no text encoding fits its bytes")
    return Decoded(str(best), best.encoding)
