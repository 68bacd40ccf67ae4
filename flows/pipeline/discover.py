"""Find the captures below an input folder and cut them into batches.

Plain Python: the flows wrap these functions, the tests call them directly.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cleaners.errors import CaptureError
from cleaners.read import Record, is_warc
from flows.pipeline.listings import Listings

CAPTURE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml"})
"""File endings read as captures (compared case-insensitively); besides these, WARC files
(``.warc``, ``.warc.gz``) are read as the captures their records hold; everything else is ignored."""
COMPRESSED = ".gz"
"""A capture ending may be followed by this: gzip-compressed (``page.html.gz``), read decompressed."""


def is_capture_name(name: str) -> bool:
    """True for the file names read as captures.

    >>> [is_capture_name(n) for n in ("a.html", "a.HTML.gz", "a.gz", "a.json", "a.txt.gz")]
    [True, True, False, False, True]
    """
    path = PurePosixPath(name.lower())
    if path.suffix == COMPRESSED:
        path = path.with_suffix("")
    return path.suffix in CAPTURE_SUFFIXES


RECORD_MARK = "#"
"""Between a WARC file's path and a record's index in the name of a capture it holds."""


@dataclass(frozen=True, order=True, slots=True)
class Capture:
    """One capture: a file, named by its path below the input folder (POSIX separators), or one
    record of a WARC file there, named ``<path of the WARC file>#<record index>``.

    A record's ``offset`` and ``length`` (its bytes in the file) and ``url`` come from listing
    the file; they are not part of its name.
    """

    relative: str
    offset: int | None = field(default=None, compare=False)
    length: int = field(default=0, compare=False)
    url: str | None = field(default=None, compare=False)

    @property
    def file(self) -> str:
        """The file the capture is read from (below the input folder).

        >>> Capture("a/b.txt").file, Capture("crawl/c.warc.gz#00003").file
        ('a/b.txt', 'crawl/c.warc.gz')
        """
        found = _record_name(self.relative)
        return self.relative if found is None else found[0]

    @property
    def stem(self) -> PurePosixPath:
        """Where its outputs go below the output folder, without ``.txt``/``.json``: a WARC record's
        in a folder named as its WARC file (which no folder of the input can be), by record index.

        >>> Capture("a/b.html").stem, Capture("a/c.html.gz").stem, Capture("w/c.warc.gz#00003").stem
        (PurePosixPath('a/b'), PurePosixPath('a/c'), PurePosixPath('w/c.warc.gz/00003'))
        """
        found = _record_name(self.relative)
        if found is not None:
            return PurePosixPath(found[0]) / found[1]
        path = PurePosixPath(self.relative)
        if path.suffix.lower() == COMPRESSED:
            path = path.with_suffix("")
        return path.with_suffix("")


def record_capture(relative: str, record: Record) -> Capture:
    """The capture a WARC file (``relative``: its path below the input folder) holds in ``record``.

    >>> record_capture("c.warc", Record(7, 1024, 300, "https://news.example/a")).relative
    'c.warc#00007'
    """
    return Capture(f"{relative}{RECORD_MARK}{record.number:05d}", record.offset, record.length, record.url)


def _record_name(relative: str) -> tuple[str, str] | None:
    """A WARC record's capture name as (WARC file, record index); None for a file's."""
    head, mark, index = relative.rpartition(RECORD_MARK)
    if mark and index.isdigit() and is_warc(head):
        return head, index
    return None


@dataclass(frozen=True)
class Discovery:
    """The captures found below an input folder, and the files refused, with why."""

    captures: list[Capture]
    refused: dict[str, str] = field(default_factory=dict)
    """Capture-named files not read: symbolic links out of the folder, FIFOs, devices."""


def discover(input_dir: Path, out_dir: Path | None = None) -> list[Capture]:
    """Every capture below ``input_dir``, sorted; hidden files and ``out_dir`` are skipped."""
    return discover_all(input_dir, out_dir).captures


def discover_all(input_dir: Path, out_dir: Path | None = None, listings: Listings | None = None) -> Discovery:
    """Every capture below ``input_dir``, sorted, and the capture-named files refused.

    ``listings`` are earlier runs' WARC listings (:mod:`flows.pipeline.listings`): an unchanged
    WARC file is listed from them instead of being read again.

    Symbolic links to folders are not followed; a symbolic link to a file is read only when the
    file is inside ``input_dir``; only regular files are read (a FIFO named ``x.txt`` would
    block the run forever).
    """
    root = input_dir.resolve()
    skip = out_dir.resolve() if out_dir is not None else None
    captures: list[Capture] = []
    refused: dict[str, str] = {}
    for path in _walk(root, skip):
        if not is_capture_name(path.name) and not is_warc(path.name):
            continue
        relative = path.relative_to(root).as_posix()
        problem = refusal(path, root)
        if problem is None:
            _add(captures, refused, path, relative, listings)
        else:
            refused[relative] = problem
    return Discovery(sorted(captures), dict(sorted(refused.items())))


def _add(
    captures: list[Capture], refused: dict[str, str], path: Path, relative: str, listings: Listings | None = None
) -> None:
    """The capture the file is, or the captures a WARC file holds (one unreadable is refused)."""
    if not is_warc(path.name):
        captures.append(Capture(relative))
        return
    try:
        records = (listings or Listings()).records(path, relative)
        captures.extend(record_capture(relative, record) for record in records)
    except (OSError, CaptureError) as err:
        refused[relative] = f"cannot read the WARC file: {getattr(err, 'strerror', None) or err}"


def discover_listed(
    input_dir: Path, names: Iterable[str], out_dir: Path | None = None, listings: Listings | None = None
) -> Discovery:
    """The captures a list names (``--files-from``), sorted, and the names refused, with why.

    Each name is a path below ``input_dir`` (relative to it, or absolute); it is read as discovery
    would read it (a capture file name, a regular file, not a link out of the folder). A name
    outside the folder, inside ``out_dir``, not a capture's or not found is refused with the reason;
    a name listed twice counts once.
    """
    root = input_dir.resolve()
    spelled = Path(os.path.abspath(input_dir))
    skip = out_dir.resolve() if out_dir is not None else None
    captures: set[Capture] = set()
    refused: dict[str, str] = {}
    for name in names:
        path = Path(os.path.abspath(name if Path(name).is_absolute() else root / name))
        relative = _below(path, root, spelled)
        if relative is None:
            refused[name] = "not below the input folder; not read"
        elif skip is not None and path.resolve().is_relative_to(skip):
            refused[relative] = "inside the output folder; not read"
        elif not is_capture_name(path.name) and not is_warc(path.name):
            refused[relative] = f"not a capture file name (one of {', '.join(sorted(CAPTURE_SUFFIXES))}, maybe .gz)"
        elif (problem := refusal(path, root)) is not None:
            refused[relative] = problem
        else:
            found: list[Capture] = []
            _add(found, refused, path, relative, listings)
            captures.update(found)
    return Discovery(sorted(captures), dict(sorted(refused.items())))


def _below(path: Path, root: Path, spelled: Path) -> str | None:
    """``path`` below the input folder (as resolved, or as spelled), POSIX; None when outside it."""
    for folder in (root, spelled):
        if path.is_relative_to(folder) and path != folder:
            return path.relative_to(folder).as_posix()
    return None


def refusal(path: Path, root: Path) -> str | None:
    """Why the file at ``path`` is not read as a capture, or ``None`` when it is."""
    if path.is_symlink() and not path.resolve().is_relative_to(root):
        return "a symbolic link to a file outside the input folder; not followed"
    try:
        mode = path.stat().st_mode
    except OSError as err:
        return f"cannot read: {err.strerror or err}"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, socket or device); not read"
    return None


def _walk(root: Path, skip: Path | None) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not _hidden(d) and here / d != skip)
        yield from (here / name for name in files if not _hidden(name))


def _hidden(name: str) -> bool:
    return name.startswith(".")


def stem_clashes(captures: Sequence[Capture]) -> dict[str, str]:
    """Captures whose outputs would overwrite an earlier capture's, mapped to that capture.

    ``a/b.txt`` and ``a/b.html`` both write ``a/b.txt`` and ``a/b.json``; the first in
    sorted order wins and the other fails with a reason instead of silently overwriting.

    >>> stem_clashes([Capture("a/b.html"), Capture("a/b.txt"), Capture("c.txt")])
    {'a/b.txt': 'a/b.html'}
    """
    first: dict[PurePosixPath, str] = {}
    clashes: dict[str, str] = {}
    for capture in captures:
        owner = first.setdefault(capture.stem, capture.relative)
        if owner != capture.relative:
            clashes[capture.relative] = owner
    return clashes


def batches(captures: Sequence[Capture], size: int) -> list[list[Capture]]:
    """Consecutive slices of at most ``size`` captures.

    >>> [len(b) for b in batches([Capture(str(i)) for i in range(5)], 2)]
    [2, 2, 1]
    """
    if size < 1:
        raise ValueError(f"batch size must be at least 1, got {size}")
    return [list(captures[start : start + size]) for start in range(0, len(captures), size)]
