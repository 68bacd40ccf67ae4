"""A rule: a named, frozen description of one family of chrome lines, with its evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import NamedTuple

from cleaners.rules.firsts import (
    ASCII_CASE_PARTNERS,
    Chars,
    branches,
    first_chars,
    may_start_outside_ascii,
    needs_of,
    pairs_of,
)

# RuleTable._first_unguarded in C: the candidate loop, and where a line's candidates are cached
# all of it (setup.py builds it where it can; optional).
try:
    from cleaners.rules import _table
except ImportError:  # pragma: no cover - exercised where no compiler built the extension
    _table = None  # type: ignore[assignment]

_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_PARTNERS = "".join(sorted(ASCII_CASE_PARTNERS))
"""The case partners as ``cleaners.rules._table.first_rule`` reads them."""
# Rules describe lines up to a few dozen words; a longer line (a megabyte with no spaces counts
# as one word) is never chrome of theirs, and never reaches their regexes.
MAX_RULE_CHARS = 2000
BUILD_AFTER = 20_000
"""Lines the table matches before it analyses and compiles the rules' branches: about as many
as pay for building them (0.3 s; a line costs 30 us tried rule by rule and 17 us against the
built branches, on the devset's capture lines: even after 22,000), so a run never spends more
than twice what it would knowing its length ahead; 80 HTML pages (2,100 lines) took 4% more
instructions with the table built after 1,000. A long run builds it early; the pool builds it
before forking (:meth:`RuleTable.prepare`)."""


@dataclass(frozen=True)
class Rule:
    """One family of lines, matched on the line's cleaned text.

    ``pattern`` is matched against the whole line (``fullmatch``). Lines of more than
    ``max_words`` words never match, which keeps long body paragraphs out of reach of rules
    meant for short chrome. ``field`` names the
    metadata field a matched line goes to; ``None`` means the line is chrome and only removed.
    """

    id: str
    reason: str
    pattern: str
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...] = ()
    max_words: int = 12
    case_sensitive: bool = False
    triggers: tuple[str, ...] = ()
    """A cheap necessary condition: the line holds one of these (a lowercase word, or a
    substring with a non-word character such as ``©``). A rule with triggers is only tried
    on lines that have one, which keeps costly ``.*word.*`` patterns off most lines."""
    field: str | None = None
    role: str = "chrome"
    """``chrome`` (page furniture), ``meta`` (moved to metadata), ``end`` (starts the page's
    tail: what follows is not the article), or ``label`` (announces the lines after it)."""

    @cached_property
    def regex(self) -> re.Pattern[str]:
        flags = 0 if self.case_sensitive else re.IGNORECASE
        return re.compile(self.pattern, flags)

    @cached_property
    def first_branches(self) -> tuple[tuple[str, Chars], ...]:
        """The pattern's branches, each with the ASCII characters it can start with
        (:mod:`cleaners.rules.firsts`; ``None``: any)."""
        flags = 0 if self.case_sensitive else re.IGNORECASE
        return tuple((b, first_chars(b, flags)) for b in branches(self.pattern))

    @cached_property
    def outside_branches(self) -> tuple[str, ...]:
        """The pattern's branches that can start with a character outside ASCII (but for
        :data:`~cleaners.rules.firsts.ASCII_CASE_PARTNERS`)."""
        flags = 0 if self.case_sensitive else re.IGNORECASE
        return tuple(b for b in branches(self.pattern) if may_start_outside_ascii(b, flags))

    @cached_property
    def starts(self) -> Chars:
        """The ASCII characters a match of the pattern can start with (``None``: any): a line
        starting with another ASCII character is not of this family."""
        return first_chars(self.pattern, 0 if self.case_sensitive else re.IGNORECASE)

    @cached_property
    def trigger_words(self) -> frozenset[str]:
        return frozenset(t for t in self.triggers if _WORD.fullmatch(t))

    @cached_property
    def trigger_substrings(self) -> tuple[str, ...]:
        return tuple(t for t in self.triggers if not _WORD.fullmatch(t))

    def triggered(self, lowered: str, tokens: frozenset[str]) -> bool:
        """Whether the line (lowercased, and its words) holds one of the triggers."""
        if not self.triggers:
            return True
        return not self.trigger_words.isdisjoint(tokens) or any(t in lowered for t in self.trigger_substrings)

    def matches(self, text: str, words: int | None = None) -> bool:
        """Whether ``text`` (a cleaned line) belongs to this rule's family."""
        if (words if words is not None else len(text.split())) > self.max_words or len(text) > MAX_RULE_CHARS:
            return False
        lowered = text.lower()
        if not self.triggered(lowered, frozenset(_WORD.findall(lowered))):
            return False
        return self.regex.fullmatch(text) is not None


def _first_key(char: str) -> str | None:
    """Which branches a line starting with ``char`` is matched against: the lowercase ASCII
    character's, ``""`` outside ASCII, ``None`` (all of them) for an ASCII letter's case
    partner (not the Kelvin sign's 'k': the first characters are kept by ASCII case).

    >>> _first_key("S"), _first_key("한"), _first_key("\u212a")
    ('s', '', None)
    """
    if char.isascii():
        return char.lower()
    return None if char in ASCII_CASE_PARTNERS else ""


def alternatives(*phrases: str) -> str:
    """A regex alternation of literal-ish phrases (already regex syntax), as one group.

    >>> alternatives("a", "b c")
    '(?:a|b c)'
    """
    return "(?:" + "|".join(phrases) + ")"


class Branch(NamedTuple):
    """One branch of an unguarded rule's pattern, with what a line must be like to match it."""

    rule: int
    """The rule's index in the table."""
    low: int
    high: int
    """The lengths (in characters) of the lines the branch can match whole."""
    max_words: int
    """The rule's word limit."""
    needs: str
    """ASCII characters every match holds in a row, lowercased (``""``: none): a line whose
    lowercased text does not hold them (nor an ASCII letter's case partner) is not one."""
    regex: re.Pattern[str]


class RuleTable:
    """Rules in precedence order, matched together: of each rule, only the branches a line can match.

    A line is tried against the branches of the rules, in precedence order, that can start
    with its first two characters (:mod:`cleaners.rules.firsts`) and can be as long as the line
    is, of the rules whose word limit the line keeps to: the first branch that matches the whole
    line names the first rule that does, as if the rules were tried one by one, but a line
    meets a handful of branches instead of every rule's dozens. Rules with triggers are tried on
    their own, on the lines that hold one.
    """

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self._unguarded = tuple(n for n, r in enumerate(rules) if not r.triggers)
        self._by_head: dict[str, tuple[Branch, ...]] = {}
        self._by_head_digitless: dict[str, tuple[Branch, ...]] = {}
        self._by_key: dict[tuple[str | None, bool], tuple[Branch, ...]] = {}
        self._by_first: dict[str | None, tuple[tuple[Branch, frozenset[str] | None, bool], ...]] = {}
        self._branches: tuple[tuple[Branch, Chars, frozenset[str] | None, bool, bool], ...] | None = None
        self._lines_before_build = BUILD_AFTER
        self._by_start: dict[str, tuple[int, ...]] = {}
        self._guarded = tuple(n for n, r in enumerate(rules) if r.triggers)
        self._by_word: dict[str, list[int]] = {}
        self._by_substring: dict[str, list[int]] = {}
        for n in self._guarded:
            for word in rules[n].trigger_words:
                self._by_word.setdefault(word, []).append(n)
            for sub in rules[n].trigger_substrings:
                self._by_substring.setdefault(sub, []).append(n)
        self._trigger_words = frozenset(self._by_word)
        # Most lines hold none of the trigger substrings: one search says so for all of them.
        self._any_substring = re.compile("|".join(map(re.escape, self._by_substring)) or r"(?!)")

    def first_match(self, text: str, words: int, tokens: frozenset[str] | None = None) -> Rule | None:
        """The first rule whose family ``text`` belongs to, or ``None``.

        ``tokens`` are the line's lowercased words, where the caller has them already.

        >>> table = RuleTable((Rule("a", "", "ab+", ("ab",)), Rule("b", "", "a.*", ("ax",))))
        >>> table.first_match("abb", 1).id, table.first_match("axe", 1).id, table.first_match("b", 1)
        ('a', 'b', None)
        """
        if len(text) > MAX_RULE_CHARS:
            return None
        lowered = text.lower()
        best = self._first_unguarded(text, lowered, words)
        for n in self._triggered(lowered, tokens):
            if n >= best:
                break
            rule = self.rules[n]
            if rule.max_words >= words and rule.regex.fullmatch(text):
                return rule
        return self.rules[best] if best < len(self.rules) else None

    def _triggered(self, lowered: str, tokens: frozenset[str] | None) -> Sequence[int]:
        """Indexes of the guarded rules whose triggers the line (lowercased) holds, in
        precedence order.

        Most lines hold no trigger: one set test and one search say so, building nothing.
        """
        if tokens is None:
            tokens = frozenset(_WORD.findall(lowered))
        words = () if tokens.isdisjoint(self._trigger_words) else tokens & self._trigger_words
        found = self._any_substring.search(lowered)
        if not words and found is None:
            return ()
        hits = {n for word in words for n in self._by_word[word]}
        if found is not None:
            hits.update(n for sub, ns in self._by_substring.items() if sub in lowered for n in ns)
        return sorted(hits)

    def prepare(self) -> None:
        """Analyse and compile the rules' branches now rather than after :data:`BUILD_AFTER`
        lines (a few tenths of a second): before forking workers, so that each inherits them."""
        for code in range(32, 127):
            self._first_branches(chr(code).lower())
        self._first_branches("")
        self._first_branches(None)

    def _first_unguarded(self, text: str, lowered: str, words: int) -> int:
        """The index of the first unguarded rule that takes the line (``len(rules)`` if none):
        the rule of the first of the line's branches (:meth:`_candidates`) that the line keeps
        to the length and word limits of, holds the literal characters of (:attr:`Branch.needs`)
        and matches whole.

        The branches are analysed and compiled once :data:`BUILD_AFTER` lines were matched
        (a few tenths of a second, all of them); until then the unguarded rules that can start
        with the line's first character are tried one by one (:meth:`_may_start`; their own
        regexes compile in a few tens of milliseconds): a short run (a page or two) never pays
        for the branches. The loop over the candidates runs in C (``cleaners.rules._table``,
        the same tests in the same order) where it is built.
        """
        if self._branches is None and self._lines_before_build > 0:
            self._lines_before_build -= 1
            return self._one_by_one(text, words)
        if _table is not None:  # the line's candidates cached: all of the rest in C, the same tests
            found: int | None = _table.first_rule(
                text, lowered, words, self._by_head, self._by_head_digitless, self._by_key, _PARTNERS, len(self.rules)
            )
            if found is not None:
                return found
        # A case partner matches an ASCII literal its lowercase is not: there the literals say nothing.
        literals = text.isascii() or ASCII_CASE_PARTNERS.isdisjoint(text)
        first = _first_candidate if _table is None else _table.first_branch
        return first(self._candidates(text), text, lowered, words, literals, len(self.rules))

    def _one_by_one(self, text: str, words: int) -> int:
        """:meth:`_first_unguarded` from the rules' own regexes, one by one."""
        for n in self._may_start(text[0]):
            rule = self.rules[n]
            if rule.max_words >= words and rule.regex.fullmatch(text):
                return n
        return len(self.rules)

    def _may_start(self, char: str) -> tuple[int, ...]:
        """The unguarded rules a line starting with ``char`` may belong to, in order: for an
        ASCII character, those whose pattern can start with it (:attr:`Rule.starts`)."""
        if not char.isascii():
            return self._unguarded
        cached = self._by_start.get(char)
        if cached is None:
            starts = [(n, self.rules[n].starts) for n in self._unguarded]
            cached = self._by_start[char] = tuple(n for n, chars in starts if chars is None or char in chars)
        return cached

    def _candidates(self, text: str) -> tuple[Branch, ...]:
        """The branches of the unguarded rules, in precedence order, that a line starting like
        ``text`` (its first two characters) can match, without those that need a decimal digit
        when the line has none. Cached by those two characters where both are ASCII, else by
        the first one's key (:func:`_first_key`, which is all such a line is filtered by): the
        cache stays small however many scripts a long run reads (lines of Chinese start with
        millions of different pairs)."""
        digits = _DIGIT.search(text) is not None
        head = text[:2]
        if len(head) == 2 and head.isascii():
            by_head = self._by_head if digits else self._by_head_digitless
            cached = by_head.get(head)
            if cached is None:
                cached = by_head[head] = self._filtered(_first_key(head[0]), head.lower(), digits)
            return cached
        key = (_first_key(head[0]), digits)
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key[key] = self._filtered(key[0], None, digits)
        return found

    def _filtered(self, first: str | None, pair: str | None, digits: bool) -> tuple[Branch, ...]:
        """The branches by ``first``'s key that can start with ``pair`` (``None``: not known)
        and, on a line without a decimal digit, need none."""
        return tuple(
            branch
            for branch, pairs, digit in self._first_branches(first)
            if (pair is None or pairs is None or pair in pairs) and (digits or not digit)
        )

    def _first_branches(self, first: str | None) -> tuple[tuple[Branch, frozenset[str] | None, bool], ...]:
        """The branches a line can match by its first character's key (:func:`_first_key`):
        those that can start with the lowercase ASCII character or its capital; for ``""``,
        those that can start outside ASCII (:attr:`Rule.outside_branches`); for ``None`` (an
        ASCII letter's case partner), all. Each with its two-character starts (``None``: any)
        and whether every match holds a decimal digit."""
        cached = self._by_first.get(first)
        if cached is None:
            cased = {first, first.upper()} if first else set()
            cached = self._by_first[first] = tuple(
                (branch, pairs, digit)
                for branch, chars, pairs, outside, digit in self._all_branches()
                if first is None or (outside if first == "" else chars is None or not chars.isdisjoint(cased))
            )
        return cached

    def _all_branches(self) -> tuple[tuple[Branch, Chars, frozenset[str] | None, bool, bool], ...]:
        """Every branch of the unguarded rules, in precedence order, compiled, with its first
        characters, its two-character starts and whether it can start outside ASCII."""
        if self._branches is None:
            self._branches = tuple(branch for n in self._unguarded for branch in _branches_of(n, self.rules[n]))
        return self._branches


def _first_candidate(
    candidates: tuple[Branch, ...], text: str, lowered: str, words: int, literals: bool, none: int
) -> int:
    """The rule of the first of ``candidates`` that ``text`` keeps to the length and word limits
    of, whose literal characters ``lowered`` holds (when ``literals``) and that matches ``text``
    whole; ``none`` if none (``cleaners.rules._table.first_branch`` in Python)."""
    size = len(text)
    if literals:
        for rule_index, low, high, max_words, needs, regex in candidates:
            if low <= size <= high and max_words >= words and needs in lowered and regex.fullmatch(text):
                return rule_index
        return none
    for rule_index, low, high, max_words, _, regex in candidates:
        if low <= size <= high and max_words >= words and regex.fullmatch(text):
            return rule_index
    return none


def _branches_of(n: int, rule: Rule) -> list[tuple[Branch, Chars, frozenset[str] | None, bool, bool]]:
    """The branches of rule ``n`` (:attr:`Rule.first_branches`) as the table tries them."""
    flags = 0 if rule.case_sensitive else re.IGNORECASE
    outside = set(rule.outside_branches)
    out = []
    for pattern, chars in rule.first_branches:
        parsed = sre_parser.parse(pattern, flags)
        low, high = parsed.getwidth()
        needs, digit = needs_of(parsed)
        branch = Branch(n, low, high, rule.max_words, needs, re.compile(pattern, flags))
        out.append((branch, chars, pairs_of(parsed, flags), pattern in outside, digit))
    return out


@dataclass(frozen=True)
class ContextRule:
    """A rule a marking step applies from a line's neighbours, not its text alone.

    ``examples`` and ``counterexamples`` are small invented captures, one line of each prefixed
    with ``=> ``: cleaning the example gives that line this rule's id; cleaning a counterexample
    does not. Where a step only applies with a site profile or to HTML, the examples say so by
    their shape (tests/test_rules.py runs them all the same way).
    """

    id: str
    reason: str
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    field: str | None = None
    role: str = "chrome"
