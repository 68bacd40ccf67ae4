"""A rule: a named, frozen description of one family of chrome lines, with its evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Rule:
    """One family of lines, matched on the line's cleaned text.

    ``pattern`` is matched against the whole line (``fullmatch``) unless ``search`` is set, in
    which case it may match anywhere. Lines of more than ``max_words`` words never match, which
    keeps long body paragraphs out of reach of rules meant for short chrome. ``field`` names the
    metadata field a matched line goes to; ``None`` means the line is chrome and only removed.
    """

    id: str
    reason: str
    pattern: str
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...] = ()
    max_words: int = 12
    search: bool = False
    case_sensitive: bool = False
    field: str | None = None
    role: str = "chrome"
    """``chrome`` (page furniture), ``meta`` (moved to metadata), ``end`` (starts the page's
    tail: what follows is not the article), or ``label`` (announces the lines after it)."""

    @cached_property
    def regex(self) -> re.Pattern[str]:
        flags = 0 if self.case_sensitive else re.IGNORECASE
        return re.compile(self.pattern, flags)

    def matches(self, text: str, words: int | None = None) -> bool:
        """Whether ``text`` (a cleaned line) belongs to this rule's family."""
        if (words if words is not None else len(text.split())) > self.max_words:
            return False
        found = self.regex.search(text) if self.search else self.regex.fullmatch(text)
        return found is not None


def alternatives(*phrases: str) -> str:
    """A regex alternation of literal-ish phrases (already regex syntax), as one group.

    >>> alternatives("a", "b c")
    '(?:a|b c)'
    """
    return "(?:" + "|".join(phrases) + ")"


class RuleTable:
    """Rules in precedence order, matched together: one combined regex per word-count limit.

    Python's alternation tries alternatives left to right, so the first rule that matches the
    whole line wins, as if the rules were tried one by one, at a fraction of the cost.
    """

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self._by_limit: dict[int, tuple[re.Pattern[str], tuple[Rule, ...]]] = {}

    def first_match(self, text: str, words: int) -> Rule | None:
        """The first rule whose family ``text`` belongs to, or ``None``.

        >>> table = RuleTable((Rule("a", "", "ab+", ("ab",)), Rule("b", "", "a.*", ("ax",))))
        >>> table.first_match("abb", 1).id, table.first_match("axe", 1).id, table.first_match("b", 1)
        ('a', 'b', None)
        """
        regex, rules = self._combined(words)
        found = regex.fullmatch(text)
        if found is None or found.lastgroup is None:
            return None
        return rules[int(found.lastgroup[1:])]

    def _combined(self, words: int) -> tuple[re.Pattern[str], tuple[Rule, ...]]:
        cached = self._by_limit.get(words)
        if cached is None:
            rules = tuple(r for r in self.rules if r.max_words >= words and not r.search)
            flags = [
                ("" if r.case_sensitive else "(?i:") + r.pattern + ("" if r.case_sensitive else ")") for r in rules
            ]
            alternation = "|".join(f"(?P<r{n}>{p})" for n, p in enumerate(flags)) or r"(?!)"
            cached = (re.compile(alternation), rules)
            self._by_limit[words] = cached
        return cached
