"""The terms of the indexed pages, with how often the pages use them, read from the database's copy of the
index (search.models.IndexedPage, written with every indexed page).

Two readers: the Arabizi transliteration picks the site's own spelling of a word (search.arabizi), and the
Elasticsearch query gives typo tolerance only to the words the pages do not hold (search.es_search). Kept
CACHE_SECONDS: a word new to the site is treated as unknown until then, which only means it is also matched
with typo tolerance, as before.
"""

from collections import Counter

from search import shared_tables
from search.models import IndexedPage

CACHE_KEY = "search:index-terms"
CACHE_SECONDS = 300


def counts():
    """{term: how many times the pages' titles, summaries and bodies use it}. Shared: read it, never change it."""
    return shared_tables.read(CACHE_KEY, _counts, CACHE_SECONDS)


def _counts():
    found = Counter()
    for texts in IndexedPage.objects.values_list("title_terms", "summary_terms", "body_terms").iterator(2000):
        for text in texts:
            found.update(text.split())
    return dict(found)
