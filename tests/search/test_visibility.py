"""One rule, every consumer: a visitor never sees an expired, private, login-restricted or unpublished page.

The rule lives in cms.visibility. Here each consumer is asked about the same five pages: the content
API (list, detail, translations), a page list (the procedure index), search indexing, and both
search engines even when their copy is stale (written while the pages were still public), since an
index can lag behind the database (an expiry before `publish_scheduled` runs, a missed update).
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms import visibility
from search import engines, page_documents, service, sync
from search.indexes import PAGES
from search.results import DATABASE, ELASTICSEARCH, SearchRequest
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db

SUMMARY = "Prouver chaque année que l'on est en vie."


@pytest.fixture
def pages(site_builder, search_index):
    b = site_builder

    def procedure(title, slug):
        return b.page("procedure", title, SUMMARY, "Formulaire de vie", slug=slug)

    pages = {
        "public": procedure("Attestation de vie", "attestation-de-vie"),
        "expired": procedure("Vie périmée", "perimee"),
        "password": procedure("Vie privée", "privee"),
        "login": procedure("Vie réservée", "reservee"),
        "draft": procedure("Vie brouillon", "brouillon"),
    }
    # The search copies are written now, while every page is public: later changes leave them stale.
    for page in pages.values():
        document = page_documents.page_document(page)
        sync.store_fallback(page.pk, document)
        sync._write(PAGES, page.pk, document)
    pages["expired"].expire_at = timezone.now() - datetime.timedelta(minutes=5)
    pages["expired"].save()
    PageViewRestriction.objects.create(
        page=pages["password"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    PageViewRestriction.objects.create(page=pages["login"], restriction_type=PageViewRestriction.LOGIN)
    pages["draft"].unpublish()
    refresh()
    return pages


def hidden_ids(pages):
    return {page.pk for name, page in pages.items() if name != "public"}


def test_the_rule_itself(pages):
    assert set(
        visibility.public_pages().filter(pk__in=[p.pk for p in pages.values()]).values_list("pk", flat=True)
    ) == {pages["public"].pk}
    assert [name for name, page in pages.items() if visibility.is_public(page)] == ["public"]


def test_content_api(pages, client):
    listed = {item["id"] for item in client.get("/api/v2/pages/?type=cms.ProcedurePage").json()["items"]}
    assert pages["public"].pk in listed and not listed & hidden_ids(pages)
    for name in ("expired", "password", "login", "draft"):
        assert client.get(f"/api/v2/pages/{pages[name].pk}/", follow=True).status_code == 404, name


def test_content_api_translations(pages, site_builder, client):
    public = pages["public"]
    arabic = public.copy_for_translation(site_builder.locales["ar"], copy_parents=False)
    arabic.title = "شهادة الحياة"
    arabic.save_revision().publish()
    arabic.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    arabic.save()
    assert client.get(f"/api/v2/pages/{public.pk}/").json()["translations"] == []


def test_page_list(pages, site_builder, client):
    html = client.get(site_builder.procedures["fr"].url).content.decode()
    assert "Attestation de vie" in html
    for title in ("Vie périmée", "Vie privée", "Vie réservée", "Vie brouillon"):
        assert title not in html


def test_search_indexing(pages):
    assert [name for name, page in pages.items() if page_documents.page_document(page)] == ["public"]
    indexed = {page_id for page_id, _ in page_documents.searchable_documents()}
    assert pages["public"].pk in indexed and not indexed & hidden_ids(pages)


@pytest.mark.parametrize("engine", [ELASTICSEARCH, DATABASE])
def test_both_search_engines_even_with_a_stale_copy(pages, engine):
    results = service.run(SearchRequest("prouver vie", "fr"), engine=engine)
    assert [hit.page_id for hit in results.hits] == [pages["public"].pk]
    assert results.total == 1
    suggestions = engines.call("autocomplete", "vie", "fr", engine=engine)
    assert [s["title"] for s in suggestions] == ["Attestation de vie"]  # and none of the hidden "Vie ..."
    assert [s["title"] for s in engines.call("autocomplete", "attestation", "fr", engine=engine)] == [
        "Attestation de vie"
    ]


def test_a_page_hidden_between_two_searches_is_gone_from_the_second(pages, site_builder):
    # The public ids are kept between searches (cms.visibility.public_ids): what hides a page must forget them.
    public = pages["public"]
    assert [hit.page_id for hit in service.run(SearchRequest("prouver vie", "fr")).hits] == [public.pk]
    PageViewRestriction.objects.create(page=public, restriction_type=PageViewRestriction.LOGIN)
    assert service.run(SearchRequest("prouver vie", "fr")).hits == []


def test_the_public_ids_are_kept_no_longer_than_the_next_expiry(pages):
    soon = timezone.now() + datetime.timedelta(seconds=90)
    pages["public"].expire_at = soon
    pages["public"].save()
    _ids, seconds = visibility._every_public_id()
    assert 0 < seconds <= 90
