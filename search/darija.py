"""Moroccan Darija in Arabic script: what the analysis of search.analysis strips from a token.

Most members type Darija, not the Modern Standard Arabic of the pages. Its function words
("ديال", "شنو", "بغيت") carry no meaning for a search, and its negation wraps the verb
("ماخلصونيش": they did not pay me), so the verb must be unwrapped to meet the page's words.
Everyday Darija *words* ("لابانكا" for the bank) are editors' synonyms (search/lexicon/seed.json), not rules.

Written after search.analysis's Arabic normalisation (no hamza on alef, ى as ي, ة as ه).
"""

import re

_STOP_WORDS = """
    ديال ديالي ديالك ديالو ديالها ديالنا ديالكم ديالهم د شنو اشنو شنوا اش كيفاش كيف فين فاين
    فوقاش وقتاش امتي منين واش علاش بغيت بغينا بغا باش حيت حتاش شي واحد
    هاد هادا هادي هادو هدا هدي داك ديك دوك راه راني راك را غادي غادين غانكون كاين كاينه كاينين مازال عافاك يخليك فضلك
"""

# Latin-script (Arabizi) counterparts, dropped before transliteration (search.arabizi).
_LATIN_STOP_WORDS = """
    dyal dial diyal dyali diali dyalo dialo d chno chnou achno ach kifach kifech kif fin fine fayn wach wech 3lach
    bghit bghina bgha bach hit chi chwiya wahd had hada hadi rah rani rak ghadi ghan kayn kayna mazal 3afak afak
    l el f fl fel b bl ou w o m3a m3ak
"""

# Darija words commonly typed in Latin letters without a digit: they mark a query as Arabizi.
_LATIN_WORDS = """
    chhada chahada chhadat chahadat lbanka banka lbanca tqa3od retret rotrit rtrit lmo3ach m3ach mo3ach rajli
    mrati mrat khlsoni khalsoni khlass tkhlass wselni wslni tawkil chikaya chkaya bghit kifach chno wach dyal dial
    3lach nakhod nbdel ndir
"""

STOP_WORDS = frozenset(_STOP_WORDS.split())
LATIN_STOP_WORDS = frozenset(_LATIN_STOP_WORDS.split())
LATIN_WORDS = frozenset(_LATIN_WORDS.split())

# ما…ش around a verb, with the present-tense marker (كي/كن/كت/تي) and object pronouns inside.
_NEGATION = re.compile(r"^ما(.{3,})ش$")
_PRESENT = re.compile(r"^(?:كي|كن|كت|تي)(?=.{3,})")
_OBJECT = re.compile(r"(?:ني|نا|كم|هم|ليا|ليه|ليها|لي|ه|ها|ك)$")
_VERB_ENDING = re.compile(r"(?<=...)(?:و|وا)$")


def strip_negation(token):
    """The verb inside a Darija negation: "ماخلصونيش" -> "خلص", "مابقاش" -> "بقا"; other tokens unchanged."""
    match = _NEGATION.match(token)
    if not match:
        return token
    verb = _PRESENT.sub("", match.group(1))
    stripped = _OBJECT.sub("", verb)
    verb = stripped if len(stripped) >= 3 else verb
    return _VERB_ENDING.sub("", verb)
