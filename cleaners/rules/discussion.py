"""Comment sections and forms: the readers' part of the page, never the article."""

from __future__ import annotations

from cleaners.rules.rule import Rule

DISCUSSION: tuple[Rule, ...] = (
    Rule(
        id="comments.start",
        reason="start of the comment section: what follows is readers' text",
        pattern=r"(?:leave|post|add|write|join) (?:a|the|your) (?:reply|comment|conversation)s?"
        r"|be part of the conversation|join the (?:conversation|discussion|debate)"
        r"|(?:\d+ |no |show |view |see |read |load )?(?:all )?(?:comments?|responses?|replies)(?: \(\d+\))?"
        r"|jump to comments.*|comment(?:aire)?s? (?:are|is) closed.*"
        r"|(?:\d+ )?(?:coment[áa]rios?|commenti|kommentare|commentaires|комментарии|reacties|komentarze)"
        r"|kommentar (?:hinzufügen|schreiben|verfassen)|schreibe(?:n sie)? einen kommentar|(?:ajouter|laisser) un commentaire"
        r"|(?:añadir|dejar|deja) (?:un |tu )?comentario|lascia un commento|dodaj komentarz|reactie toevoegen"
        r"|comentar|kommentieren|commenter|commentare|komentuj"
        r"|ver todos os coment[áa]rios.*|discussion|conversation"
        r"|[\[(]?\s?\d+ comments?\s?[\])]?|(?:top|most|best|newest|oldest|featured|reader"
        r"|readers[’']?) (?:rated )?comments?",
        examples=(
            "Leave a Reply",
            "BE PART OF THE CONVERSATION",
            "Jump to comments ↓",
            "No comments",
            "Comentários",
            "Ver todos os comentários (3)",
            "[ 167 comments ]",
            "Top Rated Comments",
            "11 Kommentare",
            "Kommentar hinzufügen",
            "Deja un comentario",
            "Comentar",
        ),
        counterexamples=(
            "Comments from the mayor angered residents.",
            "Kommentare des Bürgermeisters sorgten für Ärger.",
        ),
        max_words=7,
        role="end",
    ),
    Rule(
        id="comments.header",
        reason="comment count heading above the readers' comments ('10 thoughts on “Title”')",
        pattern=r"(?:\d+|one|two|three) (?:thoughts?|responses?|comments?|replies|reactions?) (?:on|to) .*[^.]"
        r"|(?:\d+|eine?) (?:antworten?|kommentare?|gedanken) (?:zu|auf|zum|zur) .*[^.]"
        r"|\d+ (?:réponses?|commentaires?|respuestas?|comentarios?|risposte|commenti) (?:à|sur|a|en|para|su) .*[^.]",
        examples=(
            "10 thoughts on “Business Focus: It’s Why Some People Triumph Online”",
            "2 responses to Why it matters",
            "11 Antworten zu „Warum die Fähre nicht mehr fährt“",
            "3 réponses à « Le port ferme »",
        ),
        counterexamples=("Two responses to the crisis emerged in parliament on Monday, officials said.",),
        max_words=30,
        role="end",
    ),
    Rule(
        id="comments.form",
        reason="comment-form text and moderation notices",
        pattern=r".*\b(?:your email address will not be published|required fields are marked"
        r"|community guidelines|civil and constructive|keep (?:your )?comments|comments? (?:are|is) moderated"
        r"|não representam a opinião|ainda não verificados|share a story idea|submit it here"
        r"|forum for civil|log in to comment|sign in to comment|comment policy|comments (?:are|be|must be) civil"
        r"|wird nicht veröffentlicht|ne sera pas publiée|no será publicada|non sarà pubblicato|wordt niet gepubliceerd"
        r"|nie zostanie opublikowany|(?:wird )?benötigt und nicht veröffentlicht"
        r"|campos obligatorios|pflichtfelder|champs obligatoires|campi obbligatori|campos obrigatórios)\b.*"
        # A comment form's field labels, marked required ('Nombre (*):', 'E-Mail *').
        r"|(?:nombre|name|nom|nome|correo(?: electrónico)?|e-?mail|comentario|kommentar|commentaire|commento"
        r"|website|web|sitio web|site web)\s?\(?\*\)?\s?:?"
        r"|responder|denunciar|reply|report(?: abuse)?|rispondi|antworten|répondre",
        examples=(
            "Your email address will not be published. Required fields are marked *",
            "Please keep your comments respectful and relevant. You can review our Community Guidelines by clicking here",
            "Responder",
            "E-Mail (wird nicht veröffentlicht)",
            "Votre adresse e-mail ne sera pas publiée.",
            "Nombre (*):",
            "* Campos obligatorios",
        ),
        counterexamples=("Reply to the letter came on Monday, the ministry said in a statement.",),
        max_words=40,
        triggers=(
            "published",
            "required",
            "guidelines",
            "constructive",
            "comments",
            "comment",
            "representam",
            "verificados",
            "idea",
            "submit",
            "forum",
            "responder",
            "denunciar",
            "reply",
            "report",
            "rispondi",
            "antworten",
            "répondre",
            "civil",
            "veröffentlicht",
            "publiée",
            "publicada",
            "pubblicato",
            "gepubliceerd",
            "opublikowany",
            "obligatorios",
            "pflichtfelder",
            "obligatoires",
            "obbligatori",
            "obrigatórios",
            "*",
        ),
    ),
    Rule(
        id="feedback.report_error",
        reason="prompt to report a mistake in the article ('Found a typo? Press Ctrl+Enter')",
        # News sites in many languages put it under the article, as a line or a button.
        pattern=r".*\bctrl\s?\+\s?enter\b.*|.*\bziņot par kļūdu\b.*|.*\bсообщить об ошибке\b.*"
        r"|(?:found|spotted|see|noticed?) an? (?:error|typo|mistake)(?: in (?:this|the) (?:article|story|text))?\s?\?.*"
        r"|report an? (?:error|typo|mistake|correction)"
        r"|[【\[]纠错[】\]].*"
        r"|zgłoś błąd(?: na stronie)?|signaler une (?:erreur|faute)|fehler (?:melden|gefunden\s?\?)"
        r"|нашли ошибку\s?\?.*|знайшли помилку\s?\?.*|kļūda rakstā\s?\?"
        r"|reportar (?:un )?error|¿?(?:has )?encontrado (?:un|algún) error\s?\?.*|segnala(?:re)? un errore",
        examples=(
            "Found a typo? Select the text and press Ctrl+Enter.",
            "Spotted an error? Let us know",
            "Report an error",
            "【纠错】 【编辑:某某】",
            "Zgłoś błąd",
            "Signaler une erreur",
            "Нашли ошибку? Выделите ее и нажмите Ctrl+Enter",
        ),
        counterexamples=(
            "Spotted an error in the ballots, officials halted the count.",
            "Users can report an error to the agency by phone, the ministry said.",
        ),
        max_words=30,
        triggers=(
            "ctrl",
            "ziņot",
            "сообщить",
            "found",
            "spotted",
            "see",
            "notice",
            "noticed",
            "report",
            "纠错",
            "zgłoś",
            "signaler",
            "fehler",
            "нашли",
            "знайшли",
            "kļūda",
            "reportar",
            "encontrado",
            "segnala",
            "segnalare",
        ),
    ),
)
