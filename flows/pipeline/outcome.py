"""How a run ended, in one line: the counts, and for a failed run its first new failures.

The same line is the flow run's state message, the message of the ``RunFailed`` exception a
failed run ends with (``flows.pipeline.flow``), and what ``presswash run`` prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

FAILURES_NAMED = 3
"""New failures named in the one-line message; the rest are in the manifest and artifacts."""
REASON_WIDTH = 80
"""A reason is cut to this many characters in the one-line message."""


def outcome_message(tally: Mapping[str, int]) -> str:
    """'5 cleaned, 0 unchanged, 1 failed', naming captures without an article and known failures
    when there are any.

    >>> outcome_message({"processed": 5, "skipped": 0, "no_article": 2, "failed": 1, "known_failures": 3})
    '5 cleaned, 0 unchanged, 2 without an article, 1 failed, 3 known failures'
    """
    empty = f"{tally['no_article']} without an article, " if tally.get("no_article") else ""
    known = tally.get("known_failures", 0)
    also = f", {known} known failure{'s' if known != 1 else ''}" if known else ""
    return f"{tally['processed']} cleaned, {tally['skipped']} unchanged, {empty}{tally['failed']} failed{also}"


def failure_message(tally: Mapping[str, int], failures: Sequence[tuple[str, str]]) -> str:
    """The counts, then the first new failures with their reasons, on one line.

    >>> failure_message({"processed": 1, "skipped": 0, "failed": 1}, [("a.txt", "the capture is binary data")])
    '1 cleaned, 0 unchanged, 1 failed: a.txt: the capture is binary data'
    """
    counts = outcome_message(tally)
    if not failures:
        return counts
    named = "; ".join(
        f"{_one_line(name)}: {_one_line(reason, REASON_WIDTH)}" for name, reason in failures[:FAILURES_NAMED]
    )
    more = f"; …and {len(failures) - FAILURES_NAMED} more in the manifest" if len(failures) > FAILURES_NAMED else ""
    return f"{counts}: {named}{more}"


def _one_line(text: str, width: int | None = None) -> str:
    flat = " ".join(text.split())
    if width is not None and len(flat) > width:
        return flat[: width - 1] + "…"
    return flat
