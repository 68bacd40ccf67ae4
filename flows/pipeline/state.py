"""What earlier runs cleaned, so a re-run skips captures that have not changed.

The state lives in ``OUTPUT/.presswash/state.json``: relative capture path ->
sha256 of its bytes, the cleaner version that cleaned it and a fingerprint of the learned site
chrome its output depends on (see ``flows.pipeline.sites.site_fingerprint``). Hidden, so it can never
clash with an article's outputs (hidden captures are never discovered).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from flows.pipeline.writer import RUN_DIR, scratch_dir, write_atomic

__all__ = ["RUN_DIR", "Seen", "is_current", "load_state", "save_state", "state_json", "state_path"]

STATE_NAME = "state.json"


@dataclass(frozen=True)
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


def state_json(state: Mapping[str, Seen]) -> str:
    """The state file's text: sorted, so an unchanged state is written byte for byte."""
    entries = {relative: _entry(state[relative]) for relative in sorted(state)}
    return json.dumps({"captures": entries}, indent=1, sort_keys=True) + "\n"


def _entry(seen: Seen) -> dict[str, object]:
    """A state entry; ``failure`` only when there is one, so success-only states read as before."""
    entry = asdict(seen)
    if entry["failure"] is None:
        del entry["failure"]
    return entry


def save_state(out_dir: Path, state: Mapping[str, Seen]) -> None:
    write_atomic(state_path(out_dir), state_json(state), scratch_dir(out_dir))


def is_current(seen: Seen | None, now: Seen, out_dir: Path, stem: PurePosixPath) -> bool:
    """True when the capture and what it depends on are unchanged since its last clean and both
    outputs exist (or it had no article, so there are none)."""
    if seen is None or seen.failure is not None or not seen.same_input(now):
        return False
    if not seen.article:
        return True
    base = out_dir / stem
    return all(base.with_name(base.name + ext).is_file() for ext in (".txt", ".json"))
