"""The compiled modules (the project's metadata is in pyproject.toml).

``cleaners._walk`` walks the boosted trees in C (cleaners/_walk.c), ``cleaners._lines`` measures
the lines (cleaners/_lines.c), ``cleaners.roles._lexicon`` reads a page's words in the line-role
lexicon (cleaners/roles/_lexicon.c), ``cleaners.roles._heads`` the lines' first characters
(cleaners/roles/_heads.c), ``cleaners.roles._rows`` builds the rows' own columns
(cleaners/roles/_rows.c), ``cleaners.rules._table`` runs the rule table's candidate loop
(cleaners/rules/_table.c) and ``cleaners._scan`` the repairs' whole-text tests and the dates'
first test (cleaners/_scan.c).

The core's hot modules (:data:`COMPILED`) are also compiled whole with Cython, from the same
``.py`` files, which stay the source: Cython reads them as plain Python (annotations are not
taken as C types, so a value of any type behaves as it does in the interpreter), and the
extension, found before the ``.py`` file, only saves the interpreter's dispatch around the
calls (docs/compiled.md has the figures and what it changes for profiling).

Each extension is optional: where no C compiler (or no Cython) is found the install goes on,
and Python does the same work, to the same values. ``PRESSWASH_PURE_PYTHON=1`` at install
leaves the Cython modules out (a profile then sees every Python function).
"""

from __future__ import annotations

import os

from setuptools import Extension, setup

CHARS = ["cleaners/_chars.h"]
"""The character classes the kernels that read text share."""

C_KERNELS = [
    Extension("cleaners._walk", ["cleaners/_walk.c"], optional=True),
    Extension("cleaners._lines", ["cleaners/_lines.c"], depends=CHARS, optional=True),
    Extension("cleaners.roles._lexicon", ["cleaners/roles/_lexicon.c"], depends=CHARS, optional=True),
    Extension("cleaners.roles._heads", ["cleaners/roles/_heads.c"], depends=CHARS, optional=True),
    Extension("cleaners.roles._rows", ["cleaners/roles/_rows.c"], optional=True),
    Extension("cleaners.rules._table", ["cleaners/rules/_table.c"], depends=CHARS, optional=True),
    Extension("cleaners._scan", ["cleaners/_scan.c"], depends=CHARS, optional=True),
]

COMPILED = (
    "cleaners/body.py",
    "cleaners/byline.py",
    "cleaners/capture.py",
    "cleaners/clean.py",
    "cleaners/context.py",
    "cleaners/dates.py",
    "cleaners/decode.py",
    "cleaners/headline.py",
    "cleaners/language.py",
    "cleaners/lines.py",
    "cleaners/metadata.py",
    "cleaners/metarank.py",
    "cleaners/outlet.py",
    "cleaners/page.py",
    "cleaners/published.py",
    "cleaners/quality.py",
    "cleaners/repair.py",
    "cleaners/steps.py",
    "cleaners/trees.py",
    "cleaners/read/text.py",
    "cleaners/roles/decode.py",
    "cleaners/roles/features.py",
    "cleaners/roles/lexicon.py",
    "cleaners/rules/firsts.py",
    "cleaners/rules/rule.py",
)
"""The modules the text core spends its time in, compiled with Cython."""

DIRECTIVES = {
    "language_level": 3,
    "binding": True,  # functions keep their signatures, docstrings and introspection
    "annotation_typing": False,  # annotations are documentation: no C types, no type checks
}


def cython_extensions() -> list[Extension]:
    """:data:`COMPILED` as extensions, or none (pure Python asked for, or no Cython)."""
    if os.environ.get("PRESSWASH_PURE_PYTHON") == "1":
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        return []
    modules = [
        Extension(path.removesuffix(".py").replace("/", "."), [path], optional=True)
        for path in COMPILED
    ]
    return list(
        cythonize(modules, compiler_directives=DIRECTIVES, build_dir="build/cython", quiet=True, nthreads=os.cpu_count() or 1)
    )


setup(
    ext_modules=[*C_KERNELS, *cython_extensions()],
    options={"build_ext": {"parallel": os.cpu_count() or 1}},  # one compiler per core
)
