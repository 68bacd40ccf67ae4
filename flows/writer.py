"""Write a cleaned article to disk: body text and JSON record, atomically.

Shared by ``presswash clean --out`` and the Prefect flows, so both write the same bytes.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from cleaners import Article


def record_json(article: Article) -> str:
    """The record as written to ``<stem>.json``: stable key order, UTF-8, trailing newline."""
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


def write_atomic(path: Path, data: str) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_article(article: Article, out_dir: Path, relative_stem: Path) -> tuple[Path, Path]:
    """Write ``out_dir/<relative_stem>.txt`` and ``.json``; return both paths.

    The record goes last, so a record on disk always has its body beside it.
    """
    base = out_dir / relative_stem
    text_path = base.with_name(base.name + ".txt")
    json_path = base.with_name(base.name + ".json")
    write_atomic(text_path, body_text(article))
    write_atomic(json_path, record_json(article))
    return text_path, json_path
