"""Highlights: the words of a result that match the query, marked in its own text, and the best body fragments.

Done here rather than by Elasticsearch's highlighters: the raw fields keep accents and Arabic prefixes
(search.documents), so the node could only find "réclamation" for "reclamation" or "المعاش" for "معاش"
with fuzzy and prefix queries, which it re-ran on every field of every hit (about 85 % of its time on a
search). Here each word of the text goes through the same analysis as the index (search.analysis, cached
per word): a word is marked when its term is one of the query's, when it is one of the query's folded words,
or one of the corrections of a misspelt word.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape

from search import analysis

# A word of the raw text, Arabic marks and tatweel included (analysis.normalize removes them).
_WORD_CHARACTER = r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]"
WORDS = re.compile(_WORD_CHARACTER + "+")
_IN_A_WORD = re.compile(_WORD_CHARACTER)
FRAGMENT_SIZE = 180
FRAGMENTS = 2
# Context kept before the first marked word of a fragment.
LEAD = 40
MARK = "<mark>{}</mark>"


# A normalised word's letters (analysis.normalize may split what the raw text joined, e.g. a ligature).
_LETTERS = re.compile(r"[^\W_]+")


@lru_cache(maxsize=100_000)
def forms(word):
    """(folded word, search term) of one word of raw text, as search.analysis makes them."""
    tokens = _LETTERS.findall(analysis.normalize(word))
    if not tokens:
        return "", ""
    token = tokens[-1]
    return analysis.fold_token(token), analysis.analyze_token(token)


@dataclass(frozen=True)
class Matcher:
    """What to mark: analysed terms, and folded words (the query's own, and corrections of misspelt ones)."""

    terms: frozenset
    words: frozenset

    @classmethod
    def for_query(cls, query, corrections=()):
        major = [term for term in query.terms if term not in query.minor_terms] or list(query.terms)
        words = [w for w, t in zip(query.words, query.terms, strict=False) if t in major]
        extra_terms = [analysis.analyze_token(word) for word in corrections]
        return cls(frozenset(major) | frozenset(filter(None, extra_terms)), frozenset(words) | frozenset(corrections))

    def _marked_term(self, word):
        """The term of one word of raw text if it is to be marked, else ""."""
        folded, term = forms(word)
        return term if term and (term in self.terms or folded in self.words) else ""

    def spans(self, text):
        """(start, end, term) of every matching word of text, in order.

        A body holds a few hundred words and a page of results ten bodies: each distinct word is looked at
        once, and only the matching ones are searched for (a word is matched whole, never inside another).
        """
        found = []
        for word in set(WORDS.findall(text or "")):
            term = self._marked_term(word)
            position = text.find(word) if term else -1
            while position >= 0:
                end = position + len(word)
                if not (position and _IN_A_WORD.match(text, position - 1)) and not _IN_A_WORD.match(text, end):
                    found.append((position, end, term))
                position = text.find(word, end)
        found.sort()
        return found

    def mark(self, text, spans=None, start=0, end=None):
        """text[start:end] escaped, with <mark> around matches."""
        end = len(text) if end is None else end
        spans = self.spans(text) if spans is None else spans
        pieces, position = [], start
        for span_start, span_end, _term in spans:
            if span_start < start or span_end > end:
                continue
            pieces += [escape(text[position:span_start]), MARK.format(escape(text[span_start:span_end]))]
            position = span_end
        pieces.append(escape(text[position:end]))
        return "".join(pieces)

    def fragments(self, text, size=FRAGMENT_SIZE, count=FRAGMENTS):
        """Up to `count` passages of about `size` characters holding the most distinct matching words."""
        spans = self.spans(text)
        windows = []
        # A window opens a little before each match; windows only move forward, so the matches inside
        # the current one are counted with two cursors (a common word can match hundreds of times).
        inside, first, last = Counter(), 0, 0
        for span_start, _end, _term in spans:
            start = _word_start(text, max(0, span_start - LEAD))
            end = _word_end(text, min(len(text), start + size))
            while last < len(spans) and spans[last][1] <= end:
                inside[spans[last][2]] += 1
                last += 1
            while first < last and spans[first][0] < start:
                inside[spans[first][2]] -= 1
                if not inside[spans[first][2]]:
                    del inside[spans[first][2]]
                first += 1
            windows.append((len(inside), -start, start, end))
        chosen = []
        for _distinct, _order, start, end in sorted(windows, reverse=True):
            if all(end <= s or start >= e for s, e in chosen):
                chosen.append((start, end))
            if len(chosen) == count:
                break
        return [self.mark(text, spans, start, end).strip() for start, end in sorted(chosen)]


def _word_start(text, position):
    """Move back to the start of the word cut at position."""
    while 0 < position < len(text) and not text[position - 1].isspace():
        position -= 1
    return position


def _word_end(text, position):
    while position < len(text) and not text[position].isspace():
        position += 1
    return position
