"""Find near-duplicate articles across a run and write them into the records.

Every record of the run counts, the unchanged ones too: their bodies are read back from
``OUTPUT/<path>.json``. A capture is named by its path below the input folder without its
suffix (``a/b.txt`` -> ``a/b``): the record's ``id`` for captures at the top of the input
folder, and unique below it where two folders may hold the same file name. A record is
rewritten (atomically) only when its ``near_duplicates`` change, so a re-run over unchanged
input changes no byte.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cleaners import Article
from cleaners.near_duplicates import (
    DEFAULT_NEAR_DUPLICATES,
    NearDuplicateConfig,
    near_duplicate_clusters,
    near_duplicates_by_id,
)
from flows.pipeline.batch import Outcome
from flows.pipeline.discover import Capture
from flows.pipeline.writer import record_json, scratch_dir, write_atomic


def record_path(out_dir: Path, capture: Capture) -> Path:
    return out_dir / f"{capture.stem}.json"


def link_near_duplicates(
    outcomes: Sequence[Outcome], out_dir: Path, config: NearDuplicateConfig = DEFAULT_NEAR_DUPLICATES
) -> list[list[str]]:
    """Cluster the bodies of the run's records, update their ``near_duplicates``; return the clusters."""
    records = _read_records(outcomes, out_dir)
    bodies = ((key, str(record.get("text", ""))) for key, (_, record) in records.items())
    clusters = near_duplicate_clusters(bodies, config)
    wanted = near_duplicates_by_id(clusters)
    for key, (path, record) in records.items():
        ids = wanted.get(key, [])
        if record.get("near_duplicates") != ids:
            article = Article.model_validate(record).model_copy(update={"near_duplicates": ids})
            write_atomic(path, record_json(article), scratch_dir(out_dir))
    return clusters


def _read_records(outcomes: Sequence[Outcome], out_dir: Path) -> dict[str, tuple[Path, dict[str, Any]]]:
    """Where the records of the captures cleaned or skipped in this run are, and what they hold."""
    records: dict[str, tuple[Path, dict[str, Any]]] = {}
    for outcome in outcomes:
        if outcome.status not in ("processed", "skipped"):
            continue
        capture = Capture(outcome.capture)
        path = record_path(out_dir, capture)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # removed or broken since: the next run cleans it again
            continue
        if isinstance(record, dict):
            records[capture.stem.as_posix()] = (path, record)
    return records
