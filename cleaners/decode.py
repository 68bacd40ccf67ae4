"""Bytes to text: BOMs, UTF-8, and detection for everything else."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Any

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
_SAMPLE_BYTES = 65536
# UTF-16 saved without a BOM (some Windows tools): mostly-ASCII text puts a NUL in every other
# byte, all on one side. Shares of the sample's byte pairs.
_UTF16_NUL_SIDE = 0.6
_UTF16_OTHER_SIDE = 0.02
# Legacy code page assumed for the non-UTF-8 lines of a mixed file when detection has no answer,
# or only tells one Latin code page from another (a guess on a few lines): the one most Windows
# tools saved in, and what browsers read latin-1 as.
_LEGACY_FALLBACK = "cp1252"
# Detection needs this many non-ASCII bytes to tell code pages apart; fewer, and the fallback is likelier.
_LEGACY_MIN_EVIDENCE = 32
_ASCII = bytes(range(128))
_LATIN_CODE_PAGES = frozenset(
    {"cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_15", "mac_roman"}
)


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
    >>> decode_capture("Hi there".encode("utf-16-le"))
    Decoded(text='Hi there', encoding='utf-16-le')
    """
    if not raw.strip():
        raise EmptyCapture("the capture is empty (no text at all)")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _decode_with_bom(raw[len(bom) :], encoding, bom == codecs.BOM_UTF8)
    if _looks_binary(raw):
        return _utf16_without_bom(raw)
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return _mixed_lines(raw) or _detect(raw)


def _decode_with_bom(body: bytes, encoding: str, utf8: bool) -> Decoded:
    try:
        return Decoded(body.decode(encoding), "utf-8-sig" if utf8 else encoding)
    except UnicodeDecodeError as err:
        raise UndecodableCapture(f"the capture starts with a {encoding} BOM but {err}") from err


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:_SAMPLE_BYTES]
    controls = len(sample.translate(None, _NOT_SUSPICIOUS))
    return controls / len(sample) > _BINARY_SHARE


def _utf16_without_bom(raw: bytes) -> Decoded:
    """Text in UTF-16 without a BOM (NULs on one side of every byte pair), else binary data."""
    sample = raw[: _SAMPLE_BYTES - _SAMPLE_BYTES % 2]
    pairs = max(len(sample) // 2, 1)
    even, odd = sample[0::2].count(0) / pairs, sample[1::2].count(0) / pairs
    for nul_side, other_side, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if len(raw) % 2 == 0 and nul_side >= _UTF16_NUL_SIDE and other_side <= _UTF16_OTHER_SIDE:
            try:
                return Decoded(raw.decode(encoding), encoding)
            except UnicodeDecodeError:
                break
    raise UndecodableCapture("the capture is binary data, not text (control and NUL bytes)")


def _mixed_lines(raw: bytes) -> Decoded | None:
    """A file whose lines were saved in two encodings: UTF-8 lines beside legacy code-page lines
    (a capture appended to by two tools). Each line is decoded in its own encoding; ``None``
    when no line is non-ASCII UTF-8, so the file is in one legacy encoding.

    >>> _mixed_lines("caf\\u00e9\\n".encode() + "na\\u00efve\\n".encode("cp1252"))
    Decoded(text='café\\nnaïve\\n', encoding='utf-8+cp1252')
    """
    lines = raw.splitlines(keepends=True)
    legacy = [line for line in lines if not _is_utf8(line)]
    if not any(not line.isascii() and _is_utf8(line) for line in lines):
        return None
    encoding = _legacy_encoding(b"".join(legacy))
    text = "".join(line.decode("utf-8") if _is_utf8(line) else _decode_legacy(line, encoding) for line in lines)
    return Decoded(text, f"utf-8+{encoding}")


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _legacy_encoding(lines: bytes) -> str:
    from charset_normalizer import from_bytes

    if len(lines.translate(None, _ASCII)) < _LEGACY_MIN_EVIDENCE:
        return _LEGACY_FALLBACK
    best = from_bytes(lines).best()
    if best is None or best.encoding.startswith("utf") or best.encoding in _LATIN_CODE_PAGES:
        return _LEGACY_FALLBACK
    return str(best.encoding)


def _decode_legacy(line: bytes, encoding: str) -> str:
    try:
        return line.decode(encoding)
    except UnicodeDecodeError:
        return line.decode(_LEGACY_FALLBACK, errors="replace")


def _detect(raw: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # imported on need: most captures are UTF-8

    results = from_bytes(raw)
    best = results.best()
    if best is None:
        raise UndecodableCapture("the capture is not UTF-8 and no text encoding fits its bytes")
    if best.encoding != _LEGACY_FALLBACK and _ties_with_fallback(results, best):
        return Decoded(raw.decode(_LEGACY_FALLBACK), _LEGACY_FALLBACK)
    return Decoded(str(best), best.encoding)


def _ties_with_fallback(results: Any, best: Any) -> bool:
    """Whether windows-1252 reads the bytes as well as detection's pick: then it wins the tie.

    On a short French or English text cp1250 and cp1252 score the same, and cp1250 turns 'à'
    into 'ŕ'; windows-1252 is the likelier code page on the web (and what latin-1 means there).
    """
    if _LEGACY_FALLBACK in best.could_be_from_charset:
        return True
    return any(
        match.encoding == _LEGACY_FALLBACK and match.chaos <= best.chaos and match.coherence >= best.coherence
        for match in results
    )
