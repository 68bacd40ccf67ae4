"""One capture, as a reader hands it to the core: an immutable value, whatever the input kind.

A reader (text, HTML, a WARC record, ...) turns bytes into a :class:`Capture`: the raw bytes and
their digest, how they were decoded, the normalised capture as numbered lines, the lines the
reader already decided (with a rule id and reason each), and the hints the input carried about
the article (declared language, metadata in the markup, the URL and fetch date). The core
(:mod:`cleaners.clean`) reads nothing else: it builds the article once from this value.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import NamedTuple


class NumberedLine(NamedTuple):
    """One line of the normalised capture: its 1-based number, the line, and its cleaned text."""

    number: int
    raw: str
    text: str


class Decision(NamedTuple):
    """A line the reader already decided: the rule that decided it and why.

    ``blank`` decisions are layout (the blank line between the reader's sections): they keep
    the line as a blank one, neither body nor removal.
    """

    rule: str
    reason: str
    blank: bool = False


@dataclass(frozen=True)
class Hints:
    """What the input says about the article outside its lines (all optional).

    The core fills the record's fields from hints where its own reading of the lines finds
    nothing (the date: the markup's wins, as a page's machine-readable date is the sturdier).
    """

    title: str | None = None
    """The page's title as its markup gives it (``<title>``, ``og:title``, JSON-LD headline)."""
    authors: tuple[str, ...] = ()
    published: str | None = None
    """ISO 8601 date of first publication from the markup (``<meta>``, JSON-LD, ``<time>``)."""
    publisher: str | None = None
    language: str | None = None
    """The language the input declares (``<html lang>``), lowercased primary subtag."""
    copyright: str | None = None
    image_captions: tuple[str, ...] = ()
    image_credits: tuple[str, ...] = ()
    headlines: tuple[str, ...] = ()
    """Headline texts (the title, ``<h1>``) that an extractor may repeat in its first lines."""
    article_chosen: bool = False
    """An extractor already chose the article's lines: the first line is the title slot (blank
    when there is none) and the body runs over every line no rule removes."""
    url: str | None = None
    """Where the capture was fetched from, when known (a WARC record's target URI)."""
    fetched: str | None = None
    """When it was fetched (ISO 8601), when known (a WARC record's date)."""


@dataclass(frozen=True)
class Capture:
    """One input, read: everything the core needs, nothing it has to read again."""

    source: str
    """Where the capture came from, as handed to the reader (a path, or ``FILE#record``)."""
    raw: bytes
    kind: str
    """How it was read: ``text`` or ``html``."""
    encoding: str
    lines: tuple[NumberedLine, ...]
    """The normalised capture, numbered: what the record's line numbers refer to."""
    decided: tuple[tuple[int, Decision], ...] = ()
    """Lines the reader decided, by index into ``lines``, in order; the core decides the rest."""
    repairs: tuple[str, ...] = ()
    """Repairs applied while normalising, in the order applied (document, then line repairs)."""
    hints: Hints = field(default_factory=Hints)
    blocks: tuple[str, ...] = ()
    """For HTML: the page's visible text blocks, as site learning counts them."""
    id: str = ""
    """The capture's id in the record; the source's file stem when not given."""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", capture_id(self.source))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def normalised(self) -> str:
        """The normalised capture as one string: kept plus removed lines, in order, give it back."""
        return "\n".join([line.raw for line in self.lines])

    def undecided(self) -> list[NumberedLine]:
        """The lines left for the core to decide, in order."""
        if not self.decided:
            return list(self.lines)
        taken = {i for i, _ in self.decided}
        return [line for i, line in enumerate(self.lines) if i not in taken]


NO_HINTS = Hints()
"""A capture that says nothing about itself beyond its lines."""


def capture_id(source: str) -> str:
    """A capture's id from where it came from: the file name without its suffix, and without a
    compression suffix first.

    >>> capture_id("a/b.html"), capture_id("a/c.html.gz"), capture_id("d.txt.GZ")
    ('b', 'c', 'd')
    """
    path = PurePath(source)
    if path.suffix.lower() == ".gz":
        path = path.with_suffix("")
    return path.stem
