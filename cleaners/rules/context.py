"""Context rules: the ids, reasons and evidence of what the marking steps decide from a line's
neighbours (cleaners.context, cleaners.body, cleaners.site, cleaners.steps) or what a reader
decides (cleaners.read.html). One id, one reason: a step marks a line with one of these objects,
never with an id of its own making.

Examples are invented captures; the line prefixed with ``=> `` is the one the rule must mark.
"""

from __future__ import annotations

from cleaners.rules.rule import ContextRule

# The invented article the examples are built around.
_TITLE = "Council agrees to rebuild the footbridge washed away by floods"
_P1 = (
    "The council agreed on Tuesday to rebuild the old footbridge over the river, a project that residents "
    "have asked for since the floods two winters ago washed away its central span."
)
_P2 = (
    "Work will start in the spring and should take about eight months, the council said, with a temporary "
    "ferry running for pedestrians and cyclists while the bridge is closed."
)
_P3 = (
    "Local shops near the crossing said they hoped the new bridge would bring back customers who have been "
    "driving to the retail park on the edge of town instead."
)
_ARTICLE = f"{_TITLE}\nBy Dana Whitfield\n\n{_P1}\n\n{_P2}\n\n{_P3}"


def _html(body: str) -> str:
    """An invented HTML page around ``body``."""
    return f'<!DOCTYPE html><html lang="en"><head><title>{_TITLE} - The Valley Post</title></head><body>{body}</body></html>'


TAG_ONLY = ContextRule(
    "markup.tag_only",
    "a line of bare HTML markup, no text",
    examples=(f'{_TITLE}\n\n=> <div class="story">\n{_P1}\n\n{_P2}',),
    counterexamples=(f"{_TITLE}\n\n=> <b>{_P1}</b>\n\n{_P2}",),
)
BRAND = ContextRule(
    "nav.brand",
    "the site's name at the top of the page",
    examples=(f"=> Reuters\n\n{_ARTICLE}",),
    counterexamples=(f"{_TITLE}\n\n{_P1}\n\nThe old span, seen from the east bank.\n=> Reuters\n\n{_P2}",),
)
VIDEO_TEASER = ContextRule(
    "video.teaser",
    "title or standfirst of a video teaser",
    examples=(
        f"{_ARTICLE}\n\n=> Watch the new span lifted into place\nCrane lifts the footbridge over the river 02:45",
    ),
    counterexamples=(f"{_ARTICLE}\n\n=> {_P2}\nCrane lifts the footbridge over the river 02:45",),
)
CAPTION_CREDITED = ContextRule(
    "caption.credited",
    "photo caption ending in its credit",
    field="image_captions",
    role="meta",
    examples=(
        f"{_TITLE}\n\n{_P1}\n\n=> Workers lift the new span into place on Monday. (Jane Roe/Reuters)\n\n{_P2}",
        f"{_TITLE}\n\n{_P1}\n\n=> The new span rests on its barge before the lift. | © Harbour Trust\n\n{_P2}",
    ),
    counterexamples=(
        f"{_TITLE}\n\n{_P1}\n\n=> The mayor said it was over (for now).\n\n{_P2}",
        f"{_TITLE}\n\n{_P1}\n\n=> The council will vote again in May, a spokesman said. (dpa/jro)\n\n{_P2}",
    ),
)
CAPTION_TEXT = ContextRule(
    "caption.text",
    "photo caption above its credit line",
    field="image_captions",
    role="meta",
    examples=(f"{_TITLE}\n\n{_P1}\n\n=> The old bridge before the floods.\nJane Roe/Reuters\n\n{_P2}",),
    counterexamples=(f"{_TITLE}\n\n{_P1}\n\n=> The old bridge before the floods\nJane Roe/Reuters\n\n{_P2}",),
)
CAPTION_ALT = ContextRule(
    "caption.alt_text",
    "image alt text above its caption",
    examples=(f"{_TITLE}\n\n{_P1}\n\n=> Old bridge\nThe old bridge before the floods.\nJane Roe/Reuters\n\n{_P2}",),
    counterexamples=(
        f"{_TITLE}\n\n{_P1}\n\n=> Old bridge\n\nThe old bridge before the floods.\nJane Roe/Reuters\n\n{_P2}",
    ),
)
CAPTION_DUPLICATE = ContextRule(
    "caption.duplicate",
    "a repeat of the photo caption just above",
    examples=(
        f"{_TITLE}\n\n{_P1}\n\nThe old bridge before the floods.\nJane Roe/Reuters\n=> The old bridge before the floods.\n\n{_P2}",
    ),
    counterexamples=(
        f"{_TITLE}\n\n{_P1}\n\nThe old bridge before the floods.\nJane Roe/Reuters\n=> The new bridge after the works.\n\n{_P2}",
    ),
)
RELATED_TEASER = ContextRule(
    "related.teaser",
    "headline of a related article",
    field="related",
    role="meta",
    examples=(f"{_ARTICLE}\n\nRelated article\n=> New ferry timetable for the summer months",),
    counterexamples=(f"{_ARTICLE}\n\nRelated article\n=> The ferry timetable for the summer months was announced.",),
)
MORE_TEASER = ContextRule(
    "more.teaser",
    "headline in a list of other stories",
    examples=(f"{_ARTICLE}\n\nMost Popular\n=> Library opening hours cut again",),
    counterexamples=(f"{_ARTICLE}\n\nMost Popular\n=> The library cut its opening hours again this week.",),
)
# The same id as the line rule for a bio line: the lines under an 'About the author' label.
AUTHOR_BIO = ContextRule(
    "author.bio",
    "author biography or contact line",
    examples=(f"{_ARTICLE}\n\nABOUT THE AUTHOR\n=> Dana writes on transport and the town hall",),
    counterexamples=(f"{_ARTICLE}\n\n=> Dana writes on transport and the town hall",),
)
COMMENTS = ContextRule(
    "comments.section",
    "inside the comment section",
    examples=(f"{_ARTICLE}\n\n{_P1}\n\nLeave a Reply\n=> Great news, about time too",),
    counterexamples=(f"Leave a Reply\n\n{_ARTICLE}\n\n=> Great news, about time too",),
)
REPEATED = ContextRule(
    "repeat.in_page",
    "a line printed more than once on the page",
    examples=(f"{_ARTICLE}\n\n=> Bridge works start in spring\n\nBridge works start in spring",),
    counterexamples=(f"{_ARTICLE}\n\n=> Bridge works start in spring\n\nBridge works start in summer",),
)
SITE_LEARNED = ContextRule(
    "site.learned",
    "a line this site prints on many of its pages",
    examples=(f"{_ARTICLE}\n\n=> Valley Post: your town, every day",),
    counterexamples=(f"{_ARTICLE}\n\n=> Skip to content",),
)
TITLE = ContextRule(
    "meta.title",
    "the article's headline",
    field="title",
    role="meta",
    examples=(f"=> {_TITLE}\n\n{_P1}\n\n{_P2}",),
    counterexamples=(f"=> {_P1}\n\n{_P2}",),
)
DEK = ContextRule(
    "body.dek",
    "standfirst under the headline",
    role="dek",
    examples=(
        f"{_TITLE}\n=> The span lost in the floods will be back by the winter, the council says\n\n{_P1}\n\n{_P2}",
    ),
    counterexamples=(f"{_TITLE}\n=> Dana Whitfield\n\n{_P1}\n\n{_P2}",),
)
NAME_BYLINE = ContextRule(
    "byline.name",
    "author's name on its own line under the headline",
    field="authors",
    role="meta",
    examples=(f"{_TITLE}\n=> Dana Whitfield\n\n{_P1}\n\n{_P2}",),
    counterexamples=(f"{_TITLE}\n=> Most Popular stories now\n\n{_P1}\n\n{_P2}",),
)
TEASER_CARDS = ContextRule(
    "teaser.cards",
    "a headline and one-sentence blurb in a list of other stories",
    examples=(
        f"{_ARTICLE}\n\n"
        + "\n".join(
            [
                "=> Ancient coins found by the river",
                "A walker found the silver coins on the muddy bank on Sunday morning and handed every one of them to the museum.",
                "Library opening hours cut again",
                "The library will close at five on weekdays from next month because the council has cut its budget for the third year.",
                "School choir wins regional prize",
                "The school choir sang two songs in the final round and beat eleven other choirs from across the region to the prize.",
            ]
        ),
    ),
    counterexamples=(
        f"{_ARTICLE}\n\n=> Ancient coins found by the river\nThe coins were found by a walker on Sunday.",
    ),
)
WIDGET = ContextRule(
    "promo.widget",
    "part of a sign-up or promotion box inside the body",
    examples=(
        f"{_TITLE}\nBy Dana Whitfield\n\n{_P1}\n\n=> MORNING BRIEFING\nSubscribe to the Valley Courier Daily Briefing newsletter\n\n{_P2}\n\n{_P3}",
    ),
    counterexamples=(f"{_TITLE}\nBy Dana Whitfield\n\n{_P1}\n\n=> Next steps\n\n{_P2}\n\n{_P3}",),
)
HEAD = ContextRule(
    "chrome.head",
    "page chrome above the article body",
    examples=(f"=> Weather today\n\n{_ARTICLE}",),
    counterexamples=(f"Weather today\n\n{_TITLE}\n\n=> {_P1}\n\n{_P2}",),
)
TAIL = ContextRule(
    "chrome.tail",
    "page chrome below the article body",
    examples=(f"{_ARTICLE}\n\n=> Weather today",),
    counterexamples=(f"{_ARTICLE}\n\n=> {_P3.replace('shops', 'cafes')}",),
)
_TEASER_BLOCK = "\n\n".join(
    (
        "Harbour lights festival draws record crowds",
        "School bus timetable changes next week",
        "Library extends weekend opening hours",
        "Allotment waiting list reopens",
        "Cycle lane plans go on show",
    )
)
MODEL_HEAD = ContextRule(
    "model.head",
    "line-role model: page chrome above the article",
    examples=(f"=> Weather today\n\n{_ARTICLE}",),
    counterexamples=(f"Weather today\n\n{_TITLE}\n\n=> {_P1}\n\n{_P2}",),
)
MODEL_TAIL = ContextRule(
    "model.tail",
    "line-role model: page chrome below the article",
    # A block of teaser headlines and a stray label after the article.
    examples=(f"{_ARTICLE}\n\n{_TEASER_BLOCK}\n\n=> Weather today",),
    counterexamples=(f"{_ARTICLE}\n\n=> {_P3.replace('shops', 'cafes')}",),
)
MODEL_INSIDE = ContextRule(
    "model.inside",
    "line-role model: page chrome inside the article",
    examples=(),  # a score no invented capture pins: tests/test_roles.py feeds the decoding one
    counterexamples=(f"{_TITLE}\nBy Dana Whitfield\n\n{_P1}\n\n=> {_P2}\n\n{_P3}",),
)
HEADING = ContextRule(
    "body.heading",
    "subheading between body paragraphs",
    role="heading",
    examples=(f"{_TITLE}\nBy Dana Whitfield\n\n{_P1}\n\n=> What happens next\n\n{_P2}\n\n{_P3}",),
    counterexamples=(f"{_TITLE}\nBy Dana Whitfield\n\n{_P1}\n\n=> What happens next.\n\n{_P2}\n\n{_P3}",),
)
PARAGRAPH = ContextRule(
    "body.paragraph",
    "paragraph of the article body",
    role="body",
    examples=(f"{_TITLE}\nBy Dana Whitfield\n\n=> {_P1}\n\n{_P2}",),
    counterexamples=(f"=> {_TITLE}\nBy Dana Whitfield\n\n{_P1}\n\n{_P2}",),
)
HEADLINE_REPEAT = ContextRule(
    "html.title",
    "the page's headline again",
    examples=(_html(f"<article><p>=> {_TITLE}</p><p>{_P1}</p><p>{_P2}</p><p>{_P3}</p></article>"),),
    counterexamples=(_html(f"<article><h1>{_TITLE}</h1><p>=> {_P1}</p><p>{_P2}</p></article>"),),
)
TRAFILATURA_DROP = ContextRule(
    "html.trafilatura",
    "visible text trafilatura did not keep",
    examples=(
        _html(
            f"<nav><ul><li>=> Home</li><li>Sport</li></ul></nav><article><h1>{_TITLE}</h1><p>{_P1}</p><p>{_P2}</p></article>"
        ),
    ),
    counterexamples=(_html(f"<article><h1>{_TITLE}</h1><p>=> {_P1}</p><p>{_P2}</p></article>"),),
)
FIGCAPTION = ContextRule(
    "html.figcaption",
    "figure caption or credit in the page's markup",
    examples=(
        _html(
            f"<article><h1>{_TITLE}</h1><p>{_P1}</p><p>=> The old bridge before the floods.</p><figure><img src='a.jpg'><figcaption>The old bridge before the floods.</figcaption></figure><p>{_P2}</p></article>"
        ),
    ),
    counterexamples=(
        _html(f"<article><h1>{_TITLE}</h1><p>=> {_P1}</p><figure><img src='a.jpg'></figure><p>{_P2}</p></article>"),
    ),
)
BLANK = ContextRule(
    "layout.blank",
    "blank line",
    role="blank",
    examples=(f"{_TITLE}\n=> \n{_P1}",),
    counterexamples=(f"{_TITLE}\n=> {_P1}",),
)

CONTEXT_RULES: tuple[ContextRule, ...] = (
    TAG_ONLY,
    BRAND,
    VIDEO_TEASER,
    CAPTION_CREDITED,
    CAPTION_TEXT,
    CAPTION_ALT,
    CAPTION_DUPLICATE,
    RELATED_TEASER,
    MORE_TEASER,
    AUTHOR_BIO,
    COMMENTS,
    REPEATED,
    SITE_LEARNED,
    TITLE,
    DEK,
    NAME_BYLINE,
    TEASER_CARDS,
    WIDGET,
    HEAD,
    TAIL,
    MODEL_HEAD,
    MODEL_TAIL,
    MODEL_INSIDE,
    HEADING,
    PARAGRAPH,
    HEADLINE_REPEAT,
    TRAFILATURA_DROP,
    FIGCAPTION,
    BLANK,
)
CONTEXT_RULES_BY_ID = {rule.id: rule for rule in CONTEXT_RULES}
