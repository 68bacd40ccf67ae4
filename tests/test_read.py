"""Readers: every input kind becomes one Capture, and the record replays the capture on its own."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cleaners import analyse
from cleaners.clean import analyse_capture
from cleaners.decode import decode_capture
from cleaners.explain import render_explain
from cleaners.lines import measure
from cleaners.page import Page
from cleaners.quality import judge
from cleaners.read import Unread, read_capture, read_captures
from cleaners.record import Article, replay
from cleaners.repair import DOCUMENT_REPAIRS, LINE_REPAIRS, line_repairs
from cleaners.site import capture_lines, site_lines
from cleaners.sniff import is_html
from cleaners.steps import TEXT_STEPS, Step, run_steps
from flows.pipeline.writer import record_json

ROOT = Path(__file__).resolve().parent.parent
PINNED = sorted((ROOT / "fixtures").glob("*/*.txt")) + sorted((ROOT / "fixtures" / "html").glob("*.html"))
DEVSET_HTML = ROOT.parent / "shared" / "devset" / "html"

BODY = (
    "The ferry across the lake will not run until the autumn, the town said on Tuesday, because its "
    "engine needs a part that has to be made by hand in a workshop on the far shore."
)


def page(title: str, body: str = BODY, charset: str = "utf-8") -> str:
    """An invented news page: a menu, a headline, two paragraphs, a footer."""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>{title} - The Lake Post</title>'
        f"</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>"
        f"<p>{body}</p><p>{body.replace('ferry', 'small boat')}</p></article>"
        "<footer><p>© 2024 The Lake Post. All rights reserved.</p></footer></body></html>"
    )


# --- The record replays the capture -------------------------------------------------------


@pytest.mark.parametrize("capture", PINNED, ids=lambda p: p.stem)
def test_the_serialized_record_replays_the_normalised_capture(capture: Path) -> None:
    """From the record's JSON alone, kept plus removed lines in order give the normalised capture."""
    analysis = analyse(capture.read_bytes(), capture.name)
    record = Article.model_validate(json.loads(record_json(analysis.article)))
    assert replay(record) == analysis.normalised


@pytest.mark.parametrize("capture", sorted((ROOT / "fixtures").glob("*/*.txt")), ids=lambda p: p.stem)
def test_the_repairs_list_replays_in_order(capture: Path) -> None:
    """The document repairs named in the record, applied in order to the decoded bytes, give the
    normalised capture; the line repairs named are those its lines need, in the order applied."""
    analysis = analyse(capture.read_bytes(), capture.name)
    record = Article.model_validate(json.loads(record_json(analysis.article)))
    repairs = dict(DOCUMENT_REPAIRS)
    text = decode_capture(capture.read_bytes()).text
    document = [name for name in record.repairs if name in repairs]
    for name in document:
        text = repairs[name](text)
    assert text == replay(record)
    line_names = record.repairs[len(document) :]
    assert line_names == [n for n in LINE_REPAIRS if any(n in line_repairs(raw) for raw in text.split("\n"))]


def test_a_kept_line_with_markup_replays_from_kept_raw() -> None:
    raw = f"Lake news\n\n<p>{BODY}</p>\n   \n{BODY.replace('ferry', 'bus')} &amp; more\n".encode()
    record = analyse(raw, "a.txt").article
    assert record.kept_raw and replay(record) == raw.decode()


# --- Sniffing and text ------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefix",
    [
        "<br />\n<b>Warning</b>:  Undefined variable $x in <b>/srv/www/index.php</b> on line <b>3</b><br />\n",
        "Deprecated: Function split() is deprecated in /srv/www/lib.php on line 12\n" * 12,
        "<script>window.dataLayer = window.dataLayer || [];</script>\n",
        "<style>body { margin: 0 }</style>",
        '<meta name="viewport" content="width=device-width">\n',
    ],
    ids=["php_warning", "many_php_notices", "script", "style", "meta"],
)
def test_junk_before_the_document_still_reads_as_html(prefix: str) -> None:
    raw = (prefix + page("Ferry stops until autumn")).encode()
    assert is_html(raw)
    assert read_capture(raw, "p.html").kind == "html"


def test_a_text_capture_mentioning_html_stays_text() -> None:
    raw = f"Lake news\n\n{BODY}\n{BODY} The page said <html> in it.\n".encode()
    assert read_capture(raw, "a.txt").kind == "text"


def test_a_capture_is_one_immutable_value() -> None:
    capture = read_capture(page("Ferry stops until autumn").encode(), "pages/ferry.html")
    assert (capture.kind, capture.id, capture.encoding) == ("html", "ferry", "utf-8")
    assert capture.hints.article_chosen and capture.hints.language == "en"
    assert capture.hints.copyright == "© 2024 The Lake Post. All rights reserved."
    assert {d.rule for _, d in capture.decided} >= {"html.trafilatura"}
    with pytest.raises(AttributeError):
        capture.kind = "text"  # type: ignore[misc]


# --- Compressed pages and WARC -------------------------------------------------------------


def test_a_gzipped_page_reads_as_the_page() -> None:
    raw = page("Ferry stops until autumn").encode()
    plain = analyse(raw, "ferry.html").article
    packed = analyse(gzip.compress(raw), "ferry.html.gz").article
    assert packed.model_dump(exclude={"source"}) == plain.model_dump(exclude={"source"})


def test_a_warc_gives_one_capture_per_html_response_with_its_url_and_date(warc_of: Any) -> None:
    pages = {f"https://lake.example/{n}": page(f"Ferry news number {n}").encode() for n in range(3)}
    captures = list(read_captures(io.BytesIO(warc_of(pages)), "crawl.warc.gz"))
    assert [c.hints.url for c in captures if not isinstance(c, Unread)] == list(pages)
    for capture, body in zip(captures, pages.values(), strict=True):
        assert not isinstance(capture, Unread)
        article = analyse_capture(capture).article
        assert article.text == analyse(body, "page.html").article.text
        assert article.url == capture.hints.url and article.fetched and article.fetched.startswith("20")


def test_the_http_charset_decides_over_the_page_declaration(warc_of: Any) -> None:
    body = page("Fähre fährt erst im Herbst", charset="utf-8").encode("cp1252")
    warc = warc_of({"https://lake.example/de": body}, content_type="text/html; charset=windows-1252")
    (capture,) = read_captures(io.BytesIO(warc), "crawl.warc")
    assert not isinstance(capture, Unread)
    title = analyse_capture(capture).article.title
    assert capture.encoding == "cp1252" and title is not None and title.startswith("Fähre")


@pytest.mark.skipif(not DEVSET_HTML.is_dir(), reason="../shared/devset is not here")
def test_a_warc_of_the_devset_pages_gives_the_pages_bodies(warc_of: Any) -> None:
    files = sorted(DEVSET_HTML.glob("*.html.gz"))[:20]
    pages = {f"https://devset.example/{f.name}": gzip.decompress(f.read_bytes()) for f in files}
    captures = list(read_captures(io.BytesIO(warc_of(pages, "text/html")), "devset.warc.gz"))
    assert len(captures) == len(pages)
    for capture, body in zip(captures, pages.values(), strict=True):
        assert not isinstance(capture, Unread)
        assert analyse_capture(capture).article.text == analyse(body, "page.html").article.text


# --- The marking pipeline ---------------------------------------------------------------------


def test_an_overruled_mark_stays_in_the_trace() -> None:
    """A credit-shaped first line is the site's name: the step that says so keeps the credit mark."""
    analysis = analyse(f"Reuters\n\nFerry stops until autumn\n\n{BODY}\n\n{BODY}\n".encode(), "a.txt")
    first = analysis.verdicts[0]
    assert (first.rule, first.earlier) == ("nav.brand", ("credit.agency",))
    assert "line 1: was credit.agency, then nav.brand" in render_explain(analysis)


def test_a_step_is_a_function_of_the_page() -> None:
    """A step can be added to the pipeline as data: here one that marks nothing changes nothing."""
    raw = f"Ferry stops until autumn\n\n{BODY}\n\n{BODY}\n".encode()
    capture = read_capture(raw, "a.txt")
    seen: list[int] = []
    watcher = Step("watch", lambda page: seen.append(len(page.lines)), ())
    page = Page([measure(n, r, t, frozenset()) for n, r, t in capture.lines], [])
    page.quality = [judge(line, False) for line in page.lines]
    run_steps(page, (*TEXT_STEPS, watcher))
    assert seen == [len(capture.lines)]
    assert all(i in page.marks for i, line in enumerate(page.lines) if not line.blank)


def test_site_learning_counts_the_lines_the_capture_is_cleaned_with() -> None:
    """The counting pass (from bytes) and the fingerprint (from the Capture) see the same lines."""
    for raw, name in (
        (page("Ferry stops until autumn").encode(), "a.html"),
        (gzip.compress(page("Ferry stops until autumn").encode()), "a.html.gz"),
        (f"Menu\n\nFerry stops\n\n{BODY}\nMenu\n".encode(), "a.txt"),
    ):
        assert capture_lines(raw) == site_lines(read_capture(raw, name))


def test_a_bad_record_does_not_stop_the_archive(warc_of: Any) -> None:
    """A record over the size limit comes as Unread; an image holds no capture; the page after is read."""
    warc = warc_of({"https://lake.example/a": page("Ferry news").encode()})
    image = warc_of({"https://lake.example/b.png": b"\x89PNG\r\n\x1a\n"}, content_type="image/png")
    huge = warc_of({"https://lake.example/c": page("Ferry news " + "word " * 3000).encode()})
    read = list(read_captures(io.BytesIO(huge + image + warc), "crawl.warc.gz", max_bytes=10_000))
    assert isinstance(read[0], Unread) and "limit" in str(read[0].error)
    assert [c.hints.url for c in read[1:] if not isinstance(c, Unread)] == ["https://lake.example/a"]


def test_a_plain_stream_is_one_capture() -> None:
    (capture,) = read_captures(io.BytesIO(f"Ferry stops\n\n{BODY}\n".encode()), "notes/ferry.txt")
    assert not isinstance(capture, Unread) and (capture.kind, capture.id) == ("text", "ferry")


def test_ftfy_is_loaded_only_for_a_capture_that_needs_repair(fresh_python: Callable[[str], str]) -> None:
    """ASCII or NFC text without a mojibake hint never asks ftfy (whose import is a tenth of a
    second of every short command); a mis-decoded capture loads it and is repaired."""
    damaged = "l\u00e2\u20ac\u2122ispezione \u00c3\u00a8 finita."  # UTF-8 read as cp1252
    script = (
        "import sys; from cleaners import analyse\n"
        "plain = analyse('The pier \u2014 closed on Tuesday.\\n'.encode(), 'a.txt')\n"
        "before = 'ftfy' in sys.modules\n"
        f"damaged = analyse({damaged!r}.encode(), 'b.txt')\n"
        "print(before, 'ftfy' in sys.modules, repr(damaged.normalised))\n"
    )
    before, after, text = fresh_python(script).split(" ", 2)
    assert (before, after) == ("False", "True")
    assert "l\u2019ispezione \u00e8 finita" in text
