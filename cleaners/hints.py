"""What a page's markup says about its article: hints for the metadata, read off the parsed page.

A pure function of the parsed page (:func:`page_hints`), so any reader can call it: the
JSON-LD article objects (``NewsArticle``, ``Article``, ``BlogPosting``...: headline, author,
datePublished, publisher), OpenGraph and other ``<meta>`` tags (``og:title``,
``article:published_time``, ``author``, ``og:site_name``), ``<html lang>`` and the declared
charset. The values are hints: the caller decides whether the capture's own lines say better.

Precedence inside each field, most specific first: JSON-LD, then ``<meta>`` properties, then
the document's own elements (``<title>``, ``<time>``, ``lang``); a date in UTC gives way to
the same instant declared with the page's own offset (:func:`declared_date`).

>>> from lxml.html import document_fromstring
>>> page = document_fromstring('''<html lang="pt-BR"><head><title>Chuva - Gazeta</title>
... <meta property="og:site_name" content="Gazeta do Vale">
... <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Chuva volta",
...  "datePublished": "2024-03-05T08:00:00-03:00", "author": [{"@type": "Person", "name": "Ana Lima"}]}
... </script></head><body><p>x</p></body></html>''')
>>> page_hints(page)  # doctest: +NORMALIZE_WHITESPACE
Hints(title='Chuva volta', authors=('Ana Lima',), published='2024-03-05',
      publisher='Gazeta do Vale', language='pt', charset=None)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from lxml.html import HtmlElement  # type: ignore[import-untyped]


@dataclass(frozen=True)
class Hints:
    """Metadata the page's markup declares; ``None`` or empty where it declares nothing usable."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    """YYYY-MM-DD."""
    publisher: str | None = None
    language: str | None = None
    """ISO 639-1, lower case."""
    charset: str | None = None
    """The charset the page declares, as the caller read it from the bytes."""


# schema.org types that describe the article itself (a WebPage or an Organization does not).
_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Posting|Report)$")
_AUTHOR_META = frozenset({"author", "article:author", "dc.creator", "sailthru.author", "parsely-author", "byl"})
_AUTHOR_META |= frozenset({"citation_author", "dcterms.creator"})
_DATE_META = frozenset({"article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate"})
_DATE_META |= frozenset({"publish-date", "published_time", "sailthru.date", "parsely-pub-date", "dc.date.issued"})
_DATE_META |= frozenset({"dcterms.created", "dcterms.date", "dc.date", "date", "citation_publication_date"})
_TITLE_META = ("og:title", "twitter:title")
_PUBLISHER_META = ("og:site_name", "application-name")
_LANGUAGE_META = ("og:locale", "content-language", "dc.language", "language")
_DATE = re.compile(r"(?<!\d)(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})(?!\d)")
# A byline's leading label: 'By', 'Von', 'Par', 'Author:', 'Автор:', 'Text:'.
_BY = re.compile(
    r"^\s*(?:(?:written\s+)?by|von|par|por|di|door|av|af|autor(?:es|in)?|auteur|authors?|автор|text|texto)\b[:\s]*",
    re.IGNORECASE,
)
_AUTHOR_SEPARATOR = re.compile(r"\s*(?:;|\||,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"https?:|www\.|@|\d")
_LANGUAGE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)
AUTHOR_MAX_WORDS = 5


def page_hints(tree: HtmlElement, charset: str | None = None) -> Hints:
    """Everything the markup of ``tree`` (a parsed page) declares about its article."""
    articles = list(json_ld_articles(tree))
    metas = meta_tags(tree)
    return Hints(
        title=_first(_text(a.get("headline") or a.get("name")) for a in articles)
        # A bare <title> carries the site's name ('Headline - Site'): trafilatura's title reader,
        # which splits it off, reads it when nothing here declares the headline.
        or _first(metas.get(k) for k in _TITLE_META),
        authors=_first_authors(articles, metas),
        published=declared_date(_declared_dates(articles, metas, tree)),
        publisher=_first(_name(a.get("publisher")) for a in articles) or _first(metas.get(k) for k in _PUBLISHER_META),
        language=language_code(tree.get("lang") or tree.get("xml:lang"))
        or _first(language_code(metas.get(k)) for k in _LANGUAGE_META),
        charset=charset,
    )


def json_ld_articles(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """The JSON-LD objects typed as an article, in page order (``@graph`` and lists opened).

    >>> from lxml.html import fragment_fromstring as f
    >>> page = f('<div><script type="application/ld+json">{"@graph": [{"@type": "WebSite"},'
    ...          ' {"@type": ["NewsArticle"], "headline": "H"}]}</script></div>')
    >>> [a["headline"] for a in json_ld_articles(page)]
    ['H']
    """
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().removeprefix("<![CDATA[").removesuffix("]]>"), strict=False)
        except ValueError:
            continue  # a page's broken JSON-LD says nothing
        nodes = list(_nodes(data))
        by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
        for node in nodes:
            if _is_article(node):
                yield {key: _resolve(value, by_id) for key, value in node.items()}


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    """A reference (``{"@id": ...}``, as in a ``@graph``) replaced by the node it names."""
    if isinstance(value, list):
        return [_resolve(v, by_id) for v in value]
    if isinstance(value, dict) and set(value) == {"@id"}:
        return by_id.get(value["@id"], value)
    return value


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _nodes(graph)


def _is_article(node: dict[str, Any]) -> bool:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and _ARTICLE_TYPE.search(k) for k in kinds)


def meta_tags(tree: HtmlElement) -> dict[str, str]:
    """``<meta>`` values by lower-cased property, name, itemprop or http-equiv (first one wins)."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = " ".join((meta.get("content") or "").split())
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        if content and key:
            found.setdefault(key.lower(), content)
    return found


def _first_authors(articles: list[dict[str, Any]], metas: dict[str, str]) -> tuple[str, ...]:
    for article in articles:
        names = author_names(article.get("author"))
        if names:
            return names
    for key, value in metas.items():
        if key in _AUTHOR_META:
            names = split_authors(value)
            if names:
                return names
    return ()


def author_names(value: Any) -> tuple[str, ...]:
    """Person names from a JSON-LD ``author`` (a string, a Person, or a list of them).

    >>> author_names([{"@type": "Person", "name": "Jo Li"}, {"@type": "Organization", "name": "Gazette"}])
    ('Jo Li',)
    >>> author_names("By Sam Ortiz and Ana Ruiz")
    ('Sam Ortiz', 'Ana Ruiz')
    """
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict) and item.get("@type") not in ("Organization", "NewsMediaOrganization"):
            # A typed author's name may be one word: a pen name, a forum handle, 'Redaktion'.
            names.extend(split_authors(_name(item) or "", min_words=1))
        elif isinstance(item, str):
            names.extend(split_authors(item))
    return tuple(dict.fromkeys(names))


def split_authors(text: str, min_words: int = 2) -> tuple[str, ...]:
    """A byline into names; handles, addresses and one-word values are not names.

    >>> split_authors("By Jo Li, Sam Ortiz"), split_authors("Author: Ana Ruiz")
    (('Jo Li', 'Sam Ortiz'), ('Ana Ruiz',))
    >>> split_authors("https://example.org/staff/jo-li"), split_authors("newsdesk")
    ((), ())
    """
    parts = [" ".join(p.split()) for p in _AUTHOR_SEPARATOR.split(_BY.sub("", text))]
    return tuple(p for p in parts if min_words <= len(p.split()) <= AUTHOR_MAX_WORDS and not _NOT_A_NAME.search(p))


def iso_date(value: Any) -> str | None:
    """A declared date as YYYY-MM-DD; ``None`` when it holds no plausible calendar date.

    >>> iso_date("2024-03-05T08:00:00Z"), iso_date("20240305"), iso_date("2024-13-40")
    ('2024-03-05', '2024-03-05', None)
    """
    found = _DATE.search(value) if isinstance(value, str) else None
    if found is None:
        return None
    year, month, day = (int(g) for g in found.groups())
    if not (1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _declared_dates(articles: list[dict[str, Any]], metas: dict[str, str], tree: HtmlElement) -> list[str]:
    """The publication dates the markup declares, most specific first: JSON-LD, ``<meta>``, then a
    ``<time>`` marked as the publication date (``itemprop=datePublished`` or ``pubdate``)."""
    found = [a.get("datePublished") or a.get("dateCreated") for a in articles]
    found += [v for k, v in metas.items() if k in _DATE_META]
    found += [
        time.get("datetime")
        for time in tree.iter("time")
        if (time.get("itemprop") or "").lower() == "datepublished" or time.get("pubdate") is not None
    ]
    return [v for v in found if isinstance(v, str) and iso_date(v)]


def declared_date(values: list[str]) -> str | None:
    """The first declared date (YYYY-MM-DD), on the page's own clock.

    A timestamp in UTC names the day in Greenwich, not where the page is read: when another
    declaration states the same instant with the local offset, that one's day is the article's.

    >>> declared_date(["2024-03-06T01:30:00Z", "2024-03-05T17:30:00-08:00"])
    '2024-03-05'
    >>> declared_date(["2024-03-06T01:30:00Z", "2024-03-06T09:00:00-08:00"])  # another instant
    '2024-03-06'
    >>> declared_date(["2024-03-05T17:30:00-08:00", "2024-03-06T01:30:00Z"]), declared_date([])
    ('2024-03-05', None)
    """
    if not values:
        return None
    first = _instant(values[0])
    if first is not None and first.utcoffset() == timedelta(0):
        for value in values[1:]:
            local = _instant(value)
            if local == first and local is not None and local.utcoffset() != timedelta(0):
                return iso_date(value)
    return iso_date(values[0])


def _instant(value: str) -> datetime | None:
    """An ISO 8601 timestamp that states its offset; ``None`` for a bare date or a local time."""
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return stamp if stamp.utcoffset() is not None else None


def language_code(value: str | None) -> str | None:
    """'pt-BR' -> 'pt'; 'en_US' -> 'en'; anything else ``None``.

    >>> language_code("pt-BR"), language_code("en_US"), language_code("english")
    ('pt', 'en', None)
    """
    found = _LANGUAGE.match((value or "").strip())
    return found[1].lower() if found else None


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        return _first(_name(v) for v in value)
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _text(value: Any) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _first(values: Iterator[str | None] | Any) -> str | None:
    return next((v for v in values if v), None)
