"""trafilatura's byline search, with a native pre-test in front of each regular-expression test.

trafilatura's XPath expressions test attributes with EXSLT's ``re:test(@class, '...')``, which
lxml answers by calling back into Python for every element the expression reaches: on a page
of a few thousand elements that is most of the byline search's time (about 15 ms a page, more
than the rest of the HTML path's own reading). Every match of a pattern such as
``author|byline`` contains one of a few literal strings (``author``, ``byline``), which XPath's
own ``contains()`` tests without leaving C; :func:`with_pretests` puts that test in front of
each ``re:test``, so the regular expression runs only on the attributes that can match. The
expressions select exactly the same elements (``tests/test_html.py`` checks them against
trafilatura's on the corpus's pages); a pattern the pre-test cannot read stays as it was.

:func:`extract_author` is trafilatura's ``metadata.extract_author`` with these expressions.
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml.etree import XPath  # type: ignore[import-untyped]
from lxml.html import HtmlElement  # type: ignore[import-untyped]

# re:test with two arguments (no flags), an attribute and a pattern in single quotes.
_RE_TEST = re.compile(r"re:test\((@[\w:-]+),\s*'([^']*)'\)")
_BREAKS = frozenset("^$.|)")
_QUANTIFIERS = frozenset("?*+{")


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """For each top-level alternative of ``pattern``, a literal string every match of it holds;
    ``None`` when some alternative has none or the pattern is beyond this reading (flags).

    >>> required_literals("author-?name|AuthorName|^[Cc]omments|article-(?:share|support)")
    ('author', 'AuthorName', 'omments', 'article-')
    >>> required_literals("[Aa]uthor|by+line")
    ('uthor', 'line')
    >>> required_literals("a|.*") is None, required_literals("(?i)author") is None
    (True, True)
    """
    if re.search(r"\(\?(?!:)", pattern) or "'" in pattern or '"' in pattern:
        return None
    literals = tuple(_longest_literal(alternative) for alternative in _alternatives(pattern))
    return literals if all(literals) else None


def _alternatives(pattern: str) -> list[str]:
    """The pattern split at its top-level ``|`` (not inside a group or a character class)."""
    parts, start, depth, i = [], 0, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif char == "[":
            i = _class_end(pattern, i)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]


def _class_end(pattern: str, start: int) -> int:
    """The index of the ``]`` closing the character class opened at ``start``."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i


def _group_end(pattern: str, start: int) -> int:
    """The index of the ``)`` closing the group opened at ``start``."""
    depth, i = 0, start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif char == "[":
            i = _class_end(pattern, i)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return i


def _longest_literal(alternative: str) -> str:
    """The longest run of plain characters no quantifier makes optional: every match holds it."""
    best, run, i = "", "", 0
    while i < len(alternative):
        char = alternative[i]
        if char in _QUANTIFIERS:
            run = run[:-1]  # the character before the quantifier may be absent or repeated
            best, run = max(best, run, key=len), ""
            if char == "{":
                i = alternative.find("}", i) if "}" in alternative[i:] else len(alternative)
        elif char in _BREAKS or char in "\\[(":
            best, run = max(best, run, key=len), ""
            if char == "\\":
                i += 1
            elif char == "[":
                i = _class_end(alternative, i)
            elif char == "(":
                i = _group_end(alternative, i)
        else:
            run += char
        i += 1
    return max(best, run, key=len)


def with_pretests(expression: XPath) -> XPath:
    """``expression`` with ``contains()`` tests in front of each ``re:test`` it can read.

    >>> from lxml.html import fragment_fromstring as f
    >>> fast = with_pretests(XPath("//*[re:test(@class, 'by-?line|writer')]", namespaces=REGEXP_NAMESPACES))
    >>> fast.path
    "//*[((contains(@class, 'line') or contains(@class, 'writer')) and re:test(@class, 'by-?line|writer'))]"
    >>> [e.get("class") for e in fast(f("<div><p class='byline'>x</p><p class='nav'>y</p></div>"))]
    ['byline']
    """

    def pretest(found: re.Match[str]) -> str:
        literals = required_literals(found[2])
        if literals is None:
            return found[0]
        tests = " or ".join(f"contains({found[1]}, '{literal}')" for literal in literals)
        return f"(({tests}) and {found[0]})"

    return XPath(_RE_TEST.sub(pretest, expression.path), namespaces=REGEXP_NAMESPACES)


REGEXP_NAMESPACES = {"re": "http://exslt.org/regular-expressions"}


def _pretested(expressions: list[XPath]) -> list[XPath]:
    return [with_pretests(expression) for expression in expressions]


def _byline_expressions() -> tuple[list[XPath], list[XPath]]:
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    return _pretested(AUTHOR_XPATHS), _pretested(AUTHOR_DISCARD_XPATHS)


_BYLINE: list[tuple[list[XPath], list[XPath]]] = []


def extract_author(tree: HtmlElement) -> str | None:
    """trafilatura's byline search (``trafilatura.metadata.extract_author``), pre-tested."""
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.metadata import extract_metainfo

    if not _BYLINE:
        _BYLINE.append(_byline_expressions())
    authors, discard = _BYLINE[0]
    subtree = prune_unwanted_nodes(deepcopy(tree), discard)
    author: str | None = extract_metainfo(subtree, authors, len_limit=120)
    if author:
        author = normalize_authors(None, author)
    return author
