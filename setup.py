"""The compiled modules (the project's metadata is in pyproject.toml).

``cleaners._walk`` walks the boosted trees in C (cleaners/_walk.c), ``cleaners._lines`` measures
the lines (cleaners/_lines.c), ``cleaners.roles._lexicon`` reads a page's words in the line-role
lexicon (cleaners/roles/_lexicon.c), ``cleaners.roles._heads`` the lines' first characters
(cleaners/roles/_heads.c) and ``cleaners.rules._table`` runs the rule table's candidate loop
(cleaners/rules/_table.c). Each is optional: where no C compiler is found
the install goes on, and Python does the same work, to the same values.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("cleaners._walk", ["cleaners/_walk.c"], optional=True),
        Extension("cleaners._lines", ["cleaners/_lines.c"], optional=True),
        Extension("cleaners.roles._lexicon", ["cleaners/roles/_lexicon.c"], optional=True),
        Extension("cleaners.roles._heads", ["cleaners/roles/_heads.c"], optional=True),
        Extension("cleaners.rules._table", ["cleaners/rules/_table.c"], optional=True),
    ]
)
