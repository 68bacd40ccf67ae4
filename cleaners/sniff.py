"""Which reader a capture's bytes need: HTML documents are told from text captures by content.

A text capture (a page's visible text) often carries stray HTML; an HTML document opens with
a doctype, ``<html>`` or ``<head>``, though real pages put junk before it: PHP warnings, a
``<script>``, ``<style>`` or ``<meta>`` the server printed first, a comment, a BOM.
"""

from __future__ import annotations

import codecs
import re

_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.IGNORECASE | re.DOTALL
)
_SNIFF_BYTES = 2048
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Junk a server prints before the document: looked for this far in.
JUNK_SNIFF_BYTES = 131_072
# ... and it is junk while it says this little in words, server messages aside.
JUNK_MAX_WORDS = 60
# PHP's warnings, notices and errors: 'Deprecated: Function x() is deprecated in /srv/a.php on line 3'.
_SERVER_MESSAGE = re.compile(
    r"\s*(?:PHP )?(?:warning|notice|deprecated|strict standards|(?:catchable )?fatal error|parse error)\s*:"
    r".*\bon line\s+\d+\s*",
    re.IGNORECASE,
)
_DOCUMENT_OPENER = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>])", re.IGNORECASE)
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[a-z!?/][^<>]*>", re.IGNORECASE | re.DOTALL)
_WORD = re.compile(r"\w+")


def is_html(raw: bytes) -> bool:
    """Whether the capture is an HTML document (a doctype, <html> or <head> up front, junk allowed).

    >>> is_html(b"<!DOCTYPE html><html><body>x</body></html>"), is_html(b"Title\\n<i>credit</i>")
    (True, False)
    >>> is_html(codecs.BOM_UTF16_LE + "<html><body>x</body></html>".encode("utf-16-le"))
    True
    >>> is_html(b"<br />\\n<b>Warning</b>: Undefined variable $x in /srv/index.php on line 3<br />\\n<!DOCTYPE html>")
    True
    >>> is_html(b"<script>var a = 1;</script>\\n<html><head><title>x</title></head></html>")
    True
    >>> is_html(b"Home\\nNews\\n" + b"A long paragraph of the article's text goes here. " * 10 + b"<html>")
    False
    """
    text = _sniffed_text(raw, JUNK_SNIFF_BYTES)
    if _HTML_START.match(text[:_SNIFF_BYTES]) is not None:
        return True
    opener = _DOCUMENT_OPENER.search(text)
    return opener is not None and junk_only(text[: opener.start()])


def junk_only(prefix: str) -> bool:
    """Whether what precedes the document is markup, server messages, or a few words.

    >>> junk_only('<meta charset="utf-8"><style>p { margin: 0 }</style>'), junk_only("Home News Sport " * 30)
    (True, False)
    """
    words = 0
    for line in _MARKUP.sub(" ", prefix).split("\n"):
        if _SERVER_MESSAGE.fullmatch(line) is None:
            words += len(_WORD.findall(line))
            if words > JUNK_MAX_WORDS:
                return False
    return True


def _sniffed_text(raw: bytes, limit: int) -> str:
    head = raw[:limit]
    for bom, encoding in _UTF16_BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore")
    return head.removeprefix(codecs.BOM_UTF8).decode("latin-1")
