"""The run's records as dataset shards: JSONL and Parquet, for corpus builders.

``presswash run --jsonl DIR`` / ``--parquet DIR`` writes, after the near-duplicate step, every
record of the run (cleaned now or unchanged since an earlier run), in capture order, as
``DIR/part-00000.jsonl`` (or ``.parquet``), ``part-00001`` … of at most ``shard_size`` records,
then ``DIR/index.json`` naming the shards, their record counts and the schema. Each file is
written to the run's scratch folder and renamed into place (a reader sees a whole shard or
none); shards a larger earlier run left are removed after the new ones are in place; the
index is written last, so it always names complete shards.

The schema is the record's (:class:`cleaners.Article`) in Arrow terms, derived from its fields:
every field is present in every record with one type; fields that may be missing (a title, a
date) are nullable strings. Parquet carries the schema; for JSONL, where a shard whose records
all lack a date would otherwise be read as a column of nulls and clash with the next shard,
readers declare it: :func:`arrow_schema` (``pyarrow.json``) or :func:`dataset_features`
(Hugging Face ``datasets.load_dataset("json", ..., features=...)``).

Memory stays flat: records are read back one at a time from ``OUTPUT/<stem>.json``; Parquet is
written in row groups of ``ROW_GROUP`` records.
"""

from __future__ import annotations

import json
import os
import tempfile
import types
import typing
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from cleaners import Article
from flows.pipeline.discover import Capture
from flows.pipeline.ledger import Ledger
from flows.pipeline.options import DEFAULT_SHARD_SIZE
from flows.pipeline.writer import scratch_dir, write_atomic

ROW_GROUP = 1_000
INDEX_NAME = "index.json"


class ShardFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"


@dataclass(frozen=True)
class DatasetOut:
    """One dataset to write: where, in which format, how many records per shard."""

    folder: Path
    format: ShardFormat
    shard_size: int = DEFAULT_SHARD_SIZE


def arrow_schema(model: type[BaseModel] = Article) -> Any:
    """The record's Arrow schema, field by field in the record's order."""
    import pyarrow as pa

    fields = [pa.field(name, *_arrow_type(info.annotation, name)) for name, info in model.model_fields.items()]
    return pa.schema(fields)


def _arrow_type(annotation: Any, name: str) -> tuple[Any, bool]:
    """The Arrow type of a field's annotation, and whether it may be null."""
    import pyarrow as pa

    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = [arg for arg in args if arg is not type(None)]
        return _arrow_type(inner, name)[0], True
    if typing.get_origin(annotation) is list:
        return pa.list_(_arrow_type(args[0], name)[0]), False
    simple = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    if annotation in simple:
        return simple[annotation], False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(list(arrow_schema(annotation))), False
    raise TypeError(f"record field {name!r}: no Arrow type for {annotation!r}; add one in flows.pipeline.dataset")


def dataset_features() -> Any:
    """The schema as Hugging Face ``datasets.Features`` (needs the ``datasets`` package)."""
    from datasets import Features

    return Features.from_arrow_schema(arrow_schema())


def run_records(outcomes: Ledger, out_dir: Path) -> Iterator[dict[str, Any]]:
    """The records of the run's cleaned and unchanged captures, in capture order, read one at a time."""
    for outcome in outcomes.by_capture("processed", "skipped"):
        if outcome.seen is not None and not outcome.seen.article:
            continue
        path = out_dir / f"{Capture(outcome.capture).stem}.json"
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # gone or broken since: the next run cleans it again
            continue
        if isinstance(record, dict):
            yield record


def write_dataset(records: Iterable[dict[str, Any]], out: DatasetOut, scratch: Path) -> dict[str, Any]:
    """Write the shards and the index; return the index."""
    if out.shard_size < 1:
        raise ValueError(f"shard size must be at least 1, got {out.shard_size}")
    out.folder.mkdir(parents=True, exist_ok=True)
    shards: list[dict[str, Any]] = []
    pending = iter(records)
    while chunk := _take(pending, out.shard_size):
        name = f"part-{len(shards):05}.{out.format.value}"
        with _atomic(out.folder / name, scratch, binary=out.format is ShardFormat.parquet) as handle:
            _write_shard(chunk, out.format, handle)
        shards.append({"file": name, "records": len(chunk)})
    wanted = {shard["file"] for shard in shards} | {INDEX_NAME}
    for stale in out.folder.glob(f"part-*.{out.format.value}"):
        if stale.name not in wanted:
            stale.unlink()
    index = {
        "format": out.format.value,
        "records": sum(shard["records"] for shard in shards),
        "shards": shards,
        "schema": _schema_json(),
    }
    write_atomic(out.folder / INDEX_NAME, json.dumps(index, ensure_ascii=False, indent=1) + "\n", scratch)
    return index


def _take(records: Iterator[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    chunk: list[dict[str, Any]] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            break
    return chunk


def _write_shard(chunk: list[dict[str, Any]], shard_format: ShardFormat, handle: IO[Any]) -> None:
    if shard_format is ShardFormat.jsonl:
        for record in chunk:
            handle.write(jsonl_line(record))
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    with pq.ParquetWriter(handle, schema) as writer:
        for start in range(0, len(chunk), ROW_GROUP):
            rows = [_utf8(record) for record in chunk[start : start + ROW_GROUP]]
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))


def jsonl_line(record: dict[str, Any]) -> str:
    """One record as one line of JSON Lines (UTF-8, no spaces between tokens).

    >>> jsonl_line({"id": "a", "near_duplicates": []})
    '{"id":"a","near_duplicates":[]}\\n'
    """
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def _utf8(value: Any) -> Any:
    """Strings Arrow can hold: a file name that is not UTF-8 keeps its bytes as ``\\xNN`` escapes."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        return value
    if isinstance(value, dict):
        return {key: _utf8(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_utf8(item) for item in value]
    return value


def _schema_json() -> list[dict[str, Any]]:
    return [{"name": field.name, "type": str(field.type), "nullable": field.nullable} for field in arrow_schema()]


@contextmanager
def _atomic(path: Path, scratch: Path, binary: bool) -> Iterator[IO[Any]]:
    """A file written in ``scratch``, flushed to disk, then renamed to ``path``; removed on failure."""
    scratch.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=scratch)
    try:
        if binary:
            with os.fdopen(fd, "wb") as raw:
                yield raw
                raw.flush()
                os.fsync(raw.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as text:
                yield text
                text.flush()
                os.fsync(text.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def export_run(outcomes: Ledger, out_dir: Path, outs: Sequence[DatasetOut]) -> list[dict[str, Any]]:
    """Write each requested dataset of the run's records; return their indexes."""
    return [write_dataset(run_records(outcomes, out_dir), out, scratch_dir(out_dir)) for out in outs]
