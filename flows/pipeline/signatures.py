"""The near-duplicate signature of every record in the output, kept across runs.

A worker computes each body's MinHash signature while it cleans the capture; the flow process
keeps them in ``OUTPUT/.presswash/signatures.sqlite`` with the near-duplicate list last written
into the record. A re-run that skips an unchanged capture takes its signature from here, so the
near-duplicate step never reads the records back; only the records whose list changes are read
and rewritten. A row counts only for the capture's current bytes, cleaner version and site chrome
(its :class:`~flows.pipeline.state.Seen`); a capture without one (outputs of an older presswash)
is signed from its record once.

Crash safety: rows are committed after the batch's outputs are written and before the state
is saved; a row for outputs that a killed run did not finish is never used, because the state
then says to clean the capture again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from flows.pipeline.state import RUN_DIR, Seen
from flows.pipeline.worker import SIGNATURE_DTYPE

STORE_NAME = "signatures.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS signatures (
    capture BLOB PRIMARY KEY, seen TEXT NOT NULL, signature BLOB, linked TEXT NOT NULL
) WITHOUT ROWID;
"""


def store_path(out_dir: Path) -> Path:
    return out_dir / RUN_DIR / STORE_NAME


def seen_key(seen: Seen) -> str:
    """What a signature depends on: the capture's bytes, the cleaner and the site chrome it holds."""
    return f"{seen.sha256}:{seen.cleaner_version}:{seen.site_chrome}"


@dataclass(frozen=True)
class Signed:
    """One record's signature (None for a body shorter than one shingle) and its written near-duplicates."""

    signature: bytes | None
    linked: tuple[str, ...] = ()


class SignatureStore:
    """The SQLite table of signatures; one connection, used by the flow process only."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.db.executescript(_SCHEMA)

    def lookup(self, capture: str, seen: Seen) -> Signed | None:
        query = "SELECT seen, signature, linked FROM signatures WHERE capture = ?"
        row = self.db.execute(query, (_key(capture),)).fetchone()
        if row is None or row[0] != seen_key(seen):
            return None
        return Signed(row[1], tuple(json.loads(row[2])))

    def put(self, rows: Iterable[tuple[str, Seen, Signed]]) -> None:
        """Remember a batch's records (one transaction)."""
        values = [(_key(c), seen_key(s), signed.signature, json.dumps(list(signed.linked))) for c, s, signed in rows]
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO signatures VALUES (?, ?, ?, ?)", values)

    def set_linked(self, capture: str, linked: Sequence[str]) -> None:
        with self.db:
            self.db.execute(
                "UPDATE signatures SET linked = ? WHERE capture = ?", (json.dumps(list(linked)), _key(capture))
            )


def _key(capture: str) -> bytes:
    """The capture's path as bytes: file names that are not UTF-8 are kept as they are."""
    return capture.encode("utf-8", "surrogateescape")


@contextmanager
def open_signatures(out_dir: Path) -> Iterator[SignatureStore]:
    path = store_path(out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as db:
        yield SignatureStore(db)


_RUN_SCHEMA = """
CREATE TEMP TABLE IF NOT EXISTS run_records (key BLOB PRIMARY KEY, capture BLOB NOT NULL) WITHOUT ROWID;
DELETE FROM run_records;
"""
_INDEX_SCHEMA = """
DROP TABLE IF EXISTS temp.signed;
DROP TABLE IF EXISTS temp.distinct_signed;
CREATE TEMP TABLE signed (i INTEGER PRIMARY KEY, key BLOB NOT NULL, signature BLOB NOT NULL);
CREATE TEMP TABLE distinct_signed (i INTEGER PRIMARY KEY, signature BLOB NOT NULL);
"""
_CHUNK = 500
"""Records looked up per query (SQLite limits the parameters of one statement)."""


class RunBook:
    """The run's records for the near-duplicate step, named in a temporary table beside the store.

    Each record of the run (cleaned now or unchanged) is named by its key (its capture's path
    without suffix) and its capture; its signature and written near-duplicates are the store's
    row for the capture, filed in the same batch. Nothing per record is held in memory: the
    table lives in SQLite's temporary file, gone when the connection closes.
    """

    def __init__(self, store: SignatureStore, num_perm: int) -> None:
        self.store = store
        self.num_perm = num_perm
        self.db = store.db
        self.db.executescript(_RUN_SCHEMA)

    def add(self, rows: Iterable[tuple[str, str]]) -> None:
        """Name a batch's records: (key, capture) pairs (one transaction)."""
        values = [(_key(key), _key(capture)) for key, capture in rows]
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO run_records VALUES (?, ?)", values)

    def index(self) -> int:
        """Number the run's signed records 1..n in key order (a temporary table); return n."""
        with self.db:
            self.db.executescript(_INDEX_SCHEMA)
            self.db.execute(
                "INSERT INTO signed (key, signature) SELECT r.key, s.signature FROM run_records r "
                "JOIN signatures s ON s.capture = r.capture WHERE s.signature IS NOT NULL ORDER BY r.key"
            )
            self.db.execute("INSERT INTO distinct_signed SELECT MIN(i), signature FROM signed GROUP BY signature")
        bad = self.db.execute("SELECT COUNT(*) FROM signed WHERE length(signature) != ?", (self._width,)).fetchone()
        if bad[0]:
            raise ValueError(f"{bad[0]} signatures are not of {self.num_perm} permutations")
        return int(self.db.execute("SELECT COUNT(*) FROM signed").fetchone()[0])

    def identical(self) -> Iterator[list[int]]:
        """Groups of two or more numbered records with the very same signature."""
        query = "SELECT group_concat(i) FROM signed GROUP BY signature HAVING COUNT(*) > 1"
        return (_numbers(row[0]) for row in self.db.execute(query))

    def buckets(self, start: int, values: int) -> Iterator[list[int]]:
        """Groups of two or more records, one per distinct signature, sharing ``values`` MinHash
        values from value ``start`` on (an LSH band)."""
        width = SIGNATURE_DTYPE.itemsize
        query = "SELECT group_concat(i) FROM distinct_signed GROUP BY substr(signature, ?, ?) HAVING COUNT(*) > 1"
        return (_numbers(row[0]) for row in self.db.execute(query, (start * width + 1, values * width)).fetchall())

    def values(self, numbers: Sequence[int]) -> np.ndarray:
        """The signatures of the numbered records, one row each, in the order asked."""
        found: dict[int, bytes] = {}
        for start in range(0, len(numbers), _CHUNK):
            chunk = numbers[start : start + _CHUNK]
            query = f"SELECT i, signature FROM signed WHERE i IN ({','.join('?' * len(chunk))})"
            found.update(self.db.execute(query, chunk).fetchall())
        rows = b"".join(found[n] for n in numbers)
        return np.frombuffer(rows, dtype=SIGNATURE_DTYPE).reshape(len(numbers), self.num_perm)

    def numbered(self) -> Iterator[tuple[int, str]]:
        """Every numbered record's number and key."""
        return ((i, _text(key)) for i, key in self.db.execute("SELECT i, key FROM signed ORDER BY i"))

    @property
    def _width(self) -> int:
        return self.num_perm * SIGNATURE_DTYPE.itemsize

    def count_signed(self) -> int:
        """Records of the run with a signature (a body of a shingle or more)."""
        query = (
            "SELECT COUNT(*) FROM run_records r JOIN signatures s ON s.capture = r.capture "
            "WHERE s.signature IS NOT NULL"
        )
        return int(self.db.execute(query).fetchone()[0])

    def linked(self) -> dict[str, tuple[str, ...]]:
        """The run's records whose written near-duplicate list is not empty."""
        query = (
            "SELECT r.key, s.linked FROM run_records r JOIN signatures s ON s.capture = r.capture "
            "WHERE s.linked != '[]'"
        )
        return {_text(key): tuple(json.loads(linked)) for key, linked in self.db.execute(query)}

    def capture(self, key: str) -> str:
        row = self.db.execute("SELECT capture FROM run_records WHERE key = ?", (_key(key),)).fetchone()
        return _text(row[0])


def _numbers(joined: str) -> list[int]:
    return [int(n) for n in joined.split(",")]


def _text(key: bytes) -> str:
    return key.decode("utf-8", "surrogateescape")
