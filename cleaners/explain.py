"""Show what cleaning did to a capture, line by line: kept or dropped, by which rule.

Pure rendering of an :class:`~cleaners.clean.Analysis`; no I/O and no colour, so the
same text serves a terminal, a pipe and a test. The CLI adds colour on a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaners.clean import Analysis, LineVerdict

KEEP = "KEEP"
DROP = "DROP"
NO_RULE = "-"
MAX_RULE_WIDTH = 32
"""Rule ids longer than this push their own row out instead of widening every row."""


@dataclass(frozen=True)
class Columns:
    """Widths of the number and rule columns, so every row lines up."""

    number: int
    rule: int

    @classmethod
    def fit(cls, verdicts: tuple[LineVerdict, ...]) -> Columns:
        """The narrowest columns that hold every verdict's number and rule id."""
        numbers = [len(str(verdict.number)) for verdict in verdicts]
        rules = [len(verdict.rule or NO_RULE) for verdict in verdicts]
        return cls(max(numbers, default=1), min(max(rules, default=1), MAX_RULE_WIDTH))


def explain_row(verdict: LineVerdict, columns: Columns) -> str:
    """One line of the explanation: number, KEEP or DROP, rule id, the line's text.

    >>> verdict = LineVerdict(7, "Skip to content", False, "nav.skip_link", "skip link")
    >>> explain_row(verdict, Columns(number=3, rule=14))
    '  7  DROP  nav.skip_link   Skip to content'
    """
    marker = KEEP if verdict.kept else DROP
    rule = (verdict.rule or NO_RULE).ljust(columns.rule)
    row = f"{verdict.number:>{columns.number}}  {marker}  {rule}  {verdict.text}"
    return row.rstrip()


def explain_rows(analysis: Analysis) -> list[str]:
    """One aligned row per line of the normalised capture, in order."""
    columns = Columns.fit(analysis.verdicts)
    return [explain_row(verdict, columns) for verdict in analysis.verdicts]


def rule_legend(analysis: Analysis) -> list[str]:
    """Each rule that decided a line, once, with its reason, in order of first use."""
    reasons: dict[str, str] = {}
    for verdict in analysis.verdicts:
        if verdict.rule and verdict.rule not in reasons:
            reasons[verdict.rule] = verdict.reason or ""
    width = max((len(rule) for rule in reasons), default=0)
    return [f"  {rule.ljust(width)}  {reason}".rstrip() for rule, reason in reasons.items()]


def overruled(analysis: Analysis) -> list[str]:
    """Lines whose mark a later step replaced: 'line 3: was credit.agency, then nav.brand'.

    >>> from cleaners.record import Article
    >>> article = Article(id="a", source="a.txt", sha256="0", text="")
    >>> verdict = LineVerdict(3, "Ledger", False, "nav.brand", "site name", ("credit.agency",))
    >>> overruled(Analysis(article, (verdict,)))
    ['  line 3: was credit.agency, then nav.brand']
    """
    return [
        f"  line {v.number}: was {', then '.join((*v.earlier, v.rule or NO_RULE))}"
        for v in analysis.verdicts
        if v.earlier
    ]


def explain_summary(analysis: Analysis) -> str:
    """How many lines were kept and dropped.

    >>> from cleaners.record import Article
    >>> article = Article(id="a", source="a.txt", sha256="0", text="Body.")
    >>> verdicts = (LineVerdict(1, "Menu", False, "nav.menu"), LineVerdict(2, "Body.", True))
    >>> explain_summary(Analysis(article, verdicts))
    '2 lines: 1 kept, 1 dropped'
    """
    kept = sum(verdict.kept for verdict in analysis.verdicts)
    dropped = len(analysis.verdicts) - kept
    return f"{len(analysis.verdicts)} lines: {kept} kept, {dropped} dropped"


def render_explain(analysis: Analysis) -> str:
    """The whole explanation: aligned rows, a summary, and the reason for each rule.

    >>> from cleaners.record import Article
    >>> article = Article(id="a", source="a.txt", sha256="0", text="Body.")
    >>> verdicts = (
    ...     LineVerdict(1, "Skip to content", False, "nav.skip_link", "jumps past the menu"),
    ...     LineVerdict(2, "Body.", True),
    ... )
    >>> print(render_explain(Analysis(article, verdicts)), end="")
    1  DROP  nav.skip_link  Skip to content
    2  KEEP  -              Body.
    <BLANKLINE>
    2 lines: 1 kept, 1 dropped
    rules:
      nav.skip_link  jumps past the menu
    """
    lines = [*explain_rows(analysis), "", explain_summary(analysis)]
    legend = rule_legend(analysis)
    if legend:
        lines += ["rules:", *legend]
    changed = overruled(analysis)
    if changed:
        lines += ["overruled:", *changed]
    return "\n".join(lines) + "\n"
