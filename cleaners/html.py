"""HTML extraction: trafilatura picks the article's blocks; the page's markup gives the rest.

The pieces the HTML reader (:mod:`cleaners.read.html`) puts together:

1. **Decode** with the charset the server sent or the page declares (``<meta charset>`` or
   the http-equiv content type) when the bytes decode cleanly with it, else as any capture
   (:func:`cleaners.decode.decode_capture`: BOM, UTF-8, charset detection).
2. **Parse** once with lxml (no network, no external entities; trafilatura's own parser).
   From the tree: the captions and credits of ``<figure>``/``<figcaption>`` markup
   (:func:`figures`) and the page's visible text blocks (:func:`visible_blocks`).
3. **Extract** the main text with trafilatura (its full extraction, fallbacks included),
   comments off, one paragraph per line.
   Lines that are a figure's caption or credit are taken out (rule ``html.figcaption``).
4. **Read the markup's metadata** (:func:`page_meta`: its declared metadata first,
   :mod:`cleaners.hints`: JSON-LD, OpenGraph/meta, ``lang``; then trafilatura's readers and
   htmldate for the fields it leaves empty) and the footer's copyright line (:func:`footer_copyright`).

Nothing here builds an article: the reader turns this into a Capture (two sections of lines,
the second decided by the reader, and hints), and :mod:`cleaners.clean` builds the record
from it once, as for any capture. Detection (:func:`is_html`) lives in :mod:`cleaners.sniff`.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass, field

from lxml.etree import ErrorTypes, ParserError, tostring  # type: ignore[import-untyped]
from lxml.html import HtmlElement, HTMLParser, document_fromstring  # type: ignore[import-untyped]

from cleaners.context import split_caption_credit
from cleaners.decode import Decoded, decode_capture
from cleaners.errors import MalformedCapture, UndecodableCapture
from cleaners.hints import page_hints, split_authors
from cleaners.rules import LINE_RULES
from cleaners.sniff import is_html

__all__ = ["is_html"]  # sniffing moved to cleaners.sniff; this name stays for callers

_CHARSET_BYTES = 4096
# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">, <?xml encoding="x"?>
_DECLARED_CHARSET = re.compile(
    rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)",
    re.IGNORECASE,
)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do pages that declare them.
_WINDOWS_1252_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"})

# Innermost block elements: their text is one visible block of the page.
BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "blockquote", "pre", "figcaption"}
    | {"caption", "div", "section", "article", "aside", "header", "footer", "nav", "main", "form", "address"}
    | {"ul", "ol", "dl", "table", "tr", "figure", "summary", "details", "button", "label", "option"}
)
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head", "select"})
# A figcaption's last part is its credit when it is this short: 'JANE ROE (EL PAÍS)', 'Getty Images'.
CREDIT_MAX_WORDS = 8
_CREDIT_CLASS = re.compile(r"credit|byline|copyright|source|author|photographer|rights", re.IGNORECASE)
_PHOTO_CREDIT = re.compile(
    r"^(?P<caption>.*?)\s*(?:\b(?:photo|photograph|image|picture|foto|bild|credit|crédit|crédito|фото)s?"
    r"(?:\s+by)?\s?:\s?|©\s?)(?P<credit>[^:©]{2,80})$",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_AUTHOR_SEPARATOR = re.compile(r"\s*;\s*")


@dataclass(frozen=True)
class HtmlSettings:
    """How trafilatura is asked to read a page (explicit and frozen, like :class:`CleanConfig`)."""

    favor_precision: bool = False
    """trafilatura's precision mode: less text, more sure (presswash's rules do the trimming)."""
    favor_recall: bool = False
    """trafilatura's recall mode: more text, less sure."""
    include_tables: bool = True
    fast: bool = False
    """Skip trafilatura's second opinions (its readability and jusText fallbacks). Off: on the
    corpus's HTML the fallbacks recover text the fast path never keeps (trafilatura alone, body F1
    over the gold pages 0.956 fast, 0.960 full; goose3's pages 0.811 against 0.950)."""


DEFAULT_HTML_SETTINGS = HtmlSettings()


@dataclass(frozen=True)
class Figure:
    """An image's caption and credit, as the page's ``<figcaption>`` marks them up."""

    caption: str | None
    credit: str | None


@dataclass(frozen=True)
class PageMeta:
    """What the page's markup says about the article (trafilatura's metadata)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    publisher: str | None = None
    language: str | None = None


@dataclass
class Extraction:
    """A page read: the text for the text path and the blocks and metadata around it."""

    title: str | None
    paragraphs: list[str]
    figures: list[Figure]
    dropped: list[str] = field(default_factory=list)
    """Visible blocks trafilatura did not keep, in page order."""
    blocks: list[str] = field(default_factory=list)
    """Every visible block of the page, in page order."""
    figure_lines: list[str] = field(default_factory=list)
    """Caption and credit lines taken out of trafilatura's text."""
    headlines: list[str] = field(default_factory=list)
    """The page's <h1> texts: trafilatura often keeps the headline as its first line."""
    meta: PageMeta = PageMeta()


def declared_charset(raw: bytes) -> str | None:
    """The charset the page declares up front, as a Python codec name; ``None`` if none or unknown.

    >>> declared_charset(b'<html><head><meta charset="windows-1251">')
    'cp1251'
    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    'cp1252'
    >>> declared_charset(b'<meta charset="klingon">') is None
    True
    """
    found = _DECLARED_CHARSET.search(raw[:_CHARSET_BYTES])
    if found is None:
        return None
    return _codec((found[1] or found[2]).decode("ascii"))


def _codec(label: str) -> str | None:
    """A charset label as a Python codec name, as browsers read it; ``None`` if unknown."""
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        label = "windows-1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(raw: bytes, charset: str | None = None) -> Decoded:
    """Decode a page: a BOM wins, then the charset the server sent (``charset``, from the HTTP
    ``Content-Type``) or else the one the page declares, if the bytes fit it, then detection.

    >>> decode_html('<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251"))
    Decoded(text='<meta charset="windows-1251"><p>Привет</p>', encoding='cp1251')
    >>> decode_html('<meta charset="windows-1251"><p>Grüße</p>'.encode("utf-8")).encoding
    'utf-8'
    """
    declared = _codec(charset) if charset else declared_charset(raw)
    if declared is None or raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_capture(raw)
    try:
        text = raw.decode(declared)
    except UnicodeDecodeError:
        return decode_capture(raw)
    if declared != "utf-8" and _looks_utf8(raw):
        # A page re-saved as UTF-8 that still declares its old code page: text in a legacy
        # code page is almost never also valid UTF-8 with non-ASCII characters.
        return decode_capture(raw)
    return Decoded(text, declared)


def _looks_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not raw.isascii()


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# libxml2 reads HTML up to 255 levels of nesting and text nodes up to 10 MB; past either it
# stops and silently drops the rest of the page, leaving only a 'resource limit' in its log.
HTML_MAX_DEPTH = 255
HTML_MAX_TEXT = 10_000_000
# lxml parsers must not be shared between threads (the flows clean batches in a thread pool).
_LOCAL = threading.local()
_RESOURCE_LIMIT = [ErrorTypes.ERR_RESOURCE_LIMIT]


def _parser() -> HTMLParser:
    """This thread's parser, with trafilatura's settings; it never fetches DTDs or entities."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = HTMLParser(
            collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True, no_network=True
        )
        _LOCAL.parser = parser
    return parser


def parse_page(text: str) -> HtmlElement:
    """Parse a decoded page (an XML declaration is dropped: the text is decoded already).

    >>> parse_page("<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>").tag
    'html'
    >>> parse_page("<html><body>" + "<div>" * 300 + "text</body></html>")
    Traceback (most recent call last):
    cleaners.errors.MalformedCapture: the page's HTML is nested more than 255 levels deep, where the HTML parser ...
    """
    parser = _parser()
    try:
        tree = document_fromstring(_XML_DECLARATION.sub("", text, count=1), parser=parser)
    except ParserError as err:
        raise UndecodableCapture(f"the capture looks like HTML but does not parse: {err}") from err
    for entry in parser.error_log.filter_types(_RESOURCE_LIMIT):
        raise MalformedCapture(_past_limits(entry.message))
    return tree


def _past_limits(message: str) -> str:
    if "depth" in message.lower():
        limit = f"is nested more than {HTML_MAX_DEPTH} levels deep, where the HTML parser stops reading"
    else:
        limit = f"holds a text of over {HTML_MAX_TEXT:,} bytes in one piece, past the HTML parser's limit"
    return f"the page's HTML {limit}: cleaning it would silently lose the rest of the page"


def _all_text(element: HtmlElement) -> str:
    """An element's text, all of it (its own and its descendants', no tail), white space folded.

    Serialised as text in C: the same string as joining ``itertext()``, in under a third of
    the time, and faster than an XPath ``string()`` call.
    """
    return " ".join(tostring(element, method="text", encoding=str, with_tail=False).split())


def block_text(element: HtmlElement) -> str:
    """An element's visible text, white space folded.

    >>> from lxml.html import fragment_fromstring
    >>> block_text(fragment_fromstring("<p>One <b>two</b><script>x()</script>\\n three</p>"))
    'One two three'
    """
    if next(element.iter(*INVISIBLE_TAGS), None) is None:
        return _all_text(element)
    return _visible_text(element)


def _visible_text(element: HtmlElement) -> str:
    """The text of an element that holds invisible ones (a script, a style): theirs left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in INVISIBLE_TAGS:
            parts.append(block_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def visible_blocks(tree: HtmlElement) -> list[str]:
    """The text of each innermost block element of the page's body, in page order.

    An element is innermost when no visible block element lies under it (a block hidden in a
    script or an svg does not count); blocks without text still count as blocks. One pass over
    the page marks every visible block's ancestors, instead of a recursive walk of each element;
    another marks the few elements that hold an invisible one, whose text is read child by child.

    >>> from lxml.html import document_fromstring as d
    >>> visible_blocks(d("<html><body><div><p>One</p><p> </p><span>two</span></div><li>Three</li></body></html>"))
    ['One', 'Three']
    """
    body = tree.find("body")
    root = tree if body is None else body
    invisible = list(root.iter(*INVISIBLE_TAGS))
    # Sets of elements, not of id(): lxml hands out the same proxy for a node only while one is alive.
    hidden = {e for element in invisible for e in element.iter()}
    blocks = [e for e in root.iter(*BLOCK_TAGS) if e is not root and e not in hidden]
    outer = _ancestors(blocks, root)
    holding = _ancestors(invisible, root)
    texts = (_visible_text(e) if e in holding else _all_text(e) for e in blocks if e not in outer)
    return [text for text in texts if text]


def _ancestors(elements: list[HtmlElement], root: HtmlElement) -> set[HtmlElement]:
    """Every ancestor of ``elements`` below ``root`` (each walk stops where an earlier one passed)."""
    found: set[HtmlElement] = set()
    for element in elements:
        parent = element.getparent()
        while parent is not None and parent is not root and parent not in found:
            found.add(parent)
            parent = parent.getparent()
    return found


def figures(tree: HtmlElement) -> list[Figure]:
    """Caption and credit of every ``<figcaption>`` (credit in its own element or at its end)."""
    found = [figure_of(caption) for caption in tree.iter("figcaption")]
    return [f for f in found if f.caption or f.credit]


def figure_of(figcaption: HtmlElement) -> Figure:
    """Split one figcaption into caption and credit.

    >>> from lxml.html import fragment_fromstring as f
    >>> figure_of(f('<figcaption>Rain. <span class="credit">(Jo Li for The Ledger)</span></figcaption>'))
    Figure(caption='Rain.', credit='Jo Li for The Ledger')
    >>> figure_of(f("<figcaption><span>Boats in the bay.</span><span>ANA RÍOS (EL DIARIO)</span></figcaption>"))
    Figure(caption='Boats in the bay.', credit='ANA RÍOS (EL DIARIO)')
    >>> figure_of(f("<figcaption>The pier at dawn. Photo: Sam Ortiz</figcaption>"))
    Figure(caption='The pier at dawn.', credit='Sam Ortiz')
    """
    text = block_text(figcaption)
    credit_part = _credit_element(figcaption)
    if credit_part is not None:
        credit = block_text(credit_part)
        caption = text.replace(credit, "").strip()
        return Figure(caption or None, _unwrap(credit) or None)
    return Figure(*split_credit(text))


def _unwrap(credit: str) -> str:
    """'(Jo Li for The Ledger)' -> 'Jo Li for The Ledger'; 'ANA RÍOS (EL DIARIO)' stays."""
    credit = credit.strip()
    return credit[1:-1].strip() if credit.startswith("(") and credit.endswith(")") else credit


def _credit_element(figcaption: HtmlElement) -> HtmlElement | None:
    """The child that holds the credit: one classed or tagged as such, or the last of several
    text-bearing children when it is short and not a sentence."""
    parts = [c for c in figcaption if isinstance(c.tag, str) and block_text(c)]
    for part in parts:
        if part.tag == "cite" or _CREDIT_CLASS.search(part.get("class", "")):
            return part
    if len(parts) >= 2 and not (figcaption.text or "").strip():
        last = block_text(parts[-1])
        if len(last.split()) <= CREDIT_MAX_WORDS and not last.endswith("."):
            return parts[-1]
    return None


def split_credit(text: str) -> tuple[str | None, str | None]:
    """A caption's text into caption and credit ('... (X/AP)', '... Photo: X', '... © X').

    >>> split_credit("Rain over the harbour. (Asha Patel/Reuters)")
    ('Rain over the harbour.', 'Asha Patel/Reuters')
    >>> split_credit("Rain over the harbour.")
    ('Rain over the harbour.', None)
    """
    split = split_caption_credit(text)
    if split:
        return split
    labelled = _PHOTO_CREDIT.match(text)
    if labelled and len(labelled["credit"].split()) <= CREDIT_MAX_WORDS:
        return labelled["caption"].strip() or None, labelled["credit"].strip()
    return text or None, None


def page_meta(tree: HtmlElement, charset: str | None = None) -> PageMeta:
    """What the page's markup says (:func:`cleaners.hints.page_hints`), then trafilatura's
    readers for what it leaves out: its reading of the same tags (it also mends broken
    JSON-LD), its byline search, its site-name reader and htmldate's extensive date search.

    The readers run only for a field the hints leave empty: they cost more than the rest of
    the HTML path's own reading, and where a page declares a date, htmldate finds the same
    one (on the corpus's HTML, 228 of 255 right against 227 for the declared date).

    The last read of the tree: the byline search prunes it in place (:func:`_searched_authors`).
    """
    hints = page_hints(tree, charset)
    published = hints.published or published_date(tree)
    doc = None if hints.title and hints.authors and hints.publisher else _trafilatura_meta(tree)
    authors = hints.authors or (doc.authors if doc else ())
    publisher = hints.publisher or (doc.publisher if doc else None)
    title = hints.title or (doc.title if doc else None)
    return PageMeta(title or None, authors, published, publisher, hints.language)


def _trafilatura_meta(tree: HtmlElement) -> PageMeta:
    """trafilatura's title, authors and site name (its byline search only when no tag names
    one, and last: it prunes the tree)."""
    from trafilatura import metadata as readers

    doc = readers.examine_meta(tree)
    if doc.author and " " not in doc.author:
        doc.author = None  # a handle or a one-word site name, as trafilatura's own check
    doc = readers.extract_meta_json(tree, doc)
    title = doc.title or readers.extract_title(tree) or None
    sitename = (doc.sitename or readers.extract_sitename(tree) or "").lstrip("@") or None
    authors = _byline_authors(doc.author) or _byline_authors(_searched_authors(tree))
    return PageMeta(title, authors, None, sitename)


def _searched_authors(tree: HtmlElement) -> str | None:
    """trafilatura's byline search (``trafilatura.metadata.extract_author``, step for step) on
    the tree itself instead of a deep copy of it: the tree's last reader calls it, so the
    sections it prunes are not missed, and the copy was a sixth of the search's time (2 of
    14 ms a page on the corpus's HTML). tests/test_html.py checks it against trafilatura's."""
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.metadata import extract_metainfo
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    author = extract_metainfo(prune_unwanted_nodes(tree, AUTHOR_DISCARD_XPATHS), AUTHOR_XPATHS, len_limit=120)
    return normalize_authors(None, author) if author else None


def published_date(tree: HtmlElement) -> str | None:
    """htmldate's reading of the page's publication date, with trafilatura's settings."""
    from htmldate import find_date
    from trafilatura.metadata import extract_url, set_date_params  # type: ignore[attr-defined]

    return find_date(tree, **{**set_date_params(True), "url": extract_url(tree)}) or None


def _byline_authors(author: str | None) -> tuple[str, ...]:
    """trafilatura's ';'-joined names, each without a byline label ('Author: Jo Li')."""
    names = (split_authors(a, min_words=1) for a in _AUTHOR_SEPARATOR.split(author or "") if a)
    return tuple(dict.fromkeys(n for found in names for n in found))


def extract_paragraphs(tree: HtmlElement, settings: HtmlSettings) -> list[str]:
    """trafilatura's main text, comments off: one paragraph per line."""
    from trafilatura import bare_extraction

    doc = bare_extraction(
        tree,
        include_comments=False,
        favor_precision=settings.favor_precision,
        favor_recall=settings.favor_recall,
        include_tables=settings.include_tables,
        with_metadata=False,
        fast=settings.fast,
    )
    text = getattr(doc, "text", None) or ""
    return [p for p in (_SPACE.sub(" ", line).strip() for line in text.split("\n")) if p]


def read_page(text: str, settings: HtmlSettings = DEFAULT_HTML_SETTINGS, charset: str | None = None) -> Extraction:
    """Parse the page and read everything off it: paragraphs, figures, dropped blocks, metadata."""
    tree = parse_page(text)
    page_figures = figures(tree)
    blocks = visible_blocks(tree)
    headlines = [block_text(h) for h in tree.iter("h1")]
    paragraphs = extract_paragraphs(tree, settings)
    meta = page_meta(tree, charset)  # last: it prunes the tree
    figure_texts = {t for f in page_figures for t in (f.caption, f.credit, _joined(f)) if t}
    extraction = Extraction(_headline(meta.title, headlines), [], page_figures, headlines=headlines, meta=meta)
    for line in paragraphs:
        (extraction.figure_lines if _strip_credit_parens(line) in figure_texts else extraction.paragraphs).append(line)
    extraction.dropped = dropped_blocks(blocks, paragraphs)
    extraction.blocks = blocks
    return extraction


def dropped_blocks(blocks: list[str], paragraphs: list[str]) -> list[str]:
    """The blocks not found in the kept paragraphs (whole words, white space folded).

    >>> dropped_blocks(["Home", "Rain fell.", "It fell"], ["Rain fell. It fell all day."])
    ['Home']
    """
    kept = f" {' '.join(paragraphs)} "
    words = frozenset(kept.split())
    # A block inside the text starts with one of its words: most chrome fails that cheaply.
    return [b for b in blocks if b.split(" ", 1)[0] not in words or f" {b} " not in kept]


def _headline(title: str | None, headlines: list[str]) -> str | None:
    """The <h1> when the page title is it plus the site's name ('Headline - Site'), else the title.

    >>> _headline("Rain ends drought - The Ledger", ["Rain ends drought"])
    'Rain ends drought'
    """
    if title:
        for headline in headlines:
            if headline and title.startswith(headline):
                return headline
    return title or next((h for h in headlines if h), None)


def _joined(figure: Figure) -> str:
    return " ".join(t for t in (figure.caption, figure.credit) if t)


def _strip_credit_parens(line: str) -> str:
    return line.strip("() ")


# The page's copyright line is in its footer: among the last blocks trafilatura dropped.
FOOTER_BLOCKS = 40
_COPYRIGHT = next(rule for rule in LINE_RULES if rule.id == "footer.copyright")


def footer_copyright(dropped: list[str]) -> str | None:
    """The last copyright line among the page's closing blocks (presswash's copyright rule).

    >>> footer_copyright(["© 2024 The Valley Ledger. All rights reserved.", "Privacy policy"])
    '© 2024 The Valley Ledger. All rights reserved.'
    """
    for block in reversed(dropped[-FOOTER_BLOCKS:]):
        lowered = block.lower()
        if len(block.split()) > _COPYRIGHT.max_words or not _COPYRIGHT.triggered(lowered, frozenset(lowered.split())):
            continue
        if _COPYRIGHT.regex.fullmatch(block):
            return block
    return None
