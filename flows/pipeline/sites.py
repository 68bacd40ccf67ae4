"""Learn each site's chrome from its own captures, and remember it across runs.

A capture's site is the registered domain of its URL when the run knows it before reading the
capture (a WARC record's target URI: ``https://www.example.co.uk/a`` belongs to ``example.co.uk``),
else its folder below the input folder (``drop/example.com/a.txt`` belongs to ``example.com``):
scrapers that keep one folder per site say which site a page came from more reliably than any
line of the page does. Captures at the top of the input folder without a URL have no site and
learn nothing, since nothing says that they come from one site.

Before cleaning, a counting pass reads the run's captures (:func:`cleaners.site.capture_lines`,
a few per cent of a clean's cost) and adds the ones not seen before to a SQLite store, by the
sha256 of their bytes, so a re-run never counts a capture twice. The run's workers read the lines
(the flow process hashes each capture and adds the lines in the captures' order, so the store
holds what one process counting them all would have written). The store keeps, per site, the
captures counted and, per line, how many of them contain it; :func:`cleaners.site.profile_from_counts`
turns that into the :class:`~cleaners.site.SiteProfile` handed to the cleaner. The store lives
in ``OUTPUT/.presswash/sites.sqlite`` unless told otherwise, so the next scheduled run starts
knowing what the earlier ones learned.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import sqlite3
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cleaners.site import MIN_CAPTURES, SiteProfile, capture_lines, profile_from_counts
from flows.pipeline.discover import Capture
from flows.pipeline.state import RUN_DIR

if TYPE_CHECKING:
    from flows.pipeline.pool import CountSubmit, Finished, Pool
    from flows.pipeline.worker import CountBatch, ToCount

STORE_NAME = "sites.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS captures (
    site TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (site, sha256)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lines (
    site TEXT NOT NULL, line TEXT NOT NULL, captures INTEGER NOT NULL, PRIMARY KEY (site, line)
) WITHOUT ROWID;
"""


def default_store_path(out_dir: Path) -> Path:
    return out_dir / RUN_DIR / STORE_NAME


def site_of(capture: Capture) -> str | None:
    """The capture's site: the registered domain of its URL when it has one (a WARC record's target
    URI), else its folder below the input folder; None at the top.

    >>> site_of(Capture("example.com/2024/a.txt")), site_of(Capture("a.txt"))
    ('example.com/2024', None)
    >>> site_of(Capture("crawl.warc.gz#00001", 0, 10, "https://www.news.example.co.uk/a?b=1"))
    'example.co.uk'
    """
    domain = registered_domain(capture.url) if capture.url else None
    if domain is not None:
        return domain
    return _folder(capture.file)


@lru_cache(maxsize=4096)
def _folder(file: str) -> str | None:
    """The folder of a file below the input folder, None at the top (asked several times per capture
    in a run: when counting, when planning its batch, when cleaning it)."""
    folder = PurePosixPath(file).parent
    return None if folder == PurePosixPath(".") else folder.as_posix()


def registered_domain(url: str) -> str | None:
    """The domain a URL's host was registered as, under the Public Suffix List (bundled with
    ``publicsuffixlist``: nothing is fetched); an IP address as it is; None without a host or
    for a bare suffix.

    >>> registered_domain("https://a.b.example.com/x"), registered_domain("http://blog.example.github.io/")
    ('example.com', 'example.github.io')
    >>> registered_domain("http://192.0.2.7:8080/a"), registered_domain("http://localhost/"), registered_domain("x")
    ('192.0.2.7', None, None)
    """
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    found = _suffixes().privatesuffix(host)
    return str(found) if found else None


@cache
def _suffixes() -> Any:
    """The Public Suffix List, parsed once per process (on first use: a run without URLs never loads it)."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


@dataclass(frozen=True)
class LearnedLine:
    """A line the site prints on many pages, and on how many of its captures."""

    text: str
    captures: int
    prose: bool
    """Removed even where it reads as prose (it is on at least half the site's pages)."""


@dataclass(frozen=True)
class SiteSummary:
    site: str
    captures: int
    learned: int
    """Lines in the site's learned chrome."""


class SiteStore:
    """Per-site capture counts and per-line counts in one SQLite file."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection
        self.db.executescript(_SCHEMA)

    def counted(self, site: str, sha256: str) -> bool:
        row = self.db.execute("SELECT 1 FROM captures WHERE site = ? AND sha256 = ?", (site, sha256)).fetchone()
        return row is not None

    def add(self, site: str, sha256: str, lines: Iterable[str]) -> None:
        """Count one capture's distinct lines (call once per capture: see :meth:`counted`)."""
        self.db.execute("INSERT INTO captures (site, sha256) VALUES (?, ?)", (site, sha256))
        self.db.executemany(
            "INSERT INTO lines (site, line, captures) VALUES (?, ?, 1) "
            "ON CONFLICT (site, line) DO UPDATE SET captures = captures + 1",
            ((site, line) for line in lines),
        )

    def captures(self, site: str) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM captures WHERE site = ?", (site,)).fetchone()[0])

    def profile(self, site: str) -> SiteProfile:
        """What the site's captures so far teach (only lines on enough captures are read)."""
        rows = self.db.execute(
            "SELECT line, captures FROM lines WHERE site = ? AND captures >= ?", (site, MIN_CAPTURES)
        ).fetchall()
        return profile_from_counts(site, dict(rows), self.captures(site))

    def sites(self) -> list[SiteSummary]:
        names = [row[0] for row in self.db.execute("SELECT DISTINCT site FROM captures ORDER BY site")]
        summaries = []
        for site in names:
            profile = self.profile(site)
            summaries.append(SiteSummary(site, profile.captures, len(profile.chrome)))
        return summaries

    def learned_lines(self, site: str) -> list[LearnedLine]:
        """The site's learned chrome, most widespread first."""
        profile = self.profile(site)
        rows = self.db.execute(
            "SELECT line, captures FROM lines WHERE site = ? AND captures >= ? ORDER BY captures DESC, line",
            (site, MIN_CAPTURES),
        )
        return [LearnedLine(line, n, line in profile.prose_chrome) for line, n in rows if line in profile.chrome]


@contextmanager
def open_store(path: Path) -> Iterator[SiteStore]:
    """The store at ``path`` (created when missing); changes are committed when the block ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as connection, connection:
        yield SiteStore(connection)


COUNT_CHUNK = 100
"""Captures per piece of the counting pass sent to a worker."""


def learn_sites(
    captures: Sequence[Capture],
    input_dir: Path,
    store: SiteStore,
    max_bytes: int | None = None,
    pool: Pool | None = None,
) -> dict[str, SiteProfile]:
    """Count the run's captures not counted before; return the profile of every site in the run.

    This process reads each capture and looks its sha256 up in the store; the lines of the ones
    not counted yet are read by ``pool``'s workers (``pool.count``: in this process when None),
    ``pool.in_flight`` pieces of :data:`COUNT_CHUNK` captures at a time, and added to the store
    in the captures' order, as one process counting them would.

    A capture that cannot be read or decoded, or is over ``max_bytes``, is left out here;
    cleaning reports why.
    """
    from flows.pipeline.pool import IN_PROCESS  # (the pool imports the worker, which imports this module)

    pool = pool or IN_PROCESS
    counting = _Counting(store, pool.count, max(1, pool.in_flight), 2**62 if max_bytes is None else max_bytes)
    sites: set[str] = set()
    for capture in captures:
        site = site_of(capture)
        if site is None:
            continue
        sites.add(site)
        counting.add(site, input_dir, capture)
    counting.finish()
    return {site: store.profile(site) for site in sorted(sites)}


class _Counting:
    """The counting pass's pieces in flight, added to the store in order as they come back."""

    def __init__(self, store: SiteStore, count: CountSubmit, in_flight: int, max_bytes: int) -> None:
        self.store, self.count, self.in_flight, self.max_bytes = store, count, in_flight, max_bytes
        self.piece: list[tuple[str, str]] = []
        self.items: list[ToCount] = []
        self.waiting: deque[tuple[list[tuple[str, str]], CountBatch, Finished[frozenset[str] | None]]] = deque()
        self.taken: set[tuple[str, str]] = set()
        """(site, sha256) of the captures sent in this run: a copy of one is counted once."""

    def add(self, site: str, input_dir: Path, capture: Capture) -> None:
        from cleaners.errors import CaptureError
        from flows.pipeline.batch import capture_bytes  # (batch and the worker import this module)
        from flows.pipeline.worker import ToCount

        path = input_dir / capture.file
        try:
            raw = capture_bytes(path, capture, self.max_bytes)
        except (OSError, CaptureError):
            return
        key = (site, hashlib.sha256(raw).hexdigest())
        if key in self.taken or self.store.counted(*key):
            return
        self.taken.add(key)
        self.piece.append(key)
        self.items.append(ToCount(str(path), raw))
        if len(self.items) >= COUNT_CHUNK:
            self._send()

    def finish(self) -> None:
        self._send()
        while self.waiting:
            self._settle()

    def _send(self) -> None:
        from flows.pipeline.worker import CountBatch  # (the worker imports this module)

        if not self.items:
            return
        from flows.pipeline.pool import Done
        from flows.pipeline.worker import count_work

        batch = CountBatch(tuple(self.items), self.max_bytes)
        try:
            future = self.count(batch)
        except Exception:  # a broken pool refuses work: count the piece here instead
            future = Done(count_work(batch))
        self.waiting.append((self.piece, batch, future))
        self.piece, self.items = [], []
        while len(self.waiting) > self.in_flight:
            self._settle()

    def _settle(self) -> None:
        from flows.pipeline.worker import count_work

        keys, batch, future = self.waiting.popleft()
        try:
            lines = future.result()
        except Exception:  # a worker process or Dask worker lost: count the piece here instead
            lines = count_work(batch)
        for (site, sha256), found in zip(keys, lines, strict=True):
            if found is not None:
                self.store.add(site, sha256, found)


def site_fingerprint(raw: bytes, profile: SiteProfile | None) -> str:
    """What one capture's output depends on in its site's profile: the learned lines it holds.

    The cleaner only looks up the capture's own lines in the profile, so lines learned from
    other pages change nothing here and must not make this capture be cleaned again.
    ``""`` when none of its lines is learned chrome.

    >>> profile = SiteProfile("s", 10, frozenset({"Menu", "Sign in"}), frozenset({"Menu"}))
    >>> site_fingerprint(b"Menu\\nA body line.\\n", profile) == site_fingerprint(b"A body line.\\nMenu\\n", profile)
    True
    >>> site_fingerprint(b"A body line.\\n", profile)
    ''
    """
    if profile is None or not profile.chrome:
        return ""
    try:
        lines = capture_lines(raw)
    except Exception:  # the capture will fail to clean, with its reason
        return ""
    return lines_fingerprint(lines, profile)


def lines_fingerprint(lines: frozenset[str], profile: SiteProfile | None) -> str:
    """:func:`site_fingerprint` of a capture's lines already read (``cleaners.site.site_lines``)."""
    if profile is None or not profile.chrome:
        return ""
    chrome = sorted(lines & profile.chrome)
    if not chrome:
        return ""
    prose = sorted(lines & profile.prose_chrome)
    return hashlib.sha256(json.dumps([chrome, prose], ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
