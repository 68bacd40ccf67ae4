"""Navigation, menus, share bars, labels: the furniture around every article."""

from __future__ import annotations

from cleaners.rules.rule import Rule, alternatives

NAVIGATION: tuple[Rule, ...] = (
    Rule(
        id="nav.skip_link",
        reason="accessibility skip link at the top or bottom of the page",
        pattern=r"(?:skip|jump) to (?:the )?(?:main )?(?:content|navigation|search|footer|menu)"
        r"|ir para o conte[úu]do|aller au contenu(?: principal)?|zum inhalt(?: springen)?"
        r"|saltar al contenido(?: principal)?|vai al contenuto(?: principale)?"
        r"|перейти к (?:содержанию|контенту)|naar de inhoud",
        examples=("Skip to Content", "Skip to main content", "Ir para o conteúdo", "Jump to navigation"),
        counterexamples=("Skip to the end, the mayor said.", "Skip the line"),
        max_words=5,
    ),
    Rule(
        id="nav.menu_item",
        reason="site menu or account link: a one-to-three word navigation item",
        pattern=alternatives(
            r"menu", r"main menu", r"home(?:page)?", r"search(?: \S+)?", r"sign (?:in|up|out)",
            r"log ?(?:in|out)", r"register", r"my account", r"account", r"profile", r"edition",
            r"sections?", r"all sections", r"more", r"close", r"open", r"newsletters?", r"podcasts?",
            r"videos?", r"watch(?: tv| live)?", r"listen(?: live)?", r"live(?: now| tv)?",
            r"latest(?: news)?", r"trending", r"top stories", r"quick links", r"footer links",
            r"e-edition", r"e-paper", r"epaper", r"subscribe(?: now)?", r"subscriptions?",
            r"abbonati", r"accedi", r"assine", r"entrar", r"anmelden", r"abonnieren", r"suche",
            r"s'abonner", r"se connecter", r"connexion", r"suscr[íi]bete", r"iniciar sesi[óo]n",
            r"buscar", r"pesquisar", r"cerca", r"rechercher", r"войти", r"поиск", r"меню",
            r"tutte le sezioni", r"todas las secciones", r"toutes les rubriques", r"english version",
            r"английская версия", r"more sections", r"back to top", r"go to top", r"programmes",
            r"my feed", r"for you", r"following", r"notifications?", r"weather", r"games",
        ),
        examples=("Menu", "Sign In", "Listen Live", "Tutte le sezioni", "Search SlashGear", "Close"),
        counterexamples=("More than 40 people were hurt.", "Search and rescue teams arrived"),
        max_words=3,
    ),
    Rule(
        id="nav.share",
        reason="social sharing and print/email buttons",
        pattern=alternatives(
            r"facebook", r"twitter", r"x", r"tweet", r"e-?mail", r"print", r"linkedin", r"reddit",
            r"whatsapp", r"pinterest", r"flipboard", r"telegram", r"youtube", r"instagram",
            r"tiktok", r"threads", r"bluesky", r"rss", r"copy link", r"link copied!?",
            r"share(?: this)?(?: article| story| on \w+)?", r"social sharing", r"compartilh(?:e|ar)",
            r"condividi", r"teilen", r"partager", r"compartir", r"поделиться", r"vk", r"ok",
            r"gift this article", r"save(?: article)?", r"salvar artigos?", r"bookmark",
        ),
        examples=("Facebook", "Tweet", "Link Copied!", "Social Sharing", "Gift this article"),
        counterexamples=("Facebook said on Tuesday it would appeal.",),
        max_words=4,
    ),
    Rule(
        id="nav.site_link",
        reason="footer link to the site's legal, help or corporate pages",
        pattern=alternatives(
            r"terms(?: of (?:use|service|sale))?(?: and conditions)?", r"(?:updated )?privacy(?: policy| notice| settings)?",
            r"cookies?(?: policy| settings| preferences)?", r"ad ?choices", r"accessibility(?: statement| & cc| help)?",
            r"about(?: [^\W\d][\w.&-]*){0,3}", r"contact(?: us| [\w.-]+)?", r"careers", r"jobs", r"advertise(?: with us)?",
            r"help(?: cent(?:er|re))?", r"faq", r"site ?map", r"trademarks", r"legal(?: information| statement| notice)?",
            r"do not sell(?: or share)? my personal information", r"your privacy choices",
            r"corrections?(?: (?:&|and) clarifications)?", r"closed captioning policy", r"newsroom staff directory",
            r"submit (?:a news tip|feedback)", r"report (?:an )?error", r"request a correction", r"write for us",
            r"press(?: room)?", r"photos", r"headlines", r"digital edition", r"print subscriptions",
            r"credit card payments", r"breaking news alerts", r"feedback", r"transcripts", r"made in nyc",
            r"impressum", r"datenschutz(?:erklärung)?", r"mentions légales", r"aviso legal", r"política de privacidad",
            r"política de privacidade", r"termos de uso", r"note legali", r"contatti", r"chi siamo",
            r"support local business", r"media kit", r"licensing", r"reprints(?: & permissions)?",
            r"manage (?:cookies|preferences|consent)", r"advertising", r"rss feeds?",
        ),
        examples=("Terms of Use", "Privacy Policy", "Do Not Sell or Share My Personal Information", "About CBC News"),
        counterexamples=("About 40 people were hurt.", "Contact was lost at 9 p.m."),
        max_words=9,
    ),
    Rule(
        id="nav.link_list",
        reason="a row of links separated by pipes",
        pattern=r"[^|.!?]{1,40}(?:\s?\|\s?[^|.!?]{1,40}){1,}",
        examples=("Gazzetta | Corriere Innovazione | Amica | Living", "Corrections and clarifications|Submit a news tip"),
        counterexamples=("Published 5:02 a.m. ET April 3, 2024 | Updated 9:15 a.m.",),
        max_words=16,
    ),
    Rule(
        id="nav.pager",
        reason="link to the previous or next post",
        pattern=r"(?:next|previous|prev|older|newer)(?: post| article| story| page)?\s?[:»«›‹>]\s?.*|[«‹<] ?(?:previous|prev)"
        r"|(?:next|newer) ?[»›>]|(?:artigo|post|notícia) (?:anterior|seguinte)|(?:articolo )?(?:precedente|successivo)",
        examples=("Next Post:Tech Level course to help young mechanics", "Previous Post: Free scooter training", "Next »"),
        counterexamples=("Next year the bridge will reopen.",),
        max_words=20,
    ),
    Rule(
        id="markup.shortcode",
        reason="unrendered shortcode or template markup from the site's CMS",
        pattern=r"\[/?[a-z_]+(?:[ =][^\]]*)?\].*|\{\{.*\}\}|\{%.*%\}",
        examples=('[button link="http://example.com/submit/" type="big"] Send us your review', "{{ article.title }}"),
        counterexamples=("[Updated] The council voted on Tuesday.",),
        max_words=40,
        case_sensitive=True,
    ),
    Rule(
        id="nav.label",
        reason="a page label: breaking-news flag, section kicker, reading time, audio player",
        pattern=alternatives(
            r"breaking(?: news)?", r"developing(?: story)?", r"exclusive", r"new", r"live updates?",
            r"updated", r"opinion", r"analysis", r"sponsored", r"\d+ ?(?:minutes?|mins?)(?: read| de leitura| di lettura)?",
            r"(?:reading time|lesezeit|temps de lecture|tiempo de lectura)\W*\d+ ?\w+",
            r"listen(?: to this article)?(?: \(\d+ min\))?", r"ouvir o texto", r"pausar", r"ascolta l'articolo",
            r"artikel anh[öo]ren", r"[ée]couter (?:l'article|cet article)", r"escuchar(?: noticia)?",
            r"diminuir fonte", r"aumentar fonte", r"text size", r"font size", r"a\+? ?a-?",
            r"\d{1,2}:\d{2}", r"comments?", r"\d+ comments?", r"print this (?:page|article)",
        ),
        examples=("Breaking News", "4 minute read", "2 min", "Ouvir o texto", "3:12", "NEW"),
        counterexamples=("New rules take effect today", "Breaking the deadlock took months."),
        max_words=5,
    ),
)
