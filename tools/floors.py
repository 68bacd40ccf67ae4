"""The accuracy figures CI holds the cleaner to, and the command that measures them.

    python -m tools.floors            # print today's figures beside the pinned floors
    python -m tools.floors --write    # pin today's figures (minus EPSILON) in tests/accuracy_floors.json

Figures, all measured in-process on ``../shared`` (read-only, beside the repository):

- ``seeds.exact``: share of the seed captures whose record equals ``spec/seeds`` on every
  field (``tools/score.py --strict``'s rule); pinned at 1.0, never lowered.
- ``devset.text.body_f1``, ``devset.html.body_f1``: body F1 (word 4-gram shingles, the
  metric of ``devset_score.py``, as ``cleaners.evaluate`` computes it) on the 80 devset pages.
- ``devset_meta.<field>``: mean per field of ``tools/score.py`` on the 12 devset-meta cases.
- ``corpus.<source>.body_f1`` / ``.snippets_f1`` / ``.meta.<field>``: ``tools/corpus_score.py
  --json`` per source (body F1, snippet F1, metadata accuracy per field).

``tests/test_accuracy_floor.py`` fails when a figure drops below its floor. A floor may only
rise: ``--write`` refuses to lower one unless ``--allow-lower`` is given, and raising it is a
change to review like code (the diff of the floors file says which figure moved and by how
much).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import cleaners
from flows.pipeline.writer import record_json
from tools.evaluate import evaluate_folder

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FLOORS = ROOT / "tests" / "accuracy_floors.json"
EPSILON = 0.0005
"""Below today's figure by this much, for float noise (a figure that moves less is unchanged)."""
EXACT = ("seeds.exact",)
"""Figures pinned at their value exactly, never less."""
NOTE = (
    "Accuracy floors checked by tests/test_accuracy_floor.py. A floor may only rise; raising it is a "
    "reviewed change: run `python -m tools.floors --write` after an improvement and commit the diff."
)


def measure(shared: Path = SHARED) -> dict[str, float]:
    """Every figure, by name (see the module docstring)."""
    figures: dict[str, float] = {}
    figures.update(seed_figures(shared))
    figures.update(devset_figures(shared))
    figures.update(devset_meta_figures(shared))
    figures.update(corpus_figures(shared))
    return dict(sorted(figures.items()))


def _module(shared: Path, name: str) -> ModuleType:
    """One of ``../shared/tools``' scoring scripts, imported from its file."""
    sys.dont_write_bytecode = True
    path = shared / "tools" / f"{name}.py"
    sys.path.insert(0, str(path.parent))  # corpus_score imports devset_score beside it
    try:
        spec = importlib.util.spec_from_file_location(f"shared_{name}", path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(path.parent))


def _records(captures: Iterator[tuple[str, Path]], out: Path) -> None:
    """Clean each capture as ``presswash clean`` does and write ``out/<stem>.json``; a failure writes nothing."""
    out.mkdir(parents=True, exist_ok=True)
    for stem, path in captures:
        try:
            article = cleaners.analyse(path.read_bytes(), str(path), cleaners.DEFAULT_CONFIG).article
        except cleaners.CaptureError:
            continue
        (out / f"{stem}.json").write_text(record_json(article), "utf-8")


def _scored(score: ModuleType, expected_dir: Path, out: Path) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(expected_dir.glob("*.json")):
        expected = json.loads(path.read_text("utf-8"))
        expected.setdefault("id", path.stem)
        got_path = out / f"{expected['id']}.json"
        got = json.loads(got_path.read_text("utf-8")) if got_path.is_file() else {}
        rows.append(score.score_record(expected, got))
    return rows


def seed_figures(shared: Path) -> dict[str, float]:
    score = _module(shared, "score")
    with tempfile.TemporaryDirectory() as tmp:
        _records(((p.stem, p) for p in sorted((shared / "seeds").glob("*.txt"))), Path(tmp))
        rows = _scored(score, shared / "spec" / "seeds", Path(tmp))
    exact = [all(value == 1.0 for key, value in row.items() if key != "id") for row in rows]
    return {"seeds.exact": sum(exact) / len(exact)}


def devset_figures(shared: Path) -> dict[str, float]:
    devset = shared / "devset"
    text = evaluate_folder(devset / "captures", devset / "gold")
    html = evaluate_folder(devset / "html", devset / "gold", html=True)
    return {"devset.text.body_f1": text.mean.f1, "devset.html.body_f1": html.mean.f1}


def devset_meta_figures(shared: Path) -> dict[str, float]:
    score = _module(shared, "score")
    meta = shared / "devset-meta"
    with tempfile.TemporaryDirectory() as tmp:
        _records(((p.stem, p) for p in sorted((meta / "captures").iterdir()) if p.is_file()), Path(tmp))
        rows = _scored(score, meta / "expected", Path(tmp))
    keys = sorted({key for row in rows for key in row if key != "id"})
    return {f"devset_meta.{key}": _mean([row[key] for row in rows if key in row]) for key in keys}


def corpus_figures(shared: Path) -> dict[str, float]:
    corpus = shared / "corpus"
    pages = [json.loads(line) for line in (corpus / "pages.jsonl").read_text("utf-8").splitlines() if line.strip()]
    captures = ((page["id"], corpus / page["files"]["capture"]) for page in pages if page["files"].get("capture"))
    with tempfile.TemporaryDirectory() as tmp:
        _records(captures, Path(tmp))
        script = [sys.executable, str(shared / "tools" / "corpus_score.py"), str(corpus), tmp, "--json"]
        scored = json.loads(subprocess.run(script, capture_output=True, text=True, check=True).stdout)
    figures: dict[str, float] = {}
    for source, summary in scored["sources"].items():
        if "body" in summary:
            figures[f"corpus.{source}.body_f1"] = summary["body"]["f1"]
        if "snippets" in summary:
            figures[f"corpus.{source}.snippets_f1"] = summary["snippets"]["f1"]
        for field, hits in summary.get("meta", {}).items():
            figures[f"corpus.{source}.meta.{field}"] = hits["accuracy"]
    return figures


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def load_floors(path: Path = FLOORS) -> dict[str, float]:
    return dict(json.loads(path.read_text("utf-8"))["floors"])


def floors_from(figures: dict[str, float]) -> dict[str, float]:
    """Today's figures as floors: EPSILON below, rounded down to 4 places; exact ones as they are."""
    return {
        name: value if name in EXACT else max(0.0, _floor4(value - EPSILON)) for name, value in sorted(figures.items())
    }


def _floor4(value: float) -> float:
    return int(value * 10_000) / 10_000


def below(figures: dict[str, float], floors: dict[str, float]) -> list[str]:
    """Each floor a figure drops below (or that was not measured), as a readable line."""
    problems = []
    for name, floor in sorted(floors.items()):
        value = figures.get(name)
        if value is None:
            problems.append(f"{name}: not measured (floor {floor:.4f})")
        elif value < floor:
            problems.append(f"{name}: {value:.4f} is below its floor {floor:.4f} (by {floor - value:.4f})")
    return problems


def write_floors(figures: dict[str, float], path: Path = FLOORS, allow_lower: bool = False) -> list[str]:
    """Pin ``figures`` as floors; returns the floors that would drop (and writes nothing) unless allowed."""
    new = floors_from(figures)
    old = load_floors(path) if path.is_file() else {}
    lowered = [f"{name}: {old[name]:.4f} -> {new.get(name, 0.0):.4f}" for name in old if new.get(name, 0.0) < old[name]]
    if lowered and not allow_lower:
        return lowered
    path.write_text(json.dumps({"note": NOTE, "floors": new}, indent=1) + "\n", "utf-8")
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.floors", description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="pin today's figures in tests/accuracy_floors.json")
    parser.add_argument("--allow-lower", action="store_true", help="with --write: also lower floors (say why)")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (default: ../shared)")
    args = parser.parse_args(argv)
    figures = measure(args.shared)
    floors = load_floors() if FLOORS.is_file() else {}
    for name, value in figures.items():
        floor = floors.get(name)
        mark = "" if floor is None else ("  BELOW" if value < floor else f"  (floor {floor:.4f})")
        print(f"{name:<40} {value:.4f}{mark}")
    if args.write:
        lowered = write_floors(figures, allow_lower=args.allow_lower)
        if lowered:
            print("not written: these floors would drop (pass --allow-lower, and say why):", *lowered, sep="\n  ")
            return 1
        print(f"wrote {FLOORS.relative_to(ROOT)}")
    return 1 if below(figures, floors) else 0


if __name__ == "__main__":
    sys.exit(main())
