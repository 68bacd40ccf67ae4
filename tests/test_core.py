"""The cleaning core on captures built here: encodings, repairs, the trace, bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from cleaners import CaptureError, analyse, clean_capture
from cleaners.repair import repair_document

ROOT = Path(__file__).resolve().parent.parent
CAPTURES = sorted((ROOT / "fixtures").glob("*/*.txt"))

BODY = (
    "Die Stadt hat am Dienstag bekannt gegeben, dass die Fähre über den See bis zum Herbst nicht "
    "fahren wird, weil der Motor „kaputt“ ist – und das dauert."
)


@pytest.mark.parametrize("capture", CAPTURES, ids=lambda p: p.stem)
def test_trace_replays_the_capture(capture: Path) -> None:
    """Kept lines plus removed lines, in order, give back the normalised capture."""
    analysis = analyse(capture.read_bytes(), capture.name)
    lines = analysis.normalised.split("\n")
    assert [v.text for v in analysis.verdicts] == lines
    assert [v.number for v in analysis.verdicts] == list(range(1, len(lines) + 1))
    removed = {r.line: r for r in analysis.article.removed}
    for verdict in analysis.verdicts:
        if verdict.text.strip() and not verdict.kept:
            assert removed[verdict.number].text == verdict.text
            assert removed[verdict.number].rule == verdict.rule
    kept_or_removed = [v.number for v in analysis.verdicts if v.text.strip()]
    assert sorted({*removed, *(v.number for v in analysis.verdicts if v.kept and v.text.strip())}) == kept_or_removed


@pytest.mark.parametrize("capture", CAPTURES, ids=lambda p: p.stem)
def test_every_line_has_a_rule(capture: Path) -> None:
    analysis = analyse(capture.read_bytes(), capture.name)
    assert all(v.rule and v.reason for v in analysis.verdicts)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16", b""), ("cp1252", b""), ("latin-1", b"")],
)
def test_encodings_decode_to_the_same_body(encoding: str, prefix: bytes) -> None:
    body = BODY if encoding != "latin-1" else BODY.replace("„", "«").replace("“", "»").replace("–", "-")
    text = f"Fähre fällt aus\n\n{body}\n"
    article = clean_capture(prefix + text.encode(encoding), "x.txt")
    assert article.text == body


def test_crlf_and_cr_line_endings() -> None:
    for newline in ("\r\n", "\r"):
        article = clean_capture(f"Fähre fällt aus{newline}{newline}{BODY}{newline}".encode(), "x.txt")
        assert article.text == BODY
        assert "line_endings" in article.repairs


def test_mojibake_is_repaired_and_typography_kept() -> None:
    broken = BODY.encode("utf-8").decode("cp1252", errors="replace")
    fixed, applied = repair_document(broken)
    assert fixed == BODY
    assert applied == ["mojibake"]
    assert "„kaputt“" in fixed and "–" in fixed


def test_curly_quotes_dashes_and_ellipses_stay() -> None:
    text = "“Quoted” — it’s here… ‘single’ too"
    assert repair_document(text) == (text, [])


def test_entities_tags_and_invisible_characters_are_repaired() -> None:
    line = "The council will <em>review</em>&nbsp;its plans, the\u200b mayor said on Tuesday in a statement."
    article = clean_capture(f"Title of the story here\n\n{line}\n".encode(), "x.txt")
    assert article.text == "The council will review its plans, the mayor said on Tuesday in a statement."
    assert {"inline_tags", "html_entities", "invisible_chars"} <= set(article.repairs)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [(b"", "empty"), (b"  \n\t\n", "empty"), (bytes(range(256)) * 8, "binary")],
)
def test_bad_input_fails_with_a_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(CaptureError, match=reason):
        clean_capture(raw, "bad.txt")


def test_metadata_of_a_family_fixture() -> None:
    article = clean_capture((ROOT / "fixtures/families/de_werbung.txt").read_bytes(), "de_werbung.txt")
    assert article.language == "de"
    assert article.authors == ["Jana Körber"]
    assert article.published == "2024-05-14"
    assert article.headings == ["Neue Fähre ab Juli"]
    assert article.related == ["Stausee-Ufer wird für Radfahrer ausgebaut"]
    assert article.copyright == "© 2024 Lindenauer Rundschau. Alle Rechte vorbehalten."


def test_a_closing_list_stays_with_the_body() -> None:
    paragraph = "The band will tour North America next year, playing the halls it first filled in the seventies."
    capture = "\n".join(
        [
            "Band announces reunion tour for next summer",
            "By Kim Lowry",
            paragraph,
            paragraph.replace("North America", "Europe"),
            "Tour dates:",
            "June 9 – West Palm Beach, FL",
            "June 10 – Tampa, FL",
            "June 14 – Atlanta, GA",
            "Privacy Policy",
            "Most Popular",
        ]
    )
    text = clean_capture(capture.encode(), "x.txt").text
    assert text.endswith("June 14 – Atlanta, GA")
    assert "Tour dates:" in text and "Privacy Policy" not in text


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("de_werbung", "de"),
        ("fr_comments", "fr"),
        ("es_publicidad", "es"),
        ("pt_leia_mais", "pt"),
        ("it_leggi_anche", "it"),
        ("ru_chitaite", "ru"),
    ],
)
def test_family_fixtures_in_seven_languages(name: str, language: str) -> None:
    """Chrome vocabulary and metadata in the languages the rules cover (English: the seeds)."""
    article = clean_capture((ROOT / "fixtures" / "families" / f"{name}.txt").read_bytes(), f"{name}.txt")
    assert article.language == language
    assert article.published == "2024-05-14"
    assert article.related and article.copyright and article.title
