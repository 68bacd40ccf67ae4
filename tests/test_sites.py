"""Learning a site's chrome from its own captures: the counting pass, the store, the sites command.

The site is invented (the Lantern Ledger of Quillmouth): its header, teaser block and footer
are lines no rule knows, so without learning the cleaner keeps most of them in the body.
"""

from __future__ import annotations

import doctest
import json
import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cleaners
from flows.cli.app import app
from flows.pipeline import sites
from flows.pipeline.options import RunOptions
from flows.pipeline.sites import default_store_path, open_store
from flows.pipeline.sweep import sweep

HEADER = [
    "The Lantern Ledger of Quillmouth",
    "Harbour news, orchards and the guild hall diaries",
    "Ferryboat timetable for the estuary towns",
]
TEASERS = [
    "Lamplighter picks from the Ledger",
    "Gull census finds the headland crowded again",
    "Orchard growers weigh a cooperative cider press",
    "Night ferry crew recall the winter of the ice floes",
]
FOOTER = [
    "The Lantern Ledger is printed by the Quillmouth Harbour Trust for readers along the whole coast.",
    "Postbox 14, Quillmouth Quay",
]
SHARED = [*HEADER, *TEASERS, *FOOTER]
QUOTE = '"We will keep the lamps lit on the quay until the last boat is home," the harbour master told the crowd.'
QUOTED_IN = (4, 11)

ADJ = [
    "old",
    "narrow",
    "painted",
    "flooded",
    "quiet",
    "crowded",
    "wooden",
    "northern",
    "salt-stained",
    "rebuilt",
    "hidden",
    "busy",
]
NOUN = [
    "bridge",
    "lighthouse",
    "market",
    "chapel",
    "granary",
    "slipway",
    "orchard",
    "mill",
    "ferry",
    "school",
    "warehouse",
    "causeway",
]
PLACE = [
    "Saltmarsh Lane",
    "the rope works",
    "Gannet Point",
    "the fish steps",
    "Cobble Row",
    "the tithe barn",
    "Eastgate",
]
VERB = [
    "inspected",
    "repainted",
    "closed",
    "reopened",
    "measured",
    "surveyed",
    "praised",
    "questioned",
    "mended",
    "visited",
]
DAY = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
ADV = ["carefully", "slowly", "twice", "again", "quickly", "at dawn", "before the tide"]
PLURAL = ["sailors", "traders", "children", "wardens", "pilots", "carpenters", "farmers", "masons"]


def sentence(rng: random.Random) -> str:
    return (
        f"The {rng.choice(ADJ)} {rng.choice(NOUN)} near {rng.choice(PLACE)} was {rng.choice(VERB)} "
        f"on {rng.choice(DAY)}, and {rng.randint(3, 90)} {rng.choice(PLURAL)} {rng.choice(VERB)} "
        f"the {rng.choice(NOUN)} {rng.choice(ADV)}."
    )


def article(i: int) -> tuple[str, list[str]]:
    """Capture ``i``'s headline and body paragraphs (two of them quote the harbour master)."""
    rng = random.Random(i)
    title = f"Quillmouth {rng.choice(NOUN)} plan divides the {rng.choice(PLURAL)} of {rng.choice(PLACE)} ({i})"
    paragraphs = [" ".join(sentence(rng) for _ in range(3)) for _ in range(3)]
    if i in QUOTED_IN:
        paragraphs.insert(1, QUOTE)
    return title, paragraphs


def capture(i: int, extra: tuple[str, ...] = ()) -> str:
    """Header, headline, body with the teaser block inside it, footer; ``extra`` lines after the header."""
    title, paragraphs = article(i)
    body = ["\n\n".join(paragraphs[:2]), "", *TEASERS, "", "\n\n".join(paragraphs[2:])]
    return "\n".join([*HEADER, *extra, "", title, "", *body, "", *FOOTER]) + "\n"


def write_site(drop: Path, numbers: range, extra: tuple[str, ...] = (), site: str = "quillmouth") -> None:
    (drop / site).mkdir(parents=True, exist_ok=True)
    for i in numbers:
        (drop / site / f"{i:02}.txt").write_text(capture(i, extra), "utf-8")


def record(out: Path, i: int, site: str = "quillmouth") -> cleaners.Article:
    return cleaners.Article.model_validate_json((out / site / f"{i:02}.json").read_text("utf-8"))


def test_doctests() -> None:
    assert doctest.testmod(sites, optionflags=doctest.ELLIPSIS).failed == 0


def test_without_learning_the_rules_keep_most_of_the_sites_chrome() -> None:
    """The premise: the rule tables do not know this site's chrome."""
    body = cleaners.clean_capture(capture(0).encode(), "quillmouth/00.txt").text
    kept = [line for line in SHARED if line in body.split("\n\n") or line in body.split("\n")]
    assert len(kept) > len(SHARED) // 2, kept


def test_twenty_captures_of_one_site_lose_their_shared_chrome_and_keep_their_bodies(tmp_path: Path) -> None:
    drop, out = tmp_path / "drop", tmp_path / "out"
    write_site(drop, range(20))
    result = sweep(drop, out)
    assert len(result.by_status("processed")) == 20
    assert result.profiles["quillmouth"].chrome == frozenset(SHARED)
    for i in range(20):
        title, paragraphs = article(i)
        cleaned = record(out, i)
        assert cleaned.text == "\n\n".join(paragraphs)
        assert cleaned.title == title
        by_text = {removal.text: removal.rule for removal in cleaned.removed}
        assert {line: by_text.get(line) for line in SHARED} == dict.fromkeys(SHARED, "site.learned")


def test_a_quote_two_articles_share_stays_in_both_bodies(tmp_path: Path) -> None:
    drop, out = tmp_path / "drop", tmp_path / "out"
    write_site(drop, range(20))
    sweep(drop, out)
    for i in QUOTED_IN:
        assert QUOTE in record(out, i).text.split("\n\n")
        assert "site.learned" not in {r.rule for r in record(out, i).removed if r.text == QUOTE}


def test_the_store_counts_each_capture_once_and_the_next_run_starts_knowing(tmp_path: Path) -> None:
    drop, out = tmp_path / "drop", tmp_path / "out"
    write_site(drop, range(20))
    sweep(drop, out)
    again = sweep(drop, out)
    assert {o.status for o in again.outcomes} == {"skipped"}
    with open_store(default_store_path(out)) as store:
        assert store.captures("quillmouth") == 20
        assert {line.text: line.captures for line in store.learned_lines("quillmouth")} == dict.fromkeys(SHARED, 20)
    (drop / "quillmouth" / "20.txt").write_text(capture(20), "utf-8")
    for old in range(20):
        (drop / "quillmouth" / f"{old:02}.txt").unlink()
    alone = sweep(drop, out)  # one new capture: too few to learn from, but the store remembers
    assert record(out, 20).text == "\n\n".join(article(20)[1])
    assert alone.profiles["quillmouth"].captures == 21


def test_a_changed_profile_recleans_only_the_captures_it_changes(tmp_path: Path) -> None:
    drop, out = tmp_path / "drop", tmp_path / "out"
    fog = ("Harbour weather: fog lifting by noon",)
    write_site(drop, range(5), fog)
    write_site(drop, range(5, 20))
    sweep(drop, out)  # 5 of 20 captures carry the weather line: under the share to learn it
    assert "site.learned" not in {r.rule for r in record(out, 0).removed if r.text == fog[0]}
    write_site(drop, range(20, 30), fog)  # now 15 of 30
    result = sweep(drop, out)
    processed = sorted(o.capture for o in result.by_status("processed"))
    assert processed == [f"quillmouth/{i:02}.txt" for i in [*range(5), *range(20, 30)]]
    assert {r.rule for r in record(out, 0).removed if r.text == fog[0]} == {"site.learned"}


def test_captures_at_the_top_of_the_input_learn_nothing(drop: Path, tmp_path: Path) -> None:
    result = sweep(drop, tmp_path / "out")
    assert set(result.profiles) == {"nested"}
    assert not sweep(drop, tmp_path / "out2", RunOptions(learn_sites=False)).profiles


def test_sites_command_lists_sites_and_one_sites_lines(tmp_path: Path) -> None:
    drop, out = tmp_path / "drop", tmp_path / "out"
    write_site(drop, range(20))
    write_site(drop, range(3), site="elsewhere")
    sweep(drop, out, RunOptions(sites_db=tmp_path / "sites.sqlite"))
    wide = {"COLUMNS": "240"}
    listing = CliRunner().invoke(app, ["sites", "--sites-db", str(tmp_path / "sites.sqlite")], env=wide)
    assert listing.exit_code == 0, listing.output
    assert re.search(r"quillmouth\s+│\s+20\s+│\s+9\s+│", listing.output), listing.output
    assert re.search(r"elsewhere\s+│\s+3\s+│\s+9\s+│", listing.output), listing.output
    args = ["sites", "--sites-db", str(tmp_path / "sites.sqlite"), "--site", "quillmouth"]
    one = CliRunner().invoke(app, args, env=wide)
    assert one.exit_code == 0, one.output
    assert "quillmouth: 20 captures counted" in one.output
    for line in SHARED:
        assert re.search(r"20\s+│\s+100%\s+│\s+yes\s+│\s+" + re.escape(line), one.output), line
    missing = CliRunner().invoke(app, ["sites", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1


def test_manifest_names_the_sites_of_the_run(tmp_path: Path) -> None:
    from flows.pipeline.manifest import build_manifest
    from flows.pipeline.report import summary_markdown

    drop = tmp_path / "drop"
    write_site(drop, range(20))
    result = sweep(drop, tmp_path / "out")
    assert build_manifest(result)["sites"] == {"quillmouth": {"captures": 20, "learned_lines": 9}}
    assert "| `quillmouth` | 20 | 9 |" in summary_markdown(result)
    json.dumps(build_manifest(result))


@pytest.mark.parametrize("learn", [True, False])
def test_rerun_changes_no_byte_with_or_without_learning(tmp_path: Path, learn: bool) -> None:
    drop, out = tmp_path / "drop", tmp_path / "out"
    write_site(drop, range(20))
    sweep(drop, out, RunOptions(learn_sites=learn))
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.suffix != ".sqlite"}
    sweep(drop, out, RunOptions(learn_sites=learn))
    after = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.suffix != ".sqlite"}
    before.pop(out / ".presswash" / "manifest.json", None)
    after.pop(out / ".presswash" / "manifest.json", None)
    assert after == before
