"""What a run reads (a list of captures, WARC files) and the ledger of what came of them."""

from __future__ import annotations

import doctest
import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from flows.pipeline import ledger, listings, sites
from flows.pipeline.discover import Capture, discover, discover_all, discover_listed
from flows.pipeline.options import RunOptions
from flows.pipeline.report import capture_rows, summary_markdown, table_description
from flows.pipeline.state import load_state
from flows.pipeline.sweep import sweep

DEVSET_HTML = Path(__file__).resolve().parent.parent.parent / "shared" / "devset" / "html"
BODY = (
    "The ferry across the lake will not run until the autumn, the town said on Tuesday, because its "
    "engine needs a part that has to be made by hand in a workshop on the far shore."
)


def page(title: str) -> str:
    """An invented news page: a menu, a headline, two paragraphs, a footer."""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} - The Lake Post</title>'
        f"</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>"
        f"<p>{BODY}</p><p>{BODY.replace('ferry', 'small boat')}</p></article>"
        "<footer><p>© 2024 The Lake Post. All rights reserved.</p></footer></body></html>"
    )


@pytest.mark.parametrize("module", [ledger, sites])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0


def seed_names(drop: Path) -> list[str]:
    return [capture.relative for capture in discover(drop)]


def test_a_list_names_captures_relative_or_absolute_and_refuses_what_is_not_one(drop: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.txt").write_text("Title\n\nBody.\n", "utf-8")
    (drop / "notes.json").write_text("{}", "utf-8")
    first, second = seed_names(drop)[:2]
    names = [first, str(drop / second), first, "../elsewhere.txt", "notes.json", "missing.txt"]
    found = discover_listed(drop, names)
    assert [c.relative for c in found.captures] == [first, second]
    assert found.refused.keys() == {"../elsewhere.txt", "notes.json", "missing.txt"}
    assert "not below the input folder" in found.refused["../elsewhere.txt"]
    assert "not a capture file name" in found.refused["notes.json"]
    assert "cannot read" in found.refused["missing.txt"]


def test_a_run_over_a_list_cleans_only_those_and_keeps_the_state_of_the_others(drop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    everything = sweep(drop, out)
    state = load_state(out)
    names = seed_names(drop)
    for name in names[:2]:
        (drop / name).write_bytes((drop / name).read_bytes() + b"\nA line added on Friday by the desk.\n")
    listing = tmp_path / "list.txt"
    listing.write_text(f"{names[0]}\n\n{names[1]}\n", "utf-8")
    listed = sweep(drop, out, RunOptions(files_from=listing))
    assert [(o.capture, o.status) for o in listed.outcomes] == [(names[0], "processed"), (names[1], "processed")]
    after = load_state(out)
    assert after.keys() == state.keys() == {o.capture for o in everything.outcomes}
    assert [name for name in names if after[name] != state[name]] == names[:2]


def test_a_run_reads_its_list_from_standard_input(drop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = seed_names(drop)[-1]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{name}\n"))
    (outcome,) = sweep(drop, tmp_path / "out", RunOptions(files_from=Path("-"))).outcomes
    assert (outcome.capture, outcome.status) == (name, "processed")


def test_the_table_and_summary_show_failures_first_and_count_what_they_leave_out(drop: Path, tmp_path: Path) -> None:
    for n in range(12):
        (drop / f"binary-{n:02}.txt").write_bytes(b"\x00\x01\x02" * 50)
    result = sweep(drop, tmp_path / "out")
    rows = capture_rows(result, limit=14)
    assert len(rows) == 14 and all(r["status"].startswith("failed") for r in rows[:12])
    assert rows[12]["status"] == "cleaned"
    assert f"14 of {12 + result.outcomes.count('processed')} captures shown" in table_description(result, 14)
    summary = summary_markdown(result)
    assert "…and 2 more in the manifest." in summary
    assert json.dumps(result.outcomes.tally()) and len(result.outcomes) == len(list(result.outcomes))


# --- WARC files in the input folder -------------------------------------------------------------


def write_warc(path: Path, warc: bytes) -> None:
    """Append to ``path`` a WARC's records (a request and a response per page: numbers 2n and 2n+1)."""
    with path.open("ab") as out:
        out.write(warc)


def test_a_warc_in_the_input_gives_the_bodies_of_its_pages_as_files(tmp_path: Path, warc_of: Any) -> None:
    files = sorted(DEVSET_HTML.glob("*.html.gz"))[:12]
    if not files:
        pytest.skip("../shared/devset is not here")
    (tmp_path / "pages").mkdir()
    (tmp_path / "archive").mkdir()
    for f in files:
        (tmp_path / "pages" / f.name).write_bytes(f.read_bytes())
    pages = {f"https://devset.example/{f.name}": gzip.decompress(f.read_bytes()) for f in files}
    write_warc(tmp_path / "archive" / "devset.warc.gz", warc_of(pages, "text/html"))
    options = RunOptions(learn_sites=False)
    as_files = sweep(tmp_path / "pages", tmp_path / "out-pages", options)
    as_warc = sweep(tmp_path / "archive", tmp_path / "out-warc", options)
    assert as_warc.outcomes.tally() == as_files.outcomes.tally()
    for n, f in enumerate(files):
        page_body = (tmp_path / "out-pages" / Capture(f.name).stem).with_suffix(".txt")
        record_body = tmp_path / "out-warc" / "devset.warc.gz" / f"{2 * n + 1:05d}.txt"
        assert page_body.exists() == record_body.exists()
        if page_body.exists():
            assert record_body.read_text("utf-8") == page_body.read_text("utf-8")


def test_warc_records_are_captures_with_their_url_and_date_and_rerun_as_files_do(tmp_path: Path, warc_of: Any) -> None:
    drop, out = tmp_path / "drop", tmp_path / "out"
    (drop / "crawl").mkdir(parents=True)
    warc = drop / "crawl" / "lake.warc.gz"
    write_warc(warc, warc_of({f"https://lake.example/{n}": page(f"Ferry news number {n}").encode() for n in range(3)}))
    (drop / "crawl" / "other.warc").write_bytes(b"<html><p>not a web archive</p></html>")
    options = RunOptions(learn_sites=False)  # four copies of one invented page would teach their site its text
    first = sweep(drop, out, options)
    processed = [o.capture for o in first.by_status("processed")]
    assert processed == [f"crawl/lake.warc.gz#{n:05d}" for n in (1, 3, 5)]
    (refused,) = first.by_status("failed")
    assert refused.capture == "crawl/other.warc" and "cannot read the WARC file" in str(refused.reason)
    record = json.loads((out / "crawl" / "lake.warc.gz" / "00003.json").read_text("utf-8"))
    assert record["url"] == "https://lake.example/1" and record["fetched"].startswith("20")
    assert record["source"].startswith(f"{drop}/crawl/lake.warc.gz#")
    assert set(load_state(out)) == {*processed}
    write_warc(warc, warc_of({"https://lake.example/3": page("Ferry news number 3").encode()}))  # the crawler appends
    again = sweep(drop, out, options)
    assert [(o.capture, o.status) for o in again.outcomes if o.status != "failed"] == [
        *((name, "skipped") for name in processed),
        ("crawl/lake.warc.gz#00007", "processed"),
    ]
    assert (out / "crawl" / "lake.warc.gz" / "00007.txt").is_file()


def test_an_unchanged_warc_file_is_listed_from_the_last_run(
    tmp_path: Path, warc_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scheduled run over a drop folder of crawl files lists each file once: the next run
    takes the records of a file that has not changed from the saved listing, and reads a file
    that grew (or a folder whose listing cannot be read) again; the captures are the same."""
    drop, out = tmp_path / "drop", tmp_path / "out"
    drop.mkdir()
    warc = drop / "lake.warc.gz"
    write_warc(warc, warc_of({f"https://lake.example/{n}": page(f"Ferry news number {n}").encode() for n in range(2)}))
    reads: list[str] = []
    real = listings.warc_records
    monkeypatch.setattr(listings, "warc_records", lambda stream: (reads.append(stream.name), real(stream))[1])
    options = RunOptions(learn_sites=False)
    first = sweep(drop, out, options)
    assert len(reads) == 1 and listings.listings_path(out).is_file()
    second = sweep(drop, out, options)
    assert len(reads) == 1  # not read again
    assert [o.capture for o in second.outcomes] == [o.capture for o in first.outcomes]
    assert {o.status for o in second.outcomes} == {"skipped"}
    write_warc(warc, warc_of({"https://lake.example/9": page("Ferry news number 9").encode()}))  # the crawler appends
    third = sweep(drop, out, options)
    assert len(reads) == 2
    assert [(o.capture, o.status) for o in third.outcomes][-1] == ("lake.warc.gz#00005", "processed")
    listings.listings_path(out).write_text("{not json", "utf-8")
    assert discover_all(drop, out, listings.load_listings(out)).captures == discover_all(drop, out).captures
    cached = listings.load_listings(out)
    assert cached.known == {} and len(reads) == 4  # the broken cache is ignored: both discoveries read the file


def test_warc_records_learn_their_site_by_the_registered_domain_of_their_url(tmp_path: Path, warc_of: Any) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    stories = [f"Ferry news number {n}" for n in range(6)]
    lake = {f"https://www.lake.example/{n}": page(title).encode() for n, title in enumerate(stories)}
    hill = {f"https://news.hill.example.co.uk/{n}": page(title).encode() for n, title in enumerate(stories[:2])}
    write_warc(drop / "mixed.warc.gz", warc_of({**lake, **hill}))
    result = sweep(drop, tmp_path / "out")
    assert set(result.profiles) == {"lake.example", "example.co.uk"}
    assert result.profiles["lake.example"].captures == 6 and result.profiles["example.co.uk"].captures == 2


# --- WARC files given to `presswash clean` ------------------------------------------------------


def test_clean_reads_a_warc_as_its_records_and_writes_what_run_writes(tmp_path: Path, warc_of: Any) -> None:
    from typer.testing import CliRunner

    from flows.cli.app import app

    drop = tmp_path / "drop"
    (drop / "crawl").mkdir(parents=True)
    warc = drop / "crawl" / "lake.warc.gz"
    write_warc(warc, warc_of({f"https://lake.example/{n}": page(f"Ferry news number {n}").encode() for n in range(2)}))
    with warc.open("ab") as out:  # a WET conversion record: the page's text
        writer = WARCWriter(out, gzip=True)
        text = f"Ferry news number 9\n\n{BODY}\n".encode()
        record = writer.create_warc_record(
            "https://lake.example/9", "conversion", payload=io.BytesIO(text), warc_content_type="text/plain"
        )
        writer.write_record(record)
    (drop / "crawl" / "broken.warc").write_bytes(b"<html><p>not a web archive</p></html>")
    sweep(drop, tmp_path / "run", RunOptions(learn_sites=False))

    runner = CliRunner()
    result = runner.invoke(
        app, ["clean", str(warc), str(drop / "crawl" / "broken.warc"), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert f"{warc}#00001 -> " in result.stdout and f"{warc}#00004 -> " in result.stdout
    assert "broken.warc: cannot read the WARC file" in result.stderr
    assert "1 of 4 capture(s) failed" in result.stderr
    for n in (1, 3, 4):  # responses 1 and 3 (0 and 2 are requests), the conversion record 4
        name = Path("lake.warc.gz") / f"{n:05d}"
        written, ran = tmp_path / "out" / name, tmp_path / "run" / "crawl" / name
        assert written.with_suffix(".txt").read_bytes() == ran.with_suffix(".txt").read_bytes(), name
        # the same record, but for the near-duplicates a run links (its pages 0 and 1 are)
        records = [json.loads(path.with_suffix(".json").read_text("utf-8")) for path in (written, ran)]
        assert records[0] == {**records[1], "near_duplicates": []}, name
    record = json.loads((tmp_path / "out" / "lake.warc.gz" / "00004.json").read_text("utf-8"))
    assert record["url"] == "https://lake.example/9" and "small boat" not in record["text"]

    lines = runner.invoke(app, ["clean", "--format", "jsonl", str(warc)]).stdout.splitlines()
    assert [json.loads(line)["url"] for line in lines] == [f"https://lake.example/{n}" for n in (0, 1, 9)]
