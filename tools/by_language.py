"""Score folders of records on the corpus by the pages' language: one markdown table, side by side.

    python -m tools.by_language ../shared/corpus OLD NEW [--names "rules alone" "model (CV)"]

Each OUT folder is scored page by page with ``../shared/tools/corpus_score.py`` (imported, the
same functions the per-source tables use); the pages are grouped by ``lang`` in ``pages.jsonl``,
and languages with fewer than ``--min-pages`` pages are pooled as "other". Columns per folder:
body F1 over the pages with a gold body, snippet F1 over the pages with snippets, and the pages
where no article text was kept (cv_roles' count: no must-keep snippet found, or body F1 under
0.01). Give it cv_roles' ``OUT/old`` and ``OUT/new`` for the cross-validated figures by language.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path
from typing import Any

from tools.cv_roles import no_article, scorer

MIN_PAGES = 5


def language_rows(corpus: Path, out: Path, score: Any) -> dict[str, list[dict[str, Any]]]:
    """The scored pages of ``out``, by language."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for page in score.load_pages(corpus):
        gold = score.gold_of(corpus, page, False)
        text, rec, found = score.output_of(out, page)
        groups[page.get("lang") or "?"].append(score.score_page(page, gold, text, rec, found))
    return groups


def pooled(groups: dict[str, list[dict[str, Any]]], min_pages: int) -> dict[str, list[dict[str, Any]]]:
    """Languages with at least ``min_pages`` pages, the rest as "other", and "all"."""
    out: dict[str, list[dict[str, Any]]] = {}
    other: list[dict[str, Any]] = []
    for lang, rows in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(rows) >= min_pages:
            out[lang] = rows
        else:
            other.extend(rows)
    if other:
        out["other"] = other
    out["all"] = [r for rows in groups.values() for r in rows]
    return out


def cells(rows: list[dict[str, Any]], score: Any) -> tuple[str, str, str]:
    s = score.summarise(rows)
    body = f"{s['body']['f1']:.3f} ({s['body']['pages']})" if "body" in s else "-"
    snippets = f"{s['snippets']['f1']:.3f} ({s['snippets']['pages']})" if "snippets" in s else "-"
    return body, snippets, str(no_article(rows))


def table(corpus: Path, outs: list[Path], names: list[str], min_pages: int = MIN_PAGES) -> str:
    score = scorer(corpus.resolve().parent / "tools")
    by_out = [pooled(language_rows(corpus, out, score), min_pages) for out in outs]
    head = ["language", "pages"]
    for name in names:
        head += [f"body F1, {name}", f"snippet F1, {name}", f"no article, {name}"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for lang in by_out[0]:
        row = [lang, str(len(by_out[0][lang]))]
        for groups in by_out:
            row += cells(groups[lang], score)
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("outs", type=Path, nargs="+")
    parser.add_argument("--names", nargs="+", help="one name per folder (default: the folders' names)")
    parser.add_argument("--min-pages", type=int, default=MIN_PAGES)
    args = parser.parse_args()
    names = args.names or [out.name for out in args.outs]
    if len(names) != len(args.outs):
        parser.error("give one name per folder")
    print(table(args.corpus, args.outs, names, args.min_pages))


if __name__ == "__main__":
    main()
