"""French and Arabic text analysis, done in Python so that it is identical at index and query time.

Elasticsearch only sees the result (space-separated terms, indexed with the
``whitespace`` analyzer), because the clusters we target may lack the
analysis-common module (no language analyzers, elision, asciifolding).

Pipeline: NFKC, case folding, digits of every script to ASCII, then per token,
routed by script (a French page may quote an Arabic name and vice versa):

* Latin: elisions removed (l', d', qu', jusqu'… with ' or ’), accents folded,
  French stop words dropped, Snowball French stem.
* Arabic: diacritics and tatweel removed, alef/yaa/taa marbuta/hamza forms
  unified, Arabic and Darija stop words dropped, the Darija negation ما…ش
  unwrapped (search.darija), the article with its attached prepositions
  (ال، وال، بال، فال، لل…) and the plural ات removed, then Snowball Arabic stem
  (light stemming).
  The article is removed first because the Snowball stemmer strips a prefix *or*
  a suffix, not always both: "الشهادة" and "شهادة" must give the same term.

Accents are folded *before* stemming so that a word typed without accents
(``reclamation``) and the same word with them (``réclamation``) go through the
stemmer as the same string and always meet.
"""

import re
import unicodedata
from functools import lru_cache

import Stemmer

from search import darija

FRENCH = "fr"
ARABIC = "ar"

_TOKEN = re.compile(r"\w+", re.UNICODE)
_APOSTROPHES = re.compile(r"[’'ʼ`´]")
# French elided articles and conjunctions: l'attestation, d'affiliation, qu'il, jusqu'au, lorsqu'on...
_ELISION = re.compile(
    r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|quelqu)'(?=\w)",
    re.IGNORECASE | re.UNICODE,
)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
# Harakat, Quranic marks, superscript alef, and tatweel (kashida, purely typographic).
_ARABIC_MARKS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_ARABIC_LETTER_FORMS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",  # Persian yeh, common in keyboards
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ک": "ك",  # Persian keheh
    }
)

_FRENCH_STOP_WORDS = """
    a afin ai aie ait as au aucun aupres aussi autre aux avec avez avoir c ca ce ceci cela celle celles celui ces cet
    cette ceux chaque ci comme comment d dans de des deja depuis doit donc dont du elle elles en encore entre est et
    etaient etait ete etre eu eux fait faut il ils j je jusqu l la le les leur leurs lors lorsque lui m ma mais me meme
    mes moi mon n ne ni nos notre nous on ont ou par pas pendant peut peux plus pour pourquoi qu quand que quel quelle
    quelles quels qui s sa sans se ses si son sont sous suis sur t ta te tes toi ton tous tout toute toutes tres tu un
    une vers vos votre vous y
"""

# Stored after Arabic normalisation (so "إلى" is listed as "الي").
_ARABIC_STOP_WORDS = """
    في من الي علي عن مع هذا هذه ذلك تلك التي الذي الذين اللذين هو هي هم هن انا نحن انت انتم ان او ام ثم لا لم لن ما
    ماذا متي اين كيف هل قد كل بعض عند عندما بين حتي اذا لكن و ف ب ل ك اي ايه كان كانت يكون تكون ليس لدي لقد منذ غير
    بعد قبل حول خلال دون نحو عبر
"""

FRENCH_STOP_WORDS = frozenset(_FRENCH_STOP_WORDS.split())
ARABIC_STOP_WORDS = frozenset(_ARABIC_STOP_WORDS.split()) | darija.STOP_WORDS
# The article and the one-letter words glued to it; single prefixes (و، ب…) stay with Snowball, since
# stripping them blindly would cut words that begin with those letters (وكالة، بنك).
_ARABIC_ARTICLE = re.compile(r"^(?:[وفبك]?ال|[وف]?لل)(?=...)")
# The feminine plural, which Snowball strips only in part ("المعاشات" -> "معاشا" but "معاش" -> "معاش").
_ARABIC_PLURAL = re.compile(r"(?<=...)ات$")

_stemmers = {}


def _stemmer(language):
    # PyStemmer objects are not thread-safe; one per language per process is enough for the
    # worker and gunicorn's sync workers.
    if language not in _stemmers:
        _stemmers[language] = Stemmer.Stemmer("arabic" if language == ARABIC else "french")
    return _stemmers[language]


def ascii_digits(text):
    """Arabic-Indic, Persian, Devanagari... digits become 0-9 (NFKC leaves them alone)."""
    return text.translate(_ascii_digits())


# Unicode has assigned combining marks and digits in its first two planes only (tests/search/test_analysis.py
# checks every code point, so a newer Unicode that adds one further up fails it).
_MARKS_AND_DIGITS_END = 0x20000


@lru_cache(maxsize=1)
def _ascii_digits():
    """str.translate's table for ascii_digits, built on a process's first use (about 20 ms).

    One C pass: a loop over the characters made the first search of each process wait for every word of its
    results (the highlights learn them once).
    """
    return {
        code: str(unicodedata.digit(chr(code))) for code in range(0x80, _MARKS_AND_DIGITS_END) if chr(code).isdigit()
    }


def fold_accents(text):
    return unicodedata.normalize("NFD", text).translate(_accent_folding())


@lru_cache(maxsize=1)
def _accent_folding():
    """str.translate's table: every combining mark dropped, the French ligatures and ß spelt out.

    One C pass over the text: the database fallback folds pyspellchecker's whole word lists with it when a
    process first needs them, and a character-by-character loop made that half a second per language. Built on
    a process's first fold, from Unicode's data for the two planes that hold marks (about 20 ms).
    """
    table = {code: None for code in range(_MARKS_AND_DIGITS_END) if unicodedata.combining(chr(code))}
    return {**table, ord("œ"): "oe", ord("æ"): "ae", ord("ß"): "ss"}


def normalize_arabic(text):
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTER_FORMS)


def normalize(text):
    """Script-neutral normalisation: NFKC, case folding, ASCII digits, unified apostrophes."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    # Arabic short vowels are combining marks: removed here, or the tokenizer would split words on them.
    text = _ARABIC_MARKS.sub("", text)
    return _APOSTROPHES.sub("'", ascii_digits(text))


def fold(text):
    """Normalised text kept readable (words not stemmed): for titles in autocomplete and the DB fallback."""
    text = normalize(text)
    return normalize_arabic(fold_accents(text))


def folded_text(text):
    """Words folded but not stemmed, elisions and punctuation removed: "L'Attestation" -> "attestation".

    What the *_folded fields hold (typo tolerance works on whole words there) and what
    autocomplete matches titles with.
    """
    return " ".join(fold_token(token) for token in tokens(text))


def fold_token(token):
    """One token (from tokens()) folded but not stemmed: accents and Arabic letter forms unified."""
    return normalize_arabic(fold_accents(token))


def detect_language(text):
    """'ar' when Arabic letters outnumber Latin ones, else 'fr' (the site's default language)."""
    arabic = len(_ARABIC_LETTER.findall(text or ""))
    latin = len(_LATIN_LETTER.findall(text or ""))
    return ARABIC if arabic > latin else FRENCH


def _is_arabic(token):
    return bool(_ARABIC_LETTER.search(token))


@lru_cache(maxsize=50_000)
def analyze_token(token):
    """One normalised token -> its search term, or '' when it is a stop word."""
    if token.isdigit():
        return token
    if _is_arabic(token):
        token = normalize_arabic(token)
        if token in ARABIC_STOP_WORDS:
            return ""
        token = _ARABIC_PLURAL.sub("", _ARABIC_ARTICLE.sub("", darija.strip_negation(token)))
        stem = _stemmer(ARABIC).stemWord(token)
        # The Snowball stemmer can strip a short word down to one letter; keep the word then.
        return stem if len(stem) >= 2 else token
    token = fold_accents(token)
    if token in FRENCH_STOP_WORDS:
        return ""
    return _stemmer(FRENCH).stemWord(token)


def tokens(text):
    """Normalised words, elisions removed, in order."""
    text = _ELISION.sub("", normalize(text))
    return _TOKEN.findall(text.replace("_", " "))


def analyze(text, language=None):
    """Text -> list of search terms, in order (duplicates kept, for phrase and frequency).

    ``language`` is accepted for callers that know it, but each token is routed by
    its own script, which is more reliable on mixed French/Arabic text.
    """
    terms = (analyze_token(token) for token in tokens(text))
    return [term for term in terms if term]


def terms_text(text, language=None):
    """Analysed terms joined by spaces: what goes into the whitespace-analysed fields."""
    return " ".join(analyze(text, language))
