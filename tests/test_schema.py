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


def _types(schema: object) -> set[str]:
    """Every JSON type the schema names, nested definitions included."""
    if isinstance(schema, dict):
        named = schema.get("type")
        found = {named} if isinstance(named, str) else set(named) if isinstance(named, list) else set()
        return found.union(*(_types(value) for value in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_types(item) for item in schema))
    return set()


def test_the_record_holds_no_float() -> None:
    """The writer's fast serialiser matches ``json.dumps`` only without floats (``1e-05`` against
    ``0.00001``): a float field added to the record must revisit ``flows.pipeline.writer.record_json``."""
    assert "number" not in _types(article_json_schema())
    assert "integer" in _types(article_json_schema())


_AWKWARD = (
    'quote " backslash \\ slash /',
    "control \x00\x01\x1f\x7f tab\t",
    "line\u2028sep\u2029",
    "emoji 😀 é ß 中文",
    "\ufeffbom",
)


@pytest.mark.parametrize("text", _AWKWARD, ids=["escapes", "controls", "separators", "non-ascii", "bom"])
def test_record_json_is_json_dumps(text: str) -> None:
    """The record file's bytes are ``json.dumps(..., ensure_ascii=False, indent=2)``'s, written faster."""
    from cleaners import clean_capture
    from flows.pipeline.writer import record_json

    article = clean_capture(b"Bridge vote\n\nThe council met on Monday to discuss the bridge.\n", "a.txt")
    article = article.model_copy(update={"title": text, "authors": [text, ""], "source": text, "text": text})
    assert record_json(article) == json.dumps(article.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def test_record_json_keeps_a_file_name_that_is_not_utf8() -> None:
    from cleaners import clean_capture
    from flows.pipeline.writer import record_json

    article = clean_capture(b"The council met on Monday to discuss the bridge.\n", "caf\udce9.txt")
    assert article.source == "caf\udce9.txt"
    assert record_json(article) == json.dumps(article.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
