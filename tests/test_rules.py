"""Every rule matches its own examples and none of its counterexamples: line rules on a line's
text, context rules on small invented captures, through the whole cleaner."""

from __future__ import annotations

import re
from pathlib import Path
from re import _parser as sre_parser  # type: ignore[attr-defined]

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import analyse, roles
from cleaners.repair import clean_line
from cleaners.roles.decode import OVERRIDABLE
from cleaners.rules import CONTEXT_RULES, CONTEXT_RULES_BY_ID, LINE_RULES, RULES_BY_ID, ContextRule, Rule
from cleaners.rules import rule as rule_module
from cleaners.rules.firsts import (
    ASCII_CASE_PARTNERS,
    branches,
    first_chars,
    first_pairs,
    may_start_outside_ascii,
    needs_of,
)
from cleaners.rules.rule import RuleTable
from cleaners.site import SiteProfile
from cleaners.steps import CHOSEN_STEPS, TEXT_STEPS

ALL_RULES = list(RULES_BY_ID.values())
ID_SHAPE = re.compile(r"[a-z]+\.[a-z_]+")


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_rule_matches_its_examples(rule: Rule) -> None:
    assert rule.examples, f"{rule.id} has no examples"
    for example in rule.examples:
        assert rule.matches(example), f"{rule.id} misses its example {example!r}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_rule_rejects_its_counterexamples(rule: Rule) -> None:
    assert rule.counterexamples, f"{rule.id} has no counterexamples"
    for counter in rule.counterexamples:
        assert not rule.matches(counter), f"{rule.id} matches its counterexample {counter!r}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_rule_is_documented(rule: Rule) -> None:
    assert ID_SHAPE.fullmatch(rule.id), rule.id
    assert rule.reason and not rule.reason.endswith(".")


def test_every_rule_is_in_the_table() -> None:
    assert {r.id for r in LINE_RULES} == set(RULES_BY_ID)
    assert len({r.id for r in LINE_RULES}) == len(LINE_RULES)


def test_combined_table_agrees_with_rules_one_by_one() -> None:
    """The combined regex gives the same first match as trying the rules in order."""
    table = RuleTable(LINE_RULES)
    samples = [s for r in ALL_RULES for s in (*r.examples, *r.counterexamples)]
    for text in samples:
        words = len(re.findall(r"\w+", text))
        expected = next((r for r in LINE_RULES if r.matches(text, words)), None)
        assert table.first_match(text, words) == expected, text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_a_branch_starts_only_with_its_first_characters(data: st.DataObject) -> None:
    """Every line a rule's branch matches starts with one of the characters the prefilter
    gives that branch (the prefilter may only ever say too much)."""
    rule = data.draw(st.sampled_from([r for r in LINE_RULES if not r.triggers]))
    flags = 0 if rule.case_sensitive else re.IGNORECASE
    branch = data.draw(st.sampled_from(branches(rule.pattern)))
    chars = first_chars(branch, flags)
    text = data.draw(st.from_regex(re.compile(branch, flags), fullmatch=True))
    assert re.compile(rule.pattern, flags).fullmatch(text)
    if chars is not None and text and text[0].isascii():
        assert text[0] in chars, (rule.id, branch, text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_a_branch_starts_only_with_its_first_pairs(data: st.DataObject) -> None:
    """Every line of two characters or more a rule's branch matches starts with one of the
    two-character starts the prefilter gives that branch (it may only ever say too much)."""
    rule = data.draw(st.sampled_from([r for r in LINE_RULES if not r.triggers]))
    flags = 0 if rule.case_sensitive else re.IGNORECASE
    branch = data.draw(st.sampled_from(branches(rule.pattern)))
    pairs = first_pairs(branch, flags)
    text = data.draw(st.from_regex(re.compile(branch, flags), fullmatch=True))
    if pairs is not None and len(text) >= 2 and text[:2].isascii():
        assert text[:2].lower() in pairs, (rule.id, branch, text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_a_branch_matches_only_lines_holding_what_it_needs(data: st.DataObject) -> None:
    """Every line a rule's branch matches holds the branch's literal run, lowercased (but for
    a line holding an ASCII letter's case partner), and a decimal digit where it needs one."""
    rule = data.draw(st.sampled_from([r for r in LINE_RULES if not r.triggers]))
    flags = 0 if rule.case_sensitive else re.IGNORECASE
    branch = data.draw(st.sampled_from(branches(rule.pattern)))
    needs, digit = needs_of(sre_parser.parse(branch, flags))
    text = data.draw(st.from_regex(re.compile(branch, flags), fullmatch=True))
    if ASCII_CASE_PARTNERS.isdisjoint(text):
        assert needs in text.lower(), (rule.id, branch, text)
    if digit:
        assert re.search(r"\d", text), (rule.id, branch, text)


def test_what_a_branch_needs() -> None:
    """The literal run is the longest every match holds; a digit only where every way needs one."""
    assert needs_of(sre_parser.parse(r"(?:photo|image) \d+ of \d+", re.IGNORECASE)) == (" of ", True)
    assert needs_of(sre_parser.parse(r"(?:\d+|no) Comments?", re.IGNORECASE)) == (" comment", False)
    assert needs_of(sre_parser.parse(r"[0-9]{1,2}h ago|x", 0)) == ("", False)


@pytest.mark.parametrize("prepared", [False, True], ids=["on_first_need", "prepared"])
def test_table_agrees_before_and_after_compiling_its_alternations(prepared: bool) -> None:
    """Whether its branches are compiled on first need or ahead (:meth:`RuleTable.prepare`),
    the table gives the first rule that matches when the rules are tried in order, whatever
    the case and the word limit (capitals, and long lines shaped like short rules)."""
    table = RuleTable(LINE_RULES)
    if prepared:
        table.prepare()
    samples = [s for r in ALL_RULES for s in (*r.examples, *r.counterexamples)]
    variants = {
        v
        for s in samples
        # (the last with a case partner second: the two-character starts are ASCII's)
        for v in (s, s.upper(), s.lower(), s.title(), f"({s})", f"{s} {s} {s} {s} {s}", f"{s[:1]}\u017f{s[1:]}")
    }
    for text in sorted(variants):
        words = len(re.findall(r"\w+", text))
        expected = next((r for r in LINE_RULES if r.matches(text, words)), None)
        assert table.first_match(text, words) == expected, text


@pytest.mark.parametrize("prepared", [False, True], ids=["on_first_need", "prepared"])
def test_table_agrees_on_lines_starting_outside_ascii(prepared: bool) -> None:
    """Lines starting outside ASCII (the branches that can start there) and with an ASCII
    letter's case partner (all the branches) get the first rule that matches when the rules
    are tried in order."""
    table = RuleTable(LINE_RULES)
    if prepared:
        table.prepare()
    samples = [s for r in ALL_RULES for s in (*r.examples, *r.counterexamples)]
    variants = {v for s in samples for v in (s, f"É{s}", f"Ä {s}", f"\u212a{s}", f"\u017f{s}", f"한 {s}")}
    for text in sorted(v for v in variants if not v[0].isascii()):
        words = len(re.findall(r"\w+", text))
        expected = next((r for r in LINE_RULES if r.matches(text, words)), None)
        assert table.first_match(text, words) == expected, text


@pytest.mark.skipif(rule_module._table is None, reason="cleaners.rules._table is not built (no C compiler)")
def test_the_c_candidate_loop_names_the_rule_the_python_loop_does() -> None:
    """``cleaners.rules._table.first_branch`` against the Python loop, on every line of the seeds
    and the devset and on the rules' samples in several cases and with a case partner: the same
    rule index (or none) from the same candidates."""
    assert rule_module._table is not None
    table = RuleTable(LINE_RULES)
    table.prepare()
    samples = [s for r in ALL_RULES for s in (*r.examples, *r.counterexamples)]
    texts = {v for s in samples for v in (s, s.upper(), f"\u017f{s}", f"{s} {s} {s}", f"É{s}")}
    devset = Path(__file__).resolve().parents[2] / "shared" / "devset" / "captures"
    seeds = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
    for path in sorted(seeds.glob("*.txt")) + (sorted(devset.glob("*.txt")) if devset.is_dir() else []):
        texts.update(clean_line(line) for line in path.read_text(encoding="utf-8", errors="replace").split("\n"))
    matched = 0
    for text in sorted(t for t in texts if t):
        lowered, words = text.lower(), len(re.findall(r"\w+", text))
        literals = text.isascii() or ASCII_CASE_PARTNERS.isdisjoint(text)
        args = (table._candidates(text), text, lowered, words, literals, len(LINE_RULES))
        want = rule_module._first_candidate(*args)
        assert rule_module._table.first_branch(*args) == want, text
        matched += want < len(LINE_RULES)
    assert len(texts) > 1000 and matched > 100
    with pytest.raises(TypeError, match="6-tuple"):
        rule_module._table.first_branch(((1, 2),), "a", "a", 1, True, 0)


@pytest.mark.skipif(rule_module._table is None, reason="cleaners.rules._table is not built (no C compiler)")
def test_the_c_table_names_the_rule_the_python_table_does() -> None:
    """``cleaners.rules._table.first_rule`` (the candidates looked up, then the loop) against
    :meth:`RuleTable._candidates` and the Python loop, on the rules' samples with a decimal digit
    of many scripts, a case partner, or a first character outside ASCII added: the same rule
    once the candidates are cached, ``None`` (the caller's turn) before."""
    assert rule_module._table is not None
    table = RuleTable(LINE_RULES)
    table.prepare()
    samples = [s for r in ALL_RULES for s in (*r.examples, *r.counterexamples)]
    # Decimal digits of several scripts, then two characters \\d does not match (², Ⅷ).
    digits = ["0", "9", "\u0663", "\u06f5", "\u0966", "\uff17", "\U0001d7d8", "\u00b2", "\u2167"]
    texts = {
        v
        for s in samples
        for v in (s, s.upper(), f"{s} {digits[len(s) % len(digits)]}", f"\u017f{s}", f"{s}\u212a", f"É{s}", f"İ{s}")
    }
    texts |= {f"{d}{d} items" for d in digits} | {"a", "\u0130", "5"}
    args = (table._by_head, table._by_head_digitless, table._by_key, rule_module._PARTNERS, len(LINE_RULES))
    assert rule_module._table.first_rule("zq never cached", "zq never cached", 3, *args) is None
    for text in sorted(texts):
        lowered, words = text.lower(), len(re.findall(r"\w+", text))
        literals = text.isascii() or ASCII_CASE_PARTNERS.isdisjoint(text)
        want = rule_module._first_candidate(table._candidates(text), text, lowered, words, literals, len(LINE_RULES))
        assert rule_module._table.first_rule(text, lowered, words, *args) == want, text


def test_table_cache_stays_small_on_lines_outside_ascii() -> None:
    """Lines of a script with thousands of characters start with as many different pairs: the
    table keeps its candidates per first character's key there, not per pair, and still gives
    the rule a line of that script belongs to."""
    table = RuleTable(LINE_RULES)
    table.prepare()
    for code in range(0x4E00, 0x4E00 + 3000):
        table.first_match(f"{chr(code)}{chr(code + 1)}城市新闻", 1)
    cached = table._by_head, table._by_head_digitless, table._by_key
    assert sum(map(len, cached)) <= 4
    text = "Фото: Иван Петров/ТАСС"
    words = len(re.findall(r"\w+", text))
    expected = next((r for r in LINE_RULES if r.matches(text, words)), None)
    assert expected is not None and table.first_match(text, words) == expected


def test_only_the_case_partners_match_ascii_outside_it() -> None:
    """The characters outside ASCII that an ASCII character matches under the case flag are
    :data:`ASCII_CASE_PARTNERS`, asked of the engine over every code point."""
    ascii_class = re.compile("[\x00-\x7f]", re.IGNORECASE)
    partners = {chr(c) for c in range(128, 0x110000) if ascii_class.fullmatch(chr(c))}
    assert partners == ASCII_CASE_PARTNERS


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_a_branch_starting_outside_ascii_says_so(data: st.DataObject) -> None:
    """Every line a rule's branch matches that starts outside ASCII (but for the case partners)
    comes from a branch the prefilter keeps for such lines."""
    rule = data.draw(st.sampled_from([r for r in LINE_RULES if not r.triggers]))
    flags = 0 if rule.case_sensitive else re.IGNORECASE
    branch = data.draw(st.sampled_from(branches(rule.pattern)))
    text = data.draw(st.from_regex(re.compile(branch, flags), fullmatch=True))
    if text and not text[0].isascii() and text[0] not in ASCII_CASE_PARTNERS:
        assert may_start_outside_ascii(branch, flags), (rule.id, branch, text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_a_rule_starts_only_with_its_first_characters(data: st.DataObject) -> None:
    """Every line a rule matches starts with one of the characters of :attr:`Rule.starts`."""
    rule = data.draw(st.sampled_from([r for r in LINE_RULES if not r.triggers]))
    text = data.draw(st.from_regex(rule.regex, fullmatch=True))
    if rule.starts is not None and text and text[0].isascii():
        assert text[0] in rule.starts, (rule.id, text)


def test_long_lines_escape_short_rules() -> None:
    line = "Subscribe " + "word " * 30
    assert not RULES_BY_ID["nav.menu_item"].matches(line)


# --- Context rules: what the marking steps decide from a line's neighbours --------------------

MARK = "=> "


def rule_of_marked_line(example: str, rule: ContextRule) -> str | None:
    """Clean an example and return the rule that decided its ``=> `` line.

    In a text capture the line is found by its number; in an HTML page (whose normalised lines
    are the reader's) by its text, the last line that reads so. A site rule's example is
    cleaned with a site profile that has learned the marked line.
    """
    is_page = example.startswith("<!DOCTYPE")
    if is_page:
        start = example.index(MARK) + len(MARK)
        target = clean_line(example[start:].split("<", 1)[0])
        text = example.replace(MARK, "", 1)
    else:
        lines = example.split("\n")
        number = next(i for i, line in enumerate(lines) if line.startswith(MARK))
        lines[number] = lines[number][len(MARK) :]
        text, target = "\n".join(lines), clean_line(lines[number])
    site = SiteProfile("example", 10, frozenset({target}), frozenset({target})) if rule.id.startswith("site.") else None
    analysis = analyse(text.encode(), "example.html" if is_page else "example.txt", site=site)
    if not is_page:
        return analysis.verdicts[number].rule
    found = [v for v in analysis.verdicts if clean_line(v.text) == target]
    return found[-1].rule if found else None


# The segment search's own verdicts, and the shape guesses the line-role model may overrule
# inside the article: their examples hold for the rules alone (the pipeline without a model).
WITHOUT_MODEL = {"chrome.head", "chrome.tail", *OVERRIDABLE}
# A rule whose example is a score, not a capture (tests/test_roles.py feeds the decoding one).
DECODED = {"model.inside"}


@pytest.fixture()
def rules_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "shipped", lambda: None)


@pytest.mark.parametrize("rule", CONTEXT_RULES, ids=lambda r: r.id)
def test_context_rule_marks_its_examples(rule: ContextRule, request: pytest.FixtureRequest) -> None:
    if rule.id in DECODED:
        return
    if rule.id in WITHOUT_MODEL:
        request.getfixturevalue("rules_alone")
    assert rule.examples, f"{rule.id} has no examples"
    for example in rule.examples:
        assert rule_of_marked_line(example, rule) == rule.id, f"{rule.id} misses its example {example!r}"


@pytest.mark.parametrize("rule", CONTEXT_RULES, ids=lambda r: r.id)
def test_context_rule_leaves_its_counterexamples(rule: ContextRule, request: pytest.FixtureRequest) -> None:
    if rule.id in WITHOUT_MODEL:
        request.getfixturevalue("rules_alone")
    assert rule.counterexamples, f"{rule.id} has no counterexamples"
    for counter in rule.counterexamples:
        assert rule_of_marked_line(counter, rule) != rule.id, f"{rule.id} marks its counterexample {counter!r}"


@pytest.mark.parametrize("rule", CONTEXT_RULES, ids=lambda r: r.id)
def test_context_rule_is_documented(rule: ContextRule) -> None:
    assert ID_SHAPE.fullmatch(rule.id), rule.id
    assert rule.reason and not rule.reason.endswith(".")


def test_one_rule_id_has_one_reason() -> None:
    """Context rule ids are unique; one that names a line rule's family says the same reason."""
    assert len(CONTEXT_RULES_BY_ID) == len(CONTEXT_RULES)
    for rule in CONTEXT_RULES:
        if rule.id in RULES_BY_ID:
            assert RULES_BY_ID[rule.id].reason == rule.reason, rule.id


def test_every_step_applies_registered_rules_and_every_rule_has_a_place() -> None:
    """Each step names the rules it may apply; every context rule is applied by a step or a reader."""
    applied = {r.id for steps in (TEXT_STEPS, CHOSEN_STEPS) for step in steps for r in step.rules}
    registered = set(RULES_BY_ID) | set(CONTEXT_RULES_BY_ID)
    assert applied <= registered
    by_reader = {"html.trafilatura", "html.figcaption", "layout.blank"}
    assert set(CONTEXT_RULES_BY_ID) - applied == by_reader
    assert len({s.name for s in TEXT_STEPS}) == len(TEXT_STEPS)


def test_no_step_mints_a_rule_id_of_its_own() -> None:
    """Marks are made from rule objects: no ``Mark("some.id", ...)`` literal in the core."""
    package = Path(__file__).resolve().parent.parent / "cleaners"
    literal = re.compile(r'^(?!\s*>>>).*\bMark\(\s*"', re.MULTILINE)
    assert not [p.name for p in package.rglob("*.py") if literal.search(p.read_text("utf-8"))]
