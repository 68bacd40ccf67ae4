"""A capture being cleaned: its lines, their quality, and the verdict reached on each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from cleaners.lines import Line
from cleaners.quality import Quality
from cleaners.rules import LINE_RULES, Rule
from cleaners.rules.rule import RuleTable

_TABLE = RuleTable(LINE_RULES)


class Mark(NamedTuple):
    """Why a line is what it is: a rule id, its reason, and where its text goes."""

    rule: str
    reason: str
    field: str | None = None
    """Metadata field the line's text feeds (``None``: chrome, or kept in the body)."""
    role: str = "chrome"
    value: str | None = None
    """The metadata value carried, where it differs from the line's text."""

    @classmethod
    def of(cls, rule: Rule) -> Mark:
        return cls(rule.id, rule.reason, rule.field, rule.role)


KEEP_ROLES = frozenset({"body", "heading", "dek"})


@dataclass
class Page:
    """Lines of one capture with their quality and marks; context rules refine the marks."""

    lines: list[Line]
    quality: list[Quality]
    marks: dict[int, Mark] = field(default_factory=dict)

    def nonblank(self, start: int = 0, stop: int | None = None, step: int = 1) -> list[int]:
        """Indexes of non-blank lines in ``range(start, stop, step)``."""
        stop = len(self.lines) if stop is None else stop
        return [i for i in range(start, stop, step) if not self.lines[i].blank]

    def next_nonblank(self, i: int) -> int | None:
        for j in range(i + 1, len(self.lines)):
            if not self.lines[j].blank:
                return j
        return None

    def prev_nonblank(self, i: int) -> int | None:
        for j in range(i - 1, -1, -1):
            if not self.lines[j].blank:
                return j
        return None

    def adjacent(self, i: int, j: int) -> bool:
        """Whether lines ``i`` and ``j`` sit in one block (no blank line between them)."""
        lo, hi = sorted((i, j))
        return all(not self.lines[k].blank for k in range(lo, hi + 1))

    def free(self, i: int) -> bool:
        """Not yet explained by any rule."""
        return i not in self.marks

    def role(self, i: int) -> str | None:
        mark = self.marks.get(i)
        return mark.role if mark else None


def apply_line_rules(page: Page, table: RuleTable = _TABLE) -> None:
    """Mark each non-blank line with the first rule whose family it belongs to."""
    for i, line in enumerate(page.lines):
        if line.blank:
            if line.raw.strip():
                page.marks[i] = Mark("markup.tag_only", "a line of bare HTML markup, no text")
            continue
        rule = table.first_match(line.text, line.words, line.tokens)
        if rule is not None:
            page.marks[i] = Mark.of(rule)
