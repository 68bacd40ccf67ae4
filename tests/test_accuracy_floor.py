"""The accuracy floor CI holds the cleaner to: seeds exact, devset and devset-meta, the corpus.

Scores ``../shared`` in-process (skipped when it is absent; CI has it beside the clone)
and fails when any figure drops below its floor in ``tests/accuracy_floors.json``. A floor
may only rise, and raising it is a reviewed change: ``python -m tools.floors --write``
pins today's figures (see ``tools/floors.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.floors import FLOORS, SHARED, below, floors_from, load_floors, measure, write_floors

needs_shared = pytest.mark.skipif(not (SHARED / "corpus" / "pages.jsonl").is_file(), reason="../shared is absent")


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    return measure(SHARED)


@needs_shared
def test_no_figure_drops_below_its_floor(figures: dict[str, float]) -> None:
    problems = below(figures, load_floors())
    assert not problems, "accuracy dropped:\n" + "\n".join(problems)


@needs_shared
def test_the_seeds_stay_exact_on_every_field(figures: dict[str, float]) -> None:
    assert figures["seeds.exact"] == 1.0


def test_every_group_has_floors_and_the_seeds_are_pinned_exact() -> None:
    floors = load_floors()
    for prefix in ("seeds.", "devset.text.", "devset.html.", "devset_meta.", "corpus."):
        assert any(name.startswith(prefix) for name in floors), prefix
    assert floors["seeds.exact"] == 1.0
    assert "may only rise" in json.loads(FLOORS.read_text("utf-8"))["note"]


def test_a_drop_below_a_floor_is_named_with_its_size() -> None:
    floors = {"devset.text.body_f1": 0.95, "corpus.x.body_f1": 0.5}
    assert below({"devset.text.body_f1": 0.9, "corpus.x.body_f1": 0.6}, floors) == [
        "devset.text.body_f1: 0.9000 is below its floor 0.9500 (by 0.0500)"
    ]
    assert below({}, {"seeds.exact": 1.0}) == ["seeds.exact: not measured (floor 1.0000)"]


def test_floors_sit_just_below_todays_figures_and_never_drop_unasked(tmp_path: Path) -> None:
    assert floors_from({"seeds.exact": 1.0, "devset.text.body_f1": 0.95612}) == {
        "devset.text.body_f1": 0.9556,
        "seeds.exact": 1.0,
    }
    path = tmp_path / "floors.json"
    assert write_floors({"devset.text.body_f1": 0.96}, path) == []
    assert write_floors({"devset.text.body_f1": 0.90}, path) == ["devset.text.body_f1: 0.9595 -> 0.8995"]
    assert load_floors(path) == {"devset.text.body_f1": 0.9595}
    assert write_floors({"devset.text.body_f1": 0.90}, path, allow_lower=True) == []
    assert load_floors(path) == {"devset.text.body_f1": 0.8995}
