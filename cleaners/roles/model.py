"""The shipped line-role model: gradient-boosted trees evaluated with numpy.

Trained with LightGBM by ``python -m tools.train_roles`` and stored as flat JSON arrays
(``cleaners/roles/model.json``); evaluating all trees for all lines of a page at once in
numpy avoids a library call per page and keeps LightGBM out of the runtime. The file also
carries the decoding settings chosen by cross-validation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from cleaners.roles.features import FEATURE_NAMES
from cleaners.roles.lexicon import Lexicon
from cleaners.trees import Trees, arrays, layout_from_lightgbm

MODEL_FILE = "model.json"


@dataclass(frozen=True)
class Decoding:
    """How model scores become one article (see :mod:`cleaners.roles.decode`)."""

    threshold: float = 0.5
    """Probability a line must exceed to pull the article segment towards itself."""
    keep_inside: float = 0.2
    """Inside the segment, lines under this probability are still removed."""
    rescue: float = 0.05
    """When no line reaches ``threshold``, the best line is the article if it reaches this."""
    size_power: float = 0.0
    """A line's score in the segment search is ``(p - threshold) * words ** size_power``: with a
    positive power a paragraph outweighs a run of short teaser lines of middling probability."""
    join_rules: bool = False
    """Stretch the article over the rules' own segment where the two overlap (the segment
    search takes in closing lists and short paragraphs across a line of chrome)."""
    keep_rules: float = 1.0
    """Inside the article, a line the rules' segment also took stays when its probability
    reaches this (or ``keep_inside``, whichever is lower): the last items of a closing list."""
    keep_outside: float = 1.01
    """Outside the article, a free line this likely is body all the same (an article split by a
    block of chrome); above 1, never."""
    override: float = 1.01
    """Inside the segment, a line a guessing context rule removed (a repeated line, a widget
    or card the segment search cut) is body again when its probability reaches this."""
    whole_lists: bool = False
    """Inside the segment, a list (three or more free lines in a row that start like list
    items) is kept whole when its items' mean probability reaches the line floor: items are
    short, and one scoring low on its own (the last tour date) still belongs to the list."""
    below_title: bool = False
    """When the rules' headline lies inside the article's upper half (fewer of the run's words
    above it than below) under lines that end no sentence, the article starts under it: what
    the run took in above the headline (a list of other stories, a sign-in box) is chrome."""
    max_gap: int = 0
    """The article ends above a row of this many lines in a row each too unlikely to keep (a
    menu, a block of links) when what the run holds under the row scores under
    :attr:`tail_share` of what it holds above: short chrome lines weigh little in the segment
    search, so a long row of them is crossed cheaply on the way to a footer's prose (a support
    appeal, an ad-blocker notice, an author's bio). 0: never cut."""
    tail_share: float = 0.25
    """See :attr:`max_gap`: a piece under a long row of unlikely lines stays when it scores at
    least this share of the run above it (an article's second half under a gallery stays)."""


@dataclass(frozen=True)
class Forest(Trees):
    """The line-role trees, with the decoding chosen for them and the lexicon they read."""

    decoding: Decoding
    lexicon: Lexicon | None = None
    """Scores the lines' words for the ``lex*`` columns."""


def forest_from_lightgbm(dump: dict[str, Any], decoding: Decoding, lexicon: Lexicon | None = None) -> dict[str, Any]:
    """Flatten LightGBM's ``Booster.dump_model()`` (and the lexicon) into the shipped JSON layout."""
    return {
        **layout_from_lightgbm(dump),
        "decoding": decoding.__dict__,
        **({"lexicon": lexicon.to_json()} if lexicon is not None else {}),
    }


def load(path: Path | None = None) -> Forest | None:
    """Read a model file (the shipped one by default); ``None`` when there is none."""
    if path is None:
        shipped = resources.files("cleaners.roles").joinpath(MODEL_FILE)
        if not shipped.is_file():
            return None
        data = json.loads(shipped.read_text(encoding="utf-8"))
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
    return forest(data)


def forest(data: dict[str, Any]) -> Forest:
    """Build the evaluator from the JSON layout; refuse a model built for other features."""
    if tuple(data["names"]) != FEATURE_NAMES:
        raise ValueError("the line-role model was trained on other features: retrain it (python -m tools.train_roles)")
    return Forest(
        **arrays(data),
        decoding=Decoding(**data["decoding"]),
        lexicon=Lexicon.from_json(data["lexicon"]) if "lexicon" in data else None,
    )


@cache
def shipped() -> Forest | None:
    """The package's model, read once per process."""
    return load()
