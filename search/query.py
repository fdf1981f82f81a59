"""The visitor's query, analysed once per request: every part of a search reads this object.

Both engines, the promoted results and the "did you mean" suggestion need the same pieces of the
query (its analysed terms, its folded words, the synonyms' alternatives). They are computed here
from one pass of search.analysis over the text, never again further down.
"""

from dataclasses import dataclass, field

from search import analysis, synonyms


@dataclass(frozen=True)
class AnalysedQuery:
    text: str
    # Search terms in order, duplicates kept (phrase and frequency): what the *_terms fields hold.
    terms: tuple[str, ...] = ()
    # Folded, unstemmed words that are not stop words: what typo tolerance and highlighting work on.
    words: tuple[str, ...] = ()
    # The query with one phrase replaced by each of its editors' synonyms (lists of terms).
    alternatives: tuple[tuple[str, ...], ...] = field(default=())

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
    terms, words = [], []
    for token in analysis.tokens(text or ""):
        term = analysis.analyze_token(token)
        if term:
            terms.append(term)
            words.append(analysis.fold_token(token))
    alternatives = tuple(tuple(alternative) for alternative in synonyms.expand(terms)) if terms else ()
    return AnalysedQuery(text=text or "", terms=tuple(terms), words=tuple(words), alternatives=alternatives)
