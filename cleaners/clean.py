"""Clean one capture: the single entry point the CLI and the flows call."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from cleaners.config import DEFAULT_CONFIG, CleanConfig
from cleaners.record import Article
from cleaners.version import __version__


@dataclass(frozen=True)
class LineVerdict:
    """What happened to one line of the normalised capture."""

    number: int
    text: str
    kept: bool
    rule: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Analysis:
    """The article record plus the line-by-line verdicts behind it."""

    article: Article
    verdicts: tuple[LineVerdict, ...]


def analyse(raw: bytes, source: str, config: CleanConfig = DEFAULT_CONFIG) -> Analysis:
    """Clean ``raw`` (the capture's bytes) and keep the per-line verdicts."""
    text = raw.decode("utf-8", errors="replace")
    lines = text.splitlines()
    verdicts = tuple(LineVerdict(i, line, True) for i, line in enumerate(lines, 1))
    body = "\n\n".join(line.strip() for line in lines if line.strip())
    article = Article(
        id=PurePath(source).stem,
        source=source,
        sha256=hashlib.sha256(raw).hexdigest(),
        text=body,
        word_count=len(body.split()),
        cleaner_version=__version__,
    )
    return Analysis(article, verdicts)


def clean_capture(raw: bytes, source: str, config: CleanConfig = DEFAULT_CONFIG) -> Article:
    """Clean one capture and return its article record."""
    return analyse(raw, source, config).article
