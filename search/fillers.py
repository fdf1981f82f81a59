"""Question fillers: the words around what a visitor looks for ("comment faire pour", "بغيت نعرف").

People type questions, not keywords. The filler's words still match (a page may use them), but they
must not decide the ranking nor count in the share of words a page must contain: search.query puts
their terms in AnalysedQuery.minor_terms and the engines weigh them with ranking.MINOR_TERM_WEIGHT.
French stop words ("est-ce que") already vanish in analysis; what is listed here are fillers that
analysis keeps. One phrase a line, in the words people type; Darija function words that are never
meaningful are stop words instead (search.darija).
"""

from functools import lru_cache

from search import analysis

PHRASES = """
comment faire pour
comment faire
que faire
quoi faire
que dois-je faire
que faut-il faire
combien vais-je toucher
combien je vais toucher
combien vais-je percevoir
combien je vais percevoir
est-ce que je peux
je veux
je voudrais
j'aimerais
je souhaite
puis-je
pouvez-vous
peut-on
faut-il
il faut
savoir
connaître
s'il vous plaît
svp
merci
bonjour
كيف يمكنني
كيف يمكن
هل يمكنني
هل يمكن
ماذا افعل
ماذا يجب
اريد
اريد ان اعرف
من فضلك
شكرا
السلام عليكم
كيفاش نقدر
كيفاش ندير
واش نقدر
بغيت نعرف
شحال غادي ناخد
شحال غادي نشد
شنو خاصني
شنو ندير
ناخد
ياخد
نقدر
ندير
يدير
"""


@lru_cache(maxsize=1)
def _phrases():
    analysed = (tuple(analysis.analyze(line)) for line in PHRASES.strip().splitlines())
    return tuple(dict.fromkeys(phrase for phrase in analysed if phrase))


def minor_terms(terms):
    """The terms of every filler phrase found, words in order and side by side, in the query's terms."""
    terms = tuple(terms)
    found = set()
    for phrase in _phrases():
        size = len(phrase)
        if any(terms[start : start + size] == phrase for start in range(len(terms) - size + 1)):
            found.update(phrase)
    return frozenset(found)
