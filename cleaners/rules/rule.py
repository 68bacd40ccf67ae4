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
