"""Property tests: any text is cleaned or refused with a reason, and the trace always replays.

Adversarial shapes target the regexes: long runs of the tokens rules look for, unclosed
comments and tags, one huge line. A regex that backtracks exponentially would hang here.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import CaptureError, analyse

LINE_PIECES = st.sampled_from(
    [
        "By ",
        "And ",
        "and ",
        "| ",
        "/",
        "©",
        "Photo: ",
        "<!--",
        "-->",
        "<i>",
        "</i>",
        "&amp;",
        "&nbsp;",
        "Read more: ",
        "cookies ",
        "The mayor said on Tuesday that the bridge would close. ",
        "Ã©",
        "\u200b",
        "\u00a0",
        "12:30 ",
        "1 of 4",
        "Comments",
        "A",
        " ",
    ]
)
LINES = st.lists(st.lists(LINE_PIECES, max_size=30).map("".join), max_size=40).map("\n".join)


def _check(text: str) -> None:
    try:
        analysis = analyse(text.encode("utf-8"), "prop.txt")
    except CaptureError:
        return
    lines = analysis.normalised.split("\n")
    assert [v.text for v in analysis.verdicts] == lines
    kept = {v.number for v in analysis.verdicts if v.kept and v.text.strip()}
    removed = {r.line for r in analysis.article.removed}
    assert not kept & removed
    assert kept | removed == {n for n, line in enumerate(lines, 1) if line.strip()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_any_text_is_cleaned_or_refused(text: str) -> None:
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_rule_shaped_text_keeps_the_trace(text: str) -> None:
    _check(text)


@pytest.mark.parametrize(
    "line",
    [
        "By " + "And " * 3000 + ".",
        "<!--" * 20000,
        "<a " * 20000,
        "a | " * 5000 + ".",
        "A" * 1_000_000,
        "Photo: " + "Name " * 5000,
        "cookies " * 20000,
        "x" * 500_000 + " 12:30",
    ],
    ids=["and-run", "comments", "tags", "pipes", "one-word", "credit", "cookies", "duration"],
)
def test_adversarial_lines_finish(line: str) -> None:
    _check("Title of the page\n\n" + line + "\n\nThe mayor said on Tuesday that the bridge would close for a month.")


HTML_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<figure><figcaption>",
        "Photo: ",
        "<meta charset='windows-1251'>",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "&amp;",
        "&#x0;",
        "<<",
        ">>",
        "By Jo Li and ",
        "The mayor said on Tuesday that the bridge would close. ",
        "©",
        "\u00a0",
        " ",
    ]
)
PAGES = st.lists(HTML_PIECES, max_size=200).map(lambda parts: "<!DOCTYPE html><html><body>" + "".join(parts))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_any_html_is_cleaned_or_refused(page: str) -> None:
    try:
        analyse(page.encode("utf-8"), "prop.html")
    except CaptureError:
        return


@pytest.mark.parametrize(
    "body",
    [
        "<p>" + "By " + "and " * 20000 + "</p>",
        "<!--" * 20000,
        "<a " * 20000,
        "<p>" * 50000,
        "<figure><figcaption>" + "Photo: Name " * 5000 + "</figcaption></figure>",
        "<td>" + "a | " * 5000 + "</td>",
        "<p>" + "x" * 500_000 + " 12:30</p>",
    ],
    ids=["and-run", "comments", "tags", "unclosed-p", "caption", "pipes", "duration"],
)
def test_adversarial_html_finishes(body: str) -> None:
    page = "<!DOCTYPE html><html><head><title>Bridge to close</title></head><body>" + body
    page += "<p>The mayor said on Tuesday that the bridge would close for a month.</p></body></html>"
    try:
        analyse(page.encode("utf-8"), "adversarial.html")
    except CaptureError:
        return
