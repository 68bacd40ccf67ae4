"""One set of run options, one spelling: the model, the CLI flags and prefect.yaml agree."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from pydantic import ValidationError

from flows.cli.app import app
from flows.cli.flow_commands import run, serve
from flows.pipeline.options import DEFAULT_OPTIONS, Limits, RunOptions

ROOT = Path(__file__).resolve().parent.parent


def option_names(model: type[RunOptions] | type[Limits]) -> set[str]:
    """The model's leaf fields (``limits`` opens into ``max_bytes`` and ``max_seconds``)."""
    names = set()
    for name, field in model.model_fields.items():
        inner = field.annotation
        if inspect.isclass(inner) and issubclass(inner, Limits):
            names |= option_names(inner)
        else:
            names.add(name)
    return names


def cli_flags(command: Any) -> set[str]:
    return {param.name for param in command.params if param.param_type_name == "option" and param.name}


def test_run_takes_every_option_under_its_field_name() -> None:
    command = typer.main.get_command(app).commands["run"]  # type: ignore[attr-defined]
    assert option_names(RunOptions) <= cli_flags(command)
    assert option_names(RunOptions) == set(inspect.signature(run).parameters) - {"input_dir", "out"}


def test_serve_takes_every_option_but_wait() -> None:
    """A served run never waits on the lock: Prefect's concurrency limit queues it instead."""
    assert option_names(RunOptions) - {"wait"} <= set(inspect.signature(serve).parameters)


def test_prefect_yaml_spells_the_options_as_the_model_does() -> None:
    (deployment,) = yaml.safe_load((ROOT / "prefect.yaml").read_text("utf-8"))["deployments"]
    options = RunOptions.model_validate(deployment["parameters"]["options"])
    assert options == DEFAULT_OPTIONS
    assert deployment["concurrency_limit"] == {"limit": 1, "collision_strategy": "ENQUEUE"}


def test_options_are_frozen_and_refuse_unknown_or_out_of_range_values() -> None:
    with pytest.raises(ValidationError):
        DEFAULT_OPTIONS.batch_size = 3  # type: ignore[misc]
    with pytest.raises(ValidationError, match="max_byte"):
        RunOptions.model_validate({"limits": {"max_byte": 10}})
    with pytest.raises(ValidationError):
        RunOptions(batch_size=0)
    assert RunOptions(limits=Limits(max_bytes=10)).clean_config().max_bytes == 10
