"""Score the HTML path against trafilatura alone on the corpus's HTML, every system in one run.

Reads ``CORPUS/pages.jsonl`` and each page's HTML (``files.html``, relative to CORPUS: the
corpus's own ``html/<id>.html.gz`` and, for source aeb-dev, ../devset/html), runs every system
on every page, writes ``OUT/<system>/<id>.json`` records (``text``, ``title``, ``authors``,
``published``, ``publisher``) and scores each folder with ``corpus_score.py`` (found beside the
corpus in ``../tools``, or given with ``--scorer``). The aeb-dev row is ../shared/devset/html
scored with devset_score.py's metric (corpus_score imports it), so one run covers both sets.

Systems: presswash's HTML path (``cleaners.analyse``) and trafilatura's ``bare_extraction``,
comments off, with its default settings, ``favor_precision``, ``favor_recall`` and ``fast``.

    .venv/bin/python -m tools.html_corpus_eval ../shared/corpus /tmp/html-corpus [--systems ...] [--jobs 2]
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

Record = dict[str, Any]
System = Callable[[bytes, str], Record]
SOURCES = ("aeb-dev", "readability", "newspaper4k", "goose3", "trafeval-dev")
META_FIELDS = ("title", "authors", "published", "publisher")


def presswash(raw: bytes, page_id: str) -> Record:
    from cleaners import analyse

    article = analyse(raw, f"{page_id}.html").article
    return {
        "text": article.text,
        "title": article.title,
        "authors": article.authors,
        "published": article.published,
        "publisher": article.publisher,
    }


def trafilatura_with(**settings: bool) -> System:
    """trafilatura alone, comments off, metadata on: its body and its title, author, date, site name."""

    def run(raw: bytes, page_id: str) -> Record:
        from trafilatura import bare_extraction

        doc = bare_extraction(raw, include_comments=False, with_metadata=True, **settings)
        if doc is None:
            return {"text": ""}
        authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
        return {
            "text": doc.text or "",
            "title": doc.title,
            "authors": authors,
            "published": doc.date,
            "publisher": doc.sitename,
        }

    return run


SYSTEMS: dict[str, System] = {
    "presswash": presswash,
    "trafilatura": trafilatura_with(),
    "traf_precision": trafilatura_with(favor_precision=True),
    "traf_recall": trafilatura_with(favor_recall=True),
    "traf_fast": trafilatura_with(fast=True),
}


def load_pages(corpus: Path) -> list[dict[str, Any]]:
    with open(corpus / "pages.jsonl", encoding="utf-8") as handle:
        pages = [json.loads(line) for line in handle if line.strip()]
    return [p for p in pages if p.get("files", {}).get("html") and (corpus / p["files"]["html"]).exists()]


def read_html(corpus: Path, page: dict[str, Any]) -> bytes:
    data = (corpus / page["files"]["html"]).read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def record_for(name: str, corpus: Path, page: dict[str, Any]) -> Record:
    """System ``name``'s record of one page; a page it fails on scores as empty, with the error."""
    try:
        return SYSTEMS[name](read_html(corpus, page), page["id"])
    except Exception as err:  # one bad page never stops the run
        return {"text": "", "error": f"{type(err).__name__}: {err}"}


def _run_one(job: tuple[str, Path, dict[str, Any], Path]) -> str | None:
    """Run one system on one page and write its record; the error message when it fails."""
    name, corpus, page, out = job
    record = record_for(name, corpus, page)
    (out / name / f"{page['id']}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    return record.get("error")


def default_scorer(corpus: Path) -> Path:
    """corpus_score.py beside the corpus (shared/tools)."""
    return corpus.resolve().parent / "tools" / "corpus_score.py"


def run(corpus: Path, out: Path, names: Iterable[str], jobs: int) -> None:
    pages = load_pages(corpus)
    names = list(names)
    for name in names:
        (out / name).mkdir(parents=True, exist_ok=True)
    work = [(name, corpus, page, out) for name in names for page in pages]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        errors = [e for e in pool.map(_run_one, work, chunksize=8) if e]
    if errors:
        print(f"{len(errors)} page runs failed, e.g. {errors[0]}", file=sys.stderr)


def score(corpus: Path, out: Path, names: Iterable[str], scorer: Path) -> dict[str, dict[str, Any]]:
    results = {}
    for name in names:
        done = subprocess.run(
            [sys.executable, str(scorer), str(corpus), str(out / name), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        results[name] = json.loads(done.stdout)
    return results


def _cell(summary: dict[str, Any]) -> str:
    if "body" in summary:
        return f"{summary['body']['f1']:.3f}"
    if "snippets" in summary:
        return f"{summary['snippets']['f1']:.3f}"
    return "-"


def table(results: dict[str, dict[str, Any]]) -> str:
    """One row per system: body F1 per source (snippet F1 for trafeval-dev), metadata accuracy."""
    head = ["system", *SOURCES, "body, all gold pages", "snippets P / R", *META_FIELDS]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, result in results.items():
        cells = [_cell(result["sources"].get(source, {})) for source in SOURCES]
        cells.append(_cell(result["overall"]))
        snippets = result["overall"].get("snippets", {})
        cells.append(f"{snippets.get('precision', 0):.3f} / {snippets.get('recall', 0):.3f}")
        meta = result["overall"].get("meta", {})
        cells += [f"{meta[f]['accuracy']:.3f}" if f in meta else "-" for f in META_FIELDS]
        rows.append("| " + " | ".join([name, *cells]) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="folder with pages.jsonl (../shared/corpus)")
    parser.add_argument("out", type=Path, help="where the records go, one folder per system")
    parser.add_argument("--systems", nargs="*", default=list(SYSTEMS), choices=list(SYSTEMS))
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--scorer", type=Path, help="corpus_score.py (default: CORPUS/../tools/corpus_score.py)")
    parser.add_argument("--score-only", action="store_true", help="score records already in OUT")
    args = parser.parse_args()
    scorer = args.scorer or default_scorer(args.corpus)
    if not args.score_only:
        run(args.corpus, args.out, args.systems, args.jobs)
    results = score(args.corpus, args.out, args.systems, scorer)
    (args.out / "scores.json").write_text(json.dumps(results, indent=1), "utf-8")
    print(table(results))
    print("body F1 per source (trafeval-dev: snippet F1), then over every page with a gold body;")
    print("metadata: accuracy over all sources")


if __name__ == "__main__":
    main()
