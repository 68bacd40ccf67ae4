"""Teasers for other articles: inline 'READ MORE: headline' and labelled teaser lists."""

from __future__ import annotations

from cleaners.rules.rule import Rule

READ_MORE = (
    r"read more|read also|also read|see also|related(?: articles?| story| stories| coverage| content| links| posts?| news)?"
    r"|more on this(?: story)?|leia (?:mais|tamb[ée]m)|veja tamb[ée]m|saiba mais|leggi anche|leggi pure"
    r"|lesen sie (?:auch|mehr)|mehr zum thema|lire aussi|[àa] lire (?:aussi|également)|voir aussi|le[ae] (?:tambi[ée]n|m[áa]s)"
    r"|m[áa]s informaci[óo]n|ve[ar]? tambi[ée]n|читайте также|читайте подробнее|по теме|baca juga|relacionad[ao]s"
    r"|notícias relacionadas|noticias relacionadas|articoli correlati|ähnliche (?:artikel|beiträge)"
    # German, Polish, French, Dutch and Italian labels of the same family.
    r"|auch interessant|weitere (?:artikel|beiträge|nachrichten)|(?:das(?: thema)? |dies )?könnte (?:dich|sie|euch) auch interessieren"
    r"|siehe auch|schon gelesen\??"
    r"|(?:zobacz|czytaj|przeczytaj) (?:też|także|również|więcej)|polecamy|pour approfondir|sur le même sujet"
    r"|lees (?:ook|meer)|zie ook|gerelateerde artikelen|potrebbe interessarti|ti potrebbe interessare"
    # Spanish "you may be interested", Hungarian "these may interest you", Nordic "read also".
    r"|(?:tambi[ée]n )?(?:le|te|les) (?:puede|podr[íi]a)n? interesar|ezek is érdekelhetnek|ez is érdekelheti"
    r"|kapcsolódó cikk(?:ek)?|lue myös|läs också|læs også|les også"
)
INLINE_ONLY = r"lea|mira|lesenswert|lesetipp"
"""Labels that announce a teaser only when a colon and a headline follow ("Lea: ...")."""

RELATED: tuple[Rule, ...] = (
    Rule(
        id="related.inline",
        reason="inline teaser for another article: label, colon, headline",
        pattern=rf"(?:{READ_MORE})\s?[:：\-–—|]\s?.+|(?:{INLINE_ONLY})\s?[:：]\s?.+",
        examples=(
            "READ MORE: Ukraine urges West to be 'vigilant and firm' in negotiations with Russia",
            "Leia mais: Chuva forte derruba árvores",
            "Lea también: El puerto cierra por obras durante el verano",
            "VEA TAMBIÉN: Nuevo horario para el ferry del puerto",
            "Czytaj także: Port zamknięty na lato",
            "Lea: El gobierno anuncia un nuevo plan de vivienda",
            "MIRA: Así quedó el puerto tras la tormenta",
            "Lesenswert: Warum die Fähre nicht mehr fährt",
        ),
        counterexamples=(
            "Read more books, the minister urged.",
            "Auch interessant war die Frage, wer den Umbau bezahlt.",
            "Polecamy ostrożność, powiedział burmistrz: most jest zamknięty.",
            "Mira la diferencia, dijo el alcalde.",
            "Lea Schmidt: Ich wollte nie Bürgermeisterin werden.",
        ),
        max_words=30,
        field="related",
        role="meta",
    ),
    Rule(
        id="related.label",
        reason="label announcing teasers for other articles",
        pattern=rf"(?:{READ_MORE})\s?[:：]?",
        examples=(
            *("Related article", "Read more", "Leggi anche", "Читайте также", "RELATED STORIES", "Relacionadas"),
            *("Auch interessant:", "Weitere Artikel", "Das könnte Sie auch interessieren", "Zobacz też", "Polecamy"),
            *("Pour approfondir", "Lees ook", "Sur le même sujet", "Le puede interesar", "Siehe auch"),
            *("Schon gelesen?", "Das Thema könnte dich auch interessieren:", "Ezek is érdekelhetnek"),
        ),
        counterexamples=(
            "Related charges were dropped.",
            "Weitere Artikel folgen im Herbst, sagte sie.",
            "Le puede interesar saber que el puerto abre a las ocho.",
        ),
        max_words=6,
        role="label",
    ),
    Rule(
        id="more.label",
        reason="label of a list of other stories (popular, more from the site, recommended)",
        pattern=r"(?:more (?:from|on|stories|news|in)|most (?:popular|read|viewed|shared)|popular(?: now)?"
        r"|top reads|must (?:read|see)|don[’']t miss|recommended(?: for you| stories| reading)?|you (?:may|might) (?:also )?like"
        r"|trending(?: now)?|more stories|more headlines"
        r"|editor[’']s picks|le più lette|mais lidas|lo más leído|meistgelesen|les plus lus"
        r"|самое читаемое|story timeline|what to read next|up next|latest (?:news|stories)"
        r"|meistdiskutiert\w*|meistkommentiert\w*|beliebte (?:artikel|beiträge|tags)|entdecke (?:weitere|mehr)"
        r"|mehr (?:kolumnen|artikel|beiträge|nachrichten|news|videos) (?:auf|von|aus|bei|zu|zum)"
        r"|más noticias|plus d['’]articles|altre notizie).*",
        examples=(
            "More from Example",
            "Most Popular",
            "Top Reads",
            "Le più lette",
            "Popular Now in News",
            "Story Timeline",
            "Meistdiskutierte Artikel",
            "Entdecke weitere Reportagen",
            "Mehr Artikel aus der Region",
        ),
        counterexamples=("More than 200 people attended.", "Mehr Artikel als je zuvor erschienen im Juni."),
        max_words=6,
        role="end",
    ),
    Rule(
        id="teaser.bracket_tag",
        reason="teaser headline tagged with its section in brackets ('... [NEWS]')",
        pattern=r".{5,200} \[(?-i:[A-Z][A-Z ]{1,14})\]",
        examples=(
            "Plane passengers quarantined after outbreak [NEWS]",
            "Holidaymakers die after eating marmot [INSIGHT]",
        ),
        counterexamples=("He said [the plan] would work.",),
        max_words=30,
        triggers=("[",),
    ),
    Rule(
        id="teaser.age",
        reason="a teaser's relative age ('1H ago', 'vor 2 Stunden'): lists of other stories print it under each headline",
        pattern=r"(?:\d{1,2}\s?[mhd]|\d{1,3} (?:min(?:ute)?s?|h(?:ou)?rs?|hours?|days?)) ago(?: \S+){0,2}"
        r"|(?:vor|hace|il y a|há) \d{1,3} (?:min(?:uten?|utos?)?\.?|minutes?|stunden?|std\.?|tagen?|horas?|heures?"
        r"|h|días|dias|jours?)"
        r"|\d{1,3} (?:minuti|ore|giorni) fa",
        examples=(
            "1H ago",
            "25M ago",
            "3 hours ago",
            "vor 2 Stunden",
            "hace 5 horas",
            "il y a 3 heures",
            "3H ago 12 photos",
        ),
        counterexamples=("Three hours ago the ferry left port, the captain said.", "12 years ago"),
        max_words=5,
    ),
    Rule(
        id="teaser.glued_card",
        reason="teaser card: a title-case headline glued to its blurb ('...Student-AthleteA 24-year-old ...')",
        pattern=r"(?:(?:[A-Z0-9$‘'\"“][^\s]*|of|in|a|an|the|and|to|for|on|at|by|with|vs\.?|is|as|from|after|over) ){3,25}?"
        r"\S*?(?:[a-z]{2,}[A-Z](?:[a-z]{2,}|[a-z]?\s[a-z0-9])|[0-9?!’”][A-Z][a-z]{2,}).*",
        examples=(
            "Police: 2 In Custody After Death Of Student-AthleteA 24-year-old woman and a man were arrested",
            "Is Violence In Sports On The Rise?Violence is part of the game in many sports",
            "Late Penalty Ends Her Title RunMaria Lopez's championship run was cut short",
            "Here Are The Top Fitness Deals In OaklandIn the market to save some money",
        ),
        counterexamples=(
            "State Gov. Ana DeLuca said on Monday that the state would appeal.",
            "Senate Majority Leader Ian McCallister said the vote would go ahead.",
        ),
        max_words=80,
        case_sensitive=True,
    ),
    Rule(
        id="topics.label",
        reason="tags and topics list at the end of the article",
        pattern=r"(?:related topics|topics?|tags?|keywords|filed under|archivado en|теги|темы|schlagworte"
        r"|mots-clés|palavras-chave|argomenti|article topic follows)(?:\s?[:：]\s?.*)?",
        examples=("Related Topics", "Filed under:", "Keywords", "Теги", "Article Topic Follows: CNN - Politics"),
        counterexamples=("Topics ranged from taxes to schools, the mayor said.",),
        max_words=30,
        role="end",
    ),
    Rule(
        id="author.about",
        reason="label of the author's biography box",
        pattern=r"about the authors?|sobre o autor|sobre el autor|à propos de l'auteur"
        r"|über den autor|об авторе|l'autore",
        examples=("ABOUT THE AUTHOR",),
        counterexamples=("About the author's new book, critics were divided.",),
        max_words=4,
        role="end",
    ),
)
