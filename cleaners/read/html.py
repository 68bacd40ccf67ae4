"""The HTML reader: trafilatura chooses the article's blocks; the rest of the page is decided here.

The capture's normalised lines are two sections (see :mod:`cleaners.html` for the extraction):

- the lines the core decides: the title slot (the page's headline, blank when it has none),
  then trafilatura's paragraphs, figure captions taken out;
- after one blank line, the lines this reader decided: the page's visible blocks trafilatura
  did not keep (``html.trafilatura``), then the figure captions and credits taken out of its
  text (``html.figcaption``).

What the markup says about the article (title, authors, date, site name, language, figure
captions and credits, the footer's copyright line) goes into the capture's hints.
"""

from __future__ import annotations

from dataclasses import replace

from lxml.etree import LxmlError  # type: ignore[import-untyped]

from cleaners.capture import NO_HINTS, Capture, Decision, Hints, NumberedLine
from cleaners.errors import MalformedCapture
from cleaners.html import DEFAULT_HTML_SETTINGS, Extraction, HtmlSettings, decode_html, footer_copyright, read_page
from cleaners.read.text import normalise
from cleaners.repair import clean_line
from cleaners.rules.context import BLANK, FIGCAPTION, TRAFILATURA_DROP


def read_html(
    raw: bytes,
    source: str,
    hints: Hints = NO_HINTS,
    id: str = "",
    charset: str | None = None,
    settings: HtmlSettings = DEFAULT_HTML_SETTINGS,
) -> Capture:
    """Read an HTML page; ``charset`` is the one the server sent, where known (a WARC record's)."""
    decoded = decode_html(raw, charset)
    page = _extract(decoded.text, settings)
    lines, repairs = normalise("\n".join([page.title or "", *page.paragraphs]))
    decided_lines, decided = _decided(page, len(lines))
    return Capture(
        source,
        raw,
        "html",
        decoded.encoding,
        lines + decided_lines,
        decided,
        tuple(repairs),
        _hints(hints, page),
        tuple(page.blocks),
        id,
    )


def _extract(text: str, settings: HtmlSettings) -> Extraction:
    """Parse and extract, refusing pages the parser would only read in part, or not at all."""
    try:
        return read_page(text, settings)
    except RecursionError:
        raise MalformedCapture("the page's HTML is nested too deeply to read") from None
    except LxmlError as err:
        raise MalformedCapture(f"the page's HTML cannot be parsed: {err}") from err


def _decided(page: Extraction, first: int) -> tuple[tuple[NumberedLine, ...], tuple[tuple[int, Decision], ...]]:
    """The second section: a blank separator, then the blocks trafilatura dropped and the figure lines."""
    extra = [(text, TRAFILATURA_DROP) for text in page.dropped] + [(text, FIGCAPTION) for text in page.figure_lines]
    if not extra:
        return (), ()
    lines = [NumberedLine(first + 1, "", "")]
    decided = [(first, Decision(BLANK.id, BLANK.reason, blank=True))]
    for n, (text, rule) in enumerate(extra, first + 1):
        lines.append(NumberedLine(n + 1, text, clean_line(text)))
        decided.append((n, Decision(rule.id, rule.reason)))
    return tuple(lines), tuple(decided)


def _hints(given: Hints, page: Extraction) -> Hints:
    meta = page.meta
    return replace(
        given,
        title=meta.title,
        authors=meta.authors,
        published=meta.published,
        publisher=meta.publisher,
        language=meta.language,
        copyright=footer_copyright(page.dropped),
        image_captions=tuple(f.caption for f in page.figures if f.caption),
        image_credits=tuple(f.credit for f in page.figures if f.credit),
        headlines=tuple(h for h in (page.title, *page.headlines) if h),
        article_chosen=True,
    )
