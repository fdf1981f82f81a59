"""/api/search/'s answer is written out by hand (search.api.results_data) for speed; the serializers describe it
in the schema. Both must give the same JSON, for every kind of answer: hits, promoted pages, facets, a
correction, nothing found, and the database engine's answers."""

import pytest

from search import service, sync
from search.api import ResultsSerializer, results_data
from search.indexes import PAGES
from search.models import PromotedResult
from search.results import SearchRequest


@pytest.fixture
def content(site_builder):
    b = site_builder
    retirees = b.audience("retraites", "Retraités")
    certificates = b.category("attestations", "Attestations")
    b.page("procedure", "Attestation de pension", "Obtenir l'attestation.", category=certificates, audiences=[retirees])
    news = b.page("news", "Revalorisation des pensions", "Nouveau barème", "Paiement en janvier")
    b.page("procedure", "طلب معاش التقاعد", "الوثائق المطلوبة", "بطاقة التعريف الوطنية", language="ar")
    PromotedResult.objects.create(query="pension attestation", page=news)
    return b


QUERIES = [
    ("attestation pension", "fr", {}),  # hits and a promoted page
    ("atestation", "fr", {}),  # a correction
    ("pension", "fr", {"category": "attestations"}),  # a facet selected
    ("معاش", "ar", {}),
    ("zzzz introuvable", "fr", {}),  # nothing found
]


def _compare():
    for text, language, filters in QUERIES:
        results = service.run(SearchRequest(query=text, language=language, filters=filters))
        assert results_data(results) == ResultsSerializer(results).data, text
        yield results


def test_the_written_answer_is_the_serializers_on_elasticsearch(content, es_client):
    sync.rebuild(PAGES)
    answers = list(_compare())
    assert {results.backend for results in answers} == {"elasticsearch"}
    assert answers[0].promoted and answers[0].hits and answers[1].did_you_mean and not answers[-1].hits


def test_the_written_answer_is_the_serializers_on_the_database(content, settings):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    sync.rebuild(PAGES)
    answers = list(_compare())
    assert {results.backend for results in answers} == {"database"}
    assert answers[0].hits and not answers[-1].hits


def test_the_api_answers_with_it(content, es_client, client):
    sync.rebuild(PAGES)
    body = client.get("/api/search/", {"q": "attestation pension", "lang": "fr"}).json()
    results = service.run(SearchRequest(query="attestation pension", language="fr"))
    assert body == results_data(results)
