"""Editors' tools: the search report, click-through recording, and who may see them."""

import time

import pytest
from django.contrib.auth.models import Permission
from django.test import Client, override_settings

from search import query_log, report, sync
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


def test_report_counts_top_queries_zero_results_and_click_through(page, client, settings):
    settings.SEARCH_REPORT_MIN_VISITORS = 1  # one test client: the visitor threshold is tested below
    for query in ["attestation", "attestation", "zzqxw"]:
        client.get("/fr/search/", {"q": query})
    client.get("/fr/search/go/", {"page": page.pk, "pos": 1, "q": "attestation"})
    built = report.build(days=30)
    assert built.searches == 3 and built.clicks == 1
    assert [(line.query, line.searches, line.clicks) for line in built.top] == [("attestation", 2, 1), ("zzqxw", 1, 0)]
    assert built.top[0].click_through == 0.5
    assert [line.query for line in built.without_results] == ["zzqxw"]


def test_report_view_needs_the_permission(page, django_user_model, settings):
    settings.SEARCH_REPORT_MIN_VISITORS = 1
    QueryLog.objects.create(query="attestation", language="fr", results=1, backend="database", visitor="v1")
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


def search_from(client, address, query, path="/fr/search/"):
    response = client.get(path, {"q": query}, REMOTE_ADDR=address)
    assert response.status_code == 200
    return response


def test_a_query_is_reported_once_enough_distinct_visitors_typed_it(page, client, settings):
    settings.SEARCH_REPORT_MIN_VISITORS = 3
    for _ in range(6):  # one person, many times: still one visitor
        search_from(client, "192.0.2.1", "karim tazi dossier")
    search_from(client, "192.0.2.1", "attestation")
    search_from(client, "192.0.2.2", "attestation", path="/api/search/")
    assert [line.query for line in report.build().top] == []
    search_from(client, "192.0.2.3", "attestation")
    built = report.build()
    assert [(line.query, line.searches) for line in built.top] == [("attestation", 3)]
    assert built.searches == 9  # the totals still count every search


def test_visitors_are_stored_as_a_keyed_hash_never_the_address(page, client):
    search_from(client, "192.0.2.77", "attestation")
    search_from(client, "192.0.2.78", "attestation")
    visitors = list(QueryLog.objects.values_list("visitor", flat=True))
    assert len(set(visitors)) == 2
    assert all(len(v) == 64 and "192.0.2" not in v for v in visitors)
    with override_settings(SECRET_KEY="another-secret"):
        search_from(client, "192.0.2.77", "attestation")
    assert QueryLog.objects.latest("pk").visitor not in visitors  # keyed: the hash depends on the secret


def _fresh_window():
    """Wait for the next budget window when this one ends within 15 s: the budget is counted per clock
    minute, and requests that straddle two windows get two budgets (on a slow machine, they did)."""
    remaining = query_log.THROTTLE_WINDOW_SECONDS - time.time() % query_log.THROTTLE_WINDOW_SECONDS
    if remaining < 15:
        time.sleep(remaining + 0.1)


def test_anonymous_search_logging_is_throttled_per_client_not_the_search(page, client, settings):
    settings.SEARCH_LOG_RATE = 3
    _fresh_window()
    for _ in range(5):
        response = search_from(client, "192.0.2.9", "attestation")
        assert "Attestation de pension" in response.content.decode()  # the search itself always answers
    assert QueryLog.objects.count() == 3
    search_from(client, "192.0.2.10", "attestation")  # another client has its own budget
    assert QueryLog.objects.count() == 4


def test_click_logging_is_throttled_per_client_too(page, client, settings):
    settings.SEARCH_LOG_RATE = 2
    _fresh_window()
    for _ in range(4):
        response = client.get(
            "/fr/search/go/", {"page": page.pk, "pos": 1, "q": "attestation"}, REMOTE_ADDR="192.0.2.5"
        )
        assert response.status_code == 302 and response["Location"] == page.url  # the visitor still gets there
    assert ResultClick.objects.count() == 2


def test_a_visitor_over_the_logging_budget_costs_no_database_read(page, settings, django_assert_num_queries):
    """Past the budget the names lookup is skipped too: a flood from one address never reaches the database."""
    from search import service

    settings.SEARCH_LOG_RATE = 1
    _fresh_window()
    visitor = query_log.Visitor("f" * 64)
    request = service.parse_request({"q": "attestation Benali"}, "fr")
    results = service.run(request, engine="database")
    assert query_log.record(request, results, visitor) is not None
    with django_assert_num_queries(0):
        assert query_log.record(request, results, visitor) is None
    assert QueryLog.objects.count() == 1
