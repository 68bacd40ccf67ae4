"""Help text that shows each parameter's metavar (``FILE``, ``BYTES``, ``OUTPUT``), not its
Python type.

Typer 0.29 prints the Python type beside every parameter (``<list[Path]>``, ``<bool>``,
``<int range>``), even where a metavar is given, and beside every flag. Every parameter of
``presswash`` carries a metavar saying what to pass, and flags take no value, so the type
column shows the metavar, or nothing.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperOption


def _argument_type(self: TyperArgument, ctx: Any) -> str | None:
    return None  # the name column already shows the metavar


def _option_type(self: TyperOption, ctx: Any) -> str | None:
    if self.is_flag or self.count:
        return None
    return self.metavar


def show_metavars_only() -> None:
    """Show metavars, never Python types, in every ``--help`` of this process."""
    TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign, assignment]
    TyperOption.display_type_rich = _option_type  # type: ignore[method-assign]
