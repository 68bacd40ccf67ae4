"""Clean one capture: the single entry point the CLI and the flows call.

decode -> repair -> lines -> language -> line rules -> context rules -> title, dek, byline
-> body segment -> metadata -> record. Every step is a plain function over the capture.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath
from typing import NamedTuple

from cleaners import body, context, headline, html
from cleaners.config import DEFAULT_CONFIG, CleanConfig
from cleaners.decode import decode_capture
from cleaners.errors import CaptureTooLarge, MalformedCapture
from cleaners.language import identify_language, stopwords
from cleaners.lines import measure, split_lines
from cleaners.metadata import Metadata, collect
from cleaners.page import KEEP_ROLES, Page, apply_line_rules
from cleaners.quality import Quality, judge
from cleaners.record import Article, Removal
from cleaners.repair import line_repairs, repair_document
from cleaners.site import SiteProfile, mark_site_lines
from cleaners.version import __version__

_WORD = re.compile(r"\w+")
# Lines long enough to tell the language by.
_LANGUAGE_MIN_WORDS = 8


class LineVerdict(NamedTuple):
    """What happened to one line of the normalised capture."""

    number: int
    text: str
    kept: bool
    rule: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Analysis:
    """The article record plus the line-by-line verdicts behind it."""

    article: Article
    verdicts: tuple[LineVerdict, ...]
    normalised: str = ""
    """The capture after decoding and document repairs: what line numbers refer to."""


def analyse(raw: bytes, source: str, config: CleanConfig = DEFAULT_CONFIG, site: SiteProfile | None = None) -> Analysis:
    """Clean ``raw`` (the capture's bytes) and keep the per-line verdicts.

    ``site`` is what earlier captures taught about this capture's site (see cleaners.site).
    """
    if len(raw) > config.max_bytes:
        raise CaptureTooLarge(f"the capture is {len(raw):,} bytes, over the {config.max_bytes:,}-byte limit")
    if html.is_html(raw):
        return _analyse_page(raw, source, config, site)
    decoded = decode_capture(raw)
    return analyse_text(raw, source, decoded.text, decoded.encoding, config, site)


def _analyse_page(raw: bytes, source: str, config: CleanConfig, site: SiteProfile | None) -> Analysis:
    """The HTML path, refusing pages the parser would only read in part, or not at all."""
    from lxml.etree import LxmlError  # type: ignore[import-untyped]

    try:
        return html.analyse_html(raw, source, config, site)
    except RecursionError:
        raise MalformedCapture("the page's HTML is nested too deeply to read") from None
    except LxmlError as err:
        raise MalformedCapture(f"the page's HTML cannot be parsed: {err}") from err


def no_article_reason(analysis: Analysis) -> str | None:
    """Why the capture has no article left, or ``None`` when it has one.

    A capture that is all chrome (a 'page not found' page, a bare index) is not an empty
    article: callers report it as such instead of writing an empty body.

    >>> no_article_reason(analyse(b"Home\\nNews\\nSign in\\nSubscribe\\n", "404.txt"))
    'no article found: every line was page chrome (4 lines removed, most by ...)'
    """
    article = analysis.article
    if article.text.strip():
        return None
    if not article.removed:
        return "no article found: the capture has no lines of text"
    top = ", ".join(rule for rule, _ in Counter(r.rule for r in article.removed).most_common(3))
    return f"no article found: every line was page chrome ({len(article.removed)} lines removed, most by {top})"


def analyse_text(
    raw: bytes,
    source: str,
    text: str,
    encoding: str,
    config: CleanConfig = DEFAULT_CONFIG,
    site: SiteProfile | None = None,
    kind: str = "text",
    language: str | None = None,
    extracted: bool = False,
) -> Analysis:
    """The text path: ``text`` is the decoded capture (or text extracted from HTML).

    ``language`` (ISO 639-1), where the caller knows it, saves identifying it. ``extracted``
    says an extractor already chose the article: its first line is the title (blank when it
    has none), and the body runs over every line up to one a rule removes.
    """
    normalised, repairs = repair_document(text)
    numbered = split_lines(normalised)
    language = language or _language([t for _, _, t in numbered], config)
    page = _read_page(numbered, language)
    span = _mark_page(page, site, extracted)
    meta = collect(page, span, language)
    verdicts = tuple(_verdict(page, i) for i in range(len(page.lines)))
    repairs += sorted({r for _, raw_line, _ in numbered for r in line_repairs(raw_line)})
    article = _article(raw, source, encoding, page, meta, language, repairs, kind)
    return Analysis(article, verdicts, normalised)


def clean_capture(
    raw: bytes, source: str, config: CleanConfig = DEFAULT_CONFIG, site: SiteProfile | None = None
) -> Article:
    """Clean one capture and return its article record."""
    return analyse(raw, source, config, site).article


def _language(texts: list[str], config: CleanConfig) -> str | None:
    if not config.detect_language:
        return None
    return identify_language(t for t in texts if len(t.split()) >= _LANGUAGE_MIN_WORDS)


def _read_page(numbered: list[tuple[int, str, str]], language: str | None) -> Page:
    stops = stopwords(language)
    lines = [measure(n, raw, text, stops) for n, raw, text in numbered]
    return Page(lines, [judge(line, bool(stops)) for line in lines])


def _mark_page(page: Page, site: SiteProfile | None, extracted: bool = False) -> tuple[int, int] | None:
    """Run the rules in order of precedence; return the body segment."""
    apply_line_rules(page)
    mark_site_lines(page, site)
    context.mark_brand(page)
    context.mark_video_teasers(page)
    context.mark_inline_captions(page)
    context.mark_captions(page)
    context.mark_teasers(page)
    context.mark_comment_section(page)
    title = body.first_line_title(page) if extracted else headline.find_title(page)
    if title is not None:
        body.mark_name_byline(page, body.mark_dek(page, title))
    context.mark_repeated_lines(page)
    span = body.extend_list(page, body.trim_teaser_cards(page, body.extend_body(page, body.find_body(page))))
    if extracted:
        span = body.extend_over_free(page, span)
    body.mark_widgets(page, span)
    body.mark_body(page, span)
    return span


def _verdict(page: Page, i: int) -> LineVerdict:
    line, mark = page.lines[i], page.marks.get(i)
    if mark is None:
        return LineVerdict(line.number, line.raw, True, "layout.blank", "blank line")
    return LineVerdict(line.number, line.raw, mark.role in KEEP_ROLES, mark.rule, mark.reason)


def _article(
    raw: bytes,
    source: str,
    encoding: str,
    page: Page,
    meta: Metadata,
    language: str | None,
    repairs: list[str],
    kind: str,
) -> Article:
    kept = [i for i, m in sorted(page.marks.items()) if m.role in KEEP_ROLES]
    text = "\n\n".join(page.lines[i].text for i in kept)
    # Trusted values built here: construct without re-validating each of a page's many removals.
    removed = [
        Removal.model_construct(line=line.number, text=line.raw, rule=page.marks[i].rule)
        for i, line in enumerate(page.lines)
        if i in page.marks and page.marks[i].role not in KEEP_ROLES and line.raw.strip()
    ]
    return Article(
        id=PurePath(source).stem,
        source=source,
        sha256=hashlib.sha256(raw).hexdigest(),
        kind=kind,
        encoding=encoding,
        title=meta.title,
        text=text,
        headings=[page.lines[i].text for i in kept if page.marks[i].role == "heading"],
        authors=meta.authors,
        contributors=meta.contributors,
        publisher=meta.publisher,
        published=meta.published,
        image_captions=meta.image_captions,
        image_credits=meta.image_credits,
        editor_notes=meta.editor_notes,
        related=meta.related,
        copyright=meta.copyright,
        language=language,
        word_count=len(_WORD.findall(text)),
        removed=removed,
        repairs=repairs,
        cleaner_version=__version__,
    )


__all__ = ["Analysis", "LineVerdict", "Quality", "analyse", "analyse_text", "clean_capture", "no_article_reason"]
