"""Encoding repair and normalisation, each step named and recorded only when it changed text.

Typography stays as published: quotes are not uncurled, dashes and ellipses are kept.
Real damage is repaired: mojibake, control and zero-width characters, HTML entities and
stray inline tags (the last two line by line, see :func:`clean_line`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ftfy

try:  # the two whole-text tests below in C (setup.py builds it where it can; optional)
    from cleaners import _scan
except ImportError:  # pragma: no cover - exercised where no compiler built the extension
    _scan = None  # type: ignore[assignment]


@cache
def _ftfy() -> tuple[Callable[[str], bool], Callable[[str], str]]:
    """ftfy's badness test and its fixer with the publisher's typography kept (no uncurling,
    no width or ligature folding), imported when a capture first needs them: most captures
    need neither (ASCII, or NFC text with no mojibake hint), and the import costs about 80 ms
    of every short command's start."""
    import ftfy
    from ftfy.badness import is_bad

    config = ftfy_config()
    return is_bad, lambda text: ftfy.fix_text(text, config)


def ftfy_config() -> ftfy.TextFixerConfig:
    """The ftfy settings the document repair uses."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,  # done per line, after tags are stripped
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=False,
        fix_line_breaks=True,
        normalization="NFC",
        explain=True,
    )


_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_UNICODE_BREAKS = "\u2028\u2029\x85"
# Zero-width and invisible format characters that are damage in running text. ZWJ and ZWNJ
# stay: they carry meaning in Persian, Indic scripts and emoji.
_INVISIBLE_CHARS = "\u200b\u2060\ufeff\u00ad\u180e"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# UTF-8 read as a single-byte code page always leaves a lead byte (Â, Ã, â, Ð, ...) followed by
# a continuation byte shown as a Latin-1 or cp1252 character: a cheap test before ftfy's.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")

Repair = Callable[[str], str]


def normalise_line_endings(text: str) -> str:
    r"""CRLF, CR and Unicode line separators become LF.

    Most captures hold none: a look for each (a fast scan of the string) spares them the
    regex's slower one.

    >>> normalise_line_endings("a\r\nb\rc"), normalise_line_endings("a\u2028b")
    ('a\nb\nc', 'a\nb')
    """
    if "\r" not in text and (text.isascii() or not any(ch in text for ch in _UNICODE_BREAKS)):
        return text
    return _LINE_BREAKS.sub("\n", text)


def fix_mojibake(text: str) -> str:
    """Undo mis-decoded UTF-8 (``Ã¨`` -> ``è``) with ftfy, typography kept.

    >>> fix_mojibake("lâ€™ispezione Ã¨ finita")
    'l’ispezione è finita'
    """
    if text.isascii():
        return text
    suspect = _has_mojibake_hint(text) and _ftfy()[0](text)
    if not suspect and unicodedata.is_normalized("NFC", text):
        return text
    return _ftfy()[1](text)


def remove_invisible(text: str) -> str:
    """Drop zero-width spaces, word joiners, stray BOMs and soft hyphens.

    >>> remove_invisible("ex\\u00adam\\u200bple")
    'example'
    """
    if text.isascii() or not any(ch in text for ch in _INVISIBLE_CHARS):
        return text
    return _INVISIBLE.sub("", text)


def remove_control_chars(text: str) -> str:
    r"""Drop C0/C1 control characters other than tab and newline.

    >>> remove_control_chars("a\x00b\x07c\td")
    'abc\td'
    """
    return _CONTROL.sub("", text) if _has_control(text) else text


def _has_mojibake_hint(text: str) -> bool:
    """Whether ``text`` holds a :data:`_MOJIBAKE_HINT` pair: in C (``cleaners._scan``, one pass
    over the string) where it is built, the same characters.

    >>> _has_mojibake_hint("lâ€™ispezione"), _has_mojibake_hint("l’ispezione è")
    (True, False)
    """
    return _scan.has_mojibake_hint(text) if _scan is not None else _MOJIBAKE_HINT.search(text) is not None


def _has_control(text: str) -> bool:
    r"""Whether ``text`` holds a :data:`_CONTROL` character (C, as :func:`_has_mojibake_hint`).

    >>> _has_control("a\tb\n"), _has_control("a\x07b"), _has_control("\x85")
    (False, True, True)
    """
    return _scan.has_control(text) if _scan is not None else _CONTROL.search(text) is not None


DOCUMENT_REPAIRS: tuple[tuple[str, Repair], ...] = (
    ("line_endings", normalise_line_endings),
    ("mojibake", fix_mojibake),
    ("control_chars", remove_control_chars),
    ("invisible_chars", remove_invisible),
)


def repair_document(text: str) -> tuple[str, list[str]]:
    """Apply the document repairs in order; return the text and the names of those that changed it.

    The list replays: applying the named repairs in order to the input gives the output.
    """
    applied: list[str] = []
    for name, repair in DOCUMENT_REPAIRS:
        fixed = repair(text)
        if fixed != text:
            applied.append(name)
            text = fixed
    return text, applied


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLOCK_TAG = re.compile(r"<(?:br|p|div|li|/p|/div|/li|tr|/tr)\b[^<>]*>", re.IGNORECASE)


def strip_tags(line: str) -> str:
    """Remove inline HTML tags, keeping their text; block-level tags become spaces.

    >>> strip_tags("<i>Tom Brenner/AP</i><br/>")
    'Tom Brenner/AP '
    """
    if "<" not in line:
        return line
    return _TAG.sub("", _BLOCK_TAG.sub(" ", strip_comments(line)))


def strip_comments(line: str) -> str:
    """Remove ``<!-- ... -->`` comments in one linear pass (a regex rescans on every opener).

    >>> strip_comments("a<!-- x -->b<!-- open")
    'ab<!-- open'
    """
    parts: list[str] = []
    start = 0
    while (opened := line.find("<!--", start)) >= 0:
        closed = line.find("-->", opened + 4)
        if closed < 0:
            break
        parts.append(line[start:opened])
        start = closed + 3
    parts.append(line[start:])
    return "".join(parts)


def unescape_entities(line: str) -> str:
    """Turn HTML entities into the characters they stand for.

    >>> unescape_entities("Tom &amp; Jerry&nbsp;&#8212; &laquo;ok&raquo;")
    'Tom & Jerry\\xa0— «ok»'
    """
    if "&" not in line or not _ENTITY.search(line):
        return line
    return html.unescape(line)


def normalise_space(line: str) -> str:
    """Fold runs of white space (NBSP included) to one space and strip the ends.

    >>> normalise_space("  a\\u00a0 b\\t c ")
    'a b c'
    """
    return " ".join(line.split())


def clean_line(line: str) -> str:
    """A line of the normalised capture as it reads in the body or in metadata.

    Most lines hold neither a tag nor an entity: only their white space is folded.

    >>> clean_line(" <i>Tom</i> &amp; Jerry "), clean_line("a\u00a0 b")
    ('Tom & Jerry', 'a b')
    """
    if "<" not in line and "&" not in line:
        return " ".join(line.split())
    return normalise_space(unescape_entities(strip_tags(line)))


LINE_REPAIRS = ("inline_tags", "html_entities")
"""The line repairs :func:`clean_line` applies, in the order it applies them."""


def line_repairs(raw: str) -> list[str]:
    """Which line-level repairs change ``raw`` (whitespace folding is not a repair).

    >>> line_repairs("<em>review</em>&nbsp;its plans"), line_repairs("plain")
    (['inline_tags', 'html_entities'], [])
    """
    if "<" not in raw and "&" not in raw:
        return []
    untagged = strip_tags(raw)
    applied = ["inline_tags"] if untagged != raw else []
    if unescape_entities(untagged) != untagged:
        applied.append("html_entities")
    return applied


def lines_repairs(raws: Iterable[str]) -> list[str]:
    """The line repairs any of ``raws`` needed, once each, in the order :func:`clean_line` applies them.

    >>> lines_repairs(["a &amp; b", "<i>c</i> &amp; d", "plain"])
    ['inline_tags', 'html_entities']
    """
    found: set[str] = set()
    for raw in raws:
        if "<" in raw or "&" in raw:
            found.update(line_repairs(raw))
            if len(found) == len(LINE_REPAIRS):
                break  # both found: the lines left cannot add one
    return [name for name in LINE_REPAIRS if name in found]
