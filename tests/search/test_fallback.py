"""Without Elasticsearch (not configured, or unreachable) the page and the API answer from the database."""

import pytest
from django.conf import settings as django_settings

from search import page_documents, service, sync
from search.indexes import PAGES
from search.results import SearchRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_builder):
    b = site_builder
    return {
        "attestation": b.page("procedure", "Demander une attestation de pension", "L'attestation en ligne"),
        "news": b.page("news", "Nouvelle attestation de pension", "L'attestation de pension en ligne"),
        "ar": b.page("procedure", "طلب شهادة المعاش", "الحصول على شهادة المعاش", language="ar"),
    }


@pytest.fixture(params=["not configured", "unreachable"])
def no_elasticsearch(request, settings, pages):
    # The database copy is written by the same code path as the index (here: a rebuild without ES).
    settings.ELASTICSEARCH = {**django_settings.ELASTICSEARCH, "URL": ""}
    sync.rebuild(PAGES)
    if request.param == "unreachable":
        # A closed port on loopback: connection refused, as when the cluster is down.
        settings.ELASTICSEARCH = {**django_settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}
    return request.param


def test_search_page_answers_from_the_database_with_a_notice(no_elasticsearch, client, pages):
    response = client.get("/fr/search/", {"q": "atestation pension"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "simplified mode" in html or "mode simplifié" in html
    assert html.index("Demander une attestation de pension") < html.index("Nouvelle attestation de pension")


def test_api_answers_from_the_database(no_elasticsearch, client, pages):
    response = client.get("/api/search/", {"q": "شهاده المعاشات", "lang": "ar"})
    assert response.status_code == 200
    body = response.json()
    assert body["degraded"] is True and body["backend"] == "database"
    assert body["results"][0]["page_id"] == pages["ar"].pk
    assert {f["value"]: f["count"] for f in body["facets"]["kind"]} == {"procedure": 1}


def test_autocomplete_answers_from_the_database(no_elasticsearch, client, pages):
    response = client.get("/api/search/autocomplete/", {"q": "Attes", "lang": "fr"})
    assert [s["title"] for s in response.json()] == [
        "Demander une attestation de pension",
        "Nouvelle attestation de pension",
    ]


def test_database_path_ranks_procedures_first_and_escapes(no_elasticsearch, pages):
    results = service.run(SearchRequest("attestation pension", "fr"))
    assert [hit.page_id for hit in results.hits][:2] == [pages["attestation"].pk, pages["news"].pk]
    assert results.hits[0].snippet == "L&#x27;attestation en ligne"


def test_healthz_reports_the_search_state(no_elasticsearch, client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["elasticsearch"] == no_elasticsearch


def test_bad_parameters_never_break_the_page(no_elasticsearch, client):
    for params in [{"q": "x" * 5000}, {"q": "pension", "page": "-3"}, {"q": "pension", "page": "abc"}, {"kind": "?"}]:
        assert client.get("/fr/search/", params).status_code == 200
        assert client.get("/api/search/", params).status_code == 200


def test_api_titles_and_summaries_are_plain_text_and_highlights_apart(no_elasticsearch, client, site_builder):
    page = site_builder.page("procedure", "Pension à l'étranger", "Vivre à l'étranger & toucher sa pension")
    sync.store_fallback(page.pk, page_documents.page_document(page))  # what the index task writes first
    hit = next(h for h in client.get("/api/search/", {"q": "étranger"}).json()["results"] if h["page_id"] == page.pk)
    assert hit["title"] == "Pension à l'étranger"
    assert hit["summary"] == "Vivre à l'étranger & toucher sa pension"
    assert hit["highlight"]["title"] == "Pension à l&#x27;étranger"
    assert hit["highlight"]["snippet"] == "Vivre à l&#x27;étranger &amp; toucher sa pension"
