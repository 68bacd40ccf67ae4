"""A capture being cleaned: its lines, their quality, and the verdict reached on each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from cleaners.capture import Hints
from cleaners.lines import Line
from cleaners.profile import SiteProfile
from cleaners.quality import Quality
from cleaners.rules import LINE_RULES
from cleaners.rules.context import TAG_ONLY
from cleaners.rules.rule import RuleTable

_TABLE = RuleTable(LINE_RULES)


class Named(Protocol):
    """A rule as a mark needs it: line rules and context rules alike."""

    @property
    def id(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def field(self) -> str | None: ...
    @property
    def role(self) -> str: ...


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
    def of(cls, rule: Named, value: str | None = None) -> Mark:
        return cls(rule.id, rule.reason, rule.field, rule.role, value)


KEEP_ROLES = frozenset({"body", "heading", "dek"})

Deferred = Callable[[], dict[int, tuple[Mark, str]]]
"""Writes reasons in full: by line index, the mark a step set (its reason brief) and the reason
in full. A line whose mark a later step replaced keeps the later mark's reason."""


class Marks(dict[int, Mark]):
    """The marks of a page's lines, by index; a mark that replaces another keeps it in ``earlier``.

    >>> marks = Marks()
    >>> marks[3] = Mark("credit.agency", "photo credit")
    >>> marks[3] = Mark("nav.brand", "the site's name")
    >>> [m.rule for m in marks.earlier[3]], marks[3].rule
    (['credit.agency'], 'nav.brand')
    """

    def __init__(self) -> None:
        super().__init__()
        self.earlier: dict[int, list[Mark]] = {}

    def __setitem__(self, i: int, mark: Mark) -> None:
        old = self.get(i)
        if old is not None and old != mark:
            self.earlier.setdefault(i, []).append(old)
        super().__setitem__(i, mark)

    def add(self, marks: dict[int, Mark]) -> None:
        """Set each of ``marks`` as ``self[i] = mark`` would, in order: as one update when no
        line has a mark yet (no mark to keep in ``earlier``).

        >>> marks = Marks()
        >>> marks.add({1: Mark("nav.menu_item", "menu")})
        >>> marks.add({1: Mark("nav.brand", "the site's name")})
        >>> [m.rule for m in marks.earlier[1]], marks[1].rule
        (['nav.menu_item'], 'nav.brand')
        """
        if self:
            for i, mark in marks.items():
                self[i] = mark
        else:
            super().update(marks)


@dataclass(slots=True)
class Page:
    """Lines of one capture with their quality and marks; the marking steps refine the marks.

    Besides the lines, a page carries what the steps read (the capture's hints, what the site
    taught) and what earlier steps found for later ones (the title, the end of the head, the
    body segment).
    """

    lines: list[Line]
    quality: list[Quality]
    marks: Marks = field(default_factory=Marks)
    hints: Hints = field(default_factory=Hints)
    site: SiteProfile | None = None
    title: int | None = None
    """Index of the headline line, once a title step found it."""
    head: int | None = None
    """Index of the last line of the head (title, standfirst), once found."""
    span: tuple[int, int] | None = None
    """The body segment (inclusive bounds), once found."""
    deferred: list[Deferred] = field(default_factory=list)
    """Reasons written only when someone reads them (:attr:`cleaners.clean.Analysis.verdicts`):
    a step that marks lines with a brief reason here leaves what writes them in full (the
    line-role model's score and the features that weighed most, from its walk down the trees).
    The record names rules only, so a run that never reads a reason never writes one."""

    def nonblank(self, start: int = 0, stop: int | None = None, step: int = 1) -> list[int]:
        """Indexes of non-blank lines in ``range(start, stop, step)``."""
        stop = len(self.lines) if stop is None else stop
        return [i for i in range(start, stop, step) if not self.lines[i].blank]

    def first_nonblank(self, start: int, count: int) -> list[int]:
        """The first ``count`` indexes of non-blank lines from ``start`` on (what
        ``nonblank(start)[:count]`` gives, without reading the rest of the page).

        >>> from cleaners.lines import measure
        >>> page = Page([measure(1, "a", "a", frozenset()), measure(2, "", "", frozenset())] * 3, [])
        >>> page.first_nonblank(1, 2), page.nonblank(1)[:2], page.first_nonblank(5, 2)
        ([2, 4], [2, 4], [])
        """
        lines = self.lines
        found: list[int] = []
        for i in range(start, len(lines)):
            if len(found) == count:
                break
            if not lines[i].blank:
                found.append(i)
        return found

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


_TAG_ONLY_MARK = Mark.of(TAG_ONLY)


def prepare_line_rules() -> None:
    """Compile the line rules' regexes ahead of the first page (see :meth:`RuleTable.prepare`)."""
    _TABLE.prepare()


def apply_line_rules(page: Page, table: RuleTable = _TABLE) -> None:
    """Mark each non-blank line with the first rule whose family it belongs to.

    A line's rule depends on its text alone: a text the page repeats (menus, share bars) is
    matched once.
    """
    verdicts: dict[str, Mark | None] = {}
    found: dict[int, Mark] = {}
    for i, line in enumerate(page.lines):
        if line.blank:
            if line.raw.strip():
                found[i] = _TAG_ONLY_MARK
            continue
        text = line.text
        if text in verdicts:
            mark = verdicts[text]
        else:
            rule = table.first_match(text, line.words, line.tokens)
            mark = verdicts[text] = Mark.of(rule) if rule is not None else None
        if mark is not None:
            found[i] = mark
    page.marks.add(found)
