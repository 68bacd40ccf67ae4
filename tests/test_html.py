"""HTML captures (golden files in tests/test_goldens.py): the figure caption and credit, chrome that must
not reach the body, the declared charset, the trace, and no network."""

from __future__ import annotations

import codecs
import socket
from pathlib import Path
from typing import Any

import pytest

from cleaners import analyse
from cleaners.html import decode_html, is_html

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures" / "html").glob("*.html"))
NEWS = ROOT / "fixtures" / "html" / "harbour_news.html"
CP1251 = ROOT / "fixtures" / "html" / "river_station_cp1251.html"
# Markers planted in the fixture's scripts, styles, comments and footer.
MUST_NOT_SHOW = (
    "SCRIPT-TEXT-MUST-NOT-SHOW",
    "STYLE-TEXT-MUST-NOT-SHOW",
    "INLINE-SCRIPT-MUST-NOT-SHOW",
    "COMMENT-TEXT-MUST-NOT-SHOW",
    "FOOTER-TEXT-MUST-NOT-SHOW",
    "Skip to content",
    "Obituaries and notices",
    "County weighs a bridge study",
    "Leave a comment",
    "Read more:",
    "Tomasz Ferreira",
    "Sam Whitford",
)


def _record(path: Path) -> dict[str, Any]:
    return analyse(path.read_bytes(), path.name).article.model_dump(mode="json")


def test_figure_caption_and_credit() -> None:
    record = _record(NEWS)
    assert record["image_captions"] == ["The Northern Light ferry at its berth in Kessock Bay on Sunday."]
    assert record["image_credits"] == ["Tomasz Ferreira for The Valley Ledger"]
    cyrillic = _record(CP1251)
    assert cyrillic["image_credits"] == ["Пётр Лаптев"]


def test_chrome_is_not_body() -> None:
    text = _record(NEWS)["text"]
    for chrome in MUST_NOT_SHOW:
        assert chrome not in text, chrome
    assert text.startswith("KESSOCK BAY — The harbour ferry")
    assert "A fragile link" in text  # a subheading between paragraphs stays
    assert text.rstrip().endswith("extra sailings on market days.")


def test_metadata_from_markup_and_text() -> None:
    record = _record(NEWS)
    assert record["kind"] == "html"
    assert record["title"] == "Harbour ferry returns after a winter of repairs"
    assert record["authors"] == ["Priya Lindqvist"]
    assert record["contributors"] == ["Sam Whitford"]
    assert record["publisher"] == "The Valley Ledger"
    assert record["published"] == "2024-03-18"
    assert record["language"] == "en"
    assert record["copyright"] == "© 2024 The Valley Ledger. All rights reserved."
    assert record["headings"] == ["A fragile link"]


def test_trace_names_trafilatura_and_presswash() -> None:
    rules = {r["rule"] for r in _record(NEWS)["removed"]}
    assert {"html.title", "html.trafilatura", "contributors.contributed"} <= rules
    dropped = {r["text"] for r in _record(NEWS)["removed"] if r["rule"] == "html.trafilatura"}
    assert "© 2024 The Valley Ledger. All rights reserved." in dropped
    assert not any("MUST-NOT-SHOW" in t and "SCRIPT" in t for t in dropped)  # scripts are not visible text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_trace_replays_normalised(page: Path) -> None:
    analysis = analyse(page.read_bytes(), page.name)
    assert "\n".join(v.text for v in analysis.verdicts) == analysis.normalised
    assert [v.number for v in analysis.verdicts] == list(range(1, len(analysis.verdicts) + 1))
    removed = [(r.line, r.text) for r in analysis.article.removed]
    assert removed == [(v.number, v.text) for v in analysis.verdicts if not v.kept and v.text]


def test_declared_charset_is_honoured() -> None:
    raw = CP1251.read_bytes()
    raw.decode("cp1251")  # the fixture really is windows-1251
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    record = _record(CP1251)
    assert record["encoding"] == "cp1251"
    assert record["language"] == "ru"
    assert "Новый речной вокзал открылся во вторник" in record["text"]
    assert record["publisher"] == "Вестник Приречья"


def test_a_wrong_declaration_falls_back_to_detection() -> None:
    raw = '<html><head><meta charset="utf-8"></head><body><p>Grüße</p></body></html>'.encode("cp1252")
    assert decode_html(raw).text.endswith("<p>Grüße</p></body></html>")


@pytest.mark.parametrize(
    "raw",
    [
        codecs.BOM_UTF8 + b"<!DOCTYPE html><html><body>x</body></html>",
        codecs.BOM_UTF16_LE + "<html><body>x</body></html>".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "<!doctype html><html></html>".encode("utf-16-be"),
        b"<?xml version='1.0' encoding='utf-8'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>",
    ],
    ids=["utf8-bom", "utf16-le", "utf16-be", "xhtml"],
)
def test_is_html_with_boms_and_declarations(raw: bytes) -> None:
    assert is_html(raw)


def test_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura
    import trafilatura.downloads

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the HTML path touched the network")

    for name in ("fetch_url", "fetch_response"):
        monkeypatch.setattr(trafilatura.downloads, name, refuse)
        monkeypatch.setattr(trafilatura, name, refuse, raising=False)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for page in PAGES:
        assert _record(page)["text"]


@pytest.mark.parametrize(
    "raw",
    [
        b"<br />\n<b>Deprecated</b>: Assigning the return value of new by reference in <b>/srv/x.php</b><br />\n"
        b"<!DOCTYPE html><html><head><title>T</title></head><body><p>x</p></body></html>",
        b"<script src='/head.js'></script><style>.x{}</style><html><head></head><body><p>x</p></body></html>",
        b'\t<meta property="og:title" content="T" />\n<title>T</title></head><body><p>x</p></body></html>',
    ],
    ids=["php-warnings", "script-first", "meta-first"],
)
def test_is_html_after_junk_before_the_markup(raw: bytes) -> None:
    assert is_html(raw)


@pytest.mark.parametrize(
    "raw",
    [b"<b>Rain</b> over the harbour\nThe ferry sailed at noon.\n", b"<title>Rain</title>\nThe ferry sailed at noon.\n"],
    ids=["bold-first", "title-tag-first"],
)
def test_text_captures_with_stray_tags_stay_text(raw: bytes) -> None:
    assert not is_html(raw)


def test_block_text_reads_all_text_as_itertext() -> None:
    """block_text reads an element's text in C; the same as joining itertext, tails included."""
    from lxml.html import fragment_fromstring

    from cleaners.html import block_text

    element = fragment_fromstring("<div>One <b>two <i>three</i> four</b> five&amp;six<br>seven</div>")
    assert block_text(element) == " ".join("".join(element.itertext()).split()) == "One two three four five&sixseven"


# Which date wins on an HTML page: the article's dateline, then the markup, then other lines.
_STORY = (
    "<p>The harbour ferry returned to service this week after a winter in the dry dock at Kessock, "
    "its owners said, with a new engine and a repainted hull that crews spent months preparing.</p>"
    "<p>Passengers queued from early morning on the slipway, many of them commuters who had spent the "
    "winter on a long detour by road around the head of the firth and back again each evening.</p>"
    "<p>The operator said timetables would return to the summer pattern next month, with extra "
    "sailings on market days and a late crossing on Fridays for the rest of the season.</p>"
)
_DECLARED = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-18T08:00:00Z"}</script>'
)


def _dated_page(head: str, top: str) -> bytes:
    return (
        f"<html lang='en'><head><title>Ferry returns</title>{head}</head><body><article>"
        f"<h1>Harbour ferry returns after a winter of repairs</h1>{top}{_STORY}</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("head", "top", "published"),
    [
        # A date the story tells (an event, a quoted post) is not the article's: the markup's wins.
        (_DECLARED, "<p>Vote on 9 May 2021</p>", "2024-03-18"),
        (_DECLARED, "<p>— Harbour Trust (@harbourtrust) May 9, 2021</p>", "2024-03-18"),
        # The dateline the page prints under the headline wins over the markup (which may declare
        # the last edit or the site's build).
        (_DECLARED, "<p>Published 14 March 2024</p>", "2024-03-14"),
        (_DECLARED, "<p>14.03.2024</p>", "2024-03-14"),
        # Without markup the lines decide alone, as on a text capture.
        ("", "<p>Published 14 March 2024</p>", "2024-03-14"),
        ("", "<p>Vote on 9 May 2021</p>", "2021-05-09"),
    ],
    ids=["event-line", "embedded-post", "dateline", "bare-dateline", "dateline-no-markup", "event-no-markup"],
)
def test_published_precedence(head: str, top: str, published: str) -> None:
    assert analyse(_dated_page(head, top), "dated.html").article.published == published


_BYLINES = (
    '<div class="byline"><span class="author">By Jo Rivers and Sam Tallis</span></div>',
    '<p class="meta-date">4 May</p><a rel="author" href="/staff/ines">Inés Marlowe</a>',
    '<div class="comments"><span class="author">A commenter</span></div><span itemprop="author">Ola Brekke</span>',
    "<p>No byline on this page at all.</p>",
)


@pytest.mark.parametrize("byline", _BYLINES, ids=["class", "rel", "pruned-comments", "none"])
def test_byline_search_on_the_tree_is_trafilaturas(byline: str) -> None:
    """The HTML path's byline search prunes the tree in place instead of a copy: the same names
    as trafilatura's ``extract_author``, which prunes a deep copy and leaves the page whole."""
    from lxml.html import document_fromstring
    from trafilatura.metadata import extract_author

    from cleaners.html import _searched_authors

    page = f"<html><body><article><h1>Ferry returns</h1>{byline}{_STORY}</article></body></html>"
    assert _searched_authors(document_fromstring(page)) == extract_author(document_fromstring(page))
