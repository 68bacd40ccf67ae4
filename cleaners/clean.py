"""Clean one capture: the single entry point the CLI and the flows call.

read (cleaners.read: bytes -> Capture) -> language -> the marking steps (cleaners.steps: line
rules, context rules, title, dek, byline, body segment) -> metadata -> the record, built once.
Every step is a plain function over the capture's page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import NamedTuple

from pydantic import TypeAdapter

from cleaners.capture import Capture, Hints, NumberedLine
from cleaners.config import DEFAULT_CONFIG, CleanConfig
from cleaners.errors import CaptureTooLarge
from cleaners.language import identify_language, load_fallback, stopwords
from cleaners.lines import Line, measure_lines, word_runs
from cleaners.metadata import Metadata, collect
from cleaners.page import KEEP_ROLES, Mark, Page, prepare_line_rules
from cleaners.quality import Quality, judge
from cleaners.read import read_capture
from cleaners.record import Article, Removal, TraceLine
from cleaners.rules.context import BLANK
from cleaners.site import SiteProfile
from cleaners.steps import run_steps, steps_for
from cleaners.version import __version__

_REMOVALS = TypeAdapter(list[Removal])
_TRACE_LINES = TypeAdapter(list[TraceLine])
# Lines long enough to tell the language by.
_LANGUAGE_MIN_WORDS = 8


class LineVerdict(NamedTuple):
    """What happened to one line of the normalised capture."""

    number: int
    text: str
    kept: bool
    rule: str | None = None
    reason: str | None = None
    earlier: tuple[str, ...] = ()
    """Rules that marked the line before ``rule`` overruled them, oldest first."""


@dataclass(frozen=True)
class Analysis:
    """The article record plus the line-by-line verdicts behind it."""

    article: Article
    decided: tuple[LineVerdict, ...]
    """One verdict per line, its reason brief where a step defers writing it in full (see
    :attr:`verdicts`); rules and roles are final."""
    capture: Capture | None = field(default=None, repr=False, compare=False)
    """The capture as read: its numbered lines are what the line numbers refer to."""
    details: Callable[[], dict[int, str]] | None = field(default=None, repr=False, compare=False)
    """The deferred reasons in full, by line number (see :attr:`cleaners.page.Page.deferred`)."""

    @cached_property
    def normalised(self) -> str:
        """The capture after decoding and document repairs (what line numbers refer to), joined
        the first time it is read: the record does not need it."""
        return self.capture.normalised if self.capture is not None else ""

    @cached_property
    def verdicts(self) -> tuple[LineVerdict, ...]:
        """What happened to each line, every reason in full: written the first time they are
        read (a line-role model's reasons read its walk down the trees again), since the record
        names rules only."""
        if self.details is None:
            return self.decided
        full = self.details()
        return tuple(v._replace(reason=full[v.number]) if v.number in full else v for v in self.decided)


def analyse(raw: bytes, source: str, config: CleanConfig = DEFAULT_CONFIG, site: SiteProfile | None = None) -> Analysis:
    """Clean ``raw`` (the capture's bytes) and keep the per-line verdicts.

    ``site`` is what earlier captures taught about this capture's site (see cleaners.site).
    """
    if len(raw) > config.max_bytes:
        raise CaptureTooLarge(f"the capture is {len(raw):,} bytes, over the {config.max_bytes:,}-byte limit")
    return analyse_capture(read_capture(raw, source, max_bytes=config.max_bytes), config, site)


def analyse_capture(
    capture: Capture, config: CleanConfig = DEFAULT_CONFIG, site: SiteProfile | None = None
) -> Analysis:
    """Clean a capture already read: mark its undecided lines, then build the record once."""
    page, language = page_of(capture, config, site)
    run_steps(page, steps_for(page))
    meta = collect(page, page.span, language)
    verdicts = _verdicts(capture, page)
    article = _article(capture, page, verdicts, _with_hints(meta, capture.hints), language or capture.hints.language)
    return Analysis(article, verdicts, capture, _details(page) if page.deferred else None)


def _details(page: Page) -> Callable[[], dict[int, str]]:
    """The page's deferred reasons (:attr:`Page.deferred`) in full, by line number, of the lines
    that still hold the mark they were written for."""

    def details() -> dict[int, str]:
        full: dict[int, str] = {}
        for deferred in page.deferred:
            for i, (mark, reason) in deferred().items():
                if page.marks.get(i) is mark:
                    full[page.lines[i].number] = reason
        return full

    return details


def page_of(
    capture: Capture, config: CleanConfig = DEFAULT_CONFIG, site: SiteProfile | None = None
) -> tuple[Page, str | None]:
    """The capture's undecided lines as a page to mark, measured in its language (and that language)."""
    undecided = capture.undecided()
    declared = _declared_language(capture.hints)
    language = declared or _language([line.text for line in undecided], config)
    return _read_page(undecided, language, capture.hints, site), language


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


WARM_UP = (
    ("Warm up\n\nThe council met on Monday to discuss the bridge \u2014 and its cost.\n".encode(), "warm-up.txt"),
    (
        b"<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
        b"<p>The council met on Monday to discuss the bridge.</p></article></body></html>",
        "warm-up.html",
    ),
)
"""A text and an HTML capture (bytes, source) that take cleaning through every path it loads
something on first use (the dash: the roles features' table of non-ASCII characters)."""


@cache
def prepare() -> None:
    """Load and compile, once per process, what cleaning otherwise loads on first use: the
    line rules' regexes, the shipped models, the libraries the HTML path imports, and the
    fallback language model (:func:`cleaners.language.load_fallback`, about a second).

    A caller timing each capture (a per-capture time limit) calls this first, so a capture is
    not charged for the process's start-up; without a limit, first use loads what it needs.
    """
    prepare_line_rules()
    load_fallback()
    for raw, source in WARM_UP:
        analyse(raw, source)


def clean_capture(
    raw: bytes, source: str, config: CleanConfig = DEFAULT_CONFIG, site: SiteProfile | None = None
) -> Article:
    """Clean one capture and return its article record."""
    return analyse(raw, source, config, site).article


def _declared_language(hints: Hints) -> str | None:
    """A declared ISO 639-1 code saves identifying the language; other declarations only fill in."""
    return hints.language if hints.language and len(hints.language) == 2 else None


def _language(texts: list[str], config: CleanConfig) -> str | None:
    if not config.detect_language:
        return None
    return identify_language(texts, _long_enough)


def _long_enough(text: str) -> bool:
    """Long enough to tell the language by; its words are counted only up to the fewest that
    qualify it."""
    return len(text.split(maxsplit=_LANGUAGE_MIN_WORDS - 1)) >= _LANGUAGE_MIN_WORDS


def _read_page(numbered: list[NumberedLine], language: str | None, hints: Hints, site: SiteProfile | None) -> Page:
    stops = stopwords(language)
    lines = measure_lines(numbered, stops)
    return Page(lines, _qualities(lines, bool(stops)), hints=hints, site=site)


def _qualities(lines: list[Line], has_stoplist: bool) -> list[Quality]:
    """:func:`judge` each line; a text the page repeats is judged once (its quality is its
    text's: the measures judge reads are)."""
    judged: dict[str, Quality] = {}
    qualities: list[Quality] = []
    for line in lines:
        quality = judged.get(line.text)
        if quality is None:
            quality = judged[line.text] = judge(line, has_stoplist)
        qualities.append(quality)
    return qualities


def _verdicts(capture: Capture, page: Page) -> tuple[LineVerdict, ...]:
    """One verdict per line of the capture: the reader's decisions and the page's marks, in order."""
    marked = _page_verdicts(page)
    if not capture.decided:
        return tuple(marked)
    decided = dict(capture.decided)
    verdicts: list[LineVerdict] = []
    following = iter(marked)
    for i, line in enumerate(capture.lines):
        decision = decided.get(i)
        if decision is None:
            verdicts.append(next(following))
        elif decision.blank:
            verdicts.append(LineVerdict(line.number, line.raw, True, decision.rule, decision.reason))
        else:
            verdicts.append(LineVerdict(line.number, line.raw, False, decision.rule, decision.reason))
    return tuple(verdicts)


def _page_verdicts(page: Page) -> list[LineVerdict]:
    """The verdict on each of the page's lines, in order: kept as blank layout when no rule
    marked it, else its mark's rule and reason, kept when its role is the body's, with the
    rules it overruled. One loop without a call per line: a page has hundreds of lines."""
    marks, overruled = page.marks, page.marks.earlier
    new = tuple.__new__
    verdicts: list[LineVerdict] = []
    for i, line in enumerate(page.lines):
        mark = marks.get(i)
        if mark is None:
            verdicts.append(new(LineVerdict, (line.number, line.raw, True, BLANK.id, BLANK.reason, ())))
            continue
        earlier = tuple(m.rule for m in overruled[i]) if i in overruled else ()
        fields = (line.number, line.raw, mark.role in KEEP_ROLES, mark.rule, mark.reason, earlier)
        verdicts.append(new(LineVerdict, fields))
    return verdicts


def _with_hints(meta: Metadata, hints: Hints) -> Metadata:
    """The fields the lines did not give, from the capture's hints; figure captions and credits
    first. Measured on the corpus's HTML: the markup's authors beat bylines left in extracted
    text (trafilatura takes most out); for the date see :func:`_published`."""
    return Metadata(
        title=meta.title or hints.title,
        authors=list(hints.authors) or meta.authors,
        contributors=meta.contributors,
        publisher=meta.publisher or hints.publisher,
        published=_published(meta, hints),
        published_on_dateline=meta.published_on_dateline,
        image_captions=list(dict.fromkeys([*hints.image_captions, *meta.image_captions])),
        image_credits=list(dict.fromkeys([*hints.image_credits, *meta.image_credits])),
        editor_notes=meta.editor_notes,
        related=meta.related,
        copyright=meta.copyright or hints.copyright,
    )


def _published(meta: Metadata, hints: Hints) -> str | None:
    """The article's dateline first, then the date its markup declares, then a date the lines
    print elsewhere (a text capture declares none, so its lines decide alone).

    In extracted article text a date is mostly an event the story tells ('on 9 May ...'), an
    embedded post's or a comment's: on the corpus's HTML, 38 of the 59 dates ranked from the
    extracted lines were the article's, the markup's 328 of 377; a line the rules mark as the
    dateline ('Published 14.05.2024', a bare date under the headline) 12 of 12, where the
    markup sometimes declares the last edit or the site's build.
    """
    if meta.published_on_dateline:
        return meta.published
    return hints.published or meta.published


def _article(
    capture: Capture, page: Page, verdicts: tuple[LineVerdict, ...], meta: Metadata, language: str | None
) -> Article:
    kept = [i for i, m in sorted(page.marks.items()) if m.role in KEEP_ROLES]
    text = "\n\n".join(page.lines[i].text for i in kept)
    removed, kept_raw = _trace(page, kept, verdicts)
    return Article(
        id=capture.id,
        source=capture.source,
        sha256=capture.sha256,
        kind=capture.kind,
        encoding=capture.encoding,
        url=capture.hints.url,
        fetched=capture.hints.fetched,
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
        word_count=_word_count(page, kept),
        removed=removed,
        repairs=list(capture.repairs),
        line_count=len(capture.lines),
        kept_lines=[page.lines[i].number for i in kept],
        kept_raw=kept_raw,
        cleaner_version=__version__,
    )


def _word_count(page: Page, kept: list[int]) -> int:
    """The body's words (``\\w+`` runs), line by line (no run spans the blank line between
    paragraphs)."""
    lines = page.lines
    return sum(word_runs(lines[i]) for i in kept)


def _trace(page: Page, kept: list[int], verdicts: tuple[LineVerdict, ...]) -> tuple[list[Removal], list[TraceLine]]:
    """The removal trace and ``kept_raw``, from one look at each verdict.

    Removed: the lines not kept that hold more than white space. ``kept_raw``: the others
    (kept lines, and blank lines) that the body does not give back exactly: kept lines whose
    markup or white space the body folds, and blank lines that are not empty.

    Each is built from plain values in one call: pydantic-core builds a page's many removals
    several times faster than a model_construct each.
    """
    shown = {page.lines[i].number: page.lines[i].text for i in kept}
    removed: list[dict[str, object]] = []
    folded: list[dict[str, object]] = []
    for number, text, was_kept, rule, _reason, _earlier in verdicts:
        if not was_kept and text.strip():
            removed.append({"line": number, "text": text, "rule": rule})
        elif text != shown.get(number, ""):
            folded.append({"line": number, "text": text})
    return _REMOVALS.validate_python(removed), _TRACE_LINES.validate_python(folded)


__all__ = [
    "Analysis",
    "LineVerdict",
    "Mark",
    "Quality",
    "analyse",
    "analyse_capture",
    "clean_capture",
    "no_article_reason",
]
