"""The core's shape: no import cycle inside cleaners/, no import hidden in a function to break
one, and the HTML extraction never builds an article (the core builds it once)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cleaners"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The cleaners modules an import statement loads (a ``from`` import of a module counts too)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.startswith("cleaners")]
    if node.level or not node.module or not node.module.startswith("cleaners"):
        return []
    names = [node.module]
    names += [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in MODULES]
    return names


def loaded(importer: str, name: str) -> set[str]:
    """``name`` and the packages above it that importing it runs first (the root package aside)."""
    parts = name.split(".")
    found = {".".join(parts[:n]) for n in range(2, len(parts) + 1)}
    return {m for m in found if m in MODULES and not importer.startswith(m + ".") and m != importer}


def module_imports(name: str) -> set[str]:
    tree = ast.parse(MODULES[name].read_text("utf-8"))
    edges: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            for target in imported(node):
                edges |= loaded(name, target)
    return edges


def test_no_import_cycle_inside_cleaners() -> None:
    graph = {name: module_imports(name) for name in MODULES if name != "cleaners"}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            assert state.get(nxt) != 1, "import cycle: " + " -> ".join([*path[path.index(nxt) :], nxt])
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def test_no_import_inside_a_function_or_type_checking_block() -> None:
    """Imports of cleaners modules sit at the top of the module, where a cycle would show (an
    optional compiled module's ``try: from cleaners import _walk`` at the top counts as top)."""
    hidden = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text("utf-8"))
        tried = [n for t in tree.body if isinstance(t, ast.Try) for n in t.body]
        top = {id(n) for n in [*tree.body, *tried]}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top and imported(node):
                hidden.append(f"{name}:{node.lineno}")
    assert not hidden


def test_the_html_extraction_builds_no_article() -> None:
    """cleaners/html.py neither imports the record or the text path nor names an Article."""
    assert not module_imports("cleaners.html") & {"cleaners.clean", "cleaners.record"}
    tree = ast.parse((PACKAGE / "html.py").read_text("utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert not names & {"Article", "Removal", "Analysis", "LineVerdict"}
