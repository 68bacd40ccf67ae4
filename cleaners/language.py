"""Language identification (CLD2, with py3langid where CLD2 is unsure) and stopword lists.

CLD2 (pycld2) carries its tables in its compiled library: nothing to load, a tenth of a
millisecond a page. py3langid decompresses a 68 MB model on first use (about a second of a
process's time, longer than cleaning a hundred pages), so it is asked only for the pages CLD2
cannot call: runs of names and menu words, a few words of a rare language. On the corpus's
635 pages that need identifying, CLD2 alone names the gold language on 627, py3langid alone on
630, and the two together on 632.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

import pycld2

# ISO 639-1 -> jusText stoplist name, for the languages jusText ships.
_STOPLIST_NAMES = {
    "af": "Afrikaans", "sq": "Albanian", "ar": "Arabic", "hy": "Armenian", "az": "Azerbaijani",
    "eu": "Basque", "be": "Belarusian", "bn": "Bengali", "bs": "Bosnian", "br": "Breton",
    "bg": "Bulgarian", "ca": "Catalan", "hr": "Croatian", "cs": "Czech", "da": "Danish",
    "nl": "Dutch", "en": "English", "eo": "Esperanto", "et": "Estonian", "fi": "Finnish",
    "fr": "French", "gl": "Galician", "ka": "Georgian", "de": "German", "el": "Greek",
    "gu": "Gujarati", "ht": "Haitian", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian",
    "is": "Icelandic", "id": "Indonesian", "ga": "Irish", "it": "Italian", "jv": "Javanese",
    "kn": "Kannada", "kk": "Kazakh", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz",
    "la": "Latin", "lv": "Latvian", "lt": "Lithuanian", "lb": "Luxembourgish",
    "mk": "Macedonian", "ms": "Malay", "ml": "Malayalam", "mt": "Maltese", "mr": "Marathi",
    "ne": "Nepali", "nb": "Norwegian_Bokmal", "no": "Norwegian_Bokmal", "nn": "Norwegian_Nynorsk",
    "oc": "Occitan", "fa": "Persian", "pl": "Polish", "pt": "Portuguese", "qu": "Quechua",
    "ro": "Romanian", "ru": "Russian", "sr": "Serbian", "sk": "Slovak", "sl": "Slovenian",
    "es": "Spanish", "su": "Sundanese", "sw": "Swahili", "sv": "Swedish", "tl": "Tagalog",
    "ta": "Tamil", "te": "Telugu", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "uz": "Uzbek", "vi": "Vietnamese", "cy": "Welsh", "fy": "West_Frisian", "yo": "Yoruba",
}  # fmt: skip

# Enough text to identify a language reliably; more only costs time.
_SAMPLE_CHARS = 300


def identify_language(paragraphs: Iterable[str], qualifies: Callable[[str], bool] | None = None) -> str | None:
    """The ISO 639-1 code of the text's language, from its longest paragraphs (of those that
    ``qualifies`` accepts, when given).

    >>> identify_language(["Der Bürgermeister sagte am Dienstag, die Brücke bleibe geschlossen."])
    'de'
    >>> identify_language([]) is None
    True
    """
    sample = _sample(paragraphs, qualifies)
    if not sample:
        return None
    return _cld2(sample) or _langid(sample)


# CLD2's codes where they are not ISO 639-1's (Hebrew, Javanese, Indonesian, Yiddish).
_CLD2_CODES = {"iw": "he", "jw": "jv", "in": "id", "ji": "yi"}


def _cld2(sample: str) -> str | None:
    """CLD2's language for ``sample`` when it is sure of it and names a two-letter code
    ('zh-Hant' is 'zh'); ``None`` otherwise.

    >>> _cld2("Der Bürgermeister sagte am Dienstag, die Brücke bleibe geschlossen.")
    'de'
    >>> _cld2("Kodak Agfa Fuji Ilford Lomo") is None
    True
    """
    try:
        reliable, _bytes, found = pycld2.detect(sample)
    except (pycld2.error, UnicodeEncodeError):  # text CLD2 refuses (control bytes, lone surrogates)
        return None
    code = found[0][1].split("-")[0]
    code = _CLD2_CODES.get(code, code)
    return code if reliable and len(code) == 2 and code != "un" else None


def _langid(sample: str) -> str:
    import py3langid  # loads its model on first use (about a second), so only when asked

    code, _score = py3langid.classify(sample)
    return str(code)


def load_fallback() -> None:
    """Load py3langid's model now rather than on the first page CLD2 cannot call."""
    _langid("warm up")


def _sample(paragraphs: Iterable[str], qualifies: Callable[[str], bool] | None = None) -> str:
    """The longest paragraphs that qualify, joined, up to :data:`_SAMPLE_CHARS`.

    A paragraph is asked whether it qualifies only once the longer ones did not fill the
    sample (a page has hundreds, the sample takes a few): sorting is stable, so sorting then
    dropping the paragraphs that do not qualify keeps the order dropping them first gives.
    """
    picked: list[str] = []
    size = 0
    for text in sorted(paragraphs, key=len, reverse=True):
        if qualifies is not None and not qualifies(text):
            continue
        picked.append(text)
        size += len(text)
        if size >= _SAMPLE_CHARS:
            break
    return " ".join(picked)[:_SAMPLE_CHARS]


@lru_cache(maxsize=64)
def stopwords(language: str | None) -> frozenset[str]:
    """The jusText stoplist for an ISO 639-1 code; empty where jusText has none.

    >>> "the" in stopwords("en"), len(stopwords("xx"))
    (True, 0)
    """
    name = _STOPLIST_NAMES.get(language or "")
    if name is None:
        return frozenset()
    import justext

    return frozenset(justext.get_stoplist(name))
