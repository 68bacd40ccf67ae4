"""Prompts that sell something: apps, notifications, newsletters, subscriptions, ads."""

from __future__ import annotations

from cleaners.rules.rule import Rule, alternatives

PROMOTIONS: tuple[Rule, ...] = (
    Rule(
        id="promo.app_banner",
        reason="smart app banner or 'open in the app' prompt",
        pattern=r"(?:view|open|read|continue) (?:\S+ ){0,4}in(?: the)?(?: app)?"
        r"|.{1,40} app (?:open|get|install|view)"
        r"|(?:download|get|install|try) (?:the |our )?(?:free )?.{0,40}\bapp\b.{0,40}"
        r"|(?:(?:chrome|safari|firefox|edge|opera|continue|open|not now)\s?){2,4}",
        examples=("View Daily Ledger In", "Daily Ledger App Open", "Firefox Safari Continue", "Download the BBC app"),
        counterexamples=("View from the summit", "Open the window, she said."),
        max_words=10,
        triggers=("view", "open", "read", "continue", "app", "chrome", "safari", "firefox", "edge", "opera", "not"),
    ),
    Rule(
        id="promo.notifications",
        reason="browser or push notification prompt",
        pattern=r"be the first to know|(?:get|turn on|allow|enable) (?:browser |push "
        r"|breaking news )?(?:notifications|alerts).*"
        r"|.*\bbrowser notifications\b.*|notify me|ativar notificações|attiva le notifiche",
        examples=(
            "Be the first to know",
            "Get browser notifications for breaking news, live events, and exclusive reporting.",
        ),
        counterexamples=("Residents were the first to know about the leak.",),
        max_words=20,
        triggers=("know", "notifications", "alerts", "notify", "notificações", "notifiche"),
    ),
    Rule(
        id="promo.newsletter",
        reason="newsletter or e-mail sign-up prompt",
        pattern=r".*\b(?:newsletters?|inbox|sign(?:ing)? up|iscriviti|cadastre-se|abonnez-vous"
        r"|suscr[íi]bete|подписаться|рассылк\w*|receba not[íi]cias|your e-?mail|e-?mail address|unsubscribe|no spam)\b.*"
        r"|e-?mail|subscribe|by signing up.*",
        examples=(
            "Subscribe to the Valley Courier Daily Briefing newsletter",
            "Get the morning's top local headlines in your inbox.",
            "Ativar newsletters",
            "Your Email",
            "La newsletter di Gazzetta Locale",
        ),
        counterexamples=("The mayor signed the budget on Tuesday.",),
        max_words=60,
        triggers=(
            "newsletter",
            "newsletters",
            "inbox",
            "sign",
            "signing",
            "iscriviti",
            "cadastre",
            "abonnez",
            "suscríbete",
            "suscribete",
            "подписаться",
            "рассылка",
            "рассылки",
            "рассылку",
            "рассылок",
            "рассылке",
            "рассылкой",
            "receba",
            "unsubscribe",
            "spam",
            "mail",
            "email",
            "subscribe",
        ),
    ),
    Rule(
        id="promo.subscription",
        reason="paywall, subscription or membership prompt",
        pattern=r".*\b(?:subscribers? only|exclusive to subscribers|para assinantes|assine ou fa[çc]a login"
        r"|contenuti esclusivi|confidential tip|start your (?:free )?trial"
        r"|already a subscriber|support (?:our|local) journalism|become a member|unlock this article"
        r"|nur für abonnenten|réservé aux abonnés|exclusivo para suscriptores)\b.*"
        r"|learn more|get in touch|subscribe (?:now|today)",
        examples=(
            "Recurso exclusivo para assinantes",
            "LEARN MORE",
            "Have a confidential tip for our reporters? Get in touch",
        ),
        counterexamples=("Officials said they would learn more after the review.",),
        max_words=20,
        triggers=(
            "subscriber",
            "subscribers",
            "assinantes",
            "assine",
            "esclusivi",
            "tip",
            "trial",
            "journalism",
            "member",
            "unlock",
            "abonnenten",
            "abonnés",
            "suscriptores",
            "learn",
            "touch",
            "subscribe",
            "before",
        ),
    ),
    Rule(
        id="promo.paywall",
        reason="paywall notice: the rest of the article is for subscribers or members",
        # Metered and registration walls print it where the free part of the article stops.
        pattern=r".*(?:会員限定です。|をお読みいただけます。).*"
        r"|.*\b(?:this|the) (?:article|story|content|page) is (?:only )?(?:available|reserved|exclusive) (?:to|for)"
        r" (?:paying )?(?:subscribers|members|registered users)\b.*"
        r"|(?:to (?:continue|keep) reading|to read (?:the|this) (?:full|whole|complete|rest of the) (?:article|story))\b.*"
        r"\b(?:subscribe|subscription|sign in|log in|register|member|premium)\b.*"
        r"|subscribe (?:now )?to (?:read|continue|unlock)\b.*"
        r"|(?:möchten|wollen) sie (?:den artikel )?weiterlesen\s?\?.*"
        r"|mit \S+ weiterlesen|pour lire la suite.*|per continuare a leggere.*"
        r"|para (?:seguir|continuar) leyendo.*(?:suscr|reg[ií]str|inicia).*"
        r"|members only|upgrade to premium",
        examples=(
            "To continue reading, subscribe or log in.",
            "This article is only available to subscribers.",
            "［会員限定］ この記事は会員限定です。登録するとお読みいただけます。",
            "Möchten Sie weiterlesen?",
            "Mit Plus weiterlesen",
            "Pour lire la suite, abonnez-vous",
            "Members only",
        ),
        counterexamples=(
            "The club's lounge is for members only, a spokesman said, and guests must be signed in.",
            "To continue reading the report, the committee adjourned until Monday.",
        ),
        max_words=40,
        triggers=(
            "会員限定です。",
            "をお読みいただけます。",
            "article",
            "story",
            "content",
            "page",
            "reading",
            "read",
            "subscribe",
            "weiterlesen",
            "suite",
            "leggere",
            "leyendo",
            "members",
            "premium",
        ),
    ),
    Rule(
        id="promo.adblock",
        reason="appeal to switch off an ad blocker",
        # Sites that live on advertising replace or follow the article with it.
        pattern=r"(?=.*\b(?:you|your|sie|ihr|ihren|ihre|vous|votre|usted|tu|du|disable|turn off|switch off|whitelist"
        r"|allowlist|deaktivier\w*|abschalten|ausschalten|désactiv\w*|desactiv\w*)\b)"
        r".*\b(?:ad[- ]?blockers?|adblock(?:er|ers)?|ad[- ]block(?:ing)?(?: software| extension)?|werbeblocker"
        r"|bloqueurs? de pub(?:licités?)?|bloqueador(?:es)? de (?:anuncios|publicidad))\b.*",
        examples=(
            "It looks like you are using an ad blocker.",
            "We rely on advertising. Please disable your ad-blocker to keep reading.",
            "Sie haben einen Werbeblocker aktiviert. Bitte schalten Sie ihn ab.",
            "Adblocker deaktiviert?",
            "Vous utilisez un bloqueur de publicités",
        ),
        counterexamples=(
            "Ad blockers are now used by a third of readers, the study found.",
            "The company said its new browser ships with an adblocker built in.",
        ),
        max_words=60,
        triggers=(
            "adblock",
            "adblocker",
            "adblockers",
            "blocker",
            "blockers",
            "blocking",
            "block",
            "werbeblocker",
            "bloqueur",
            "bloqueurs",
            "bloqueador",
            "bloqueadores",
        ),
    ),
    Rule(
        id="promo.click_here",
        reason="all-caps call to action inserted in the body ('CLICK HERE ...')",
        pattern=r"(?:click|tap) (?:here|to)\b.*",
        examples=(
            "CLICK HERE FOR MORE US CRIME COVERAGE",
            "CLICK HERE TO GET THE EXAMPLE NEWS APP",
            "Click here to read more",
        ),
        counterexamples=("Click-through rates fell.",),
        max_words=20,
    ),
    Rule(
        id="promo.social",
        reason="prompt to share a quote or follow the outlet on social media",
        pattern=r".*\bclick to tweet|(?:follow|like|join) (?:us|[\w ]{2,30}) on (?:instagram|facebook|twitter|x|youtube|tiktok|linkedin"
        r"|telegram|whatsapp|threads|bluesky)\b.*|.*\blisten (?:back|again|live)\b.*",
        examples=(
            "The laws of physics apply online too.Click To Tweet",
            "Follow Example Radio on Instagram, Facebook, Twitter and YouTube.",
        ),
        counterexamples=("He told followers on Instagram that he would run again.",),
        max_words=40,
        triggers=("tweet", "follow", "like", "join", "listen"),
    ),
    Rule(
        id="promo.survey",
        reason="reader survey or feedback prompt",
        pattern=r".*\b(?:take (?:our|this|a) (?:short |quick )?survey|taking this survey|give (?:us )?feedback|tell us what you think"
        r"|rate this article|was this (?:article|story) helpful)\b.*|survey|feedback",
        examples=(
            "Welcome to our new article page. Tell us what you think about our new look by taking this survey.",
            "Give Feedback",
        ),
        counterexamples=("A survey of 2,000 voters found most opposed the plan.",),
        max_words=40,
        triggers=("survey", "feedback", "think", "rate", "helpful"),
    ),
    Rule(
        id="promo.audio",
        reason="'listen to this article' audio prompt",
        pattern=r"(?:new)?\s?you can now listen to .*|listen to (?:this|the) (?:article|story).*",
        examples=("NEWYou can now listen to Example News articles!",),
        counterexamples=("You can now vote by mail, officials said, in a change that",),
        max_words=14,
    ),
    Rule(
        id="ad.label",
        reason="advertisement slot label",
        pattern=alternatives(
            r"ad feedback",
            r"advertisements?:?",
            r"advertising(?: disclosure)?",
            r"advertisement feature",
            r"sponsored(?: content)?",
            r"paid (?:partner|post|content)(?: content)?",
            r"partner content",
            r"promoted(?: stories| content)?",
            r"publicidad",
            r"publicidade",
            r"pubblicit[àa]",
            r"anzeige",
            r"werbung",
            r"publicit[ée]",
            r"реклама",
            r"featured (?:weekly )?ad",
            r"ads? by \w+",
            r"(?:story|article) continues below(?: advertisement)?",
            r"continue reading(?: below| the main story)?",
            r"scroll to continue(?: with content)?",
            r"recommended by \w+",
            r"\(?ad\)?",
        ),
        examples=(
            "Ad Feedback",
            "Advertising",
            "Story continues below",
            "Paid Partner Content",
            "Publicidad",
            "Werbung",
        ),
        counterexamples=("Advertising revenue fell 4% in the quarter.",),
        max_words=6,
    ),
)
