"""Cross-validate the metadata rankers grouped by domain, against an earlier cleaner's outputs.

    python -m tools.cv_meta ../shared/corpus --old OLD_OUT --out CV_OUT [--markdown docs/meta-cv.md]

Pages are split into folds by registered domain (no site in both train and test); each fold's
pages are cleaned by the real cleaner with rankers and a line-role model (trees and lexicon)
trained on the other folds only, and the records written to CV_OUT (score their bodies with
shared/tools/corpus_score.py). OLD_OUT holds
the earlier cleaner's records for the same captures (``presswash clean ... --out OLD_OUT``).
Prints metadata accuracy per source and overall, old and new side by side.

With ``--html HTML_OUT`` each fold also cleans its pages' HTML (the corpus's and, for aeb-dev,
../devset/html) with the same fold models, and the records are scored as
``tools.html_corpus_eval`` scores its systems: the HTML path's body needs no model (the line-role
model reads whole-page text only), but its metadata falls back on the rankers where the markup
says nothing, so its figures on the corpus are only fair with rankers that never saw the page.

    python -m tools.cv_meta ../shared/corpus --out CV_OUT --html CV_OUT/presswash_cv
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import cleaners.roles
from cleaners.roles.model import Decoding, Forest
from tools.roles_data import PageRows, corpus_rows
from tools.train_meta import CorpusPage, feature_names, load_corpus, observe_titles, run, scorer, train

FOLDS = 5
FIELDS = ("title", "authors", "published", "publisher")


def fold_of(domain: str, folds: int = FOLDS) -> int:
    """A domain's fold, stable across runs and machines."""
    return int(hashlib.sha256(domain.encode()).hexdigest()[:8], 16) % folds


def record_of(article) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "text": article.text,
        "title": article.title,
        "authors": article.authors,
        "published": article.published,
        "publisher": article.publisher,
    }


def body_model(rows: list[PageRows], decoding_from: Forest | None) -> Forest:
    """The line-role model (trees and lexicon) of ``rows``, decoded as the shipped one."""
    from tools.train_roles import as_forest, trained

    booster, lexicon = trained(rows)
    return as_forest(booster, decoding_from.decoding if decoding_from is not None else Decoding(), lexicon)


def cross_validate(corpus: Path, out: Path, folds: int = FOLDS, html: Path | None = None) -> None:
    """Clean each fold's captures (and, with ``html``, their HTML pages) with models trained
    on the other folds; write the records to ``out`` (and ``html``)."""
    from cleaners.metarank import using
    from tools.html_corpus_eval import load_pages, record_for

    score = scorer(corpus)
    pages = load_corpus(corpus)
    html_pages = {page["id"]: page for page in load_pages(corpus)} if html else {}
    names = feature_names()
    rows = corpus_rows(corpus)
    titles = observe_titles(pages)  # the title is chosen before the body model runs: one pass serves every fold
    shipped = cleaners.roles.shipped
    out.mkdir(parents=True, exist_ok=True)
    if html is not None:
        html.mkdir(parents=True, exist_ok=True)
    try:
        for k in range(folds):
            train_pages = [p for p in pages if fold_of(p.domain, folds) != k]
            body = body_model([r for r in rows if fold_of(r.domain, folds) != k], shipped())
            cleaners.roles.shipped = lambda body=body: body  # type: ignore[attr-defined,misc]
            model = train(score, train_pages, names, titles)
            for page in (p for p in pages if fold_of(p.domain, folds) == k):
                record = record_of(run(page, model))
                (out / f"{page.id}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
                if html is not None and page.id in html_pages:
                    with using(model):
                        html_record = record_for("presswash", corpus, html_pages[page.id])
                    (html / f"{page.id}.json").write_text(json.dumps(html_record, ensure_ascii=False), "utf-8")
            print(f"fold {k + 1}/{folds}: trained on {len(train_pages)} pages", flush=True)
    finally:
        cleaners.roles.shipped = shipped  # type: ignore[attr-defined,misc]


def table(corpus: Path, old: Path | None, new: Path) -> str:
    """Metadata accuracy per source and overall: old / new (pages scored)."""
    score = scorer(corpus)
    pages = load_corpus(corpus)
    groups: dict[str, dict[str, list[tuple[bool, bool]]]] = {}
    for page in pages:
        gold = {f: page.gold[f] for f in FIELDS if page.gold.get(f)}
        if not gold:
            continue
        new_hits = score.meta_hits(gold, _record(new, page))
        old_hits = score.meta_hits(gold, _record(old, page)) if old else {}
        for group in (page.source, "overall"):
            for f in gold:
                groups.setdefault(group, {}).setdefault(f, []).append((old_hits.get(f, False), new_hits[f]))
    lines = ["| source | " + " | ".join(f"{f} old / new (pages)" for f in FIELDS) + " |", "|---" * 5 + "|"]
    for group in sorted(groups, key=lambda g: (g == "overall", g)):
        cells = []
        for f in FIELDS:
            hits = groups[group].get(f)
            if not hits:
                cells.append("-")
                continue
            o = sum(h[0] for h in hits) / len(hits)
            n = sum(h[1] for h in hits) / len(hits)
            cells.append(f"{o:.3f} / **{n:.3f}** ({len(hits)})")
        lines.append(f"| {group} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _record(folder: Path, page: CorpusPage) -> dict[str, object] | None:
    for stem in (page.id, page.capture.stem):
        path = folder / f"{stem}.json"
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="folder for the cross-validated records")
    parser.add_argument("--old", type=Path, help="the earlier cleaner's records for the same captures")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--table-only", action="store_true", help="score --out as it is")
    parser.add_argument("--html", type=Path, help="also clean each fold's HTML pages, records to this folder")
    args = parser.parse_args(argv)
    if not args.table_only:
        cross_validate(args.corpus, args.out, args.folds, args.html)
    result = table(args.corpus, args.old, args.out)
    print(result)
    if args.markdown:
        args.markdown.write_text(result + "\n", encoding="utf-8")
    if args.html is not None:
        print(html_table(args.corpus, args.html))


def html_table(corpus: Path, folder: Path) -> str:
    """The HTML records in ``folder`` scored as :mod:`tools.html_corpus_eval` scores a system."""
    from tools.html_corpus_eval import default_scorer
    from tools.html_corpus_eval import score as score_html
    from tools.html_corpus_eval import table as html_rows

    return html_rows(score_html(corpus, folder.parent, [folder.name], default_scorer(corpus)))


if __name__ == "__main__":
    main()
