"""cleaners.hints on invented pages: what the markup declares, and what it must not be taken for."""

from __future__ import annotations

from lxml.html import document_fromstring

from cleaners.hints import Hints, page_hints


def _hints(head: str, html_attrs: str = "") -> Hints:
    return page_hints(document_fromstring(f"<html {html_attrs}><head>{head}</head><body><p>x</p></body></html>"))


def test_json_ld_graph_references_are_followed() -> None:
    hints = _hints(
        '<script type="application/ld+json">{"@graph": ['
        '{"@type": "Article", "headline": "Ferry returns", "author": {"@id": "#jo"},'
        ' "datePublished": "2023-04-02", "publisher": {"@id": "#org"}},'
        '{"@type": "Person", "@id": "#jo", "name": "Jo Li"},'
        '{"@type": "Organization", "@id": "#org", "name": "The Harbour Ledger"}]}</script>'
    )
    assert hints == Hints("Ferry returns", ("Jo Li",), "2023-04-02", "The Harbour Ledger", None, None)


def test_meta_tags_when_there_is_no_json_ld() -> None:
    hints = _hints(
        '<meta property="og:title" content="Ferry returns"><meta name="author" content="By Jo Li and Sam Ortiz">'
        '<meta property="article:published_time" content="2023-04-02T09:30:00+02:00">'
        '<meta property="og:site_name" content="The Harbour Ledger"><meta property="og:locale" content="de_DE">'
    )
    assert hints == Hints("Ferry returns", ("Jo Li", "Sam Ortiz"), "2023-04-02", "The Harbour Ledger", "de", None)


def test_broken_json_ld_organisations_and_links_are_not_authors() -> None:
    hints = _hints(
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Organization",'
        ' "name": "The Harbour Ledger"}}</script>'
        '<meta property="article:author" content="https://social.example/harbourledger">'
        "<title>Ferry returns | The Harbour Ledger</title>",
        'lang="en-GB"',
    )
    assert hints.authors == ()
    assert hints.title is None  # a bare <title> is left to trafilatura's reader, which splits off the site
    assert hints.language == "en"
    assert hints.published is None
