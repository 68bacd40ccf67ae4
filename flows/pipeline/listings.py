"""What earlier runs found inside each WARC file, so a scheduled run does not re-read them all.

Listing a WARC file means reading (and, for ``.warc.gz``, decompressing) all of it to find its
records; a drop folder of crawl files was re-read in full at every run. The listing is kept in
``OUTPUT/.presswash/warc-listings.json`` with the file's size and modification time: a file that
has neither grown nor been touched since is listed from there. The cache only saves time: an
unreadable one is ignored and rebuilt, and a file whose size or time changed is read again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from cleaners.read import Record, warc_records
from flows.pipeline.writer import RUN_DIR, scratch_dir, write_atomic

LISTINGS_NAME = "warc-listings.json"
FORMAT = 1


@dataclass
class Listings:
    """WARC listings by the file's path below the input folder, with the size and modification
    time (nanoseconds) they were read at."""

    known: dict[str, tuple[int, int, list[Record]]] = field(default_factory=dict)
    seen: dict[str, tuple[int, int, list[Record]]] = field(default_factory=dict)
    """The listings this run used: what :meth:`save` keeps (files gone from the folder drop out)."""
    read: int = 0
    """WARC files this run read in full (the others came from the cache)."""

    def records(self, path: Path, relative: str) -> list[Record]:
        """The records of the WARC file at ``path``, from the cache when the file is unchanged."""
        info = os.stat(path)
        key = (info.st_size, info.st_mtime_ns)
        cached = self.known.get(relative)
        if cached is not None and cached[:2] == key:
            records = cached[2]
        else:
            with path.open("rb") as stream:
                records = list(warc_records(stream))
            self.read += 1
        self.seen[relative] = (*key, records)
        return records

    def kept(self, complete: bool) -> dict[str, tuple[int, int, list[Record]]]:
        """What to keep for the next run: this run's listings, and, when the run did not look at
        every file (``--files-from``), the earlier ones it did not look at."""
        return dict(sorted((self.seen if complete else {**self.known, **self.seen}).items()))


def listings_path(out_dir: Path) -> Path:
    return out_dir / RUN_DIR / LISTINGS_NAME


def load_listings(out_dir: Path) -> Listings:
    """The saved listings, or none when there are none or they cannot be read."""
    try:
        data = json.loads(listings_path(out_dir).read_text("utf-8", errors="surrogateescape"))
        if data.get("format") != FORMAT:
            return Listings()
        known = {
            relative: (int(size), int(mtime), [Record(int(n), int(o), int(length), url) for n, o, length, url in rows])
            for relative, (size, mtime, rows) in data["files"].items()
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return Listings()
    return Listings(known)


def save_listings(out_dir: Path, listings: Listings, complete: bool = True) -> None:
    """Keep the listings for the next run (atomically; only when they changed). ``complete``:
    the run looked at every file of the input folder, so files it did not see are gone."""
    kept = listings.kept(complete)
    if kept == listings.known:
        return
    files = {relative: [size, mtime, [list(r) for r in records]] for relative, (size, mtime, records) in kept.items()}
    path = listings_path(out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps({"format": FORMAT, "files": files}, ensure_ascii=False), scratch_dir(out_dir))
