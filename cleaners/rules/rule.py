"""A rule: a named, frozen description of one family of chrome lines, with its evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from cleaners.rules.firsts import ASCII_CASE_PARTNERS, Chars, branches, first_chars, may_start_outside_ascii

_WORD = re.compile(r"\w+")
# Rules describe lines up to a few dozen words; a longer line (a megabyte with no spaces counts
# as one word) is never chrome of theirs, and never reaches their regexes.
MAX_RULE_CHARS = 2000
COMPILE_AFTER = 1000
"""Lines starting with a character before the table compiles that character's alternation."""


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
    """Which alternation a line starting with ``char`` is matched against: the lowercase ASCII
    character's, ``""`` outside ASCII, ``None`` (the rules one by one) for an ASCII letter's
    case partner (not the Kelvin sign's 'k': the alternations keep branches by ASCII case).

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


class RuleTable:
    """Rules in precedence order, matched together: one combined regex per first character.

    Python's alternation tries alternatives left to right, so the first rule that matches the
    whole line wins, as if the rules were tried one by one, at a fraction of the cost; and of
    each rule, only the branches that can start with the line's first character are tried
    (:mod:`cleaners.rules.firsts`). Rules with triggers are tried on their own, on the lines
    that hold one.
    """

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self._unguarded = tuple(n for n, r in enumerate(rules) if not r.triggers)
        self._by_first: dict[str, tuple[re.Pattern[str], tuple[int, ...]]] = {}
        self._first_counts: dict[str, int] = {}
        self._by_start: dict[str, tuple[int, ...]] = {}
        self._compiled: dict[str, tuple[re.Pattern[str], tuple[int, ...]]] = {}
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
        best = self._first_unguarded(text, words)
        for n in self._triggered(text, tokens):
            if n >= best:
                break
            rule = self.rules[n]
            if rule.max_words >= words and rule.regex.fullmatch(text):
                return rule
        return self.rules[best] if best < len(self.rules) else None

    def _triggered(self, text: str, tokens: frozenset[str] | None) -> Sequence[int]:
        """Indexes of the guarded rules whose triggers the line holds, in precedence order.

        Most lines hold no trigger: one set test and one search say so, building nothing.
        """
        lowered = text.lower()
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
        """Compile every alternation a line can need now rather than when a line first needs
        it (some tenths of a second): before forking workers, so that each inherits them."""
        for code in range(32, 127):
            self._starting(chr(code).lower())
        self._starting("")

    def _first_unguarded(self, text: str, words: int) -> int:
        """The index of the first unguarded rule that takes the line (``len(rules)`` if none).

        A line starting with an ASCII character is matched against the branches of all
        unguarded rules that can start with it (:meth:`_starting`), whatever their word limit:
        when the rule that matches accepts the line's length, no rule before it matched, so it
        is the one. When it does not (a long line shaped like a short rule's), the rules after
        it are tried one by one.

        A line starting with a character outside ASCII is matched the same way against the
        branches that can start with one (key ``""``), but for the few characters an ASCII
        letter matches under the case flag (:data:`ASCII_CASE_PARTNERS`): those lines try the
        rules one by one.

        A character's alternation is compiled once :data:`COMPILE_AFTER` lines started with it;
        until then the rules that can start with it are tried one by one (:meth:`_may_start`;
        their own regexes compile in a few tens of milliseconds, all of them): compiling an
        alternation costs about what it saves on a few thousand lines, and a short run (a few
        pages) never pays for it.
        """
        after = 0
        char = text[0]  # (_first_key, inline: once per line)
        first = char.lower() if char.isascii() else (None if char in ASCII_CASE_PARTNERS else "")
        compiled = self._by_first.get(first) if first is not None else None
        if compiled is None and first is not None and self._seen_first(first):
            compiled = self._starting(first)
        if compiled is not None:
            regex, indexes = compiled
            found = regex.fullmatch(text)
            if found is None or not found.lastgroup:
                return len(self.rules)
            n = indexes[int(found.lastgroup[1:])]
            if self.rules[n].max_words >= words:
                return n
            after = n + 1
        for n in self._may_start(text[0]):
            rule = self.rules[n]
            if n >= after and rule.max_words >= words and rule.regex.fullmatch(text):
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

    def _seen_first(self, first: str) -> bool:
        """Count a line starting with ``first``; whether enough did to compile its alternation."""
        seen = self._first_counts[first] = self._first_counts.get(first, 0) + 1
        return seen >= COMPILE_AFTER

    def _starting(self, first: str) -> tuple[re.Pattern[str], tuple[int, ...]]:
        """One alternation of the unguarded rules' branches that can start with ``first`` (a
        lowercase ASCII character) or its capital, in precedence order (see
        :mod:`cleaners.rules.firsts`); for ``""``, of those that can start with a character
        outside ASCII (:attr:`Rule.outside_branches`)."""
        cached = self._by_first.get(first)
        if cached is None:
            # A lowercase letter stands for itself and its capital: one regex serves both.
            cased = {first, first.upper()}
            indexes: list[int] = []
            parts: list[str] = []
            for n in self._unguarded:
                rule = self.rules[n]
                if first:
                    kept = [b for b, chars in rule.first_branches if chars is None or not chars.isdisjoint(cased)]
                else:
                    kept = list(rule.outside_branches)
                if kept:
                    indexes.append(n)
                    parts.append(self._scoped(rule, "|".join(kept)))
            alternation = "|".join(f"(?P<r{k}>{p})" for k, p in enumerate(parts)) or r"(?!)"
            # Characters that keep the same branches (digits, most punctuation) share a regex.
            cached = self._compiled.get(alternation)
            if cached is None:
                cached = self._compiled[alternation] = (re.compile(alternation), tuple(indexes))
            self._by_first[first] = cached
        return cached

    @staticmethod
    def _scoped(rule: Rule, pattern: str) -> str:
        return pattern if rule.case_sensitive else f"(?i:{pattern})"


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
