"""Find the captures below an input folder and cut them into batches.

Plain Python: the flows wrap these functions, the tests call them directly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

CAPTURE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml"})
"""File endings read as captures (compared case-insensitively); everything else is ignored."""


@dataclass(frozen=True, order=True)
class Capture:
    """One capture file, named by its path below the input folder (POSIX separators)."""

    relative: str

    @property
    def stem(self) -> PurePosixPath:
        """Where its outputs go below the output folder, without ``.txt``/``.json``.

        >>> Capture("a/b.html").stem
        PurePosixPath('a/b')
        """
        return PurePosixPath(self.relative).with_suffix("")


def discover(input_dir: Path, out_dir: Path | None = None) -> list[Capture]:
    """Every capture below ``input_dir``, sorted; hidden files and ``out_dir`` are skipped."""
    root = input_dir.resolve()
    skip = out_dir.resolve() if out_dir is not None else None
    found = [
        Capture(path.relative_to(root).as_posix())
        for path in _walk(root, skip)
        if path.suffix.lower() in CAPTURE_SUFFIXES
    ]
    return sorted(found)


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
