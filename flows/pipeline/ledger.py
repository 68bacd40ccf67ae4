"""Every capture's outcome in a run, kept on disk, so the run process stays the same size
whether it sweeps five thousand captures or five hundred thousand.

The sweep appends each settled batch's outcomes to a :class:`Ledger`: a private temporary SQLite
database (deleted when closed, or when the process ends), one row per outcome in the order the
outcomes were settled. In memory it keeps only what the summaries need at once: the counts per
status and the lines removed per rule. The manifest (``flows.pipeline.manifest``), the artifacts
(``flows.pipeline.report``) and the dataset shards (``flows.pipeline.dataset``) read the outcomes
back one at a time, or only the first few of a status.

Signatures are not kept here (the signature store has them): an outcome is stored without one.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace

from flows.pipeline.batch import Outcome

STATUSES = ("processed", "skipped", "no_article", "failed", "known_failure")
COUNT_KEYS = {"known_failure": "known_failures"}
"""Where a status's count and list are named differently from the status itself."""

_SCHEMA = """
CREATE TABLE outcomes (
    n INTEGER PRIMARY KEY, status TEXT NOT NULL, capture BLOB NOT NULL, words INTEGER NOT NULL, outcome BLOB NOT NULL
);
"""
_READ = 500
"""Rows fetched from the database at a time when reading outcomes back."""


class Ledger:
    """The run's outcomes, in order: appended per batch, read back as often as needed.

    >>> ledger = Ledger([Outcome("a.txt", "processed", words=3, rules={"nav": 2}), Outcome("b.txt", "failed")])
    >>> len(ledger), [o.capture for o in ledger], ledger.tally()["failed"], dict(ledger.rules)
    (2, ['a.txt', 'b.txt'], 1, {'nav': 2})
    """

    def __init__(self, outcomes: Iterable[Outcome] = ()) -> None:
        # "": a private temporary database on disk, removed when the connection closes.
        self._db = sqlite3.connect("", check_same_thread=False)
        self._db.executescript(_SCHEMA)
        self._counts: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()
        """Lines removed per rule over the captures cleaned in this run."""
        self.extend(outcomes)

    def extend(self, outcomes: Iterable[Outcome]) -> None:
        """Append outcomes (one transaction)."""
        rows = []
        for outcome in outcomes:
            self._counts[outcome.status] += 1
            if outcome.status == "processed":
                self.rules.update(outcome.rules)
            stored = replace(outcome, signature=None) if outcome.signature is not None else outcome
            rows.append((outcome.status, _key(outcome.capture), outcome.words, pickle.dumps(stored, protocol=5)))
        with self._db:
            self._db.executemany("INSERT INTO outcomes (status, capture, words, outcome) VALUES (?, ?, ?, ?)", rows)

    def __len__(self) -> int:
        return sum(self._counts.values())

    def __iter__(self) -> Iterator[Outcome]:
        return self._read("SELECT outcome FROM outcomes ORDER BY n", ())

    def count(self, status: str) -> int:
        return self._counts[status]

    def tally(self) -> dict[str, int]:
        """Outcomes per status, every status named (``known_failure`` as ``known_failures``)."""
        return {COUNT_KEYS.get(status, status): self._counts[status] for status in STATUSES}

    def of(self, status: str, limit: int | None = None) -> Iterator[Outcome]:
        """The outcomes of one status, in order; only the first ``limit`` when given."""
        query = "SELECT outcome FROM outcomes WHERE status = ? ORDER BY n LIMIT ?"
        return self._read(query, (status, -1 if limit is None else limit))

    def by_capture(self, *statuses: str) -> Iterator[Outcome]:
        """The outcomes of these statuses, sorted by capture path."""
        marks = ",".join("?" * len(statuses))
        return self._read(f"SELECT outcome FROM outcomes WHERE status IN ({marks}) ORDER BY capture, n", statuses)

    def first(self, status: str, limit: int) -> list[Outcome]:
        """The first ``limit`` outcomes of one status."""
        return list(self.of(status, limit))

    def fewest_words(self, limit: int) -> list[Outcome]:
        """The ``limit`` cleaned captures with the fewest words kept (ties by capture path)."""
        query = "SELECT outcome FROM outcomes WHERE status = 'processed' ORDER BY words, capture LIMIT ?"
        return list(self._read(query, (limit,)))

    def close(self) -> None:
        self._db.close()

    def _read(self, query: str, parameters: tuple[object, ...]) -> Iterator[Outcome]:
        cursor = self._db.execute(query, parameters)
        while rows := cursor.fetchmany(_READ):
            for (blob,) in rows:
                yield pickle.loads(blob)


def _key(capture: str) -> bytes:
    """The capture's path as bytes, sorting as the path's characters do (names not UTF-8 kept as they are)."""
    return capture.encode("utf-8", "surrogateescape")
