"""Measure the cleaning core against a baseline, in memory, without Prefect.

The captures of a folder are read once and replicated in memory to a few thousand, then
cleaned one by one with :func:`cleaners.clean_capture`. The baseline does the least any
cleaner must do with the same bytes (decode them, split them into lines), so the ratio
says how much the cleaning itself costs. The peers are the line-based cleaners of the field
run over the same lines in the same run (each line one ``<p>``: jusText, and trafilatura's
extraction), so the figures compare against tools a reader knows, on this machine, now.
Peak memory is traced in a separate, untimed pass over one copy of each capture, because
tracing slows the timed pass down. Where the core's time goes is timed over one pass over
the distinct captures, per phase and per marking step, each where the core calls it.
"""

from __future__ import annotations

import cProfile
import html
import io
import math
import pstats
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from typing import Any

import justext
import trafilatura

from cleaners import CaptureError, clean_capture, trees
from cleaners import clean as clean_module
from cleaners import lines as cleaners_lines
from cleaners import repair as repair_module
from cleaners.page import prepare_line_rules
from cleaners.roles import features as roles_features
from cleaners.roles import lexicon as roles_lexicon
from cleaners.rules import rule as rule_module
from cleaners.sniff import is_html
from cleaners.steps import CHOSEN_STEPS, TEXT_STEPS
from flows.pipeline.settle import settle_process

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
"""The bundled fixtures, present in a source checkout (editable install)."""
BAD_FIXTURES = FIXTURES / "bad"
"""Captures that must fail or hold no article (the reliability suite): never benchmarked."""
CAPTURE_PATTERNS = ("*.txt", "*.html", "*.html.gz")
TARGET_CAPTURES = 3000
"""How many captures the default run replicates the folder's captures to."""
PROFILE_ROWS = 15
ROUNDS = 3
"""Timed passes of the core, the baseline and the peers, taken in turns (the order flipped each
round); each reports its fastest pass. One wall-clock pass on a shared machine is slowed by
10-20% at random; the least-disturbed pass of each, taken in the same minutes, is the figure
that compares them."""
MB = 1_000_000

Capture = tuple[str, bytes]
"""A capture's source name and its raw bytes."""
Step = Callable[[bytes, str], object]


@dataclass(frozen=True)
class Measurement:
    """The fastest of the timed passes over the captures."""

    name: str
    captures: int
    size: int
    seconds: float
    peak_bytes: int
    failures: int = 0

    @property
    def per_second(self) -> float:
        """Captures per second."""
        return self.captures / self.seconds if self.seconds else math.inf

    @property
    def mb_per_second(self) -> float:
        """Megabytes (10^6 bytes) of raw capture per second."""
        return self.size / MB / self.seconds if self.seconds else math.inf


@dataclass(frozen=True)
class BenchReport:
    """The core and the baseline measured on the same captures in the same run."""

    folder: Path
    distinct: int
    copies: int
    cold_seconds: float
    core: Measurement
    baseline: Measurement
    by_kind: tuple[Measurement, ...] = ()
    """The core on the text captures and on the HTML captures alone, when the folder has both."""
    peers: tuple[Measurement, ...] = ()
    """Line-based peers over the same lines (jusText, trafilatura), when measured."""
    shares: tuple[tuple[str, float], ...] = ()
    """Share of the core's time per phase and marking step, largest first."""


def read_captures(folder: Path) -> list[Capture]:
    """Every capture below ``folder`` (``**/*.txt``, ``**/*.html``, ``**/*.html.gz``), in path order."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of captures")
    paths = sorted({p for pattern in CAPTURE_PATTERNS for p in folder.rglob(pattern) if BAD_FIXTURES not in p.parents})
    captures = [(str(path.relative_to(folder)), path.read_bytes()) for path in paths]
    if not captures:
        raise FileNotFoundError(f"no .txt or .html captures below {folder}")
    return captures


def default_copies(distinct: int, target: int = TARGET_CAPTURES) -> int:
    """How many copies of each capture make about ``target`` captures.

    >>> default_copies(5)
    600
    >>> default_copies(5000)
    1
    """
    return max(1, math.ceil(target / max(distinct, 1)))


def replicate(captures: Sequence[Capture], copies: int) -> list[Capture]:
    """``copies`` copies of each capture, each with its own source name; bytes are shared.

    >>> [name for name, _ in replicate([("a.txt", b"x")], 2)]
    ['copy0/a.txt', 'copy1/a.txt']
    """
    return [(f"copy{k}/{name}", raw) for k in range(copies) for name, raw in captures]


def clean_step(raw: bytes, source: str) -> object:
    """The core: clean one capture."""
    return clean_capture(raw, source)


def baseline_step(raw: bytes, source: str) -> object:
    """The baseline: decode the capture and split it into lines."""
    return raw.decode("utf-8", errors="replace").splitlines()


_STOPLIST = justext.get_stoplist("English")


def lines_page(raw: bytes) -> str:
    """The capture's lines as a page of paragraphs, the form line-based peers read.

    >>> lines_page(b"Title\\n\\nA <b> c")
    '<html><body><p>Title</p><p>A &lt;b&gt; c</p></body></html>'
    """
    lines = raw.decode("utf-8", errors="replace").splitlines()
    return "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip()) + "</body></html>"


def justext_step(raw: bytes, source: str) -> object:
    """Peer: jusText (English stoplist) over the capture's lines."""
    return [p.text for p in justext.justext(lines_page(raw), _STOPLIST) if not p.is_boilerplate]


def trafilatura_step(raw: bytes, source: str) -> object:
    """Peer: trafilatura's extraction (comments off) over the capture's lines."""
    return trafilatura.extract(lines_page(raw), include_comments=False)


PEERS: tuple[tuple[str, Step], ...] = (("jusText on lines", justext_step), ("trafilatura on lines", trafilatura_step))


def run_pass(step: Step, captures: Sequence[Capture]) -> int:
    """Apply ``step`` to every capture, dropping results; return how many failed."""
    failures = 0
    for source, raw in captures:
        try:
            step(raw, source)
        except CaptureError:
            failures += 1
    return failures


def peak_memory(step: Step, captures: Sequence[Capture]) -> int:
    """Peak bytes allocated by Python while ``step`` runs over ``captures``."""
    tracemalloc.start()
    try:
        run_pass(step, captures)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(name: str, step: Step, captures: Sequence[Capture], sample: Sequence[Capture]) -> Measurement:
    """Time ``step`` over ``captures``; trace its peak memory over ``sample``."""
    start = time.perf_counter()
    failures = run_pass(step, captures)
    seconds = time.perf_counter() - start
    size = sum(len(raw) for _, raw in captures)
    return Measurement(name, len(captures), size, seconds, peak_memory(step, sample), failures)


def cold_start(captures: Sequence[Capture]) -> float:
    """Seconds the first capture takes, before any warm-up (lazy models, compiled rules)."""
    start = time.perf_counter()
    run_pass(clean_step, captures[:1])
    return time.perf_counter() - start


Timed = tuple[str, Step, Sequence[Capture]]


def measure_in_turns(
    timed: Sequence[Timed], samples: dict[str, Sequence[Capture]], rounds: int = ROUNDS
) -> list[Measurement]:
    """Time each of ``timed`` (a name, a step, its captures) :data:`ROUNDS` times, in turns,
    the order flipped every round, keeping each one's fastest pass; trace each one's peak
    memory over its sample (its first capture unless ``samples`` names one)."""
    best = [math.inf] * len(timed)
    failures = [0] * len(timed)
    for round_ in range(rounds):
        order = range(len(timed)) if round_ % 2 == 0 else reversed(range(len(timed)))
        for k in order:
            _, step, captures = timed[k]
            start = time.perf_counter()
            failures[k] = run_pass(step, captures)
            best[k] = min(best[k], time.perf_counter() - start)
    return [
        Measurement(
            name,
            len(captures),
            sum(len(raw) for _, raw in captures),
            seconds,
            peak_memory(step, samples.get(name, captures[:1])),
            failed,
        )
        for (name, step, captures), seconds, failed in zip(timed, best, failures, strict=True)
    ]


def run_bench(folder: Path | None = None, copies: int | None = None, peers: bool = True) -> BenchReport:
    """Measure the core, the baseline and (``peers``) the line-based peers on ``folder``
    (default: the bundled fixtures), all on the same captures in this run."""
    folder = folder or FIXTURES
    distinct = read_captures(folder)
    copies = copies or default_copies(len(distinct))
    cold = cold_start(distinct)
    run_pass(clean_step, distinct)  # warm-up, so the timed pass measures the steady state
    prepare_line_rules()  # as a long run has them (and the pool compiles them before forking)
    settle_process()  # and what they loaded frozen out of the collector's sight, as theirs is
    captures = replicate(distinct, copies)
    text = [c for c in captures if _is_text(c)]
    timed: list[Timed] = [("core (cleaners)", clean_step, captures), ("baseline (split)", baseline_step, captures)]
    timed += [(name, step, text) for name, step in PEERS] if peers and text else []
    core, baseline, *others = measure_in_turns(timed, {"core (cleaners)": distinct, "baseline (split)": distinct})
    measured = tuple(others)
    by_kind = measure_by_kind(distinct, copies)
    return BenchReport(folder, len(distinct), copies, cold, core, baseline, by_kind, measured, step_shares(distinct))


def step_shares(captures: Sequence[Capture]) -> tuple[tuple[str, float], ...]:
    """Share of the core's time per phase (reading, language, measuring lines, metadata, the
    record) and per marking step, timed over one pass over ``captures``.

    Each phase and step is timed where the core calls it (:func:`_timed_calls`), not read off a
    profile: a profile does not see into the modules Cython compiled, and its own cost per
    Python call inflated the steps that make many calls."""
    run_pass(clean_step, captures)
    with _timed_calls() as spent:
        run_pass(clean_step, captures)
    total = spent.get("analyse", 0.0)
    if not total:
        return ()
    shares = ((name, spent.get(name, 0.0) / total) for name in (*_PHASES, *_step_names()))
    return tuple(sorted((row for row in shares if row[1]), key=lambda row: -row[1]))


_PHASES = {
    "read (decode, repair, split)": "read_capture",
    "language": "_language",
    "measure lines": "_read_page",
    "metadata": "collect",
    "verdicts": "_verdicts",
    "record": "_article",
}
"""Each phase by the name :mod:`cleaners.clean` calls it by."""


def _step_names() -> list[str]:
    return [f"step {name}" for name in dict.fromkeys(step.name for step in (*TEXT_STEPS, *CHOSEN_STEPS))]


@contextmanager
def _timed_calls() -> Iterator[dict[str, float]]:
    """Inside the block, the seconds spent in :func:`cleaners.clean.analyse`, in each phase
    (:data:`_PHASES`) and in each marking step's function, added up by name. The phases are
    the names :mod:`cleaners.clean` calls (looked up in its namespace at each call, compiled
    or not), the steps the functions their :class:`~cleaners.steps.Step` holds; both are put
    back when the block ends."""
    spent: dict[str, float] = {}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

        return call

    names = {"analyse": "analyse", **{function: phase for phase, function in _PHASES.items()}}
    saved = {function: getattr(clean_module, function) for function in names}
    steps = {id(step): step for step in (*TEXT_STEPS, *CHOSEN_STEPS)}.values()
    runs = [(step, step.run) for step in steps]
    try:
        for function, name in names.items():
            setattr(clean_module, function, timed(name, saved[function]))
        for step, run in runs:
            object.__setattr__(step, "run", timed(f"step {step.name}", run))  # (a frozen dataclass)
        yield spent
    finally:
        for function, original in saved.items():
            setattr(clean_module, function, original)
        for step, run in runs:
            object.__setattr__(step, "run", run)


def _is_text(capture: Capture) -> bool:
    """A text capture, not an HTML page (plain or gzip-compressed)."""
    name, raw = capture
    return not name.endswith(".html.gz") and not is_html(raw)


def measure_by_kind(distinct: Sequence[Capture], copies: int) -> tuple[Measurement, ...]:
    """The core on text and on HTML captures separately: the two paths differ tenfold in cost."""
    kinds = {"text": [c for c in distinct if _is_text(c)], "html": [c for c in distinct if not _is_text(c)]}
    if not all(kinds.values()):
        return ()
    return tuple(
        measure(f"  {kind} captures", clean_step, replicate(subset, copies), subset) for kind, subset in kinds.items()
    )


def render_measurement(m: Measurement) -> str:
    """One row of the figures table."""
    peak = m.peak_bytes / MB
    return f"{m.name:<22} {m.per_second:>12,.1f} {m.mb_per_second:>10,.2f} {peak:>10,.3f}"


def render_report(report: BenchReport) -> str:
    """The figures as a small table, with the ratio and the cold start."""
    core, baseline = report.core, report.baseline
    ratio = core.seconds / baseline.seconds if baseline.seconds else math.inf
    lines = [
        f"presswash bench: {core.captures:,} captures ({report.distinct} distinct x "
        f"{report.copies} copies), {core.size / MB:,.2f} MB, from {report.folder}",
        f"{'':<22} {'captures/s':>12} {'MB/s':>10} {'peak MB':>10}",
        render_measurement(core),
        *(render_measurement(m) for m in report.by_kind),
        render_measurement(baseline),
        *(render_measurement(m) for m in report.peers),
        f"ratio: the core takes {ratio:,.1f}x the baseline's time",
        *(_peer_ratio(report, peer) for peer in report.peers),
        f"cold start: the first capture took {report.cold_seconds * 1000:,.1f} ms",
        _compiled(),
    ]
    if report.shares:
        lines.append("where the core's time goes (each phase and step timed over one pass of the distinct captures):")
        lines += [f"  {share:>6.1%}  {name}" for name, share in report.shares]
    if core.failures:
        lines.append(f"failed: {core.failures:,} captures raised CaptureError")
    return "\n".join(lines) + "\n"


def _compiled() -> str:
    """Which of the core's C kernels this install runs (the figures depend on it): each line
    says what it does and whether C or the Python fallback did it."""
    kernels = (
        ("trees: walked", trees._walk, "cleaners._walk", "with numpy"),
        ("lines: measured", cleaners_lines._lines, "cleaners._lines", "in Python"),
        ("lexicon: read", roles_lexicon._lexicon, "cleaners.roles._lexicon", "with numpy"),
        ("line heads: read", roles_features._heads, "cleaners.roles._heads", "with numpy"),
        ("rows' own columns: built", roles_features._rows, "cleaners.roles._rows", "with numpy"),
        ("rule candidates: tried", rule_module._table, "cleaners.rules._table", "in Python"),
        ("text scans (repairs, dates, bylines): run", repair_module._scan, "cleaners._scan", "with regexes"),
    )
    lines = [
        f"{what} in C ({name})"
        if module is not None
        else f"{what} {fallback} ({name} is not built: no C compiler at install)"
        for what, module, name, fallback in kernels
    ]
    compiled = compiled_modules()
    lines.append(
        f"core modules compiled with Cython: {len(compiled)} ({', '.join(compiled)})"
        if compiled
        else "core modules: interpreted (none compiled with Cython)"
    )
    return "\n".join(lines)


def compiled_modules() -> list[str]:
    """The modules of ``cleaners`` this process imported from a compiled extension (Cython's,
    see setup.py), not from their ``.py`` source; the C kernels (``_``-prefixed) aside."""
    names = [name for name in sys.modules if name == "cleaners" or name.startswith("cleaners.")]
    return sorted(
        name
        for name in names
        if not name.rpartition(".")[2].startswith("_")
        and str(getattr(sys.modules[name], "__file__", "") or "").endswith(tuple(EXTENSION_SUFFIXES))
    )


def _peer_ratio(report: BenchReport, peer: Measurement) -> str:
    """How many times the peer's throughput the core reaches on the text captures."""
    core = next((m for m in report.by_kind if m.name.strip() == "text captures"), report.core)
    return f"speed: the core on text captures runs {core.per_second / peer.per_second:,.2f}x {peer.name.strip()}"


def profile_core(folder: Path | None = None, copies: int | None = None) -> str:
    """cProfile the core over the replicated captures; the top functions by time."""
    distinct = read_captures(folder or FIXTURES)
    captures = replicate(distinct, copies or default_copies(len(distinct)))
    run_pass(clean_step, distinct)
    profiler = cProfile.Profile()
    profiler.runcall(run_pass, clean_step, captures)
    compiled = compiled_modules()
    note = (
        f"({len(compiled)} core modules are compiled with Cython: a profile does not see their functions;"
        " install with PRESSWASH_PURE_PYTHON=1 to profile the Python)\n"
        if compiled
        else ""
    )
    return note + profile_tables(profiler)


def profile_tables(profiler: cProfile.Profile) -> str:
    """The profile's top rows sorted by cumulative time, then by total (own) time."""
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    for key, title in (("cumulative", "cumulative time"), ("tottime", "total (own) time")):
        out.write(f"\ntop {PROFILE_ROWS} functions by {title}:\n")
        stats.sort_stats(key).print_stats(PROFILE_ROWS)
    return out.getvalue()


SCALING_SIZES = (1_000, 10_000, 100_000, 1_000_000, 10_000_000)
"""Capture sizes of ``presswash bench --scaling``, in bytes: 1 KB to 10 MB."""
SCALING_MIN_SECONDS = 0.5
"""Each size is cleaned again until this much time has passed, so small sizes time stably."""


@dataclass(frozen=True)
class ScalingRow:
    """The core and the baseline on one capture of one size."""

    size: int
    repeats: int
    core_seconds: float
    """Per clean."""
    baseline_seconds: float

    @property
    def core_per_mb(self) -> float:
        return self.core_seconds / (self.size / MB)

    @property
    def baseline_per_mb(self) -> float:
        return self.baseline_seconds / (self.size / MB)


def scaling_capture(size: int, folder: Path | None = None) -> bytes:
    """A text capture of about ``size`` bytes (cut at a line end): the folder's text captures,
    one after another, as often as it takes."""
    texts = [raw for name, raw in read_captures(folder or FIXTURES) if name.endswith(".txt")]
    if not texts:
        raise FileNotFoundError("no .txt captures to build scaling captures from")
    block = b"\n\n".join(texts)
    raw = (block * (size // len(block) + 1))[:size]
    cut = raw.rfind(b"\n")
    return raw[: cut + 1] if cut > size // 2 else raw


def _per_run(step: Step, raw: bytes) -> tuple[float, int]:
    """Seconds per call of ``step`` on ``raw``, and how many calls were timed."""
    repeats, start = 0, time.perf_counter()
    while True:
        step(raw, "scaling.txt")
        repeats += 1
        elapsed = time.perf_counter() - start
        if elapsed >= SCALING_MIN_SECONDS:
            return elapsed / repeats, repeats


def run_scaling(sizes: Sequence[int] = SCALING_SIZES, folder: Path | None = None) -> list[ScalingRow]:
    """Time the core and the baseline on captures of each size (time per MB should stay flat)."""
    from cleaners import CleanConfig, analyse

    config = CleanConfig(max_bytes=max(sizes) + 1)

    def core(raw: bytes, source: str) -> object:
        return analyse(raw, source, config)

    run_pass(clean_step, read_captures(folder or FIXTURES))  # warm-up: models, compiled rules
    prepare_line_rules()
    rows = []
    for size in sizes:
        raw = scaling_capture(size, folder)
        core_seconds, repeats = _per_run(core, raw)
        baseline_seconds, _ = _per_run(baseline_step, raw)
        rows.append(ScalingRow(len(raw), repeats, core_seconds, baseline_seconds))
    return rows


def render_scaling(rows: Sequence[ScalingRow]) -> str:
    """The scaling figures: per size, ms per capture and s per MB, core beside baseline."""
    lines = [
        "presswash bench --scaling: one text capture per size, built from the fixtures",
        f"{'size':>12} {'runs':>5} {'core ms':>10} {'core s/MB':>10} {'base ms':>9} {'base s/MB':>10} {'ratio':>7}",
    ]
    for row in rows:
        ratio = row.core_seconds / row.baseline_seconds if row.baseline_seconds else math.inf
        lines.append(
            f"{row.size:>12,} {row.repeats:>5} {row.core_seconds * 1000:>10,.2f} {row.core_per_mb:>10,.3f} "
            f"{row.baseline_seconds * 1000:>9,.2f} {row.baseline_per_mb:>10,.4f} {ratio:>7,.0f}"
        )
    per_mb = [row.core_per_mb for row in rows if row.size >= 100_000]
    if len(per_mb) >= 2:
        lines.append(
            f"core s/MB from 100 KB up: {min(per_mb):.3f} to {max(per_mb):.3f} ({max(per_mb) / min(per_mb):.2f}x)"
        )
    return "\n".join(lines) + "\n"
