"""Who and when: bylines, datelines, contributor lines, editor's notes, bios, wire tags,
copyright and footer disclaimers. Most of these lines move to metadata."""

from __future__ import annotations

from cleaners.rules.rule import Rule

_CAP = r"(?-i:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*)"
MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?"
    r"|sep(?:t(?:ember)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?"
)
DATE_SHAPE = (
    r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}\.?\s?\w{3,10}\.?,?\s\d{4}|\d{1,2}\.\w{3,9}\.\d{4}"
    rf"|(?:{MONTHS})\s\d{{1,2}},?\s\d{{4}}|\d{{1,2}} de \w+ de \d{{4}}|\d+ (?:hours?|minutes?|days?) ago)"
)

# Labels that introduce contributors' names; shared with the parser in cleaners.metadata.
CONTRIBUTOR_LABEL = (
    r"[—–-]?\s?(?:contributing\s?[:：]|additional reporting(?: by)?|reporting by|with assistance from|with files from"
    r"|with reporting by|colaborou|colaboraram|colabor[oó]|con la colaboraci[óo]n de|mitarbeit"
    r"|при участии|com informações de|con información de)\s?[:：]?\s"
)

ATTRIBUTION: tuple[Rule, ...] = (
    Rule(
        id="byline.by",
        reason="byline: 'By' and the authors' names",
        pattern=rf"(?:by|von|par|por|di|de|door|av|автор|texto|text|written by|words by)\s?:?\s{_CAP}"
        rf"(?:,? (?:{_CAP}|(?-i:and|und|et|e|y|и|of|the|de|da|do|di|del|van|von|der)|[&,·|/-]))*(?: ?[|·] .*)?",
        examples=(
            "By HNN Staff | November 18, 2019 at 2:26 PM HST - Updated November 18 at 4:46 PM",
            "By Maria Olsen, CNN",
            "By Ines Duarte and Paul Mensah",
            "di Niccolò Ferraresi",
        ),
        counterexamples=(
            "By Tuesday, most residents had left.",
            "Por qué importa",
            "By the end of the day, it was over.",
        ),
        max_words=30,
        field="authors",
        role="meta",
    ),
    Rule(
        id="byline.dotted",
        reason="byline row: author · outlet · posted date",
        # The dots stand between spaces: Chinese and Japanese text writes a foreign name's parts
        # with the same dot and no spaces, inside ordinary sentences.
        pattern=r"[^·]{2,60}\s·\s[^·]{2,60}\s·.*",
        examples=("Asha Patel · Example News · Posted: May 14, 2024 4:00 AM CDT | Last Updated: 9 hours ago",),
        counterexamples=("Tea · Coffee", "研究员约翰·保罗·史密斯表示，会谈为两国关系带来了希望。"),
        max_words=30,
        triggers=("·",),
        field="authors",
        role="meta",
    ),
    Rule(
        id="dateline.updated",
        reason="'updated' or 'modified' timestamp",
        pattern=r"\(?(?:last )?(?:updated|modified|atualizad[oa]|actualizad[oa]|aggiornato|aktualisiert"
        r"|mis à jour|обновлено|modifica il|edited)(?: on| at| el| em| le| am)?\s?[:：]?.*",
        examples=(
            "Updated 9:42 AM EDT, Wed May 15, 2024",
            "Modified: 18/06/2024 - 18:05",
            "обновлено: 14 мая 2024, 13:10",
            "Atualizado: 14.mai.2024 às 19h47",
        ),
        counterexamples=("Updated figures show a 4% rise in unemployment across the region this year.",),
        max_words=12,
        role="date",
    ),
    Rule(
        id="dateline.published",
        reason="publication timestamp",
        pattern=r"(?:published|posted|issued|publicado|pubblicato|veröffentlicht|publié|опубликовано|publicada|diterbitkan)"
        rf"(?: on| at| el| em| le| am| il)?\s?[:：]?\s?(?:\d|(?:{MONTHS}|mon|tue|wed|thu|fri|sat|sun)\b).*",
        examples=(
            "Published 6:10 AM EDT, Tue May 14, 2024",
            "Issued on: 18/06/2024 - 16:27",
            "Published 5:02 a.m. ET April 3, 2024 | Updated 9:15 a.m. ET April 3, 2024",
        ),
        counterexamples=("Published reports in 2019 said the plant was unsafe and the town knew it.",),
        max_words=20,
        field="published",
        role="date",
    ),
    Rule(
        id="dateline.bare",
        reason="a line that is only a date and time",
        pattern=rf"(?:\w{{3,9}},? )?{DATE_SHAPE}(?:,? (?:at |às |alle |um |в "
        rf"|à |[-–|/] )?\d{{1,2}}[:.h]\d{{2}}(?: ?[ap]\.?m\.?)?)?"
        r"(?: [A-Z]{2,4})?(?: \(.*\))?",
        examples=(
            "November 20, 2019 - 11:28 AMT",
            "May 14, 2024 at 9:03 AM EDT",
            "14 мая 2024, 12:45",
            "14.mai.2024 às 15h20",
            "05/14/2024 06:00 AM EDT",
            "14 maggio 2024 (modifica il 14 maggio 2024 | 19:05)",
        ),
        counterexamples=("May 14, 2024 was the day the bridge closed for good.",),
        max_words=12,
        field="published",
        role="date",
    ),
    Rule(
        id="contributors.contributed",
        reason="contributor line: '... contributed to this report'",
        pattern=r".{3,200}\bcontributed (?:to )?(?:this |the )?(?:report|story|article|reporting)(?: from .*)?\.?",
        examples=(
            "The Ledger’s Dana Whitfield, Omar Reyes and Lena Park contributed to this report.",
            "— Ledger News’ Ana Ruiz contributed to this report.",
        ),
        counterexamples=("She said the storm contributed to the damage.",),
        max_words=40,
        triggers=("contributed",),
        field="contributors",
        role="meta",
    ),
    Rule(
        id="contributors.labelled",
        reason="contributor line introduced by a label (Contributing:, With assistance from, With files from)",
        pattern=CONTRIBUTOR_LABEL + r".+",
        examples=(
            "Contributing: Sam Ortiz, Valley Courier",
            "— With assistance from Rui Costa and Mei Tanaka",
            "Colaborou Bruno Alves",
            "With files from Kim Lowry",
        ),
        counterexamples=(
            "Contributing factors included the heat.",
            "Avec le soutien de la mairie, le projet avance depuis mai.",
        ),
        max_words=30,
        field="contributors",
        role="meta",
    ),
    Rule(
        id="editor.note",
        reason="editor's note, update note or correction",
        pattern=r"(?:editor[’']s note|editors[’'] note|note from the editor|correction|clarification|update|nota del editor"
        r"|nota da reda[çc][ãa]o|anmerkung der redaktion|n\.d\.r\.|note de la rédaction)\s?[:：].*"
        r"|this (?:story|article|report|post) (?:has been|was) (?:updated|corrected|revised).*"
        r"|an earlier version of this (?:story|article).*|\(updates? (?:with|to) .*\)",
        examples=(
            "Editor's Note: This article has been updated to include comments.",
            "This story has been updated with additional details and developments.",
            "(Updates with analyst comment in sixth paragraph.)",
        ),
        counterexamples=("The update, he said, would take weeks.",),
        max_words=80,
        field="editor_notes",
        role="meta",
    ),
    Rule(
        id="author.bio",
        reason="author biography or contact line",
        pattern=r".*\b(?:story tips can be sent|reach (?:him|her|them|me) at|follow (?:him|her|them|me) on"
        r"|is a (?:\w+ ){0,3}(?:reporter|correspondent|writer|editor|journalist|columnist|producer)"
        r" (?:for|with|at|based)|covers [\w ,&-]{3,80} for (?:the )?[A-Z])\b.*"
        r"|.*\b[\w.+-]+@[\w-]+\.[\w.-]+\b.*",
        examples=(
            "Alan Reed is a reporter for Example News Digital. Story tips can be sent to alan.reed@example.com.",
            "Asha Patel is a reporter with Example Radio based in Winnipeg.",
        ),
        counterexamples=("The reporter asked about the budget.",),
        max_words=60,
        triggers=(
            "tips",
            "reach",
            "follow",
            "reporter",
            "correspondent",
            "writer",
            "editor",
            "journalist",
            "columnist",
            "producer",
            "covers",
            "@",
        ),
        role="meta",
    ),
    Rule(
        id="wire.tag",
        reason="wire or syndication tag",
        pattern=r"[\w]+(?:-[\w]+)*-wire|\(?[\w .&]{2,30} (?:with|and|avec|con|com|mit) (?:afp|ap|reuters|agencies|dpa|efe|ansa)\)?"
        r"|\((?:afp|ap|reuters|dpa|efe|ansa|upi)\)|source link|source:? .{2,40}|fonte:? .{2,40}|quelle:? .{2,40}",
        examples=("The-Ledger-Wire", "(EXAMPLE 24 with AFP)", "Source link"),
        counterexamples=("Sources said the wire was cut.",),
        max_words=8,
    ),
    Rule(
        id="footer.copyright",
        reason="copyright line",
        pattern=r".{0,40}(?:©|\(c\)|copyright|℗|™).*(?:\b(?:1[89]|20)\d\d\b|rights|reserv|direitos|diritti|derechos"
        r"|droits|rechte|права).*"
        r"|(?:©|\(c\)|copyright) [^.]{2,60}\b(?:inc|llc|ltd|limited|gmbh|s\.\s?[la]|s\.p\.a|plc|corp|co|ag|bv|oy|ab)\.?"
        r"|.*\b(?:all rights reserved|todos os direitos reservados|tutti i diritti (?:sono )?riservati"
        r"|todos los derechos reservados|tous droits réservés|alle rechte vorbehalten|все права защищены"
        r"|riproduzione riservata)\b.*",
        examples=(
            "© EDICIONES EJEMPLO S.L.",
            "™ & © 2022 Example Broadcasting, Inc. All rights reserved.",
            "© RIPRODUZIONE RISERVATA",
            "Copyright Jornal Exemplo. Todos os direitos reservados.",
            "©2024 Example L.P. All Rights Reserved.",
        ),
        counterexamples=("© Иван Петров/ТАСС", "© Jane Smith"),
        max_words=50,
        triggers=(
            "©",
            "(c)",
            "copyright",
            "℗",
            "™",
            "rights",
            "reserved",
            "reservados",
            "riservati",
            "réservés",
            "vorbehalten",
            "защищены",
            "riservata",
        ),
        field="copyright",
        role="meta",
    ),
    Rule(
        id="consent.cookies",
        reason="cookie or privacy consent banner",
        pattern=r".*\bcookies?\b.*\b(?:website|site|experience|consent|browser|accept|settings|preferences|opt.out"
        r"|necessary|analytics|privacy|navigate|function)\b.*|accept(?: all)?(?: cookies)?|reject all|i agree|agree"
        r"|.*\b(?:utilizamos|usamos|utilizziamo|nous utilisons|wir verwenden|мы используем) cookies\b.*",
        examples=(
            "This website uses cookies to improve your experience.",
            "Accept all",
            "Necessary cookies are absolutely essential for the website to function properly.",
        ),
        counterexamples=("The bakery sold 400 cookies on Saturday, the owner said.",),
        max_words=90,
        triggers=("cookie", "cookies", "accept", "reject", "agree"),
    ),
    Rule(
        id="footer.contact",
        reason="contact details: a telephone, fax or messaging number",
        pattern=r".*\b(?:tel(?:ephone)?|phone|fax|whatsapp|call us)\s?[:：]\s?[+\d*(].*",
        examples=("Reader Service Centre: Telephone: *1234 * Extension 2", "Tel: +44 20 7946 0000"),
        counterexamples=("He said in a telephone interview that the talks had stalled.",),
        max_words=120,
        triggers=("tel", "telephone", "phone", "fax", "whatsapp", "call"),
    ),
    Rule(
        id="footer.disclaimer",
        reason="legal or editorial disclaimer from the site footer",
        pattern=r".*\b(?:may not be (?:published|reproduced|redistributed)|is not responsible for the content"
        r"|market data provided by|quotes (?:displayed|delayed)|by (?:signing up|subscribing|continuing), you"
        r"|(?:protected|powered) by recaptcha|privacy policy and terms of service|we use cookies"
        r"|audience ratings certified|does not exist or is not available|requires javascript"
        r"|(?:enable|turn on) javascript|javascript (?:is )?(?:disabled|required)"
        r"|registration (?:certificate|of mass media)|свидетельство о регистрации|правила использования)\b.*",
        examples=(
            "This material may not be published, broadcast, rewritten, or redistributed.",
            "Example 24 is not responsible for the content of external websites.",
            "This slideshow requires JavaScript.",
        ),
        counterexamples=("The mayor is not responsible for the delay, the council said.",),
        max_words=80,
        triggers=(
            "material",
            "content",
            "article",
            "story",
            "responsible",
            "market",
            "quotes",
            "signing",
            "subscribing",
            "continuing",
            "recaptcha",
            "privacy",
            "cookies",
            "ratings",
            "exist",
            "javascript",
            "registration",
            "свидетельство",
            "правила",
        ),
    ),
)
