"""One run at a time per output folder: an exclusive lock on ``OUTPUT/.presswash/lock``.

A scheduled run and a manual one started on the same folder would otherwise interleave their
writes of the state, the records and the manifest. The lock is ``flock(2)`` on a file that is
never deleted: the kernel releases it when its holder exits, however it exits (SIGKILL
included), so a crashed run never leaves a stale lock behind. The holder writes its pid and
start time into the file, so a refused run can say who holds it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from flows.pipeline.writer import RUN_DIR

LOCK_NAME = "lock"
LOCKED_EXIT_CODE = 75
"""Exit status of a refused run: EX_TEMPFAIL, 'try again later' (sysexits.h)."""


class RunLocked(RuntimeError):
    """Another run holds the output folder's lock; ``str(err)`` says which and what to do."""


def lock_path(out_dir: Path) -> Path:
    return out_dir / RUN_DIR / LOCK_NAME


@contextmanager
def run_lock(out_dir: Path, *, wait: bool = False, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the output folder's lock for the block; refuse (``RunLocked``) or wait when it is taken.

    ``on_wait`` hears who holds the lock before this run starts waiting for it.
    """
    path = lock_path(out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        if not _try_lock(handle):
            holder = _holder(path)
            if not wait:
                raise RunLocked(
                    f"another presswash run ({holder}) is writing to {out_dir}; this run did nothing. "
                    "Try again when it ends, or pass --wait to wait for it"
                )
            if on_wait is not None:
                on_wait(f"waiting for the presswash run ({holder}) writing to {out_dir} to end")
            fcntl.flock(handle, fcntl.LOCK_EX)
        _sign(handle)
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_lock(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _sign(handle: IO[str]) -> None:
    handle.truncate(0)
    handle.write(f"pid {os.getpid()}, started {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n")
    handle.flush()


def _holder(path: Path) -> str:
    try:
        text = path.read_text("utf-8").strip()
    except OSError:
        text = ""
    return text or "pid unknown"
