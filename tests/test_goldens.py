"""Golden files: the clean text and the record of every pinned capture (the seeds and the
HTML fixtures), each in its own file. A change in output shows here as a diff to review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cleaners import analyse

ROOT = Path(__file__).resolve().parent.parent
PINNED = sorted((ROOT / "fixtures" / "seeds").glob("*.txt")) + sorted((ROOT / "fixtures" / "html").glob("*.html"))


def _record(path: Path) -> dict[str, Any]:
    return analyse(path.read_bytes(), path.name).article.model_dump(mode="json")


@pytest.mark.parametrize("capture", PINNED, ids=lambda p: p.stem)
def test_text_golden(capture: Path, file_regression: Any) -> None:
    file_regression.check(_record(capture)["text"] + "\n", extension=".txt", basename=f"{capture.stem}_text")


@pytest.mark.parametrize("capture", PINNED, ids=lambda p: p.stem)
def test_record_golden(capture: Path, data_regression: Any) -> None:
    record = _record(capture)
    del record["text"]  # pinned in its own golden file
    data_regression.check(record, basename=f"{capture.stem}_record")
