"""The text reader: a capture of a page's visible text (often with stray HTML) becomes a Capture."""

from __future__ import annotations

from functools import partial

from cleaners.capture import NO_HINTS, Capture, Hints, NumberedLine
from cleaners.decode import decode_capture
from cleaners.lines import split_lines
from cleaners.repair import lines_repairs, repair_document

_NUMBERED = partial(tuple.__new__, NumberedLine)
"""A :class:`NumberedLine` from a ``(number, raw, text)`` tuple, without the Python call of the
generated ``__new__`` (once per line of every capture)."""


def normalise(text: str) -> tuple[tuple[NumberedLine, ...], list[str]]:
    """Repair a decoded text and number its lines; return them and the repairs, in order applied.

    >>> normalise("Title\\r\\n<b>Body</b>")
    ((NumberedLine(number=1, raw='Title', text='Title'), NumberedLine(number=2, raw='<b>Body</b>', text='Body')), \
['line_endings', 'inline_tags'])
    """
    repaired, repairs = repair_document(text)
    lines = tuple(map(_NUMBERED, split_lines(repaired)))
    if "<" not in repaired and "&" not in repaired:
        return lines, repairs  # no line holds a tag or an entity: no line repair applies
    return lines, repairs + lines_repairs(line.raw for line in lines)


def read_text(raw: bytes, source: str, hints: Hints = NO_HINTS, id: str = "") -> Capture:
    """Decode (BOM, UTF-8, detection), repair and number the lines of a text capture."""
    decoded = decode_capture(raw)
    lines, repairs = normalise(decoded.text)
    return Capture(source, raw, "text", decoded.encoding, lines, repairs=tuple(repairs), hints=hints, id=id)
