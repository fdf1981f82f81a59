"""Arabizi (Darija typed in Latin letters and digits) turned into the Arabic words of the pages.

"chhadat l7ayat" is "شهادة الحياة" typed on a Latin keyboard: 3 = ع, 7 = ح, 9 = ق, 2 = ء, 5 = خ,
ch = ش, kh = خ, gh = غ. Letters map to letters, but vowels do not: Arabic writes long vowels and
leaves short ones out, Arabizi writes both. So each vowel gives two spellings (written or not), every
spelling goes through search.analysis, and the spellings whose term is a word of the Arabic pages (or of
the editors' synonyms) win. Matching the site's own vocabulary keeps noise out: a Latin word
that spells no Arabic word of the site is left to the French analysis.

A Latin word is Arabizi when a digit sits among its letters ("ta9a3od") or when it is a known Darija
word (search.darija.LATIN_WORDS); only then is the rest of the query read as Arabizi too, so French
queries are never transliterated.
"""

import itertools
import math
import re
from collections import Counter

from django.db.models.signals import post_delete, post_save

from search import analysis, darija, index_terms, shared_tables, synonyms
from search.models import Synonym

CACHE_KEY = "search:arabizi-vocabulary"
# A page published since is transliterated into at most five minutes later; its own words are searched at once.
CACHE_SECONDS = 300

_DIGIT_IN_WORD = re.compile(r"^(?=.*[a-z])[a-z]*[235789][a-z0-9]*$")
_LATIN_WORD = re.compile(r"^[a-z0-9]+$")
# Longest first: digraphs before single letters.
_LETTERS = [
    ("ch", ("ش",)), ("sh", ("ش",)), ("kh", ("خ",)), ("gh", ("غ",)), ("th", ("ث",)), ("dh", ("ذ",)),
    ("2", ("ا",)), ("3", ("ع",)), ("5", ("خ",)), ("7", ("ح",)), ("8", ("ه",)), ("9", ("ق",)),
    # Latin letters for two Arabic ones: the plain letter and its emphatic or throat counterpart.
    ("s", ("س", "ص")), ("t", ("ت", "ط")), ("d", ("د", "ض")), ("z", ("ز", "ظ")), ("h", ("ه", "ح")),
    ("b", ("ب",)), ("p", ("ب",)), ("j", ("ج",)), ("r", ("ر",)), ("f", ("ف",)), ("v", ("ف",)), ("q", ("ق",)),
    ("k", ("ك",)), ("g", ("ك",)), ("c", ("ك",)), ("l", ("ل",)), ("m", ("م",)), ("n", ("ن",)), ("w", ("و",)),
    ("y", ("ي",)), ("x", ("كس",)),
]  # fmt: skip
# Each vowel: the long-vowel letter, or nothing (a short vowel Arabic does not write).
_VOWELS = [
    ("ou", "و"), ("oo", "و"), ("aa", "ا"), ("ee", "ي"), ("ii", "ي"),
    ("a", "ا"), ("e", "ي"), ("i", "ي"), ("o", "و"), ("u", "و"),
]  # fmt: skip
# Enough for a long word; beyond it the spellings would cost more time than they find words.
MAX_SPELLINGS = 512


def is_arabizi(word):
    return bool(_DIGIT_IN_WORD.match(word)) or word in darija.LATIN_WORDS


def _pieces(word):
    """The word as a list of choices: a letter has one or two spellings, a vowel is written or not."""
    pieces, position = [], 0
    while position < len(word):
        for latin, arabic in _VOWELS:
            if word.startswith(latin, position):
                # A vowel opening the word is always written (an alef carries it).
                pieces.append((arabic,) if position == 0 else (arabic, ""))
                position += len(latin)
                break
        else:
            for latin, arabic in _LETTERS:
                if word.startswith(latin, position):
                    # A doubled consonant is one letter with a shadda, which is not written.
                    if not (pieces and pieces[-1] == arabic and latin == word[position - len(latin) : position]):
                        pieces.append(arabic)
                    position += len(latin)
                    break
            else:
                position += 1
    # A final "t" may be a taa marbuta in a construct ("chhadat l7ayat"); a final "a" may be one too.
    if word.endswith("t") and pieces:
        pieces[-1] = ("ت", "ه", "ط")
    elif word.endswith("a") and pieces:
        pieces[-1] = ("ا", "ه", "")
    return pieces


def spellings(word):
    """Every Arabic spelling of one Arabizi word, most letters first (long vowels before short)."""
    pieces = _pieces(word)
    if math.prod(len(piece) for piece in pieces) > MAX_SPELLINGS:
        pieces = [piece[:1] for piece in pieces]
    return ["".join(letters) for letters in itertools.product(*pieces)]


def vocabulary():
    """Arabic terms of the indexed pages and of the editors' synonyms, with how often the pages use them."""
    return shared_tables.read(CACHE_KEY, _vocabulary, CACHE_SECONDS)


def _vocabulary():
    counts = Counter(
        {term: count for term, count in index_terms.counts().items() if analysis.detect_language(term) == "ar"}
    )
    for group in synonyms.groups():
        for phrase in group:
            counts.update(term for term in phrase if term not in counts and analysis.detect_language(term) == "ar")
    return dict(counts)


def _term(word, vocabulary):
    """The site's most used term among the word's spellings, with or without an article ("l7ayat", "el m3ach")."""
    candidates = [word]
    if len(word) > 3 and word.startswith(("l", "el", "al")):
        candidates.append(word[2:] if word.startswith(("el", "al")) else word[1:])
    terms = {analysis.analyze_token(spelling) for candidate in candidates for spelling in spellings(candidate)}
    known = [term for term in terms if term in vocabulary]
    return max(known, key=lambda term: (vocabulary[term], term)) if known else ""


def _join_negation(words):
    """Join "ma wsalnich" into "mawsalnich": a negation ما…ش that search.darija unwraps like "ماوصلنيش"."""
    joined = []
    for word in words:
        if joined and joined[-1] in ("ma", "ma-") and word.endswith("ch"):
            joined[-1] = "ma" + word
        else:
            joined.append(word)
    return joined


def transliterate(words, known=None):
    """Folded Latin words of a query -> Arabic terms of the site's vocabulary, or () when none is Arabizi.

    ``known`` maps terms to their frequency (vocabulary() by default). Arabic words and numbers are kept as
    their terms; Latin words that spell nothing known are left out.
    """
    if not any(is_arabizi(word) for word in words):
        return ()
    known = vocabulary() if known is None else known
    terms = []
    for word in _join_negation(words):
        if not _LATIN_WORD.match(word):
            term = analysis.analyze_token(word)
        elif word.isdigit():
            term = word
        elif word in darija.LATIN_STOP_WORDS:
            continue
        else:
            term = _term(word, known)
        if term:
            terms.append(term)
    return tuple(terms)


def forget(**kwargs):
    shared_tables.forget(CACHE_KEY)


# The editors' synonyms are part of the vocabulary; a page's words wait for CACHE_SECONDS.
post_save.connect(forget, sender=Synonym, dispatch_uid="search.arabizi.synonym-saved")
post_delete.connect(forget, sender=Synonym, dispatch_uid="search.arabizi.synonym-deleted")
