"""HTML captures: detected from the content, not the file name.

Placeholder until the HTML path lands (issue 5): HTML is read as text, tags and all.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cleaners.config import CleanConfig
from cleaners.decode import decode_capture

if TYPE_CHECKING:
    from cleaners.clean import Analysis
    from cleaners.site import SiteProfile

_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.IGNORECASE | re.DOTALL)


def is_html(raw: bytes) -> bool:
    """Whether the capture is an HTML document (a doctype, <html> or <head> up front).

    >>> is_html(b"<!DOCTYPE html><html><body>x</body></html>"), is_html(b"Title\\n<i>credit</i>")
    (True, False)
    """
    return _HTML_START.match(raw[:2048]) is not None


def analyse_html(raw: bytes, source: str, config: CleanConfig, site: SiteProfile | None) -> Analysis:
    """Clean an HTML capture (placeholder: the text path over the markup)."""
    from cleaners.clean import analyse_text

    decoded = decode_capture(raw)
    return analyse_text(raw, source, decoded.text, decoded.encoding, config, site, kind="html")
