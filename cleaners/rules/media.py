"""Photos, videos and their furniture: captions and credits go to metadata, players go away."""

from __future__ import annotations

from cleaners.rules.rule import Rule

# Photo and wire agencies that sign image credits on their own line (a family, not a site).
AGENCIES = (
    r"AP|AFP|Reuters|Getty(?: Images)?|EPA(?:-EFE)?|Shutterstock|iStock(?:photo)?|Alamy|ANSA|dpa"
    r"|TASS|ТАСС|Xinhua|PA(?: Images| Wire)?|AAP|Anadolu(?: Agency)?|Kyodo|Yonhap|EFE|Bloomberg"
    r"|Associated Press|NurPhoto|Sipa(?: USA)?|Imago|picture alliance|Keystone|SOPA Images|UPI"
    r"|РИА Новости|Folhapress|Agência Brasil|Europa Press|LaPresse|Corbis|NASA|Handout"
)

NAME = r"[^\W\d_][\w.'’&-]*(?: (?:[\w.'’&()-]+)){0,6}"
CREDIT_LABEL = (
    r"(?i:(?:photo|photograph|photographer|image|picture|pictured|foto|fotos|bild|credit|crédit|crédito"
    r"|imagen|imagem|immagine|kuva|zdjęcie|afbeelding"
    r"|фото|illustration|video)s?(?: credit)?(?: by)?\s?[:：]\s?|©\s?)"
)

MEDIA: tuple[Rule, ...] = (
    Rule(
        id="credit.slashed",
        reason="image credit shaped like NAME/AGENCY",
        pattern=rf"{CREDIT_LABEL}?{NAME}(?:/{NAME})+",
        examples=(
            "Tom Brenner/AP",
            "Russian Ministry of Foreign Affairs/TASS/Reuters",
            "Photographer: Julio Ortega/Bloomberg",
            "© Иван Петров/ТАСС",
        ),
        counterexamples=("Business / Tech", "24/7", "He said the deal was 50/50 and then left."),
        max_words=10,
        triggers=("/",),
        field="image_credits",
        role="credit",
    ),
    Rule(
        id="credit.agency",
        reason="image credit naming only a photo or wire agency",
        pattern=rf"{CREDIT_LABEL}?\(?(?:{AGENCIES})(?: (?:via|for|/) {NAME})?\)?",
        examples=("Reuters", "AP", "Getty Images", "Photo: AFP"),
        counterexamples=("Reuters reported the deal on Monday.", "APR"),
        max_words=6,
        case_sensitive=True,
        field="image_credits",
        role="credit",
    ),
    Rule(
        id="credit.labelled",
        reason="image credit introduced by a label (Photo:, Credit:, ©, Photo by)",
        pattern=rf"\(?(?:{CREDIT_LABEL}|(?:photo|image|picture|illustration) by ){NAME}\)?",
        examples=(
            "Photo: Jane Smith",
            "© Jane Smith",
            "Photo by Kim Lee for The Times",
            "Credit: NASA",
            "(Image credit: Example Space Co)",
            "Imagen: Agencia Ejemplo",
            "Kuva: Maija Esimerkki",
        ),
        counterexamples=("Photo shows the damage done", "© 2024 Example Media. All rights reserved."),
        max_words=9,
        field="image_credits",
        role="credit",
    ),
    Rule(
        id="credit.image_copyright",
        reason="image credit labelled 'Image copyright' or 'Image source' (a broadcaster's caption box)",
        pattern=r"(?:image|photo|picture) (?:copyright|source|credit)s?\s?[:：]?\s?\S.{0,80}",
        examples=("Image Copyright @BigMachine @BigMachine", "Image source: Getty Images"),
        counterexamples=("Image rights are a growing business for the agency, its director said.",),
        max_words=12,
        field="image_credits",
        role="credit",
    ),
    Rule(
        id="caption.labelled",
        reason="photo caption introduced by a label ('Image caption ...')",
        pattern=r"(?:image|photo|picture) caption\s?[:：]?\s?\S.*|\d{1,3} ?of ?\d{1,3}(?-i:[A-Z]).*",
        examples=(
            "Image caption Taylor Swift's seventh album is the only one she owns",
            "1of4Grass Valley's shoppers look at gas cans",
        ),
        counterexamples=("The caption contest drew 400 entries.",),
        max_words=80,
        field="image_captions",
        role="meta",
    ),
    Rule(
        id="caption.phrasing",
        reason="photo caption recognised by its phrasing ('took this image', 'in this photo', 'pictured left')",
        pattern=r".*\b(?:took this (?:image|photo|picture)|in this (?:file )?(?:photo|image|picture)"
        r"|this (?:photo|image|picture) (?:shows|was taken)|pictured (?:above|below|here|left|right|center|centre))\b.*",
        examples=(
            "New Horizons took this image of the icy moon Europa rising above Jupiter's cloud tops in February 2007.",
        ),
        counterexamples=("He said he took this decision alone.",),
        max_words=60,
        triggers=("took", "this", "pictured"),
        field="image_captions",
        role="meta",
    ),
    Rule(
        id="video.duration",
        reason="video teaser: a title ending in its running time",
        pattern=r"(?!\d{1,3}[.)] )(?:\S+ ){3,20}\d{1,2}:\d{2}(?::\d{2})?",
        examples=("U.S. and Russia clash over Ukraine during UN meeting 03:19",),
        counterexamples=(
            "The meeting started at 10:30 and ended at noon.",
            "Published 6:10",
            "10) Model of the time machine from the film, scale 1:24",
        ),
        max_words=20,
        triggers=(":",),
        role="video",
    ),
    Rule(
        id="video.player",
        reason="video or live-stream player furniture",
        pattern=r"(?:watch|now playing|play video|video|live video|up next|playing next|watch live|watch now)"
        r"(?: \S+){0,3}|[▶►] ?.*|\d+ videos?",
        examples=("Watch CBS News", "Video", "Now Playing", "Up Next"),
        counterexamples=("Watch the skies, residents were told.", "Video footage showed the crash, police said."),
        max_words=4,
        case_sensitive=False,
    ),
    Rule(
        id="media.control",
        reason="gallery or caption toggle control",
        pattern=r"(?:show|hide|toggle|view|expand) (?:caption|captions|gallery|photos?|image|more photos)"
        r"|enlarge (?:this )?image|\d+ (?:of|/|de|di|von) \d+|(?:open|view) (?:image|photo) gallery"
        r"|(?:[\w.]+ ){0,5}gallery|(?:image|photo|picture|slide|foto|bild) \d+(?: (?:of|/|de|di|von) \d+)?",
        examples=("Show Caption", "Hide Caption", "3 of 12", "Concept Car Gallery", "Image 1 of 5"),
        counterexamples=("The gallery reopened on Tuesday after a year of repairs.",),
        max_words=8,
    ),
    Rule(
        id="media.loading",
        reason="placeholder text of a widget that had not loaded",
        pattern=r"(?:loading|please wait|carregando|caricamento|cargando|chargement|wird geladen|загрузка)"
        r"(?:\.\.\.|…)?(?: \S+){0,2}",
        examples=("Loading...", "Loading…", "Carregando..."),
        counterexamples=("Loading docks were flooded.",),
        max_words=3,
    ),
    Rule(
        id="media.scale_labels",
        reason="a row of percentages and nothing else: a slider's, zoom menu's or progress bar's labels",
        # A player's or reader's widget whose labels the capture ran together.
        pattern=r"[-–—\s]*(?:\d{1,3}\s?%[\s,;|/–—-]*){10,}",
        examples=("0%10%20%30%40%50%60%70%80%90%100%", "-0% 5% 10% 15% 20% 25% 30% 35% 40% 45% 50%"),
        counterexamples=("Turnout rose from 40% to 55%, then to 61%.", "12% 15% 18%"),
        max_words=200,
        triggers=("%",),
    ),
)
