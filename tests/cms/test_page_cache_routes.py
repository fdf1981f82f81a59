"""Wagtail's routing is remembered per host and path (cms/route_cache.py), never what comes after it, and every
change to what routing decides is seen at the next request."""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """The routes matter when a page is rendered: without the page cache every request is."""
    settings.PAGE_CACHE_SECONDS = 0


def _sql(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, " ".join(query["sql"] for query in queries.captured_queries)


def test_the_second_visit_skips_the_routing(client, tree):
    procedure = tree.procedure()
    client.get(procedure.url)
    response, sql = _sql(client, procedure.url)
    assert response.status_code == 200
    # Neither the site, nor the locale, nor one query per path segment.
    assert "wagtailcore_site" not in sql and "wagtailcore_locale" not in sql
    assert sql.count('FROM "wagtailcore_page"') <= 3  # the page, the restrictions' ancestors, the related pages


def test_a_renamed_page_answers_at_its_new_path_only(client, tree):
    procedure = tree.procedure()
    old_url = procedure.url
    assert client.get(old_url).status_code == 200
    procedure.slug = "attestation-de-vie-annuelle"
    procedure.save_revision().publish()
    assert client.get(old_url).status_code == 404
    new_url = Page.objects.get(pk=procedure.pk).url
    assert new_url != old_url and client.get(new_url).status_code == 200


def test_a_deleted_or_unpublished_page_is_gone_at_once(client, tree):
    kept, gone = tree.procedure(), tree.procedure(slug="pension-de-reversion", title="Pension de réversion")
    for page in (kept, gone):
        assert client.get(page.url).status_code == 200
    url = gone.url
    gone.delete()
    assert client.get(url).status_code == 404
    kept.unpublish()
    assert client.get(kept.get_url()).status_code == 404


def test_an_expired_page_is_gone_when_it_expires(client, tree):
    procedure = tree.procedure()
    procedure.expire_at = timezone.now() + datetime.timedelta(seconds=4)
    procedure.save_revision().publish()
    # Remembered until the page expires at most (not the usual five minutes).
    assert client.get(procedure.url).status_code == 200
    time.sleep(max(0, (procedure.expire_at - timezone.now()).total_seconds()) + 0.2)
    assert client.get(procedure.url).status_code == 404


def test_restrictions_are_still_checked_after_a_remembered_route(client, tree, django_user_model):
    procedure = tree.procedure()
    PageViewRestriction.objects.create(page=procedure, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(django_user_model.objects.create_user("agent@example.org"))
    assert client.get(procedure.url).status_code == 200  # remembered now
    client.logout()
    response = client.get(procedure.url)
    assert response.status_code == 302 and "login" in response["Location"]
