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


def test_a_utc_timestamp_takes_the_local_day_another_tag_gives_the_same_instant() -> None:
    late_evening = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-04-03T02:15:00Z"}</script>'
        '<meta property="article:published_time" content="2023-04-02T19:15:00-07:00">'
    )
    assert _hints(late_evening).published == "2023-04-02"
    # Another instant (the last edit, a build time) says nothing of the first one's local day.
    edited = late_evening.replace("19:15:00-07:00", "23:40:00-07:00")
    assert _hints(edited).published == "2023-04-03"
    # A declaration with its own offset is already on the page's clock.
    local_first = (
        '<meta property="article:published_time" content="2023-04-02T19:15:00-07:00">'
        '<meta name="sailthru.date" content="2023-04-03T02:15:00Z">'
    )
    assert _hints(local_first).published == "2023-04-02"


def test_a_time_element_marked_as_published_when_nothing_else_declares() -> None:
    page = page_hints(
        document_fromstring(
            "<html><head></head><body><time datetime='2023-03-30T10:00:00+01:00'>30 March</time>"
            "<time itemprop='datePublished' datetime='2023-04-02T09:30:00+02:00'>2 April</time><p>x</p></body></html>"
        )
    )
    assert page.published == "2023-04-02"
