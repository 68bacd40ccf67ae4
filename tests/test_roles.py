"""The line-role model: its features, the shipped file, the decoding constraints, the trace."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from cleaners import analyse, clean
from cleaners.lines import measure
from cleaners.page import Mark, Page
from cleaners.quality import judge
from cleaners.roles import decode, model
from cleaners.roles.features import FEATURE_NAMES, NEIGHBOUR_OFFSETS, SHAPE, nonblank_rows, page_features
from cleaners.rules import context as rules

STOPS = frozenset({"the", "a", "of", "in", "on", "to", "was", "and", "it", "at", "for", "by", "with"})
PROSE = (
    "The council of the small harbour town voted on Tuesday to close the old ferry pier "
    "for repairs, and the work will take most of the summer to finish."
)


def _page(texts: list[str]) -> Page:
    lines = [measure(n, t, t, STOPS) for n, t in enumerate(texts, 1)]
    return Page(lines, [judge(line, True) for line in lines])


def test_features_of_an_invented_page() -> None:
    page = _page(["Home", "", "Harbour pier to close", "", PROSE, PROSE.replace("Tuesday", "Friday"), "", "Share"])
    page.marks[7] = Mark("nav.share", "share buttons")
    rows = nonblank_rows(page)
    x = page_features(page, (4, 5), rows)
    assert rows == [0, 2, 4, 5, 7]
    assert x.shape == (5, len(FEATURE_NAMES))
    col = {name: k for k, name in enumerate(FEATURE_NAMES)}
    assert x[:, col["marked"]].tolist() == [0, 0, 0, 0, 1]
    assert x[:, col["old_body"]].tolist() == [0, 0, 1, 1, 0]
    assert x[0, col["words_log"]] == pytest.approx(np.log1p(1))
    assert x[:, col["role_chrome"]].tolist() == [0, 0, 0, 0, 1]
    assert x[:, col["title_distance"]].tolist() == [99.0] * 5  # no line is marked as the title
    assert x[:, col["block_lines"]].tolist() == pytest.approx(np.log1p([1, 1, 2, 2, 1]).tolist())
    # A neighbour beyond the page's edge reads -1; inside, it is the neighbour's own column.
    assert x[0, col["words_log@-1"]] == -1.0
    assert x[1, col["words_log@-1"]] == x[0, col["words_log"]]
    assert len(FEATURE_NAMES) == len(set(FEATURE_NAMES)) > len(SHAPE) * (len(NEIGHBOUR_OFFSETS) + 1)


def test_the_shipped_model_loads_and_is_deterministic() -> None:
    forest = model.shipped()
    assert forest is not None and forest.names == FEATURE_NAMES
    assert model.shipped() is forest  # read once per process
    page = _page(["Home", PROSE, "Share"])
    x = page_features(page, None)
    first = forest.probability(x)
    assert np.array_equal(first, forest.probability(x))
    assert np.array_equal(first, model.load(None).probability(x))  # type: ignore[union-attr]
    assert ((first >= 0) & (first <= 1)).all()


def test_contributions_add_up_to_the_margin() -> None:
    forest = model.shipped()
    assert forest is not None
    x = page_features(_page(["Home", PROSE, "Share", "Sign in"]), None)
    assert forest.contributions(x).sum(axis=1) == pytest.approx(forest.margin(x) - forest.bias())


CHROME = ["Home", "World", "Business", "Sport", "Weather", "Sign in", "Subscribe", "Search", "Menu"]
TAIL = ["About us", "Contact", "Careers", "Puzzles", "Obituaries", "Print edition", "Classifieds"]


def test_the_trace_names_the_model_with_a_readable_reason() -> None:
    text = "\n".join([*CHROME, "", "Harbour pier to close for the summer", "", PROSE, "", *TAIL])
    analysis = analyse(text.encode(), "pier.txt")
    by_model = [v for v in analysis.verdicts if v.rule and v.rule.startswith("model.")]
    assert {v.rule for v in by_model} == {"model.head", "model.tail"}, "the model removes the menu and footer"
    for verdict in by_model:
        assert not verdict.kept
        assert verdict.reason and "p(body)=" in verdict.reason and "weighed most:" in verdict.reason
        assert verdict.reason.startswith("line-role model: page chrome")
    assert {r.rule for r in analysis.article.removed} >= {"model.head", "model.tail"}
    assert analysis.article.text == PROSE


def test_the_model_writes_its_reasons_when_they_are_read() -> None:
    """The record names rules only: a removed line's score and features are written when its
    verdict's reason is read, and say what they would have said written at once."""
    text = "\n".join([*CHROME, "", "Harbour pier to close for the summer", "", PROSE, "", *TAIL])
    analysis = analyse(text.encode(), "pier.txt")
    assert analysis.details is not None
    brief = {v.number: v for v in analysis.decided}
    by_model = [v for v in analysis.verdicts if v.rule and v.rule.startswith("model.")]
    assert by_model
    for verdict in by_model:
        rule = rules.MODEL_HEAD if verdict.rule == "model.head" else rules.MODEL_TAIL
        assert brief[verdict.number].reason == rule.reason  # brief until read
        assert verdict.reason and verdict.reason.startswith(f"{rule.reason}; p(body)=")
        assert verdict._replace(reason=rule.reason) == brief[verdict.number]
    others = [v for v in analysis.verdicts if not (v.rule or "").startswith("model.")]
    assert others == [brief[v.number] for v in others]
    assert analysis.verdicts is analysis.verdicts  # written once


def test_a_deferred_reason_is_not_written_over_a_later_mark() -> None:
    """A step after the model that marks one of its lines again gives that line its own reason."""
    page = _page(["Home", PROSE, "The pier was built in 1902.", PROSE, "About us"])
    rows = nonblank_rows(page)
    p = np.array([0.05, 0.95, 0.3, 0.9, 0.05])
    explain = lambda removed: {k: f"row {k}" for k in removed}  # noqa: E731
    decode.apply(page, rows, p, model.Decoding(threshold=0.5, keep_inside=0.2, rescue=0.1), None, explain)
    assert page.marks[0].reason == rules.MODEL_HEAD.reason and len(page.deferred) == 1
    page.marks[4] = Mark("nav.footer", "site footer")
    # By line number: line 1 keeps the model's reason; line 5's is the footer rule's.
    assert clean._details(page)() == {1: f"{rules.MODEL_HEAD.reason}; row 0"}


def test_a_short_article_on_a_chrome_heavy_page_is_found() -> None:
    teasers = [f"{w} headline about the {w.lower()} market today" for w in ("Oil", "Gold", "Grain", "Coffee")]
    text = "\n".join([*CHROME, *CHROME, "", "Ferry pier closes", "", PROSE, "", *teasers, *TAIL, *TAIL])
    article = analyse(text.encode(), "brief.txt").article
    assert PROSE in article.text
    assert "Careers" not in article.text and "Sign in" not in article.text


def test_a_list_article_keeps_its_items() -> None:
    intro = "The harbour festival returns this summer, and the organisers have published the programme of the week:"
    items = [
        "1. Monday: the opening parade of boats along the old harbour wall",
        "2. Tuesday: a fish market on the pier with stalls from the valley",
        "3. Wednesday: rowing races for crews from the three coastal villages",
        "4. Thursday: an evening concert in the square by the town hall",
        "5. Friday: fireworks over the bay after the sunset",
    ]
    outro = "Tickets for the concert go on sale next week at the town hall, and all other events are free to attend."
    text = "\n".join([*CHROME, "", "Harbour festival: the programme", "", intro, *items, outro, "", *TAIL])
    article = analyse(text.encode(), "list.txt").article
    for item in items:
        assert item in article.text
    assert intro in article.text and outro in article.text
    assert "Privacy" not in article.text


def test_decoding_keeps_one_article_and_crosses_a_low_line() -> None:
    page = _page(["Home", PROSE, "The pier was built in 1902.", PROSE, "About us"])
    rows = nonblank_rows(page)
    p = np.array([0.05, 0.95, 0.3, 0.9, 0.05])
    span = decode.apply(page, rows, p, model.Decoding(threshold=0.5, keep_inside=0.2, rescue=0.1))
    assert span == (1, 3)
    assert [page.marks[i].rule for i in rows] == [
        "model.head",
        "body.paragraph",
        "body.paragraph",
        "body.paragraph",
        "model.tail",
    ]


def test_a_line_inside_the_article_that_scores_low_is_model_inside() -> None:
    """model.inside's example: its invented captures can't pin a score, so the decoding is fed one."""
    page = _page(["Home", PROSE, "The pier was built in 1902.", PROSE, "About us"])
    rows = nonblank_rows(page)
    p = np.array([0.05, 0.95, 0.3, 0.9, 0.05])
    decode.apply(page, rows, p, model.Decoding(threshold=0.5, keep_inside=0.35, rescue=0.1))
    mark = page.marks[rows[2]]
    assert mark.rule == "model.inside"
    assert mark.reason.startswith("line-role model: page chrome inside the article")


def test_a_list_inside_the_article_is_kept_whole_when_its_items_are_likely_on_average() -> None:
    """A closing list the rules' segment took in: its last item scores low on its own."""
    lines = [
        PROSE,
        "Tour dates:",
        "June 9 – Lisbon, Coliseu",
        "June 10 – Porto, Coliseu",
        "June 14 – Madrid",
        "About us",
    ]
    lists = model.Decoding(threshold=0.3, keep_inside=0.3, join_rules=True, keep_rules=0.2, whole_lists=True)
    p = np.array([0.95, 0.6, 0.5, 0.45, 0.15, 0.05])
    page = _page(lines)
    assert decode.apply(page, nonblank_rows(page), p, lists, span=(0, 4)) == (0, 4)
    assert page.marks[5].rule == "model.tail"
    page = _page(lines)
    decode.apply(page, nonblank_rows(page), p, dataclasses.replace(lists, whole_lists=False), span=(0, 4))
    assert page.marks[4].rule == "model.inside"
    # A list unlikely on average loses the items that score low on their own.
    page = _page(lines)
    decode.apply(page, nonblank_rows(page), np.array([0.95, 0.6, 0.35, 0.1, 0.1, 0.05]), lists, span=(0, 4))
    assert [page.marks[i].rule for i in (2, 3, 4)] == ["body.paragraph", "model.inside", "model.inside"]


def test_the_article_starts_under_its_headline_when_the_run_took_in_a_list_above_it() -> None:
    """below_title: headline-shaped lines above the rules' headline are another story list."""
    lines = [
        "12/03/2031 Ferry fares rise for the third year running in the harbour town",
        "11/03/2031 New lighthouse keeper starts work on the island next week",
        "Harbour pier to close for the summer",
        PROSE,
        PROSE.replace("Tuesday", "Friday"),
        PROSE.replace("Tuesday", "Monday"),
    ]
    p = np.array([0.5, 0.5, 0.1, 0.95, 0.9, 0.9])
    below = model.Decoding(threshold=0.3, keep_inside=0.3, below_title=True)

    def decoded(texts: list[str], decoding: model.Decoding) -> list[str]:
        page = _page(texts)
        page.marks[2] = Mark.of(rules.TITLE)
        decode.apply(page, nonblank_rows(page), p, decoding)
        return [page.marks[i].rule for i in range(len(texts))]

    assert decoded(lines, below)[:3] == ["model.head", "model.head", "meta.title"]
    kept = {"body.paragraph", "body.heading"}
    assert set(decoded(lines, dataclasses.replace(below, below_title=False))[:2]) <= kept
    # A sentence above the headline: the rules' headline is more likely a wrong pick; the run stays.
    prose_above = [PROSE, *lines[1:]]
    assert set(decoded(prose_above, below)[:2]) <= kept


def test_the_article_ends_above_a_long_row_of_unlikely_lines() -> None:
    """max_gap: a small piece of prose under six unlikely lines is a footer, not the article."""
    menu = ["Home", "News", "Sport", "Weather", "Contact us", "Jobs"]
    footer = "Sign up to our newsletter for the best stories of the day, sent every morning."
    lines = [PROSE, PROSE.replace("Tuesday", "Friday"), *menu, footer]
    p = np.array([0.95, 0.95, *[0.05] * len(menu), 0.6])
    cut = model.Decoding(threshold=0.25, keep_inside=0.3, size_power=1.5, max_gap=6)

    def decoded(texts: list[str], scores: np.ndarray, decoding: model.Decoding) -> list[str]:
        page = _page(texts)
        decode.apply(page, nonblank_rows(page), scores, decoding)
        return [page.marks[i].rule for i in range(len(texts))]

    assert decoded(lines, p, cut)[-1] == "model.tail"
    assert decoded(lines, p, dataclasses.replace(cut, max_gap=0))[-1] == "body.paragraph"
    # A shorter row is crossed; so is a gap with as much of the article below it as above.
    assert decoded([*lines[:2], *menu[:5], footer], np.delete(p, 2), cut)[-1] == "body.paragraph"
    second_half = [*lines[:-1], PROSE.replace("Tuesday", "Monday"), PROSE.replace("Tuesday", "Sunday")]
    assert decoded(second_half, np.array([*p[:-1], 0.95, 0.95]), cut)[-2:] == ["body.paragraph"] * 2


def test_decoding_rescues_the_best_line_of_a_page_with_low_scores() -> None:
    page = _page(["Home", PROSE, "About us"])
    span = decode.apply(page, [0, 1, 2], np.array([0.02, 0.3, 0.02]), model.Decoding(threshold=0.5, rescue=0.1))
    assert span == (1, 1) and page.marks[1].role == "body"
    page = _page(["Home", "About us"])
    assert decode.apply(page, [0, 1], np.array([0.02, 0.03]), model.Decoding(threshold=0.5, rescue=0.1)) is None


def test_rules_that_are_certain_keep_their_marks() -> None:
    page = _page(["Skip to content", PROSE, PROSE])
    page.marks[0] = Mark("nav.skip_link", "a skip link")
    decode.apply(page, [0, 1, 2], np.array([0.9, 0.9, 0.9]), model.Decoding())
    assert page.marks[0].rule == "nav.skip_link"


CHROME_WORDS = ["Newsletter abonnieren", "Read more", "Share on Facebook", "Kommentare", "Alle Rechte vorbehalten"]
"""Invented chrome lines in the corpus's languages: the shipped lexicon must read them as chrome."""


def test_the_shipped_lexicon_reads_chrome_words_as_chrome_and_prose_as_body() -> None:
    from cleaners.roles.lexicon import tokens

    forest = model.shipped()
    assert forest is not None and forest.lexicon is not None
    lexicon = forest.lexicon
    for text in CHROME_WORDS:
        assert lexicon.score(tokens(text)) < 0, text
    assert lexicon.score(tokens(PROSE)) > 0
    # Only tokens of several sites are kept, and the file stays small.
    assert 1_000 < len(lexicon.weights) < 50_000


def test_the_lexicon_columns_are_in_the_features_and_the_reasons() -> None:
    from cleaners.roles.features import describe
    from cleaners.roles.lexicon import COLUMNS

    assert FEATURE_NAMES[-len(COLUMNS) :] == COLUMNS
    forest = model.shipped()
    assert forest is not None
    x = page_features(_page(["Newsletter abonnieren", PROSE]), None, None, forest.lexicon)
    assert x[0, FEATURE_NAMES.index("lex")] < 0 < x[1, FEATURE_NAMES.index("lex")]
    assert all(describe(name) for name in COLUMNS)


# Invented lines with what the lexicon's reader must get right: repeated words and pairs,
# digits, a first word that is also the last, a paragraph past the long-line cut, no words.
LEXICON_LINES = [
    *CHROME_WORDS,
    PROSE,
    "Read more read more: 12 comments, 3 shares",
    "Teilen",
    "Newsletter Newsletter",
    " ".join(["word"] * 30 + ["Share"] * 5) + " " + "x" * 300,
    "— · —",
    "",
    "Read more",
]


def test_the_lexicon_reads_texts_as_it_scores_their_tokens() -> None:
    from cleaners.roles.lexicon import Lexicon, tokens

    forest = model.shipped()
    assert forest is not None and forest.lexicon is not None
    for lexicon in (forest.lexicon, Lexicon({**forest.lexicon.weights, "t:read more 00": 1.5}, 0.0)):
        by_tokens = lexicon.columns([tokens(t) for t in LEXICON_LINES])
        assert np.array_equal(lexicon.text_columns(LEXICON_LINES), by_tokens)
        leads = [measure(1, t, t, frozenset()).lead for t in LEXICON_LINES]
        assert np.array_equal(lexicon.text_columns(LEXICON_LINES, leads), by_tokens)
