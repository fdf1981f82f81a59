"""Editors' tools: the search report, click-through recording, and who may see them."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from search import report, sync
from search.indexes import PAGES
from search.models import QueryLog, ResultClick

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(site_builder, settings):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}  # the database path is enough here
    page = site_builder.page("procedure", "Attestation de pension", "Obtenir une attestation")
    sync.rebuild(PAGES)
    return page


def test_a_click_is_recorded_then_redirects_to_the_page(page, client):
    response = client.get("/fr/search/go/", {"page": page.pk, "pos": 1, "q": "attestation AB123456"})
    assert response.status_code == 302
    assert response["Location"] == page.url
    click = ResultClick.objects.get()
    assert (click.query, click.page_id, click.position) == ("attestation", page.pk, 1)


def test_the_click_redirect_only_goes_to_indexed_pages(page, client):
    for params in [{"page": "999999"}, {"page": "https://evil.example"}, {}]:
        response = client.get("/fr/search/go/", params)
        assert response.status_code == 302 and response["Location"] == "/fr/search/"
    assert not ResultClick.objects.exists()


def test_report_counts_top_queries_zero_results_and_click_through(page, client):
    for query in ["attestation", "attestation", "zzqxw"]:
        client.get("/fr/search/", {"q": query})
    client.get("/fr/search/go/", {"page": page.pk, "pos": 1, "q": "attestation"})
    built = report.build(days=30)
    assert built.searches == 3 and built.clicks == 1
    assert [(line.query, line.searches, line.clicks) for line in built.top] == [("attestation", 2, 1), ("zzqxw", 1, 0)]
    assert built.top[0].click_through == 0.5
    assert [line.query for line in built.without_results] == ["zzqxw"]


def test_report_view_needs_the_permission(page, django_user_model):
    QueryLog.objects.create(query="attestation", language="fr", results=1, backend="database")
    user = django_user_model.objects.create_user(username="ed", email="ed@example.test", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    assert client.get("/admin/search-report/").status_code in (302, 403)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="search", codename="view_querylog"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    response = client.get("/admin/search-report/", {"days": "7"})
    assert response.status_code == 200
    assert "attestation" in response.content.decode()
    assert client.get("/admin/search-report/", {"days": "abc"}).status_code == 200
