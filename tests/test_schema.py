"""The shipped JSON Schema is the record model's, and the CLI's records validate against it."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from cleaners.record import article_json_schema
from flows.cli.app import app, schema_json

SEEDS = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "seeds").glob("*.txt"))
REGENERATE = "presswash schema > cleaners/schema/article.schema.json"


def shipped_schema_text() -> str:
    """The schema file as shipped in the package data."""
    return (resources.files("cleaners") / "schema" / "article.schema.json").read_text("utf-8")


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    """A validator for the shipped schema."""
    schema = json.loads(shipped_schema_text())
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    cls.check_schema(schema)
    return cls(schema)


def test_shipped_schema_is_the_models() -> None:
    assert json.loads(shipped_schema_text()) == article_json_schema(), f"run: {REGENERATE}"


def test_shipped_schema_is_formatted_as_generated() -> None:
    assert shipped_schema_text() == schema_json(), f"run: {REGENERATE}"


def test_schema_command_prints_it() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == shipped_schema_text()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_cli_record_validates(seed: Path, validator: jsonschema.protocols.Validator) -> None:
    result = CliRunner().invoke(app, ["clean", "--format", "json", str(seed)])
    assert result.exit_code == 0, result.stderr
    validator.validate(json.loads(result.stdout))


def test_a_record_without_its_body_does_not_validate(
    validator: jsonschema.protocols.Validator,
) -> None:
    result = CliRunner().invoke(app, ["clean", "--format", "json", str(SEEDS[0])])
    record = json.loads(result.stdout)
    del record["text"]
    assert not validator.is_valid(record)
