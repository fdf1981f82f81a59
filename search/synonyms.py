"""Editors' synonyms, expanded at query time: a change applies within seconds (search.shared_tables), no
rebuild needed."""

from django.db.models.signals import post_delete, post_save

from search import analysis, shared_tables
from search.models import Synonym

CACHE_KEY = "search:synonym-groups"
CACHE_SECONDS = 300


def groups():
    """Each group as a list of analysed phrases (tuples of terms). Shared: read it, never change it."""
    return shared_tables.read(CACHE_KEY, _groups, CACHE_SECONDS)


def _groups():
    found = []
    for synonym in Synonym.objects.all():
        phrases = [tuple(analysis.analyze(phrase)) for phrase in synonym.phrases]
        phrases = list(dict.fromkeys(p for p in phrases if p))
        if len(phrases) > 1:
            found.append(phrases)
    return found


# Words a visitor may put between two words of a phrase ("centre *national* d'appels" for "centre d'appels").
MAX_GAP = 1


def _find(terms, phrase):
    """Positions of the phrase's terms in the query, in order, at most MAX_GAP words apart; None if absent."""
    for start, term in enumerate(terms):
        if term != phrase[0]:
            continue
        positions = [start]
        for wanted in phrase[1:]:
            following = terms[positions[-1] + 1 : positions[-1] + 2 + MAX_GAP]
            if wanted not in following:
                break
            positions.append(positions[-1] + 1 + following.index(wanted))
        else:
            return positions
    return None


def expand(terms):
    """Alternative term lists: the query with one phrase replaced by each of its synonyms.

    The synonym takes the place of the phrase's first word; words the visitor put inside the phrase stay.
    One more alternative has every phrase found replaced by its group's first phrase.
    """
    terms = list(terms)
    alternatives = []
    # Every phrase at once replaced by its group's first one, the pages' word in the seed lexicon: a
    # Darija sentence ("راجلي مات") has several everyday words, and one replacement leaves the others unmatched.
    canonical = terms
    present = set(terms)
    for group in groups():
        for phrase in group:
            if phrase[0] not in present:
                continue  # a phrase starts with its first word: most of the lexicon is skipped at once
            positions = _find(terms, phrase)
            if positions is None:
                continue
            for other in group:
                if other != phrase:
                    alternatives.append(_replace(terms, positions, other))
            if phrase != group[0] and (found := _find(canonical, phrase)) is not None:
                canonical = _replace(canonical, found, group[0])
    alternatives.append(canonical)
    unique = {tuple(a): a for a in alternatives if a != terms}
    return list(unique.values())


def _replace(terms, positions, other):
    first, last = positions[0], positions[-1]
    inside = [terms[i] for i in range(first, last + 1) if i not in positions]
    return [*terms[:first], *other, *inside, *terms[last + 1 :]]


def forget(**kwargs):
    shared_tables.forget(CACHE_KEY)


post_save.connect(forget, sender=Synonym, dispatch_uid="search.synonyms.saved")
post_delete.connect(forget, sender=Synonym, dispatch_uid="search.synonyms.deleted")
