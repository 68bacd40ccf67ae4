"""Write a cleaned article to disk: body text and JSON record, atomically.

Shared by ``presswash clean --out`` and the Prefect flows, so both write the same bytes.

A reader never sees a half-written file: each file is written to a temporary file on the
same file system, flushed to disk, then renamed over its name. The flows keep those temporary
files in ``OUTPUT/.presswash/tmp/`` (the run's own folder, which readers of the articles never
look in, and which each run empties under its lock), so a run killed mid-write leaves nothing
beside the articles; ``presswash clean --out`` writes hidden ``.<name>.*.tmp`` files beside
the output instead.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path, PurePath

from pydantic_core import PydanticSerializationError

from cleaners import Article

RUN_DIR = ".presswash"
"""Folder inside OUTPUT for the run's own files: the state, the manifest, the site store, the lock."""
SCRATCH_NAME = "tmp"


class UnsafeOutputPath(ValueError):
    """A capture's outputs would land outside the output folder; ``str(err)`` says why."""


def scratch_dir(out_dir: Path) -> Path:
    """Where the flows write temporary files before renaming them into place."""
    return out_dir / RUN_DIR / SCRATCH_NAME


def clear_scratch(out_dir: Path) -> int:
    """Remove what a killed run left in the scratch folder; return how many entries went.

    Call it only while holding the run lock (``flows.pipeline.lock``): another run's files are live.
    """
    scratch = scratch_dir(out_dir)
    if not scratch.is_dir():
        return 0
    entries = list(scratch.iterdir())
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    return len(entries)


def record_json(article: Article) -> str:
    """The record as written to ``<stem>.json``: stable key order, UTF-8, trailing newline.

    The text of ``json.dumps(article.model_dump(mode="json"), ensure_ascii=False, indent=2)``,
    written by pydantic's serialiser (compiled) in an eighth of the time: ``json.dumps`` with an
    indent runs its pure-Python encoder, 1 ms for a record of 20 KB (a capture's whole trace),
    as much as a tenth of the time cleaning it took. The two agree on every record, which holds
    strings, integers, booleans, nulls, lists and objects, and no float (whose exponents they
    write apart; tests/test_schema.py checks both facts). A string pydantic cannot write (a file
    name that is not UTF-8, kept as surrogate escapes) goes through ``json.dumps``.
    """
    try:
        return article.model_dump_json(indent=2) + "\n"
    except PydanticSerializationError:
        return json.dumps(article.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def body_text(article: Article) -> str:
    """The body as written to ``<stem>.txt``."""
    return article.text + "\n" if article.text else ""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Files get the usual permissions (0o666 less the umask), not mkstemp's private 0o600.
_FILE_MODE = 0o666 & ~_umask()


def write_atomic(path: Path, data: str, scratch: Path | None = None) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the new one, never half.

    The temporary file goes in ``scratch`` when given (it must be on the same file system),
    else beside ``path`` as a hidden file. Text that cannot be UTF-8 (a file name that is not,
    carried in a record) is written as ``\\udcxx`` escapes, which JSON reads back as it was.
    """
    encoded = data.encode("utf-8", "backslashreplace")
    try:
        _write_bytes(path, encoded, scratch)
    except OSError as err:
        if err.errno != errno.EXDEV or scratch is None:
            raise
        _write_bytes(path, encoded, None)  # scratch on another file system (a mount inside OUTPUT)


def _write_bytes(path: Path, data: bytes, scratch: Path | None) -> None:
    """:func:`write_atomic` of encoded text, in five system calls when the folders exist (open,
    write, fsync, close, rename): a run writes two files per capture from several threads, and
    each call releases the interpreter lock, so a buffered file object, ``mkstemp``'s random
    name and ``fchmod``, and two ``mkdir`` checks (twenty calls a file) had cost the flow's
    process more in lock hand-offs than the writing itself."""
    fd, tmp = _temporary(path, scratch)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        _put_in_place(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temporary(path: Path, scratch: Path | None) -> tuple[int, Path]:
    """A new temporary file for ``path`` (in ``scratch``, else beside ``path``) with the usual
    permissions, open for writing: its name carries the process, the thread and a counter, and
    ``O_EXCL`` refuses a name that is taken. The folder is made only when the open says it is
    missing (the first file of a new folder, or a folder removed meanwhile)."""
    folder = path.parent if scratch is None else scratch
    tmp = folder / f".{path.name[:100]}.{os.getpid()}-{threading.get_ident()}-{next(_TMP_NUMBERS)}.tmp"
    try:
        return os.open(tmp, _CREATE, _FILE_MODE), tmp
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        return os.open(tmp, _CREATE, _FILE_MODE), tmp


def _put_in_place(tmp: Path, path: Path) -> None:
    """Rename the written temporary file over ``path``, making ``path``'s folder if the rename
    says it is missing."""
    try:
        os.replace(tmp, path)
    except FileNotFoundError:
        if not tmp.exists():
            raise
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, path)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_TMP_NUMBERS = itertools.count()
"""Numbers the temporary files of this process (``next`` on a count is atomic under the lock)."""


def output_base(out_dir: Path, relative_stem: PurePath) -> Path:
    """``out_dir / relative_stem``, refused when it would land outside ``out_dir``.

    >>> output_base(Path("out"), PurePath("a/b"))
    PosixPath('out/a/b')
    >>> output_base(Path("out"), PurePath("a/../../etc/b"))
    Traceback (most recent call last):
    flows.pipeline.writer.UnsafeOutputPath: its output path a/../../etc/b would leave the output folder
    """
    parts = relative_stem.parts
    if not parts or relative_stem.is_absolute() or ".." in parts or relative_stem.name in ("", "."):
        raise UnsafeOutputPath(f"its output path {relative_stem} would leave the output folder")
    base = out_dir / relative_stem
    if not base.parent.resolve().is_relative_to(out_dir.resolve()):
        raise UnsafeOutputPath(
            f"its output folder {base.parent} leads outside {out_dir} (a symbolic link); nothing written"
        )
    return base


def write_article(
    article: Article, out_dir: Path, relative_stem: PurePath, scratch: Path | None = None
) -> tuple[Path, Path]:
    """Write ``out_dir/<relative_stem>.txt`` and ``.json``; return both paths."""
    return write_outputs(out_dir, relative_stem, body_text(article), record_json(article), scratch)


def write_outputs(
    out_dir: Path, relative_stem: PurePath, body: str, record: str, scratch: Path | None = None
) -> tuple[Path, Path]:
    """Write a body and a record already serialised (by a worker) as ``<relative_stem>.txt`` and ``.json``.

    The record goes last, so a record on disk always has its body beside it.
    """
    base = output_base(out_dir, relative_stem)
    text_path = base.with_name(base.name + ".txt")
    json_path = base.with_name(base.name + ".json")
    write_atomic(text_path, body, scratch)
    write_atomic(json_path, record, scratch)
    return text_path, json_path


def remove_article(out_dir: Path, relative_stem: PurePath) -> None:
    """Remove an earlier run's outputs for a capture that no longer has an article."""
    base = output_base(out_dir, relative_stem)
    for suffix in (".json", ".txt"):  # the record first: a record always has its body beside it
        base.with_name(base.name + suffix).unlink(missing_ok=True)


def write_atomic_pieces(path: Path, pieces: Iterable[str], scratch: Path | None = None) -> None:
    """:func:`write_atomic` for text written out piece by piece (a manifest listing every capture),
    so the whole text is never held at once. The temporary file goes in ``scratch`` when given
    (it must be on ``path``'s file system), else beside ``path``."""
    fd, tmp = _temporary(path, scratch)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as handle:
            handle.writelines(pieces)
            handle.flush()
            os.fsync(handle.fileno())
        _put_in_place(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
