"""The metadata rankers: the shipped model, ranking, and what they pick on invented pages."""

from __future__ import annotations

import math

from cleaners import byline, clean_capture, headline, published
from cleaners.metarank import Candidate, MetaModel, Ranker, TreeRanker, choose, shipped_model, using
from cleaners.trees import trees

FEATURES = {
    "title": headline.TITLE_FEATURES,
    "published": published.DATE_FEATURES,
    "authors": byline.AUTHOR_FEATURES,
}

PARAGRAPHS = [
    "The council voted on Tuesday to close the old ferry pier for good, ending a service that had run "
    "across the bay for more than ninety years, after engineers found the timber piles had rotted through.",
    "Residents who relied on the ferry to reach the market town said the decision left them with a drive "
    "of almost an hour each way, and several asked the council to fund a bus link before the winter.",
    "The mayor said the pier could not be repaired safely for less than the cost of a new one, and that "
    "the council would consult on a replacement crossing over the coming months with the harbour board.",
]
PAGE = [
    "Skip to content",
    "Home",
    "News",
    "Sport",
    "Weather",
    "Your local news, every day",
    "Old ferry pier to close after ninety years of service",
    "By Rosa Delgado-Mills",
    "Published 14 March 2024",
    *PARAGRAPHS,
    "More from News",
    "Harbour festival returns in June",
    "Posted 2 February 2023",
    "Comments",
    "Jon Tuck",
    "12 March 2022",
    "I used that ferry every week and will miss it.",
]


def test_the_shipped_model_matches_the_features_the_cleaner_computes() -> None:
    """A model trained on other features would score the wrong numbers: retrain it."""
    model = shipped_model()
    for name, features in FEATURES.items():
        ranker = model.ranker(name)
        assert ranker is not None, name
        assert ranker.features == tuple(features), name
        if isinstance(ranker, TreeRanker):
            assert ranker.trees.names == tuple(features), name
        else:
            assert len(ranker.weights) == len(features)


def test_ranker_takes_the_best_candidate_above_its_threshold() -> None:
    ranker = Ranker(("a", "b"), (1.0, -1.0), 0.0, threshold=0.5)
    low, high = Candidate(0, "low", (0.0, 0.0)), Candidate(1, "high", (2.0, 0.5))
    assert ranker.best([low, high]) == high
    assert ranker.best([low]) is None
    assert Ranker.from_json(ranker.to_json()) == ranker
    assert Ranker.from_json(Ranker(("a",), (1.0,)).to_json()).threshold == -math.inf


def test_tree_ranker_takes_the_candidate_its_trees_score_highest() -> None:
    # One tree: "near" <= 0.5 goes left (leaf -1), else right (leaf +1); a second adds "short".
    layout = {
        "names": ["near", "short"],
        "feature": [0, 2, 2, 1, 2, 2],
        "threshold": [0.5, 0.0, 0.0, 0.5, 0.0, 0.0],
        "left": [1, 1, 2, 4, 4, 5],
        "right": [2, 1, 2, 5, 4, 5],
        "value": [0.0, -1.0, 1.0, 0.0, 0.5, 0.0],
        "roots": [0, 3],
        "depth": 1,
        "init": 0.0,
    }
    # The linear base prefers the far line a little; the trees outweigh it.
    ranker = TreeRanker(("near", "short"), Ranker(("near", "short"), (-0.25, 0.0)), trees(layout))
    far, near, near_short = (
        Candidate(0, "far", (0.0, 0.0)),
        Candidate(1, "near", (1.0, 1.0)),
        Candidate(2, "ns", (1.0, 0.0)),
    )
    assert ranker.scores([far, near, near_short]) == [-0.5, 0.75, 1.25]
    assert ranker.best([far, near, near_short]) == near_short
    assert ranker.best([]) is None
    again = MetaModel.from_json(MetaModel({"title": ranker}).to_json()).ranker("title")
    assert isinstance(again, TreeRanker) and again.scores([far, near]) == [-0.5, 0.75]


def test_using_overrides_the_model_and_shows_the_candidates() -> None:
    seen: list[tuple[str, int]] = []
    first = Ranker(("x",), (-1.0,))
    with using(MetaModel({"title": first}), lambda field, cands: seen.append((field, len(cands)))):
        picked = choose("title", [Candidate(0, "a", (1.0,)), Candidate(1, "b", (0.0,))])
    assert picked is not None and picked.value == "b"
    assert seen == [("title", 2)]


def test_an_invented_page_gives_its_headline_byline_and_date() -> None:
    article = clean_capture("\n\n".join(PAGE).encode(), "pier.txt")
    assert article.title == "Old ferry pier to close after ninety years of service"
    assert article.authors == ["Rosa Delgado-Mills"]
    assert article.published == "2024-03-14"
    assert article.text.split("\n\n") == PARAGRAPHS
    removed = {r.text: r.rule for r in article.removed}
    assert removed["Old ferry pier to close after ninety years of service"] == "meta.title"


def test_names_in_reads_bylines_and_refuses_other_lines() -> None:
    assert byline.names_in("Von Ana Ruiz und Tom Berg - 3. Mai 2024") == ("label", ["Ana Ruiz", "Tom Berg"])
    assert byline.names_in("Par Léa Martin | 12/03/2024") == ("label", ["Léa Martin"])
    assert byline.names_in("The ferry will not run this winter.") is None
