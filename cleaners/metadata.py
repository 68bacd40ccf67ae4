"""Metadata out of the lines the rules moved: authors, contributors, credits, dates, publisher."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from cleaners.byline import find_authors
from cleaners.context import split_caption_credit
from cleaners.dates import PageDates, find_date
from cleaners.headline_text import headline_of
from cleaners.outlet import find_publisher, vouched_brand
from cleaners.page import Page
from cleaners.published import on_dateline, published_candidate
from cleaners.rules.attribution import CONTRIBUTOR_LABEL
from cleaners.rules.media import CREDIT_LABEL

_BY = re.compile(r"^(?:by|von|par|por|di|de|door|av|автор|texto|text|written by|words by)\s?:?\s+", re.IGNORECASE)
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bи\b|\bdan\b)\s*")
_ORG_WORDS = re.compile(
    r"\b(?:news|press|times|post|herald|tribune|journal|agency|digital|magazine|media|network|radio"
    r"|tv|television|daily|gazette|courier|reuters|associated|staff|wire|online)\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"^[—–-]?\s*(?:[\w .&-]{1,40}?[’']s?\s)?")
_CONTRIBUTED = re.compile(r"\s+contributed\b.*$", re.IGNORECASE)
_CONTRIB_LABEL = re.compile(CONTRIBUTOR_LABEL + r"\s*", re.IGNORECASE)
_CREDIT_PREFIX = re.compile(rf"^{CREDIT_LABEL}", re.IGNORECASE)
_DATED = re.compile(r"\s*[·|]\s*")
# A byline row goes on after a bar with its date and labels ('By Ana Ruiz | Published: ...').
_ROW = re.compile(r"\s\|\s")
# Teasers count as the article's related links when their label sits at most this many lines
# below the body; further down they are the site's lists of other stories.
RELATED_REACH = 2
_APP_NAME = re.compile(r"^(?:view )?(.{2,40}?) (?:app open|in)$", re.IGNORECASE)
_CTA = re.compile(r"^(?:watch|listen to|read|visit)\s+", re.IGNORECASE)


def split_names(text: str) -> list[str]:
    """Names in a list: 'A, B and C' -> ['A', 'B', 'C'].

    >>> split_names("Dana Whitfield, Omar Reyes and Lena Park")
    ['Dana Whitfield', 'Omar Reyes', 'Lena Park']
    """
    return [n.strip(" .") for n in _SPLIT_NAMES.split(text) if n.strip(" .")]


def is_org(name: str, brand: str | None) -> bool:
    """Whether a byline item names an outlet rather than a person."""
    if brand and name.lower() == brand.lower():
        return True
    return len(name.split()) == 1 or bool(_ORG_WORDS.search(name)) or name.isupper()


def parse_byline(text: str, brand: str | None) -> tuple[list[str], str | None]:
    """Authors and outlet from a byline.

    >>> parse_byline("By Maria Olsen, CNN", None)
    (['Maria Olsen'], 'CNN')
    >>> parse_byline("By Alan Reed , Jo Marsh Example News", "Example News")
    (['Alan Reed', 'Jo Marsh'], 'Example News')
    >>> parse_byline("Asha Patel · Example News · Posted: May 14, 2024", None)
    (['Asha Patel'], 'Example News')
    >>> parse_byline("By Ana Ruiz | Published: 3. Mai 2024 | Comments closed", None)
    (['Ana Ruiz'], None)
    """
    if "·" in text:
        parts = [p.strip() for p in _DATED.split(text) if p.strip()]
        names = [p for p in parts if not re.search(r"\d|:", p)]
        if len(names) >= 2:
            return split_names(names[0]), names[1]
        return split_names(names[0]) if names else [], None
    names = split_names(_ROW.split(_BY.sub("", text), maxsplit=1)[0])
    org = None
    if brand and names and names[-1].lower().endswith(" " + brand.lower()):
        names[-1] = names[-1][: -len(brand)].strip()
        org = brand
    if len(names) > 1 and is_org(names[-1], brand):
        org = names.pop()
    return names, org


def parse_contributors(text: str) -> list[str]:
    """Names from a contributor line.

    >>> parse_contributors("The Ledger’s Dana Whitfield, Omar Reyes and Lena Park contributed to this report.")
    ['Dana Whitfield', 'Omar Reyes', 'Lena Park']
    >>> parse_contributors("Contributing: Sam Ortiz, Valley Courier")
    ['Sam Ortiz']
    >>> parse_contributors("— With assistance from Rui Costa and Mei Tanaka")
    ['Rui Costa', 'Mei Tanaka']
    """
    labelled = _CONTRIB_LABEL.match(text)
    if labelled:
        rest = text[labelled.end() :].rstrip(" .")
        if text[: labelled.end()].lower().lstrip("—–- ").startswith("contributing"):
            return [part.split(",")[0].strip() for part in rest.split(";") if part.strip()]
        return split_names(rest)
    names = _CONTRIBUTED.sub("", text)
    return split_names(_POSSESSIVE.sub("", names, count=1) if "’" in names or "'" in names else names.lstrip("—–- "))


def credit_value(text: str) -> str:
    """The credit without its label: 'Photographer: X/Bloomberg' -> 'X/Bloomberg'.

    >>> credit_value("Photographer: Julio Ortega/Bloomberg"), credit_value("© Иван Петров/ТАСС")
    ('Julio Ortega/Bloomberg', 'Иван Петров/ТАСС')
    """
    return _CREDIT_PREFIX.sub("", text).strip(" ()")


def merge_credits(credits: list[str]) -> list[str]:
    """Drop repeats and bare agencies already named in a fuller credit.

    >>> merge_credits(["Tom Brenner/AP", "AP", "Tom Brenner/AP"])
    ['Tom Brenner/AP']
    """
    unique = list(dict.fromkeys(credits))
    parts = {p for c in unique if "/" in c for p in c.split("/")}
    return [c for c in unique if "/" in c or c not in parts]


def brand_line(page: Page) -> str | None:
    """The site's name as the page's first line states it (after skip links and menu words)."""
    for i in islice((j for j, line in enumerate(page.lines) if not line.blank), 3):  # (no list of every line)
        mark = page.marks.get(i)
        text = page.lines[i].text
        if mark and mark.rule in ("nav.skip_link", "nav.menu_item", "nav.label"):
            continue
        if mark and mark.rule == "nav.brand":
            return text
        if mark and mark.rule == "meta.title":
            return None
        if mark and mark.rule == "video.player":
            text = _CTA.sub("", text)
        elif mark is not None and mark.rule not in ("chrome.head", "model.head", "repeat.in_page"):
            return None
        return text if 1 <= len(text.split()) <= 5 and not text.endswith(".") else None
    return None


def app_name(page: Page) -> str | None:
    """The outlet named by a smart app banner ('View Daily Ledger In', 'Daily Ledger App Open')."""
    for i, mark in page.marks.items():
        if mark.rule == "promo.app_banner":
            found = _APP_NAME.match(page.lines[i].text)
            if found:
                return found.group(1)
    return None


@dataclass
class Metadata:
    """Fields collected from the marked lines, in page order."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    publisher: str | None = None
    published: str | None = None
    published_on_dateline: bool = False
    """Whether ``published`` was read off the article's dateline (see :func:`on_dateline`)."""
    image_captions: list[str] = field(default_factory=list)
    image_credits: list[str] = field(default_factory=list)
    editor_notes: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    copyright: str | None = None


def collect(page: Page, span: tuple[int, int] | None, language: str | None) -> Metadata:
    """Gather metadata from the marks of a fully marked page."""
    meta = Metadata()
    brand = brand_line(page)
    byline_org: str | None = None
    for i in sorted(page.marks):
        mark, text = page.marks[i], page.lines[i].text
        if mark.field is None or not text:
            continue
        near_body = mark.field == "related" and _near_body(page, span, i)
        org = _collect_one(meta, mark.rule, mark.field, text, brand, near_body, language)
        byline_org = byline_org or org
    meta.image_credits = merge_credits(meta.image_credits)
    dates = PageDates()  # (what the date candidates find on a text, the bylines read again)
    _rank_published(meta, page, span, language, dates)
    # The ranker weighs every line that states names (the bylines the rules marked among
    # them); the rules' reading stands where no candidate clears its threshold.
    ruled = list(dict.fromkeys(meta.authors))
    ranked = _people(find_authors(page, span, dates), brand)
    meta.authors = ruled if ruled and ranked and ranked[0] in ruled else ranked or ruled
    meta.contributors = list(dict.fromkeys(meta.contributors))
    meta.publisher = byline_org or find_publisher(page, brand) or vouched_brand(page, brand) or app_name(page)
    if meta.title:  # the headline's line may also print its trail, a date or the site's name
        meta.title = headline_of(meta.title, meta.publisher or brand)
    return meta


def _rank_published(
    meta: Metadata, page: Page, span: tuple[int, int] | None, language: str | None, dates: PageDates
) -> None:
    """The ranker's date where it picks one; the rules' reading stands where it does not."""
    best = published_candidate(page, span, language, dates)
    if best is not None:
        meta.published = best.value
        meta.published_on_dateline = on_dateline(page, best.line)


def _people(names: list[str], brand: str | None) -> list[str]:
    """Names in a byline that are people: outlets named beside them ('CNN') go.

    >>> _people(["Ana Ruiz", "CNN", "Tom Berg"], None), _people(["webdesk"], None)
    (['Ana Ruiz', 'Tom Berg'], ['webdesk'])
    """
    kept = [n for k, n in enumerate(names) if not (_ORG_WORDS.search(n) or (k and is_org(n, brand)))]
    return list(dict.fromkeys(n for n in kept if not brand or n.casefold() != brand.casefold()))


def _near_body(page: Page, span: tuple[int, int] | None, i: int) -> bool:
    """Whether teaser line ``i`` hangs off the end of the body (or sits inside it)."""
    if span is None:
        return False
    if i <= span[1]:
        return True
    return len(page.nonblank(span[1] + 1, i)) <= RELATED_REACH + _teaser_rank(page, i)


def _teaser_rank(page: Page, i: int) -> int:
    """How many teaser lines precede line ``i`` in its teaser list."""
    rank = 0
    j = page.prev_nonblank(i)
    while j is not None and page.marks.get(j) is not None and page.marks[j].rule == "related.teaser":
        rank += 1
        j = page.prev_nonblank(j)
    return rank


def _collect_one(
    meta: Metadata,
    rule: str,
    field_name: str,
    text: str,
    brand: str | None,
    near_body: bool,
    language: str | None,
) -> str | None:
    if field_name == "title":
        meta.title = text
    elif field_name == "authors":
        names, org = parse_byline(text, brand)
        meta.authors.extend(names)
        if rule == "byline.dotted" and meta.published is None:
            meta.published = find_date(text, language)
        return org
    elif field_name == "contributors":
        meta.contributors.extend(parse_contributors(text))
    elif field_name == "published":
        if meta.published is None:
            meta.published = find_date(text, language)
            meta.published_on_dateline = meta.published is not None
    elif field_name == "image_captions":
        split = split_caption_credit(text) if rule == "caption.credited" else None
        meta.image_captions.append(split[0] if split else text)
        if split:
            meta.image_credits.append(split[1])
    elif field_name == "image_credits":
        meta.image_credits.append(credit_value(text))
    elif field_name == "editor_notes":
        meta.editor_notes.append(text)
    elif field_name == "related" and (rule == "related.inline" or near_body):
        meta.related.append(related_headline(text) if rule == "related.inline" else text)
    elif field_name == "copyright" and meta.copyright is None:
        meta.copyright = text
    return None


def related_headline(text: str) -> str:
    """The headline of an inline teaser: 'READ MORE: Headline' -> 'Headline'.

    >>> related_headline("READ MORE: Ukraine urges West to be 'vigilant and firm'")
    "Ukraine urges West to be 'vigilant and firm'"
    """
    return re.split(r"\s?[:：|]\s?|\s[-–—]\s", text, maxsplit=1)[-1]
