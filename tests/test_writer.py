"""The atomic writer (flows/pipeline/writer.py): what lands on disk, and what never does."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from flows.pipeline import writer
from flows.pipeline.writer import write_atomic, write_atomic_pieces


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_the_first_file_of_a_new_folder_makes_the_folder_and_the_scratch(tmp_path: Path) -> None:
    target = tmp_path / "out" / "site.example" / "2024" / "a.txt"
    scratch = tmp_path / "out" / ".presswash" / "tmp"
    write_atomic(target, "Überschrift\n\nBody.\n", scratch)
    assert target.read_bytes() == "Überschrift\n\nBody.\n".encode()
    assert scratch.is_dir() and list(scratch.iterdir()) == []


def test_the_bytes_are_what_the_buffered_writer_wrote(tmp_path: Path) -> None:
    """Encoded as UTF-8 with ``\\udcxx`` escapes for what UTF-8 cannot hold (a file name that is
    not UTF-8, carried in a record), no newline translated: the bytes of write_atomic_pieces."""
    text = 'name "caf\udce9.txt"\r\nline two\n'
    write_atomic(tmp_path / "fast.json", text)
    write_atomic_pieces(tmp_path / "pieces.json", [text])
    assert (
        (tmp_path / "fast.json").read_bytes()
        == (tmp_path / "pieces.json").read_bytes()
        == b'name "caf\\udce9.txt"\r\nline two\n'
    )


def test_files_get_the_usual_permissions(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.txt", "x\n", tmp_path / "scratch")
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o666 & ~_umask()


def test_a_rewrite_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    write_atomic(target, "a much longer first version of the record\n")
    write_atomic(target, "short\n")
    assert target.read_text() == "short\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no hidden temporary file beside it


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target, scratch = tmp_path / "out" / "a.txt", tmp_path / "scratch"
    write_atomic(target, "old\n", scratch)

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new\n", scratch)
    assert target.read_text() == "old\n"
    assert list(scratch.iterdir()) == []


def test_threads_writing_one_folder_never_share_a_temporary_file(tmp_path: Path) -> None:
    out, scratch = tmp_path / "out", tmp_path / "scratch"

    def write(n: int) -> None:
        write_atomic(out / f"site{n % 3}" / f"{n}.txt", f"body {n}\n" * (n + 1), scratch)

    with ThreadPoolExecutor(8) as threads:
        list(threads.map(write, range(200)))
    assert all((out / f"site{n % 3}" / f"{n}.txt").read_text() == f"body {n}\n" * (n + 1) for n in range(200))
    assert list(scratch.iterdir()) == []
