"""Which first characters a rule's pattern can start a match with: a prefilter for the rule table.

Python's regex engine tries a rule alternation's branches one by one, and a line rule is an
alternation of dozens of phrases: most of the line-rule time went to branches whose first
character could never match the line's. :func:`branches` splits a pattern into its top-level
alternatives (a leading group of alternatives is distributed over what follows it, so
``(?:read|see) more`` gives ``read more`` and ``see more``) and :func:`first_chars` says which
ASCII characters each can start with (``None``: any, or not worth knowing). The table then
matches a line starting with ``s`` against only the branches that can start with ``s``, in
their order: the branches left out could not have matched, so the first rule that matches is
the same.

The analysis is conservative: where it cannot tell (a wildcard, a negated class, a
back-reference), a branch counts as starting with anything. Zero-width assertions are skipped,
which can only widen the set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import pairwise
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import Any

ASCII = tuple(chr(c) for c in range(128))
MAX_BRANCHES = 400
"""A pattern that would distribute into more branches than this is split at its top level only."""

Chars = frozenset[str] | None
"""A set of ASCII first characters; ``None`` for any character."""


def branches(pattern: str) -> list[str]:
    """``pattern``'s alternatives, in order, with leading groups of alternatives distributed.

    >>> branches("(?:read|see) more|share")
    ['(?:read) more', '(?:see) more', 'share']
    >>> branches("(?:a|b)?c|[|]d")
    ['(?:a|b)?c', '[|]d']
    """
    out = [piece for top in _split(pattern) for piece in _distributed(top)]
    return out if len(out) <= MAX_BRANCHES else _split(pattern)


def first_chars(pattern: str, flags: int) -> Chars:
    """The ASCII characters a match of ``pattern`` (compiled with ``flags``) can start with;
    ``None`` when it can start with any (or the pattern can match the empty string).

    >>> sorted(first_chars("(?:read|see) more", re.IGNORECASE))
    ['R', 'S', 'r', 's']
    >>> sorted(first_chars(r"\\d+ min", 0))
    ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']
    >>> first_chars(r".*ago", 0) is None, first_chars(r"[^a]b", 0) is None, first_chars(r"(?:by)?", 0) is None
    (True, True, True)
    >>> len(first_chars(r"(?:by )?\\w+", 0))  # letters, digits and the underscore
    63
    """
    chars, nullable = _first(sre_parser.parse(pattern, flags), flags)
    return None if nullable or chars is None else frozenset(chars)


ASCII_CASE_PARTNERS = frozenset("\u0130\u0131\u017f\u212a")
"""The characters outside ASCII that an ASCII character matches under ``re.IGNORECASE`` (İ, ı,
ſ and the Kelvin sign; tests/test_rules.py asks the engine over every code point)."""


def may_start_outside_ascii(pattern: str, flags: int) -> bool:
    """Whether a match of ``pattern`` can start with a character outside ASCII other than
    :data:`ASCII_CASE_PARTNERS` (``True`` when unsure): a pattern starting with an ASCII
    literal or a class of ASCII characters cannot, whatever the case flag.

    >>> may_start_outside_ascii("(?:read|see) more", re.IGNORECASE), may_start_outside_ascii(r"\\w+", 0)
    (False, True)
    >>> may_start_outside_ascii("(?:by )?фото", 0), may_start_outside_ascii("[a-z]?", 0)
    (True, True)
    """
    can, nullable = _outside(sre_parser.parse(pattern, flags))
    return can or nullable


def _outside(items: Any) -> tuple[bool, bool]:
    """Whether a parsed sequence can start with a character outside ASCII, and whether it can
    match the empty string."""
    for op, av in items:
        can, nullable = _outside_item(op, av)
        if can:
            return True, False
        if not nullable:
            return False, False
    return False, True


def _outside_item(op: Any, av: Any) -> tuple[bool, bool]:
    c = sre_constants
    if op is c.LITERAL:
        return av >= len(ASCII), False
    if op is c.IN:
        if any(o not in (c.LITERAL, c.RANGE) for o, _ in av):
            return True, False
        return any((a if o is c.LITERAL else a[1]) >= len(ASCII) for o, a in av), False
    if op is c.SUBPATTERN:
        return _outside(av[3])
    if op is c.BRANCH:
        found = [_outside(sub) for sub in av[1]]
        return any(can for can, _ in found), any(nullable for _, nullable in found)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _, sub = av
        can, nullable = _outside(sub)
        return can, nullable or low == 0
    if op is c.ATOMIC_GROUP:
        return _outside(av)
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return False, True
    return True, False


def _split(pattern: str) -> list[str]:
    """The alternatives at the pattern's top level (outside groups and character classes)."""
    bars = [k for k, ch, depth in _structure(pattern) if ch == "|" and depth == 0]
    return [pattern[a + 1 : b] for a, b in pairwise([-1, *bars, len(pattern)])]


def _group_end(pattern: str) -> int:
    """The index of the ``)`` closing the group that opens the pattern."""
    return next((k for k, ch, depth in _structure(pattern) if ch == ")" and depth == 0), len(pattern))


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Each character outside escapes and character classes, with the group depth after it."""
    depth, k = 0, 0
    while k < len(pattern):
        ch = pattern[k]
        if ch == "\\":
            k += 2
            continue
        if ch == "[":
            k = _class_end(pattern, k) + 1
            continue
        depth += (ch == "(") - (ch == ")")
        yield k, ch, depth
        k += 1


def _class_end(pattern: str, k: int) -> int:
    """The index of the ``]`` closing the character class opened at ``k``."""
    k += 1
    if k < len(pattern) and pattern[k] == "^":
        k += 1
    if k < len(pattern) and pattern[k] == "]":
        k += 1
    while k < len(pattern) and pattern[k] != "]":
        k += 2 if pattern[k] == "\\" else 1
    return k


def _distributed(piece: str) -> list[str]:
    """``(?:A|B)rest`` as ``(?:A)rest`` and ``(?:B)rest`` (the order a backtracking match tries
    them in), recursively; any other piece as itself."""
    if not piece.startswith("(?:"):
        return [piece]
    end = _group_end(piece)
    rest = piece[end + 1 :]
    if rest[:1] in ("?", "*", "+", "{"):
        return [piece]
    inner = _split(piece[3:end])
    if len(inner) == 1:
        return [piece]
    return [f"(?:{sub}){rest}" for alternative in inner for sub in _distributed(alternative)]


def _first(items: Any, flags: int) -> tuple[set[str] | None, bool]:
    """The first characters of a parsed sequence, and whether it can match the empty string."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _first_item(op, av, flags)
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_item(op: Any, av: Any, flags: int) -> tuple[set[str] | None, bool]:
    c = sre_constants
    if op is c.LITERAL:
        return set(_matching(re.escape(chr(av)), flags)), False
    if op is c.IN:
        if any(o not in (c.LITERAL, c.RANGE, c.CATEGORY) for o, _ in av):
            return None, False
        return set(_matching("[" + "".join(_class_item(o, a) for o, a in av) + "]", flags)), False
    if op is c.SUBPATTERN:
        _, add, remove, sub = av
        return _first(sub, (flags | add) & ~remove)
    if op is c.BRANCH:
        out: set[str] = set()
        nullable = False
        for sub in av[1]:
            chars, empty = _first(sub, flags)
            if chars is None:
                return None, False
            out |= chars
            nullable = nullable or empty
        return out, nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _, sub = av
        chars, empty = _first(sub, flags)
        return chars, empty or low == 0
    if op is c.ATOMIC_GROUP:
        return _first(av, flags)
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True
    return None, False


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def _class_item(op: Any, av: Any) -> str:
    c = sre_constants
    if op is c.LITERAL:
        return re.escape(chr(av))
    if op is c.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
    return _CATEGORIES[str(av)]


@cache
def _matching(regex: str, flags: int) -> frozenset[str]:
    """The ASCII characters that ``regex`` (one character's worth) matches under ``flags``:
    asked of the engine itself, so case folding is the engine's (``K`` for the Kelvin sign)."""
    compiled = re.compile(regex, flags & (re.IGNORECASE | re.ASCII | re.UNICODE))
    return frozenset(ch for ch in ASCII if compiled.fullmatch(ch))


PAIR_CAP = 10_000
"""A branch that can start with more two-character strings than this counts as starting with any."""


def first_pairs(pattern: str, flags: int) -> frozenset[str] | None:
    """The lowercased two-character ASCII starts of the lines of two characters or more that
    ``pattern`` (compiled with ``flags``) can match whole (``fullmatch``); ``None``: any.

    A match shorter than two characters starts no such line, so it adds nothing; where the
    analysis cannot tell (a wildcard, a negated class, a nullable repeat) the answer is ``None``.

    >>> sorted(first_pairs("(?:read) more|see", re.IGNORECASE))
    ['re', 'se']
    >>> sorted(first_pairs(r"\\d", 0)), first_pairs(r".*ago", 0)
    ([], None)
    >>> sorted(first_pairs(r"a?b[cd]", 0))
    ['ab', 'bc', 'bd']
    """
    return pairs_of(sre_parser.parse(pattern, flags), flags)


def pairs_of(parsed: Any, flags: int) -> frozenset[str] | None:
    """:func:`first_pairs` of a pattern parsed already (``re._parser.parse(pattern, flags)``)."""
    found = _pairs([(op, av, flags) for op, av in parsed], 2)
    return None if found is None else frozenset(s.lower() for s in found)


def _pairs(items: list[tuple[Any, Any, int]], k: int) -> set[str] | None:
    """The strings of ``k`` ASCII characters a match of ``items`` (each with its flags) that
    spans a line of ``k`` characters or more can start with; ``None`` when unsure."""
    if k == 0:
        return {""}
    if not items:
        return set()  # the match ends before k characters: no line of k or more is whole
    (op, av, flags), rest = items[0], items[1:]
    c = sre_constants
    found: set[str] | None
    if op is c.LITERAL or op is c.IN:
        chars, _ = _first_item(op, av, flags)
        tails = _pairs(rest, k - 1) if chars is not None else None
        found = None if chars is None or tails is None else {a + t for a in chars for t in tails}
    elif op is c.SUBPATTERN:
        _, add, remove, sub = av
        inner = (flags | add) & ~remove
        found = _pairs([(o, a, inner) for o, a in sub] + rest, k)
    elif op is c.BRANCH:
        found = _union(_pairs([(o, a, flags) for o, a in sub] + rest, k) for sub in av[1])
    elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        found = _repeat_pairs(op, av, flags, rest, k)
    elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        found = _pairs(rest, k)  # zero-width: skipping it can only widen the set
    else:
        found = None
    return found if found is None or len(found) <= PAIR_CAP else None


def _repeat_pairs(op: Any, av: Any, flags: int, rest: list[tuple[Any, Any, int]], k: int) -> set[str] | None:
    """:func:`_pairs` of a repeat followed by ``rest``: one more round of its body, then the
    repeat with one round fewer (or, when it may stop, ``rest`` itself)."""
    low, high, sub = av
    if _first(sub, flags)[1]:
        return None  # a body that can match nothing: no progress to count on
    if high == 0:
        return _pairs(rest, k)
    fewer = high if high == sre_constants.MAXREPEAT else high - 1
    again = _pairs([(o, a, flags) for o, a in sub] + [(op, (max(low - 1, 0), fewer, sub), flags)] + rest, k)
    return _union([again, _pairs(rest, k)]) if low == 0 else again


def _union(sets: Iterable[set[str] | None]) -> set[str] | None:
    out: set[str] = set()
    for found in sets:
        if found is None:
            return None
        out |= found
    return out


def needs_of(parsed: Any) -> tuple[str, bool]:
    """What every match of a parsed pattern holds: its longest run of ASCII literal characters
    (lowercased; ``""``: none), and whether a decimal digit (``\\d``).

    Under the case flag an ASCII literal also matches its case partners
    (:data:`ASCII_CASE_PARTNERS`): a line holding one is not judged by the run.

    >>> needs_of(sre_parser.parse(r"(?:[\\w.]+ ){0,5}Gallery", re.IGNORECASE))
    ('gallery', False)
    >>> needs_of(sre_parser.parse(r"(?:\\w+ )?(?:\\d+ days|[0-9]{2}:\\d\\d) ago", 0))
    (' ago', True)
    """
    runs, digit = _needs(parsed)
    return max(runs, key=len, default=""), digit


def _needs(items: Any) -> tuple[list[str], bool]:
    """The runs of ASCII literal characters every match of a parsed sequence holds, and
    whether it holds a decimal digit."""
    c = sre_constants
    runs: list[str] = []
    run = ""
    digit = False
    for op, av in items:
        if op is c.LITERAL and av < len(ASCII):
            run += chr(av).lower()
            digit = digit or chr(av).isdigit()
            continue
        runs.append(run)
        run = ""
        inner: tuple[list[str], bool] = ([], False)
        if op is c.SUBPATTERN:
            inner = _needs(av[3])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _needs(av[2])
        elif op is c.BRANCH:
            inner = ([], all(_needs(sub)[1] for sub in av[1]))
        elif op is c.IN:
            inner = ([], _digits_only(av))
        runs.extend(inner[0])
        digit = digit or inner[1]
    runs.append(run)
    return [r for r in runs if r], digit


def _digits_only(items: Any) -> bool:
    """Whether a character class (not negated) matches decimal digits only."""
    c = sre_constants
    for op, av in items:
        if op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            continue
        if op is c.LITERAL and chr(av) in "0123456789":
            continue
        if op is c.RANGE and chr(av[0]) >= "0" and chr(av[1]) <= "9":
            continue
        return False
    return bool(items)
