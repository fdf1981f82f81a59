"""The visitor's query, analysed once per request: every part of a search reads this object.

Both engines, the promoted results and the "did you mean" suggestion need the same pieces of the
query (its analysed terms, its folded words, the synonyms' alternatives). They are computed here
from one pass of search.analysis over the text, never again further down.
"""

from dataclasses import dataclass, field

from search import analysis, arabizi, fillers, synonyms


@dataclass(frozen=True)
class AnalysedQuery:
    text: str
    # Search terms in order, duplicates kept (phrase and frequency): what the *_terms fields hold.
    terms: tuple[str, ...] = ()
    # Folded, unstemmed words that are not stop words: what typo tolerance and highlighting work on.
    words: tuple[str, ...] = ()
    # The query with one phrase replaced by each of its editors' synonyms (lists of terms), and an Arabizi
    # query ("chhadat l7ayat") in the Arabic words of the pages, with that one's synonyms.
    alternatives: tuple[tuple[str, ...], ...] = field(default=())
    # Terms of question fillers ("comment faire pour", "combien vais-je toucher"): they match, but weigh
    # ranking.MINOR_TERM_WEIGHT and never count towards the share of words a page must contain.
    minor_terms: frozenset[str] = frozenset()

    @property
    def unique_terms(self):
        return list(dict.fromkeys(self.terms))

    @property
    def stems(self):
        return set(self.terms)

    def __bool__(self):
        return bool(self.terms)


def analyse(text):
    """One pass over the text: tokens, then each token's term and folded form."""
    terms, words, folded = [], [], []
    for token in analysis.tokens(text or ""):
        folded.append(analysis.fold_token(token))
        term = analysis.analyze_token(token)
        if term:
            terms.append(term)
            words.append(folded[-1])
    if not terms:
        return AnalysedQuery(text=text or "")
    alternatives = synonyms.expand(terms)
    # Transliterated from every word, stop words included: French ones ("l", "d") are Arabizi articles.
    arabic = list(arabizi.transliterate(folded))
    if arabic:
        alternatives += [arabic, *synonyms.expand(arabic)]
    alternatives = tuple(dict.fromkeys(tuple(a) for a in alternatives if a != terms))
    return AnalysedQuery(
        text=text or "",
        terms=tuple(terms),
        words=tuple(words),
        alternatives=alternatives,
        minor_terms=fillers.minor_terms(terms),
    )
