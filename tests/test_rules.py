"""Every rule matches its own examples and none of its counterexamples."""

from __future__ import annotations

import re

import pytest

from cleaners.rules import LINE_RULES, RULES_BY_ID, Rule
from cleaners.rules.rule import RuleTable

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


def test_long_lines_escape_short_rules() -> None:
    line = "Subscribe " + "word " * 30
    assert not RULES_BY_ID["nav.menu_item"].matches(line)
