"""The rule tables, in precedence order: the first rule that matches a line names it."""

from __future__ import annotations

from cleaners.rules.attribution import ATTRIBUTION
from cleaners.rules.context import CONTEXT_RULES, CONTEXT_RULES_BY_ID
from cleaners.rules.discussion import DISCUSSION
from cleaners.rules.media import MEDIA
from cleaners.rules.navigation import NAVIGATION
from cleaners.rules.promotions import PROMOTIONS
from cleaners.rules.related import RELATED
from cleaners.rules.rule import ContextRule, Rule

_BY_ID = {rule.id: rule for rule in (*ATTRIBUTION, *DISCUSSION, *MEDIA, *NAVIGATION, *PROMOTIONS, *RELATED)}


def _pick(*ids: str) -> tuple[Rule, ...]:
    return tuple(_BY_ID[i] for i in ids)


# Order is precedence. Specific attribution lines go before generic navigation words, dates
# before credits (a bare date looks like NAME/NAME), related labels before promotions.
LINE_RULES: tuple[Rule, ...] = _pick(
    "nav.skip_link",
    "editor.note",
    "contributors.contributed",
    "contributors.labelled",
    "byline.dotted",
    "dateline.updated",
    "dateline.published",
    "dateline.bare",
    "footer.copyright",
    "consent.cookies",
    "footer.contact",
    "footer.disclaimer",
    "author.bio",
    "wire.tag",
    "related.inline",
    "related.label",
    "more.label",
    "teaser.bracket_tag",
    "teaser.glued_card",
    "teaser.age",
    "topics.label",
    "author.about",
    "comments.start",
    "comments.header",
    "comments.form",
    "credit.slashed",
    "credit.agency",
    "credit.labelled",
    "credit.image_copyright",
    "caption.labelled",
    "caption.phrasing",
    "video.duration",
    "video.player",
    "media.control",
    "media.loading",
    "media.scale_labels",
    "promo.app_banner",
    "promo.notifications",
    "promo.social",
    "promo.survey",
    "promo.audio",
    "promo.click_here",
    "promo.paywall",
    "promo.adblock",
    "feedback.report_error",
    "promo.subscription",
    "promo.newsletter",
    "ad.label",
    "nav.menu_item",
    "nav.account_form",
    "nav.share",
    "nav.site_link",
    "nav.link_list",
    "nav.pager",
    "markup.shortcode",
    "nav.label",
    "byline.by",
)

RULES_BY_ID = _BY_ID

__all__ = ["CONTEXT_RULES", "CONTEXT_RULES_BY_ID", "LINE_RULES", "RULES_BY_ID", "ContextRule", "Rule"]
