"""Time ``presswash clean --out`` against the ``trafilatura`` command on the same HTML pages, in one run.

Both are run the way a user runs them, each a fresh process from the start of the interpreter:

- ``presswash clean FILE... --out OUT/presswash``: a body (``.txt``) and a record (``.json``) per
  page, each written atomically (a temporary file, flushed to disk, renamed into place);
- ``trafilatura --input-dir IN -o OUT/trafilatura --parallel 1 --no-comments``: trafilatura's
  own command line, one process doing the extraction (``--parallel 1``, as presswash cleans on
  one core), one ``.txt`` per page, no metadata; ``IN`` is a folder of links to the same files;
- with ``--json``, also ``trafilatura ... --json --with-metadata``: one ``.json`` per page, body
  and metadata (title, author, date by htmldate, site name), as presswash's record has them
  (``--json`` alone writes the body only: trafilatura reads metadata only when asked);
- with ``--run``, also ``presswash run IN2 --out OUT/presswash_run --workers 1 --no-learn-sites``:
  the same pages as a Prefect flow run, one process cleaning (as ``clean`` and trafilatura's
  ``--parallel 1``), from its own start to its end, the temporary Prefect server it starts
  included; ``IN2`` is a folder of copies of the pages (a run follows no link out of its input
  folder). Sites are not learned, so it writes the bytes ``clean`` writes. With ``--run-empty``,
  also the same run on an empty folder: the run's constant cost (server, flow), for reading
  the per-page figures apart from it.
- with ``--all-cores``, also both as they run by default, on every core: ``presswash run IN2
  --no-learn-sites`` (its workers: all cores) and ``trafilatura ... --json --with-metadata``
  without ``--parallel`` (its processes: all cores, up to 16). Their ratio is printed only
  against each other.

The commands alternate within each round and the order flips from one round to the next, so
they share the machine's state (other processes, disk cache); each command's time is the median
of its rounds, wall clock and CPU (user + system, of the child process). The ratio is
trafilatura's time over presswash's: 1.0 is as fast, below 1 slower. The machine's load average
is printed before and after, because a shared machine's other work shows up in wall time.

    .venv/bin/python -m tools.html_cli_bench ../shared/devset/html ../shared/corpus/html --rounds 3
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Command:
    name: str
    argv: list[str]
    out: Path


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


def html_files(inputs: list[Path]) -> list[Path]:
    """The pages named or found (``*.html``, ``*.htm``, ``*.html.gz``) below the inputs, sorted."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files += sorted(p.resolve() for p in item.rglob("*") if p.is_file() and ".htm" in p.name)
        else:
            files.append(item.resolve())
    return files


def linked_folder(files: list[Path], folder: Path) -> Path:
    """A folder of links to ``files`` (trafilatura's command reads one input folder)."""
    folder.mkdir(parents=True)
    for n, path in enumerate(files):
        (folder / f"{n:05}_{path.name}").symlink_to(path.resolve())
    return folder


def presswash_from(source: Path) -> list[str]:
    """``presswash`` run from another checkout's source tree (an earlier version, for a before/after)."""
    launch = "import sys; from flows.cli.app import app; sys.argv[0] = 'presswash'; app()"
    return ["env", f"PYTHONPATH={source.resolve()}", sys.executable, "-c", launch]


def copied_folder(files: list[Path], folder: Path) -> Path:
    """A folder of copies of ``files`` (``presswash run`` follows no link out of its input folder)."""
    folder.mkdir(parents=True)
    for n, path in enumerate(files):
        shutil.copyfile(path, folder / f"{n:05}_{path.name}")
    return folder


def run_command(name: str, pages: Path, out: Path, one_core: bool = True) -> Command:
    workers = ["--workers", "1"] if one_core else []
    run = [str(BIN / "presswash"), "run", str(pages), *workers, "--no-learn-sites", "--out"]
    return Command(name, run, out)


def commands(
    files: list[Path],
    work: Path,
    with_json: bool,
    others: dict[str, Path],
    with_run: bool = False,
    empty_run: bool = False,
    all_cores: bool = False,
) -> list[Command]:
    pages = linked_folder(files, work / "in")
    traf = [str(BIN / "trafilatura"), "--input-dir", str(pages), "--parallel", "1", "--no-comments", "-o"]
    clean = ["clean", *map(str, files), "--out"]
    found = [
        Command("presswash", [str(BIN / "presswash"), *clean], work / "presswash"),
        Command("trafilatura", traf, work / "trafilatura"),
    ]
    found += [Command(name, [*presswash_from(src), *clean], work / name) for name, src in others.items()]
    if with_json:
        found.append(
            Command("trafilatura_json", [*traf[:-1], "--json", "--with-metadata", "-o"], work / "trafilatura_json")
        )
    copies = copied_folder(files, work / "copies") if with_run or all_cores else None
    if copies is not None and with_run:
        found.append(run_command("presswash_run", copies, work / "presswash_run"))
    if copies is not None and all_cores:
        every = [str(BIN / "trafilatura"), "--input-dir", str(pages), "--no-comments", "--json", "--with-metadata"]
        every.append("-o")
        found.append(Command("trafilatura_json_all", every, work / "trafilatura_json_all"))
        found.append(run_command("presswash_run_all", copies, work / "presswash_run_all", one_core=False))
    if empty_run:
        (work / "empty").mkdir()
        found.append(run_command("run_empty", work / "empty", work / "run_empty"))
    return found


def timed(command: Command) -> Timing:
    """Run one command into a fresh output folder; its wall and CPU seconds."""
    shutil.rmtree(command.out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [*command.argv, str(command.out)],
        cwd=command.out.parent,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "DO_NOT_TRACK": "1"},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def compiled(source: Path) -> None:
    """Write the bytecode of a presswash tree's packages, as installing a package does: else,
    where ``PYTHONDONTWRITEBYTECODE`` is set, every timed process compiles the changed modules
    again (trafilatura's, installed, are compiled)."""
    for package in ("cleaners", "flows"):
        compileall.compile_dir(source / package, quiet=1)


def written(folder: Path) -> int:
    """The output files in ``folder`` (not a run's own ``.presswash`` state)."""
    if not folder.is_dir():
        return 0
    return sum(1 for p in folder.rglob("*") if p.is_file() and not p.relative_to(folder).parts[0].startswith("."))


def run(
    inputs: list[Path],
    rounds: int,
    with_json: bool,
    others: dict[str, Path],
    with_run: bool = False,
    empty_run: bool = False,
    all_cores: bool = False,
) -> None:
    files = html_files(inputs)
    for source in (ROOT, *others.values()):
        compiled(source)
    with tempfile.TemporaryDirectory(prefix="html-cli-bench-") as tmp:
        found = commands(files, Path(tmp), with_json, others, with_run, empty_run, all_cores)
        print(f"{len(files)} pages, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB on disk, {rounds} rounds")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        times: dict[str, list[Timing]] = {c.name: [] for c in found}
        for round_ in range(rounds):
            for command in found if round_ % 2 == 0 else found[::-1]:
                times[command.name].append(timed(command))
        print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        wall = {name: statistics.median(t.wall for t in ts) for name, ts in times.items()}
        cpu = {name: statistics.median(t.cpu for t in ts) for name, ts in times.items()}
        print(f"{'command':<18}{'files':>7}{'wall s':>9}{'cpu s':>8}{'pages/s':>9}  per round (wall)")
        for command in found:
            rounds_wall = " ".join(f"{t.wall:.2f}" for t in times[command.name])
            print(
                f"{command.name:<18}{written(command.out):>7}{wall[command.name]:>9.2f}{cpu[command.name]:>8.2f}"
                f"{len(files) / wall[command.name]:>9.1f}  {rounds_wall}"
            )
        cleaners_ = [c.name for c in found if not c.name.startswith(("trafilatura", "run_empty"))]
        for base in (c.name for c in found if c.name.startswith("trafilatura")):
            for name in (n for n in cleaners_ if n.endswith("_all") == base.endswith("_all")):
                print(f"ratio {base} / {name}: wall {wall[base] / wall[name]:.2f}, cpu {cpu[base] / cpu[name]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", type=Path, help="HTML pages or folders of them")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each command, alternated")
    parser.add_argument(
        "--json", action="store_true", help="also time trafilatura --json --with-metadata (body and metadata)"
    )
    parser.add_argument(
        "--presswash-from",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "SRC"),
        help="also time presswash run from the source tree SRC (e.g. an archive of main), shown as NAME",
    )
    parser.add_argument("--run", action="store_true", help="also time presswash run on the pages (one worker)")
    parser.add_argument("--run-empty", action="store_true", help="also time presswash run on an empty folder")
    parser.add_argument(
        "--all-cores", action="store_true", help="also time presswash run and trafilatura --json on all cores"
    )
    args = parser.parse_args()
    others = {name: Path(src) for name, src in args.presswash_from}
    run(args.inputs, args.rounds, args.json, others, args.run, args.run_empty, args.all_cores)


if __name__ == "__main__":
    main()
