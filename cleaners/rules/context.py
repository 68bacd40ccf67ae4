"""Context rules: the ids, reasons and evidence of what the marking steps decide from a line's
neighbours (cleaners.context, cleaners.body, cleaners.site, cleaners.steps) or what a reader
decides (cleaners.read.html). One id, one reason: a step marks a line with one of these objects,
never with an id of its own making.

Examples are invented captures; the line prefixed with ``=> `` is the one the rule must mark.
"""

from __future__ import annotations

from cleaners.rules.rule import ContextRule

TAG_ONLY = ContextRule("markup.tag_only", "a line of bare HTML markup, no text")
BRAND = ContextRule("nav.brand", "the site's name at the top of the page")
VIDEO_TEASER = ContextRule("video.teaser", "title or standfirst of a video teaser")
CAPTION_CREDITED = ContextRule(
    "caption.credited", "photo caption ending in its credit", field="image_captions", role="meta"
)
CAPTION_TEXT = ContextRule("caption.text", "photo caption above its credit line", field="image_captions", role="meta")
CAPTION_ALT = ContextRule("caption.alt_text", "image alt text above its caption")
CAPTION_DUPLICATE = ContextRule("caption.duplicate", "a repeat of the photo caption just above")
RELATED_TEASER = ContextRule("related.teaser", "headline of a related article", field="related", role="meta")
MORE_TEASER = ContextRule("more.teaser", "headline in a list of other stories")
# The same id as the line rule for a bio line: the lines under an 'About the author' label.
AUTHOR_BIO = ContextRule("author.bio", "author biography or contact line")
COMMENTS = ContextRule("comments.section", "inside the comment section")
REPEATED = ContextRule("repeat.in_page", "a line printed more than once on the page")
SITE_LEARNED = ContextRule("site.learned", "a line this site prints on many of its pages")
TITLE = ContextRule("meta.title", "the article's headline", field="title", role="meta")
DEK = ContextRule("body.dek", "standfirst under the headline", role="dek")
NAME_BYLINE = ContextRule(
    "byline.name", "author's name on its own line under the headline", field="authors", role="meta"
)
TEASER_CARDS = ContextRule("teaser.cards", "a headline and one-sentence blurb in a list of other stories")
WIDGET = ContextRule("promo.widget", "part of a sign-up or promotion box inside the body")
HEAD = ContextRule("chrome.head", "page chrome above the article body")
TAIL = ContextRule("chrome.tail", "page chrome below the article body")
HEADING = ContextRule("body.heading", "subheading between body paragraphs", role="heading")
PARAGRAPH = ContextRule("body.paragraph", "paragraph of the article body", role="body")
HEADLINE_REPEAT = ContextRule("html.title", "the page's headline again")
TRAFILATURA_DROP = ContextRule("html.trafilatura", "visible text trafilatura did not keep")
FIGCAPTION = ContextRule("html.figcaption", "figure caption or credit in the page's markup")
BLANK = ContextRule("layout.blank", "blank line", role="blank")

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
    HEADING,
    PARAGRAPH,
    HEADLINE_REPEAT,
    TRAFILATURA_DROP,
    FIGCAPTION,
    BLANK,
)
CONTEXT_RULES_BY_ID = {rule.id: rule for rule in CONTEXT_RULES}
