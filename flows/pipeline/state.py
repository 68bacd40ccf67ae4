"""What earlier runs cleaned, so a re-run skips captures that have not changed.

The state lives in ``OUTPUT/.presswash/state.json``: relative capture path ->
sha256 of its bytes, the cleaner version that cleaned it and a fingerprint of the learned site
chrome its output depends on (see ``flows.pipeline.sites.site_fingerprint``). Hidden, so it can never
clash with an article's outputs (hidden captures are never discovered).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath
from typing import ClassVar

from flows.pipeline.writer import RUN_DIR, scratch_dir, write_atomic_pieces

__all__ = ["RUN_DIR", "Seen", "StateFragments", "is_current", "load_state", "save_state", "state_json", "state_path"]

STATE_NAME = "state.json"


@dataclass(frozen=True, slots=True)
class Seen:
    """A capture as it was when last cleaned, and what came of it."""

    sha256: str
    cleaner_version: str
    site_chrome: str = ""
    """Fingerprint of the learned site lines the capture holds; a change means clean it again."""
    article: bool = True
    """False when cleaning found no article: no outputs were written, and none are expected."""
    failure: str | None = None
    """Why these bytes failed to clean with this cleaner version: a known failure, not retried
    (unless ``--retry-failed``) until the capture or the cleaner changes."""

    def same_bytes(self, other: Seen) -> bool:
        """The same bytes and cleaner version (the learned site chrome aside)."""
        return (self.sha256, self.cleaner_version) == (other.sha256, other.cleaner_version)

    def same_input(self, other: Seen) -> bool:
        """The same bytes, cleaner version and learned site chrome, whatever came of them."""
        return (self.sha256, self.cleaner_version, self.site_chrome) == (
            other.sha256,
            other.cleaner_version,
            other.site_chrome,
        )


def state_path(out_dir: Path) -> Path:
    return out_dir / RUN_DIR / STATE_NAME


def load_state(out_dir: Path) -> dict[str, Seen]:
    """The saved state, or an empty one when there is none or it cannot be read.

    An unreadable state only costs a full re-clean, so it is not an error.
    """
    try:
        entries = json.loads(state_path(out_dir).read_text(encoding="utf-8"))["captures"]
        return {relative: Seen(**seen) for relative, seen in entries.items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def state_json(state: Mapping[str, Seen], fragments: StateFragments | None = None) -> str:
    """The state file's text: sorted, so an unchanged state is written byte for byte.

    The text of ``json.dumps({"captures": {path: entry}}, indent=1, sort_keys=True)`` (each entry
    the ``Seen``'s fields, ``failure`` only when there is one, so success-only states read as before),
    written out entry by entry, each entry's text kept in ``fragments`` when given: the state is
    saved after every batch, and for 50,000 captures building it anew took seconds each time.

    (``tests/test_scale.py`` checks the bytes against ``json.dumps``.)
    """
    return "".join(state_pieces(state, fragments))


def state_pieces(state: Mapping[str, Seen], fragments: StateFragments | None = None) -> Iterator[str]:
    """:func:`state_json`'s text in pieces, entry by entry, so that saving it never holds it whole."""
    if not state:
        yield '{\n "captures": {}\n}\n'
        return
    fragments = fragments if fragments is not None else StateFragments()
    yield '{\n "captures": {\n'
    for n, relative in enumerate(sorted(state)):
        yield (",\n" if n else "") + fragments.entry(relative, state[relative])
    yield "\n }\n}\n"


_FAILURE = '   "failure": '
"""The head of the one optional field, left out when None."""


class StateFragments:
    """Each entry's text in the state file, kept while the entry is unchanged."""

    _names: ClassVar[list[str]] = sorted(field.name for field in fields(Seen))
    _heads: ClassVar[list[str]] = [f'   "{name}": ' for name in _names]

    def __init__(self) -> None:
        self._texts: dict[str, tuple[Seen, str]] = {}

    def entry(self, relative: str, seen: Seen) -> str:
        kept = self._texts.get(relative)
        if kept is not None and kept[0] == seen:
            return kept[1]
        values = ((head, getattr(seen, name)) for head, name in zip(self._heads, self._names, strict=True))
        lines = (head + json.dumps(value) for head, value in values if value is not None or head != _FAILURE)
        text = f"  {json.dumps(relative)}: {{\n" + ",\n".join(lines) + "\n  }"
        self._texts[relative] = (seen, text)
        return text


def save_state(out_dir: Path, state: Mapping[str, Seen], fragments: StateFragments | None = None) -> None:
    write_atomic_pieces(state_path(out_dir), state_pieces(state, fragments), scratch_dir(out_dir))


def is_current(seen: Seen | None, now: Seen, out_dir: Path, stem: PurePosixPath) -> bool:
    """True when the capture and what it depends on are unchanged since its last clean and both
    outputs exist (or it had no article, so there are none)."""
    if seen is None or seen.failure is not None or not seen.same_input(now):
        return False
    if not seen.article:
        return True
    base = out_dir / stem
    return all(base.with_name(base.name + ext).is_file() for ext in (".txt", ".json"))
