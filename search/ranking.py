"""Ranking weights, shared by both engines so that Elasticsearch and the database fallback rank alike.

Change a weight here, then measure: `manage.py search_relevance` (MRR and success@k of the
relevance set, search/relevance/*.json, on both engines).
"""

# A procedure above a news item for the same match: people search to get something done. Kept narrow, so that
# a news item matching every word still beats a procedure matching one (measured on the relevance set).
KIND_WEIGHTS = {"procedure": 1.3, "faq": 1.2, "contact": 1.1, "standard": 1.0, "news": 0.9}
# Pages in the visitor's language come first.
LANGUAGE_WEIGHT = 3.0

# Analysed terms (stemmed, folded): where a word typed is matched first. A title counts three times a body, no
# more: with 6, "pension" in a title outweighed every other word of the query in a body.
FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "body": 1.0}
# Folded but unstemmed words, matched with typo tolerance (Elasticsearch only), weighed half as much.
FOLDED_FIELD_WEIGHTS = {"title": 1.5, "summary": 1.0, "body": 0.5}
# The fuzzy clause as a whole, relative to the exact-term clause.
TYPO_CLAUSE_BOOST = 0.6
# Index words a misspelt word may stand for, at most (Elasticsearch's fuzzy max_expansions): the closest win.
MAX_TYPO_EXPANSIONS = 10
# A page holding every word of the query or of one of its readings (Elasticsearch: an extra clause requiring
# them all). Half a word's weight: at 1.0 and above, near ties went to pages repeating the query's common words
# (success@1 0.84); 0.3 to 0.7 give the same 0.85 on the relevance set, and 0.5 sits in the middle.
ALL_WORDS_BOOST = 0.5
# A correction of a misspelt word counts a little less than the word as typed (database fallback).
TYPO_FACTOR = 0.7
# The title containing the query's words close together.
TITLE_PHRASE_BOOST = 4.0
TITLE_PHRASE_SLOP = 2
# A match through an editor's synonym counts a little less than the words typed.
SYNONYM_FACTOR = 0.8
# Share of the query's words a page must contain ("60%", rounded down, at least one: 1 of 2, 3 of 5).
MINIMUM_SHOULD_MATCH = "60%"
MINIMUM_SHARE = 0.6
# A question filler's term (search.query.AnalysedQuery.minor_terms), relative to a word that carries the meaning.
MINOR_TERM_WEIGHT = 0.2
# A word repeated in a field counts up to this many times (database fallback).
MAX_TERM_FREQUENCY = 3


def minimum_matching(count):
    """How many of `count` query words must match: what Elasticsearch does with MINIMUM_SHOULD_MATCH."""
    return max(1, int(count * MINIMUM_SHARE + 1e-9))
