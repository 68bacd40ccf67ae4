"""The modules Cython compiled (setup.py) clean exactly as their ``.py`` source does.

The compiled extension is imported before the source it was built from, so the rest of the
suite runs the compiled core; this test runs the source too, in a subprocess that imports every
compiled module from its ``.py`` file instead, and compares every record and every line's
verdict and reason, on the fixtures and, where ``../shared`` is beside the clone, on the
devset's text captures and HTML pages.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from cleaners import analyse
from tools.bench import compiled_modules

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

SOURCE_FIRST = r"""
import importlib.machinery, importlib.util, json, sys
from pathlib import Path

class SourceFirst:
    '''Imports each compiled module of cleaners from the .py file beside its extension.'''

    def find_spec(self, name, path, target=None):
        if not name.startswith("cleaners.") or name.rpartition(".")[2].startswith("_"):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or not str(spec.origin).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)):
            return None
        source = Path(spec.origin).with_name(name.rpartition(".")[2] + ".py")
        return importlib.util.spec_from_file_location(name, source)

sys.meta_path.insert(0, SourceFirst())
from cleaners import analyse
from tools.bench import compiled_modules
records = {}
for path in sys.argv[1:]:
    analysis = analyse(Path(path).read_bytes(), Path(path).name)
    records[path] = [analysis.article.model_dump_json(), [list(v) for v in analysis.verdicts]]
print(json.dumps({"compiled": compiled_modules(), "records": records}))
"""


def _captures() -> list[Path]:
    fixtures = ROOT / "fixtures"
    found = [*sorted((fixtures / "seeds").glob("*.txt")), *sorted((fixtures / "html").glob("*.html"))]
    found += sorted((fixtures / "families").glob("*.txt"))
    for folder, pattern in ((SHARED / "devset" / "captures", "*.txt"), (SHARED / "devset" / "html", "*.html.gz")):
        found += sorted(folder.glob(pattern))
    return found


def test_the_compiled_modules_clean_as_their_source_does() -> None:
    captures = _captures()
    here = {}
    for path in captures:
        analysis = analyse(path.read_bytes(), path.name)
        here[str(path)] = [analysis.article.model_dump_json(), [list(v) for v in analysis.verdicts]]
    if not compiled_modules():
        pytest.skip("no module of cleaners is compiled in this install (no Cython or PRESSWASH_PURE_PYTHON=1)")
    done = subprocess.run(
        [sys.executable, "-c", SOURCE_FIRST, *map(str, captures)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    source = json.loads(done.stdout)
    assert source["compiled"] == []  # the subprocess ran the .py files
    assert source["records"].keys() == here.keys()
    differing = [path for path, record in here.items() if json.loads(json.dumps(record)) != source["records"][path]]
    assert differing == []


def test_no_compiled_module_is_older_than_its_source() -> None:
    """An extension is imported before the ``.py`` it was built from: after an edit, the old
    build would run instead of the edit, silently. Rebuild with ``pip install -e .`` (or
    ``python setup.py build_ext --inplace`` where Cython is installed)."""
    stale = []
    builds = [path for path in (ROOT / "cleaners").rglob("*") if path.name.endswith(tuple(EXTENSION_SUFFIXES))]
    for built in sorted(builds):
        source = built.with_name(built.name.split(".", 1)[0] + ".py")
        if source.is_file() and source.stat().st_mtime > built.stat().st_mtime:
            stale.append(str(source.relative_to(ROOT)))
    assert stale == [], f"rebuild the compiled modules: {stale} changed since they were built"
