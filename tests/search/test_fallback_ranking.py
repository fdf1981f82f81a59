"""How the database fallback ranks: rare words, ties, typos, question fillers, FAQ questions, visibility.

Each test builds a few real pages (tests.cms.builders) and writes the fallback's copy as the index
task does (sync.rebuild without Elasticsearch), then asks db_search directly.
"""

import dataclasses

import pytest
from django.conf import settings as django_settings
from wagtail.models import PageViewRestriction

from search import db_search, ranking, relevance, sync
from search.indexes import PAGES
from search.results import SearchRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def copy(settings):
    """Writes the fallback's copy of every page built so far (what the index task stores first)."""
    settings.ELASTICSEARCH = {**django_settings.ELASTICSEARCH, "URL": ""}

    def write():
        sync.rebuild(PAGES)

    return write


@pytest.fixture
def weights(monkeypatch):
    """The ranking's weights pinned here, so that a tuning in search.ranking does not undo a constructed tie."""
    monkeypatch.setattr(db_search, "FIELD_WEIGHTS", {"title_terms": 6.0, "summary_terms": 3.0, "body_terms": 1.0})
    monkeypatch.setattr(ranking, "KIND_WEIGHTS", {"procedure": 1.6, "faq": 1.3, "standard": 1.0, "news": 0.8})


def search(text, language="fr", minor_terms=None):
    """db_search's results; minor_terms, when given, replaces the question fillers search.query found."""
    request = SearchRequest(text, language)
    if minor_terms is not None:
        request.analysed = dataclasses.replace(request.analysed, minor_terms=frozenset(minor_terms))
    return db_search.search(request)


def titles(results):
    return [hit.plain_title for hit in results.hits]


def test_a_rare_word_outweighs_a_common_one_in_titles(site_builder, copy, weights):
    b = site_builder
    for title in ("Pension de retraite", "Pension d'orphelin", "Pension de réversion", "Pension à l'étranger"):
        b.page("standard", title, "Les conditions et les pièces")
    b.page("standard", "Inaptitude au travail", "L'invalidité reconnue par le conseil de santé", "Une pension est due.")
    b.page("standard", "Horaires des agences", "Du lundi au vendredi")
    copy()
    # Without weighing rarity, "pension" in four titles (6 each) would beat "invalidité" in a summary (3).
    assert titles(search("pension invalidite"))[0] == "Inaptitude au travail"


def test_equal_scores_go_to_the_kind_first_then_to_more_title_words(site_builder, copy, weights):
    b = site_builder
    # procedure: 3 (summary) + 2 (body) = 5, x1.6 = 8; standard: 6 (title) + 2 (body) = 8, x1.0 = 8.
    b.page("procedure", "Demande en ligne", "Le duplicata délivré", "duplicata duplicata")
    b.page("standard", "A propos du duplicata", "Les pièces", "duplicata duplicata")
    # Two news scoring 6: the title word beats the summary's two, whatever the alphabet says.
    b.page("news", "Zèbre réversion", "Les pièces")
    b.page("news", "Abeille", "La réversion, la réversion")
    copy()
    assert titles(search("duplicata")) == ["Demande en ligne", "A propos du duplicata"]
    assert titles(search("reversion")) == ["Zèbre réversion", "Abeille"]


def test_a_real_word_is_never_corrected_into_another(site_builder, copy):
    b = site_builder
    b.page("standard", "Parler à un agent", "Un agent vous répond")
    copy()
    # "argent" is French, not a misspelt "agent": nothing here is about money.
    assert titles(search("argent")) == []
    b.page("standard", "Frais d'obsèques", "Une allocation", "L'argent est versé aux héritiers.")
    copy()
    assert titles(search("argent")) == ["Frais d'obsèques"]


def test_a_real_misspelling_is_still_corrected(site_builder, copy):
    site_builder.page("procedure", "Donner procuration", "Un mandataire agit en votre nom")
    copy()
    assert titles(search("procurasion")) == ["Donner procuration"]
    assert titles(search("atestation procurasion")) == ["Donner procuration"]


def test_question_fillers_do_not_decide_the_ranking(site_builder, copy):
    b = site_builder
    b.page("standard", "Faire ses démarches", "Faire une demande, faire un suivi")
    b.page("standard", "Le mandataire", "La procuration donnée à un proche")
    copy()
    # "faire" is the question's filler: the page about "procuration" comes first, the other not at all.
    assert titles(search("comment faire une procuration", minor_terms={"fair"})) == ["Le mandataire"]
    # As a word that carries the meaning, "faire" (in a title) would win.
    assert titles(search("comment faire une procuration", minor_terms=()))[0] == "Faire ses démarches"


def test_a_faq_question_is_found_with_its_anchor(site_builder, copy):
    faq = site_builder.page("faq", "Quand ma pension est-elle versée ?", "", "Le 25 de chaque mois.")
    faq.title = "Questions fréquentes"  # the builder names the page after its one question
    faq.save_revision().publish()
    site_builder.page("news", "Nouveau calendrier", "Les dates de l'année")
    copy()
    results = search("quand est versee ma pension")
    assert relevance.slug_of(results.hits[0].url).endswith("#quand-ma-pension-est-elle-versée")
    assert results.hits[0].page_id == faq.pk


def test_hidden_pages_and_their_questions_stay_hidden(site_builder, copy):
    faq = site_builder.page("faq", "Mes données sont-elles protégées ?", "", "Oui, la loi 09-08.")
    site_builder.page("standard", "Données personnelles", "La protection des données")
    copy()
    assert any("#" in hit.url for hit in search("donnees protegees").hits)
    # Restricted after the copy was written (the copy is stale): the rule still applies at query time.
    PageViewRestriction.objects.create(page=faq, restriction_type=PageViewRestriction.LOGIN)
    results = search("donnees protegees")
    assert [hit.plain_title for hit in results.hits] == ["Données personnelles"]
    assert all(hit.page_id != faq.pk for hit in results.hits)


def test_one_search_reads_the_database_a_small_constant_number_of_times(
    site_builder, copy, django_assert_max_num_queries
):
    b = site_builder
    b.page("procedure", "Obtenir une attestation de pension", "L'attestation en ligne")
    copy()
    search("atestation pension")  # the dictionary and the vocabulary are read once, not per search
    with django_assert_max_num_queries(MAX_QUERIES) as few:
        search("atestation pension")
    for number in range(12):
        b.page("news", f"Pension et attestation {number}", "L'attestation de pension")
    copy()
    search("atestation pension")
    with django_assert_max_num_queries(MAX_QUERIES) as many:
        search("atestation pension")
    assert len(many.captured_queries) == len(few.captured_queries)


# Restrictions, the two copies' candidates and sizes, the corrections' candidates (7); the site's cache
# (synonyms, facet labels) may add a read and a write each.
MAX_QUERIES = 11
