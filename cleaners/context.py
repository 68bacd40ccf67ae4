"""Context rules: a line's neighbours decide what it is.

A caption is the sentence above a credit line; a video title is the line above its running
time; the lines after 'Related article' are teasers; everything after a comment-section
heading is readers' text. Each function refines ``page.marks`` in place.
"""

from __future__ import annotations

import re

from cleaners.page import Mark, Page
from cleaners.quality import Quality
from cleaners.rules.context import (
    AUTHOR_BIO,
    BRAND,
    CAPTION_ALT,
    CAPTION_CREDITED,
    CAPTION_DUPLICATE,
    CAPTION_TEXT,
    COMMENTS,
    MORE_TEASER,
    RELATED_TEASER,
    REPEATED,
    VIDEO_TEASER,
)
from cleaners.rules.media import CREDIT_LABEL
from cleaners.rules.rule import ContextRule

CAPTION_MAX_WORDS = 60
TEASER_MAX_LINES = 6
VIDEO_TEASER_MAX_WORDS = 25
# Prose above a comment heading that makes it the comment section whatever follows.
COMMENTS_AFTER_WORDS = 150
REPEAT_MIN_WORDS = 3

_NAME_WORD = (
    r"(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’&-]*"
    r"|of|the|and|de|da|do|dos|das|del|di|du|van|von|der|la|le|for|y|e|via|file|handout|pool)"
)
_CREDIT_NAME = re.compile(rf"{_NAME_WORD}(?:[ /]{_NAME_WORD}){{0,7}}(?:,? {_NAME_WORD}){{0,3}}")
_SLASHED = re.compile(r"\S/\S")
_PHOTO_LABEL = re.compile(r"(?:foto|photo|photograph|image|bild|credit|crédit|crédito)s?\s?:?\s", re.IGNORECASE)
# A label that says on its own that what follows is a credit (a word and a colon, or the sign):
# the credit rules' own (cleaners.rules.media).
_CREDIT_LABEL = re.compile(CREDIT_LABEL)
_LABELLED_MAX_WORDS = 8
_CREDIT_FORMS = (
    r"\s?(?:"
    r"\((?P<paren>[^()]{2,80})\)"
    r"|\|\s(?P<pipe>[^|]{2,80})"
    r"|©\s?(?P<copy>[^©]{2,80})"
    r"|\s[-–—]\s(?P<dash>[^\s/][^/]{1,50}/[^/]{2,50})"
    r"|(?<=[a-z.])(?P<glued>(?:Credit|Photo|Image|Foto)s?:\s?[^:]{2,60})"
    r"|(?<=[a-z][.!?])(?P<slashed>[A-Z][^.!?/]{2,50}\s?/\s?[^.!?/]{2,40}))"
)
"""The credit that ends a caption line: each form after an optional space, at most
:data:`CREDIT_FORM_CHARS` characters (the longest: a dash, then 50 characters, a slash and 50)."""
CAPTION_MIN_CHARS, CAPTION_MAX_CHARS, CREDIT_FORM_CHARS = 10, 600, 106
_CAPTION_SUFFIX = re.compile(rf"(?P<caption>.{{{CAPTION_MIN_CHARS},{CAPTION_MAX_CHARS}}}?){_CREDIT_FORMS}")
_CREDIT_END = re.compile(_CREDIT_FORMS + r"\Z")
"""The credit forms at the end of the text: the first place from which one ends the line is
where _CAPTION_SUFFIX's shortest caption ends, and it lies within CREDIT_FORM_CHARS of the end."""


def mark_brand(page: Page) -> None:
    """A credit-shaped first line ('Bloomberg', 'ТАСС') is the site's name, not a photo credit:
    there is no photo above the first line."""
    first = page.next_nonblank(-1)
    if first is not None and page.role(first) == "credit":
        page.marks[first] = Mark.of(BRAND)


def mark_video_teasers(page: Page) -> None:
    """The title above a running time, or the title and standfirst after a 'Video' label."""
    for i, mark in list(page.marks.items()):
        if mark.rule == "video.duration":
            j = page.prev_nonblank(i)
            if j is not None and page.free(j) and page.adjacent(i, j) and not page.lines[j].sentence:
                page.marks[j] = Mark.of(VIDEO_TEASER)
        elif mark.rule == "video.player":
            _mark_following(page, i, 2, VIDEO_TEASER, VIDEO_TEASER_MAX_WORDS)


def _mark_following(page: Page, i: int, limit: int, rule: ContextRule, max_words: int) -> list[int]:
    """Mark up to ``limit`` free lines right after ``i`` in its block; stop at anything else."""
    marked: list[int] = []
    j = i + 1
    while j < len(page.lines) and len(marked) < limit:
        line = page.lines[j]
        if line.blank or not page.free(j) or line.words > max_words:
            break
        page.marks[j] = Mark.of(rule)
        marked.append(j)
        j += 1
    return marked


def mark_inline_captions(page: Page) -> None:
    """A caption with its credit on the same line: 'Caption. (Name/Agency)', '... | Name/AP'."""
    marks = page.marks  # (a line is free when it has no mark: page.free, without a call per line)
    for i, line in enumerate(page.lines):
        if line.blank or i in marks or line.words > CAPTION_MAX_WORDS:
            continue
        split = split_caption_credit(line.text)
        if split:
            page.marks[i] = Mark.of(CAPTION_CREDITED, split[1])


def split_caption_credit(text: str) -> tuple[str, str] | None:
    """Split 'caption + credit' lines; ``None`` when the end of the line is not a credit.

    >>> split_caption_credit("Workers flush a hydrant on Monday. (Asha Patel/CBC)")
    ('Workers flush a hydrant on Monday.', 'Asha Patel/CBC')
    >>> split_caption_credit("The bridge, closed since Tuesday (foto Ansa)")
    ('The bridge, closed since Tuesday', 'Ansa')
    >>> split_caption_credit("A hospital in Beijing, where patients sought treatmentCredit: EPA")
    ('A hospital in Beijing, where patients sought treatment', 'EPA')
    >>> split_caption_credit("The old mill on the river bank, in Lindenau.Jane Roe / Reuters file")
    ('The old mill on the river bank, in Lindenau.', 'Jane Roe / Reuters file')
    >>> split_caption_credit("Two old friends at the first tee. | © Club archive via Example Images")
    ('Two old friends at the first tee.', 'Club archive via Example Images')
    >>> split_caption_credit("Der Hafen im Winter (Foto: Beispiel.de / jdoe)")
    ('Der Hafen im Winter', 'Beispiel.de / jdoe')
    >>> split_caption_credit("He said it was over (for now).") is None
    True
    >>> split_caption_credit("Readers sent in their pictures. (Photo contest entries)") is None
    True
    >>> split_caption_credit("Prices rose again in May, the agency said. (dpa/jdo)") is None
    True
    """
    if not _may_end_in_credit(text):
        return None
    found = _credit_end(text)
    if not found:
        return None
    caption = text[: found.start()].strip()
    credit = next(found[g] for g in ("paren", "pipe", "copy", "dash", "glued", "slashed") if found[g]).strip()
    if found["paren"] or found["pipe"]:
        signed = _CREDIT_LABEL.match(credit)
        named = credit[signed.end() :].strip() if signed else ""
        if named and len(named.split()) <= _LABELLED_MAX_WORDS:  # the label says it is a credit, whatever its shape
            return caption, named
    labelled = _PHOTO_LABEL.match(credit)
    if labelled:
        credit = credit[labelled.end() :].strip()
    elif found["paren"] and not caption.endswith((".", "!", "?")):
        return None
    if found["pipe"] and not (_SLASHED.search(credit)):
        return None
    if found["glued"]:  # the label says it is a credit, whatever its shape
        return caption, credit
    if found["slashed"]:
        credit = " ".join(credit.split())
    if not _CREDIT_NAME.fullmatch(credit.replace(" / ", "/")) or len(credit.split()) > 8:
        return None
    return caption, credit


def _may_end_in_credit(text: str) -> bool:
    """Whether a credit form may end ``text``: each leaves a mark in the line's last
    :data:`CREDIT_FORM_CHARS` characters (a closing bracket at the end, before one line break or
    none; a bar, a sign or a slash; a colon after one of the glued form's labels). Most lines have
    none, which string tests say before any regex runs.

    >>> [_may_end_in_credit(t) for t in ("A (B)", "A | B", "Time: 12:30", "soon.Photo: AP", "a/b" + "x" * 110)]
    [True, True, False, True, False]
    """
    if text.endswith((")", ")\n")):
        return True
    tail = text[-CREDIT_FORM_CHARS:]
    if "|" in tail or "©" in tail or "/" in tail:
        return True
    return ":" in tail and any(map(tail.__contains__, _GLUED_LABELS))


_GLUED_LABELS = ("Credit", "Photo", "Image", "Foto")
"""The glued credit form's labels, as :data:`_CREDIT_FORMS` spells them (case kept)."""


def _credit_end(text: str) -> re.Match[str] | None:
    """:data:`_CAPTION_SUFFIX` fullmatched, read from the end: its credit groups, starting where
    its caption ends (the lazy caption tried every length from the start; the credit can only
    start in the line's last :data:`CREDIT_FORM_CHARS` characters). A caption cannot cross a
    line break, so a text holding one is matched the first way.

    >>> line = "Workers flush a hydrant on Monday. (Asha Patel/CBC)"
    >>> found, whole = _credit_end(line), _CAPTION_SUFFIX.fullmatch(line)
    >>> (line[: found.start()], found["paren"]) == (whole["caption"], whole["paren"])
    True
    >>> _credit_end("short (A/B)") is None, _credit_end("x" * 700 + " (A/B)") is None
    (True, True)
    """
    if "\n" in text:
        whole = _CAPTION_SUFFIX.fullmatch(text)
        return _CREDIT_END.match(text, whole.end("caption")) if whole else None
    found = _CREDIT_END.search(text, max(CAPTION_MIN_CHARS, len(text) - CREDIT_FORM_CHARS))
    return found if found is not None and found.start() <= CAPTION_MAX_CHARS else None


def mark_captions(page: Page) -> None:
    """The sentence above a credit line is its caption; a short line above that, its alt text;
    a repeat of the caption right after the credit, a duplicate."""
    for i in [i for i, m in page.marks.items() if m.role == "credit"]:
        j = _caption_above(page, i)
        if j is None:
            continue
        page.marks[j] = Mark.of(CAPTION_TEXT)
        k = page.prev_nonblank(j)
        if k is not None and page.free(k) and page.adjacent(j, k) and not page.lines[k].sentence:
            page.marks[k] = Mark.of(CAPTION_ALT)
        _mark_caption_repeats(page, i, page.lines[j].text)


def _caption_above(page: Page, credit: int) -> int | None:
    j = page.prev_nonblank(credit)
    while j is not None and page.role(j) == "credit":
        j = page.prev_nonblank(j)
    if j is None or not page.free(j):
        return None
    line = page.lines[j]
    if not line.sentence or line.words > CAPTION_MAX_WORDS:
        return None
    return j


def _mark_caption_repeats(page: Page, credit: int, caption: str) -> None:
    for j in page.nonblank(credit + 1, min(credit + 4, len(page.lines))):
        if page.free(j) and page.lines[j].text == caption:
            page.marks[j] = Mark.of(CAPTION_DUPLICATE)


def mark_teasers(page: Page) -> None:
    """Headlines listed under a teaser label ('Related article', 'More from X', 'Most Popular')."""
    for i, mark in list(page.marks.items()):
        if mark.rule == "related.label":
            _mark_headlines(page, i, RELATED_TEASER)
        elif mark.rule == "more.label":
            _mark_headlines(page, i, MORE_TEASER)
        elif mark.rule == "author.about":
            _mark_following(page, i, 3, AUTHOR_BIO, 80)


def _mark_headlines(page: Page, label: int, rule: ContextRule) -> None:
    j = label + 1
    count = 0
    while j < len(page.lines) and count < TEASER_MAX_LINES:
        line = page.lines[j]
        if line.blank:
            if count:
                break
            j += 1
            continue
        if not page.free(j) or line.ends_with_period or (page.quality[j] is Quality.GOOD and line.words > 25):
            break
        page.marks[j] = Mark.of(rule)
        count += 1
        j += 1


def mark_comment_section(page: Page) -> None:
    """Everything after a comment-section heading is comments, when the article is above it.

    A heading with little prose above it and more below is a link in the page header, not the
    start of the comments, and is left alone.
    """
    headings = sorted(i for i, mark in page.marks.items() if mark.rule == "comments.start")
    if not headings:
        return  # most pages: no prose to count
    prose = [page.lines[i].words if page.quality[i] is Quality.GOOD else 0 for i in range(len(page.lines))]
    total = sum(prose)
    for i in headings:
        before = sum(prose[:i])
        if before >= COMMENTS_AFTER_WORDS or before > total - before:
            for j in page.nonblank(i + 1):
                if page.role(j) != "meta" or page.marks[j].field != "copyright":
                    page.marks[j] = Mark.of(COMMENTS)
            return


def mark_repeated_lines(page: Page) -> None:
    """Lines printed more than once on the page are teaser lists and widgets, not the article
    (an article states each paragraph once)."""
    seen: dict[str, list[int]] = {}
    for i, line in enumerate(page.lines):
        if not line.blank and line.words >= REPEAT_MIN_WORDS:
            seen.setdefault(line.text, []).append(i)
    for indexes in seen.values():
        if len(indexes) > 1:
            for i in indexes:
                if page.free(i):
                    page.marks[i] = Mark.of(REPEATED)
