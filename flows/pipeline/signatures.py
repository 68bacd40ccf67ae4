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
from dataclasses import dataclass, field
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


@dataclass
class SignatureBook:
    """The run's records for the near-duplicate step, compact: 512 bytes per signed body.

    ``keys[i]`` names the record (its capture's path without suffix) whose signature is row ``i``;
    ``linked`` keeps only the records whose written near-duplicate list is not empty.
    """

    num_perm: int
    keys: list[str] = field(default_factory=list)
    records: dict[str, str] = field(default_factory=dict)
    """Record name -> its capture, for every record of the run, signed or not."""
    linked: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _values: bytearray = field(default_factory=bytearray)

    def add(self, key: str, capture: str, signed: Signed) -> None:
        self.records[key] = capture
        if signed.linked:
            self.linked[key] = signed.linked
        if signed.signature is not None:
            if len(signed.signature) != self.num_perm * SIGNATURE_DTYPE.itemsize:
                raise ValueError(f"a signature of {len(signed.signature)} bytes for {self.num_perm} permutations")
            self.keys.append(key)
            self._values += signed.signature

    def matrix(self) -> np.ndarray:
        """One row of MinHash values per signed record, in ``keys`` order."""
        return np.frombuffer(self._values, dtype=SIGNATURE_DTYPE).reshape(len(self.keys), self.num_perm)
