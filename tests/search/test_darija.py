"""Darija, Arabizi and question fillers, end to end: the demo content, both engines, the seed lexicon.

`pytest tests/search/test_darija.py -s` also prints the Arabic relevance figures per difficulty.
"""

import pytest
from django.core.cache import cache

from demo import pages as demo
from search import analysis, relevance, service, sync
from search import query as query_module
from search.analysis import analyze
from search.indexes import PAGES
from search.lexicon import seed_groups
from search.models import Synonym
from search.results import DATABASE, ELASTICSEARCH, SearchRequest

pytestmark = pytest.mark.django_db


# Loading the demo takes most of a minute: one test runs every query on it, on both engines.
DARIJA_QUERIES = [
    ("chhadat l7ayat", "attestation-de-vie"),  # Arabizi
    ("bghit nbdel lbanka", "changement-rib"),  # Arabizi, a loanword from the seed lexicon
    ("بغيت نبدل لابانكا", "changement-rib"),  # Darija in Arabic script, the same loanword
]


def slugs(query, engine):
    results = service.run(SearchRequest(query=query, language="ar", page_size=10), engine=engine)
    return [relevance.slug_of(hit.url) for hit in results.hits]


def test_darija_finds_its_page_on_both_engines(es_client):
    """With -s, also prints the Arabic relevance set per difficulty (the thresholds live in test_relevance)."""
    demo.load()
    sync.rebuild(PAGES)
    cache.clear()  # the Arabizi vocabulary and the synonyms, read again from what was just indexed

    cases = [case for case in relevance.load_cases() if case.language == "ar"]
    scores = [relevance.evaluate(cases, engine) for engine in (ELASTICSEARCH, DATABASE)]
    print()
    print(relevance.table(scores))
    for score in scores:
        for outcome in score.misses():
            print(score.backend, "miss", outcome.rank, outcome.case.difficulty, outcome.case.query, outcome.found)

    for engine in (ELASTICSEARCH, DATABASE):
        for query, expected in DARIJA_QUERIES:
            assert expected in slugs(query, engine)[:3], (engine, query)


def test_the_seed_lexicon_is_there_after_migrate():
    present = set(Synonym.objects.values_list("terms", flat=True))
    assert set(seed_groups()) <= present


def test_the_seed_migration_adds_only_what_is_missing_and_undoes_only_its_own():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("search.migrations.0004_seed_lexicon")
    Synonym.objects.filter(terms=seed_groups()[0]).delete()
    Synonym.objects.create(terms="an editor's own, group")

    migration.add_seed(apps, None)
    migration.add_seed(apps, None)
    terms = list(Synonym.objects.values_list("terms", flat=True))
    assert sorted(terms) == sorted([*seed_groups(), "an editor's own, group"])

    migration.remove_seed(apps, None)
    assert list(Synonym.objects.values_list("terms", flat=True)) == ["an editor's own, group"]


@pytest.mark.parametrize(
    ("query", "minor"),
    [
        ("comment faire pour demander ma pension", analyze("faire")),
        ("combien vais-je toucher à la retraite", analyze("combien vais toucher")),
        ("كيف يمكنني الحصول على شهادة الانخراط", analyze("يمكنني")),
        ("بغيت نعرف فوقاش كيخلصو", analyze("نعرف")),
        ("شحال غادي ناخد فالروطريط", analyze("شحال ناخد")),
    ],
)
def test_question_fillers_are_minor_terms_and_stay_terms(query, minor):
    analysed = query_module.analyse(query)
    assert analysed.minor_terms == frozenset(minor)
    assert analysed.minor_terms <= set(analysed.terms)


def test_a_query_without_filler_has_no_minor_terms():
    assert query_module.analyse("attestation de pension").minor_terms == frozenset()


def test_an_arabizi_query_gets_its_arabic_alternative():
    # No page needed: the editors' synonyms are part of the vocabulary Arabizi is read into.
    Synonym.objects.create(terms="التقاعد, الروطريط, ريتريت")
    analysed = query_module.analyse("retret")
    assert analyze("التقاعد") in [list(a) for a in analysed.alternatives]


def test_a_french_query_gets_no_arabizi_alternative():
    analysed = query_module.analyse("fin de droits pension")
    assert all(analysis.detect_language(" ".join(a)) == "fr" for a in analysed.alternatives)
