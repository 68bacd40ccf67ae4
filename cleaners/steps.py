"""The marking pipeline as data: named steps, each with the rules it may apply, run by one runner.

A step is a plain ``(page) -> None`` function that sets marks on the page's lines (and, for the
steps that find the head and the body, ``page.title``, ``page.head`` and ``page.span``). Order is
precedence: most steps only mark lines no earlier step explained; a step that overrules an
earlier mark leaves that mark in ``page.marks.earlier``, so the trace shows "was X, then Y".

Two pipelines: :data:`TEXT_STEPS` for a page's whole visible text, :data:`CHOSEN_STEPS` for text
an extractor already chose (the capture's ``hints.article_chosen``): there the first line is the
title slot, the body runs over every line no rule removes, and headline repeats are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from cleaners import body, context, headline, roles
from cleaners.page import KEEP_ROLES, Mark, Page, apply_line_rules
from cleaners.rules import LINE_RULES
from cleaners.rules import context as rules
from cleaners.rules.rule import ContextRule, Rule
from cleaners.site import mark_site_lines

_WORD = re.compile(r"\w+")
HEADLINE_REACH = 4
"""Lines from the top of an extractor's text where the page's headline may repeat."""


@dataclass(frozen=True)
class Step:
    """One named step of the marking pipeline and the rules it may apply."""

    name: str
    run: Callable[[Page], None]
    rules: tuple[ContextRule | Rule, ...]
    doc: str = ""


def run_steps(page: Page, steps: tuple[Step, ...]) -> None:
    """Run ``steps`` over ``page`` in order."""
    for step in steps:
        step.run(page)


def find_title(page: Page) -> None:
    page.title = headline.find_title(page)


def first_line_title(page: Page) -> None:
    page.title = body.first_line_title(page)


def mark_dek(page: Page) -> None:
    page.head = None if page.title is None else body.mark_dek(page, page.title)


def mark_name_byline(page: Page) -> None:
    if page.title is not None and page.head is not None:
        body.mark_name_byline(page, page.head)


def find_body(page: Page) -> None:
    page.span = body.find_body(page)


def extend_body(page: Page) -> None:
    page.span = body.extend_body(page, page.span)


def trim_teaser_cards(page: Page) -> None:
    page.span = body.trim_teaser_cards(page, page.span)


def extend_list(page: Page) -> None:
    page.span = body.extend_list(page, page.span)


def whole_text(page: Page) -> None:
    """An extractor chose these lines as the article: every line is the body segment (rules still
    remove lines inside it), when any of it reads as prose; an extractor's fallback keeps a bare
    'not found' page's menu. The segment search cut tables, code listings and quoted passages
    out of extracted text (measured on the corpus's HTML: tools/html_corpus_eval.py)."""
    words = sum(line.words for i, line in enumerate(page.lines) if not line.blank and page.free(i))
    page.span = (0, len(page.lines) - 1) if words >= EXTRACTED_MIN_WORDS else None


EXTRACTED_MIN_WORDS = 12
"""Fewest words the free lines of extracted text hold to be an article: an extractor's fallback
keeps a bare 'not found' page's menu ('Home', 'News'); short pages with no line the segment
search weighs as prose (captions, one-line posts) still pass."""


def mark_widgets(page: Page) -> None:
    body.mark_widgets(page, page.span)


def mark_body(page: Page) -> None:
    body.mark_body(page, page.span)


def mark_roles(page: Page) -> None:
    page.span = roles.mark_body(page, page.span)


def drop_headline_repeats(page: Page) -> None:
    """An extractor's text often repeats the page's headline (or an <h1>) in its first lines."""
    headlines = {_fold(h) for h in page.hints.headlines if h}
    for i in range(1, min(HEADLINE_REACH, len(page.lines))):
        mark = page.marks.get(i)
        kept = mark.role in KEEP_ROLES if mark is not None else True
        if kept and _fold(page.lines[i].raw) in headlines:
            page.marks[i] = Mark.of(rules.HEADLINE_REPEAT)


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


LINE_RULES_STEP = Step("line_rules", apply_line_rules, (*LINE_RULES, rules.TAG_ONLY), "each line by its own text")
SITE_STEPS = (
    Step("site", mark_site_lines, (rules.SITE_LEARNED,), "lines the site prints on many pages"),
    Step("brand", context.mark_brand, (rules.BRAND,)),
    Step("video_teasers", context.mark_video_teasers, (rules.VIDEO_TEASER,)),
    Step("inline_captions", context.mark_inline_captions, (rules.CAPTION_CREDITED,)),
)
# In extracted text the page's markup names the captions (html.figcaption): the sentence above a
# credit line there is a paragraph as often as a caption.
CAPTIONS_STEP = Step(
    "captions", context.mark_captions, (rules.CAPTION_TEXT, rules.CAPTION_ALT, rules.CAPTION_DUPLICATE)
)
WIDGET_STEPS = (
    Step("teasers", context.mark_teasers, (rules.RELATED_TEASER, rules.MORE_TEASER, rules.AUTHOR_BIO)),
    Step("comment_section", context.mark_comment_section, (rules.COMMENTS,)),
)
HEAD_STEPS = (*SITE_STEPS, CAPTIONS_STEP, *WIDGET_STEPS)
BYLINE_STEPS = (
    Step("dek", mark_dek, (rules.DEK,)),
    Step("name_byline", mark_name_byline, (rules.NAME_BYLINE,)),
)
# Extracted text holds no page chrome to repeat: a repeated line there is not a teaser list.
REPEATED_STEP = Step("repeated_lines", context.mark_repeated_lines, (rules.REPEATED,))
SEGMENT_STEPS = (
    Step("body_segment", find_body, (), "the run of lines with the most prose for the least chrome"),
    Step("extend_body", extend_body, ()),
    Step("teaser_cards", trim_teaser_cards, (rules.TEASER_CARDS,)),
    Step("extend_list", extend_list, ()),
)
WIDGETS_STEP = Step("widgets", mark_widgets, (rules.WIDGET,))
BODY_STEPS = (WIDGETS_STEP, Step("body", mark_body, (rules.HEAD, rules.TAIL, rules.HEADING, rules.PARAGRAPH)))

MODEL_RULES = (rules.MODEL_HEAD, rules.MODEL_TAIL, rules.MODEL_INSIDE)
RULE_STEPS: tuple[Step, ...] = (
    LINE_RULES_STEP,
    *HEAD_STEPS,
    Step("title", find_title, (rules.TITLE,), "the best-ranked headline candidate (cleaners.headline)"),
    *BYLINE_STEPS,
    REPEATED_STEP,
    *SEGMENT_STEPS,
    WIDGETS_STEP,
)
"""Everything before the body decision on a page's whole text: what the line-role model reads."""
TEXT_STEPS: tuple[Step, ...] = (
    *RULE_STEPS,
    Step(
        "roles",
        mark_roles,
        (
            rules.MODEL_HEAD,
            rules.MODEL_TAIL,
            rules.MODEL_INSIDE,
            rules.HEADING,
            rules.PARAGRAPH,
            rules.HEAD,
            rules.TAIL,
        ),
        "the line-role model over the rules' verdicts, decoded to one article (cleaners.roles)",
    ),
)
CHOSEN_STEPS: tuple[Step, ...] = (
    LINE_RULES_STEP,
    *SITE_STEPS,
    *WIDGET_STEPS,
    Step("title", first_line_title, (rules.TITLE,), "the extractor's first line"),
    *BYLINE_STEPS,
    Step("whole_text", whole_text, (), "the body runs over every line no rule removes"),
    *BODY_STEPS,
    Step("headline_repeats", drop_headline_repeats, (rules.HEADLINE_REPEAT,)),
)


def steps_for(page: Page) -> tuple[Step, ...]:
    """The pipeline a page needs: an extractor's chosen text or a page's whole text."""
    return CHOSEN_STEPS if page.hints.article_chosen else TEXT_STEPS
