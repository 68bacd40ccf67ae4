"""The one compiled module (the project's metadata is in pyproject.toml).

``cleaners._walk`` walks the boosted trees in C (see cleaners/_walk.c). It is optional: where no
C compiler is found the install goes on, and cleaners.trees walks them with numpy, to the same
places.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("cleaners._walk", ["cleaners/_walk.c"], optional=True),
        Extension("cleaners._lines", ["cleaners/_lines.c"], optional=True),
    ]
)
