"""Highlights: the words of a result that match the query, marked in its own text, and the best body fragments.

Done here rather than by Elasticsearch's highlighters: the raw fields keep accents and Arabic prefixes
(search.documents), so the node could only find "réclamation" for "reclamation" or "المعاش" for "معاش"
with fuzzy and prefix queries, which it re-ran on every field of every hit (about 85 % of its time on a
search). Here each word of the text goes through the same analysis as the index (search.analysis, remembered
per word by Vocabulary): a word is marked when its term is one of the query's, when it is one of the query's
folded words, or one of the corrections of a misspelt word.
"""

import re
from collections import Counter
from dataclasses import dataclass
from html import escape

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


def forms(word):
    """(folded word, search term) of one word of raw text, as search.analysis makes them."""
    tokens = _LETTERS.findall(analysis.normalize(word))
    if not tokens:
        return "", ""
    token = tokens[-1]
    return analysis.fold_token(token), analysis.analyze_token(token)


class Vocabulary:
    """The words of raw text met so far, each with its forms, and the reverse: the words of each term and of each
    folded word.

    With the reverse, finding a text's words to mark is set arithmetic on its distinct words (done in C) rather
    than a look at each of them: a page of results holds ten bodies of a few hundred distinct words, and that
    look was a fifth of the site's own time on a search. The distinct words of the last `texts` texts are kept
    too: the same pages come back for many searches, and reading their words again was most of what remained.
    The words come from the published pages, not from visitors; past `limit` words (the pages' vocabulary is a
    few tens of thousands) it starts again empty, and past `texts` texts it forgets them.
    """

    def __init__(self, limit=200_000, texts=2_000):
        self.limit = limit
        self.texts = texts
        # (forms by word, words by term, words by folded word, distinct words by text), replaced as a whole when
        # emptied, so that a thread reading them never mixes an emptied table with a full one.
        self._tables = self._empty()

    @staticmethod
    def _empty():
        return {}, {}, {}, {}

    def marked(self, text, terms, folded_words):
        """{word: its term} for the distinct words of text whose term is one of `terms` or whose folded form is
        one of `folded_words`; the words not met before are analysed first."""
        tables = self._tables
        words = tables[3].get(text)
        if words is None:
            words = frozenset(WORDS.findall(text))
            tables = self._learn(words)
            if len(tables[3]) >= self.texts:
                tables[3].clear()
            tables[3][text] = words
        forms_of, by_term, by_folded, _texts = tables
        candidates = set().union(
            *(by_term.get(term, ()) for term in terms), *(by_folded.get(folded, ()) for folded in folded_words)
        )
        return {word: forms_of[word][1] for word in words & candidates}

    def forms(self, word):
        """(folded word, search term) of one word, as the module's forms(), remembered."""
        forms_of = self._learn({word})[0]
        return forms_of[word]

    def _learn(self, words):
        tables = self._tables
        # set.difference with a dict looks up each of the words; `words - keys()` would walk the whole table.
        new = words.difference(tables[0])
        if new and len(tables[0]) + len(new) > self.limit:
            tables = self._tables = self._empty()
            new = words
        forms_of, by_term, by_folded, _texts = tables
        for word in new:
            folded, term = forms_of[word] = forms(word)
            if term:
                by_term.setdefault(term, set()).add(word)
                by_folded.setdefault(folded, set()).add(word)
        return tables


VOCABULARY = Vocabulary()


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

    def spans(self, text):
        """(start, end, term) of every matching word of text, in order (a word is matched whole, never inside
        another)."""
        if not text:
            return []
        found = []
        for word, term in VOCABULARY.marked(text, self.terms, self.words).items():
            position = text.find(word)
            while position >= 0:
                end = position + len(word)
                if not (position and _IN_A_WORD.match(text, position - 1)) and not _IN_A_WORD.match(text, end):
                    found.append((position, end, term))
                position = text.find(word, end)
        found.sort()
        return found

    def mark(self, text, spans=None, start=0, end=None):
        """text[start:end] escaped, with <mark> around matches.

        The standard library's escape, which django.utils.html.escape wraps (same output, without the wrapper's
        lazy-string and safe-string handling, a fifth of the highlights' time)."""
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
