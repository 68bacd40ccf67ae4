"""``presswash clean`` run in-process, its results checked against the ``cleaners`` API."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from cleaners import DEFAULT_CONFIG, CaptureError, CleanConfig, analyse, clean_capture
from flows.cli import app as cli
from flows.cli import inputs
from flows.cli.app import app
from flows.pipeline.writer import body_text, record_json

SEEDS = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "seeds").glob("*.txt"))
ROW = re.compile(r"^ *(\d+)  (KEEP|DROP)  (\S+)")

runner = CliRunner()


def invoke(*args: str | Path) -> Result:
    """Run ``presswash`` with ``args`` in this process."""
    return runner.invoke(app, [str(arg) for arg in args])


def test_there_are_seeds() -> None:
    assert len(SEEDS) == 5


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_text_prints_the_body(seed: Path) -> None:
    result = invoke("clean", seed)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == body_text(clean_capture(seed.read_bytes(), str(seed)))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_json_prints_the_record(seed: Path) -> None:
    result = invoke("clean", "--format", "json", seed)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == record_json(clean_capture(seed.read_bytes(), str(seed)))


def test_several_files_print_each_body_under_its_path() -> None:
    result = invoke("clean", *SEEDS)
    assert result.exit_code == 0, result.stderr
    for seed in SEEDS:
        assert f"==> {seed} <==" in result.stdout
        assert body_text(clean_capture(seed.read_bytes(), str(seed))) in result.stdout


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_explain_shows_every_line_with_its_verdict(seed: Path) -> None:
    verdicts = analyse(seed.read_bytes(), str(seed)).verdicts
    result = invoke("clean", "--format", "explain", seed)
    assert result.exit_code == 0, result.stderr
    rows = [ROW.match(line) for line in result.stdout.splitlines()]
    found = [(int(m[1]), m[2] == "KEEP", m[3]) for m in rows if m]
    assert found == [(v.number, v.kept, v.rule or "-") for v in verdicts]


def test_explain_aligns_the_columns() -> None:
    result = invoke("clean", "--format", "explain", SEEDS[0])
    markers = {m.start(2) for m in map(ROW.match, result.stdout.splitlines()) if m}
    assert len(markers) == 1


def test_out_writes_the_writers_bytes(tmp_path: Path) -> None:
    result = invoke("clean", *SEEDS, "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert str(tmp_path) in result.stdout
    for seed in SEEDS:
        article = clean_capture(seed.read_bytes(), str(seed))
        assert (tmp_path / f"{seed.stem}.txt").read_bytes() == body_text(article).encode()
        assert (tmp_path / f"{seed.stem}.json").read_bytes() == record_json(article).encode()


def test_bad_files_are_reported_and_the_rest_written(tmp_path: Path) -> None:
    missing, folder = tmp_path / "missing.txt", tmp_path / "a_folder"
    folder.mkdir()
    out = tmp_path / "out"
    result = invoke("clean", SEEDS[0], missing, folder, SEEDS[1], "--out", out)
    assert result.exit_code != 0
    assert f"{missing}:" in result.stderr
    assert f"{folder}:" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{seed.stem}{ext}" for seed in SEEDS[:2] for ext in (".txt", ".json")
    )


def test_out_reports_each_file_in_order_once_both_outputs_are_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writes run in threads beside the cleaning; a file's line says it is done, and comes in
    the order the files were given, a failure's message after the files before it."""
    seen_when_reported: list[bool] = []
    echo = typer.echo

    def checking_echo(message: object = None, *args: object, **kwargs: object) -> None:
        text = str(message)
        if " -> " in text:
            outputs = text.split(" -> ", 1)[1].split(", ")
            seen_when_reported.append(all(Path(p).is_file() for p in outputs))
        echo(message, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli.typer, "echo", checking_echo)
    missing = tmp_path / "missing.txt"
    files = [*SEEDS[:3], missing, *SEEDS[3:]]
    out = tmp_path / "out"
    result = invoke("clean", *files, "--out", out)
    assert result.exit_code == 1
    reported = [line.split(" -> ", 1)[0] for line in result.stdout.splitlines() if " -> " in line]
    assert reported == [str(seed) for seed in SEEDS]
    assert seen_when_reported == [True] * len(SEEDS)
    assert f"{missing}:" in result.stderr
    assert f"wrote {len(SEEDS)} article(s)" in result.stdout
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_capture_error_is_reported_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse_first(raw: bytes, source: str, config: CleanConfig = DEFAULT_CONFIG) -> object:
        if source == str(SEEDS[0]):
            raise CaptureError("the capture holds no text")
        return analyse(raw, source, config)

    monkeypatch.setattr(inputs, "analyse", refuse_first)
    result = invoke("clean", SEEDS[0], SEEDS[1])
    assert result.exit_code != 0
    assert f"{SEEDS[0]}: the capture holds no text" in result.stderr
    assert body_text(clean_capture(SEEDS[1].read_bytes(), str(SEEDS[1]))) in result.stdout


def test_out_refuses_a_second_file_with_the_same_name(tmp_path: Path) -> None:
    twin = tmp_path / "twin" / SEEDS[0].name
    twin.parent.mkdir()
    twin.write_bytes(b"Another capture.\n")
    result = invoke("clean", SEEDS[0], twin, "--out", tmp_path / "out")
    assert result.exit_code != 0
    assert str(twin) in result.stderr
    assert (tmp_path / "out" / f"{SEEDS[0].stem}.txt").read_bytes() == body_text(
        clean_capture(SEEDS[0].read_bytes(), str(SEEDS[0]))
    ).encode()


def test_out_with_another_format_is_refused(tmp_path: Path) -> None:
    result = invoke("clean", SEEDS[0], "--format", "json", "--out", tmp_path)
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("presswash ")


def commands() -> list[str]:
    """Every command of ``presswash``, those registered by flows.cli.flow_commands included."""
    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", commands())
def test_every_command_and_option_has_help(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help, f"{name} has no help"
    for param in command.params:
        assert getattr(param, "help", None), f"{name} {param.name} has no help"
    result = invoke(name, "--help")
    assert result.exit_code == 0
    options = [opt for param in command.params for opt in param.opts if opt.startswith("--")]
    for option in options:
        assert option in result.stdout, f"{name} --help does not show {option}"


def test_clean_does_not_import_prefect() -> None:
    code = (
        "import sys\n"
        "from flows.cli.app import app\n"
        f"app(['clean', {str(SEEDS[0])!r}], standalone_mode=False)\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'prefect'], 'prefect'\n"
    )
    env = {**os.environ, "DO_NOT_TRACK": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


def test_a_gzip_compressed_page_is_named_without_its_suffixes(tmp_path: Path) -> None:
    """``clean x.html.gz --out`` writes x.txt and x.json with id x, as ``run`` names it."""
    import gzip

    page = b"<!DOCTYPE html><html><body><article><p>" + b"The ferry returned to the harbour on Monday. " * 5
    (tmp_path / "x.html.gz").write_bytes(gzip.compress(page + b"</p></article></body></html>"))
    result = runner.invoke(app, ["clean", str(tmp_path / "x.html.gz"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["x.json", "x.txt"]
    assert '"id": "x"' in (tmp_path / "out" / "x.json").read_text("utf-8")
    assert '"kind": "html"' in (tmp_path / "out" / "x.json").read_text("utf-8")


def test_a_cleaning_process_freezes_what_its_first_capture_loaded(fresh_python: Callable[[str], str]) -> None:
    """After the first capture, ``presswash clean``'s process has frozen what it loaded (the
    model, the rule tables: out of the collector's full collections) once; the core alone, as a
    library, never touches the collector; the second capture is cleaned as the first."""
    script = (
        "import gc, sys\n"
        "from pathlib import Path\n"
        "from cleaners import analyse\n"
        "from flows.cli.app import analyse_file\n"
        "from flows.cli.inputs import expand\n"
        "seed = sorted(Path('fixtures/seeds').glob('*.txt'))[0]\n"
        "analyse(seed.read_bytes(), seed.name)\n"
        "library = gc.get_freeze_count()\n"
        "first = analyse_file(expand([seed])[0])\n"
        "frozen = gc.get_freeze_count()\n"
        "second = analyse_file(expand([seed])[0])\n"
        "print(library, frozen > 1000, gc.get_freeze_count() == frozen, first.article == second.article)\n"
    )
    assert fresh_python(script).split() == ["0", "True", "True", "True"]
