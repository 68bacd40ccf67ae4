"""Datasets out: JSONL and Parquet shards of a run's records with a stable schema; JSON/JSONL from
``presswash clean``; standard input and ``--files-from``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaners import Article
from flows.cli.app import app
from flows.pipeline.dataset import DatasetOut, ShardFormat, arrow_schema, dataset_features, export_run
from flows.pipeline.sweep import sweep

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def shards(folder: Path, suffix: str) -> list[Path]:
    return sorted(folder.glob(f"part-*.{suffix}"))


def test_the_schema_names_every_record_field_with_one_type() -> None:
    schema = arrow_schema()
    assert schema.names == list(Article.model_fields)
    nullable = {field.name for field in schema if field.nullable}
    assert nullable == {name for name, info in Article.model_fields.items() if "None" in str(info.annotation)}
    assert str(schema.field("removed").type) == (
        "list<item: struct<line: int64 not null, text: string not null, rule: string not null>>"
    )


def test_jsonl_shards_load_with_hugging_face_datasets_and_pyarrow(
    drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow.json as pj

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from datasets import load_dataset

    result = sweep(drop, tmp_path / "out")
    (index,) = export_run(result.outcomes, tmp_path / "out", [DatasetOut(tmp_path / "ds", ShardFormat.jsonl, 2)])
    files = shards(tmp_path / "ds", "jsonl")
    assert [f.name for f in files] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert index["records"] == 6 and [s["records"] for s in index["shards"]] == [2, 2, 2]
    lines = [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines()]
    records = [p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*.json")]
    on_disk = {p.with_suffix("").as_posix() for p in records if not p.parts[0].startswith(".")}
    assert (
        len(lines) == 6 and {Path(r["source"]).relative_to(drop).with_suffix("").as_posix() for r in lines} == on_disk
    )
    nullable = [field.name for field in arrow_schema() if field.nullable]
    mixed = [name for name in nullable if {r[name] is None for r in lines} == {True, False}]
    assert mixed  # null in some records, a string in others: what a reader without the schema trips on

    loaded = load_dataset(
        "json", data_files=[str(f) for f in files], features=dataset_features(), split="train", cache_dir=str(tmp_path)
    )
    assert loaded.num_rows == 6 and loaded.features == dataset_features()
    assert loaded["id"] == [r["id"] for r in lines]
    for f in files:
        table = pj.read_json(f, parse_options=pj.ParseOptions(explicit_schema=arrow_schema()))
        assert table.cast(arrow_schema()).schema == arrow_schema()  # pyarrow's reader drops only "not null"


def test_parquet_shards_hold_the_same_records_and_stale_shards_go(drop: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    result = sweep(drop, tmp_path / "out")
    both = [DatasetOut(tmp_path / "pq", ShardFormat.parquet, 4), DatasetOut(tmp_path / "jl", ShardFormat.jsonl, 4)]
    export_run(result.outcomes, tmp_path / "out", both)
    (tmp_path / "pq" / "part-00009.parquet").write_bytes(b"left by an earlier, larger run")
    export_run(result.outcomes, tmp_path / "out", both)
    files = shards(tmp_path / "pq", "parquet")
    assert [f.name for f in files] == ["part-00000.parquet", "part-00001.parquet"]
    table = pq.read_table(files[0]).to_pylist() + pq.read_table(files[1]).to_pylist()
    assert pq.read_schema(files[0]) == arrow_schema()
    lines = [json.loads(line) for f in shards(tmp_path / "jl", "jsonl") for line in f.read_text("utf-8").splitlines()]
    assert table == lines
    assert json.loads((tmp_path / "pq" / "index.json").read_text("utf-8"))["records"] == 6
    assert not list((tmp_path / "out" / ".presswash" / "tmp").iterdir())


def test_clean_prints_a_json_array_for_several_files_and_one_record_per_line_for_jsonl() -> None:
    names = [str(p) for p in SEED_FILES]
    array = CliRunner().invoke(app, ["clean", "--format", "json", *names])
    assert array.exit_code == 0
    assert [r["id"] for r in json.loads(array.stdout)] == [p.stem for p in SEED_FILES]
    one = CliRunner().invoke(app, ["clean", "--format", "json", names[0]])
    assert json.loads(one.stdout)["id"] == SEED_FILES[0].stem  # one file: the record itself, as before
    lines = CliRunner().invoke(app, ["clean", "-f", "jsonl", *names]).stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [p.stem for p in SEED_FILES]


def test_clean_reads_standard_input_and_lists_of_files(tmp_path: Path) -> None:
    raw = SEED_FILES[0].read_bytes()
    from_stdin = CliRunner().invoke(app, ["clean", "-"], input=raw)
    from_file = CliRunner().invoke(app, ["clean", str(SEED_FILES[0])])
    assert from_stdin.exit_code == 0 and from_stdin.stdout == from_file.stdout
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(str(p) for p in SEED_FILES[1:3]) + "\n\n", "utf-8")
    listed = CliRunner().invoke(app, ["clean", "-f", "jsonl", str(SEED_FILES[0]), "--files-from", str(listing)])
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == [p.stem for p in SEED_FILES[:3]]
    piped = CliRunner().invoke(app, ["clean", "-f", "jsonl", "--files-from", "-"], input=str(SEED_FILES[4]) + "\n")
    assert json.loads(piped.stdout)["id"] == SEED_FILES[4].stem
    out = CliRunner().invoke(app, ["clean", "-", "--out", str(tmp_path / "o")], input=raw)
    assert out.exit_code == 0 and (tmp_path / "o" / "stdin.json").is_file()
    assert CliRunner().invoke(app, ["clean"]).exit_code == 2


def test_presswash_run_writes_dataset_shards(drop: Path, tmp_path: Path, prefect_harness: None) -> None:
    ds = tmp_path / "ds"
    args = ["run", str(drop), "--out", str(tmp_path / "out"), "--jsonl", str(ds), "--parquet", str(ds / "pq")]
    result = CliRunner().invoke(app, [*args, "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert len((ds / "part-00000.jsonl").read_text("utf-8").splitlines()) == 6
    assert json.loads((ds / "pq" / "index.json").read_text("utf-8"))["records"] == 6
