"""Editors' synonyms, expanded at query time: a change applies to the next search, no rebuild needed."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from search import analysis
from search.models import Synonym

CACHE_KEY = "search:synonym-groups"
CACHE_SECONDS = 300


def groups():
    """Each group as a list of analysed phrases (tuples of terms)."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        cached = []
        for synonym in Synonym.objects.all():
            phrases = [tuple(analysis.analyze(phrase)) for phrase in synonym.phrases]
            phrases = list(dict.fromkeys(p for p in phrases if p))
            if len(phrases) > 1:
                cached.append(phrases)
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return [[tuple(p) for p in group] for group in cached]


def _find(terms, phrase):
    size = len(phrase)
    for start in range(len(terms) - size + 1):
        if tuple(terms[start : start + size]) == phrase:
            return start
    return -1


def expand(terms):
    """Alternative term lists: the query with one phrase replaced by each of its synonyms."""
    alternatives = []
    for group in groups():
        for phrase in group:
            start = _find(terms, phrase)
            if start < 0:
                continue
            for other in group:
                if other != phrase:
                    alternatives.append([*terms[:start], *other, *terms[start + len(phrase) :]])
    unique = {tuple(a): a for a in alternatives if a != list(terms)}
    return list(unique.values())


def forget(**kwargs):
    cache.delete(CACHE_KEY)


post_save.connect(forget, sender=Synonym, dispatch_uid="search.synonyms.saved")
post_delete.connect(forget, sender=Synonym, dispatch_uid="search.synonyms.deleted")
