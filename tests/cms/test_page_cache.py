"""Anonymous visitors get pages from the page cache, and never a stale or personal one."""

import datetime

import pytest
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms import page_cache
from cms.snippets import SiteAlert
from tests.cms.conftest import publish

pytestmark = pytest.mark.django_db

HIT = page_cache.HIT_HEADER


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    page_cache.clear()


def test_second_anonymous_visit_is_served_from_the_cache_with_fewer_queries(client, tree, django_db_blocker):
    from django.db import connection

    procedure = tree.procedure()
    with CaptureQueriesContext(connection) as first:
        miss = client.get(procedure.url)
    with CaptureQueriesContext(connection) as second:
        hit = client.get(procedure.url)
    assert miss.status_code == hit.status_code == 200
    assert HIT not in miss and hit[HIT] == "hit"
    assert hit.content == miss.content
    assert hit["Content-Type"] == miss["Content-Type"]
    # Neither routing nor rendering run: one query reads the database cache, none Redis.
    assert len(second) <= 1 < len(first), (len(first), len(second))


def test_publishing_a_change_is_shown_at_once(client, tree, django_capture_on_commit_callbacks):
    procedure = tree.procedure()
    client.get(procedure.url)
    assert client.get(procedure.url)[HIT] == "hit"
    procedure.title = "Attestation de vie (nouvelle version)"
    with django_capture_on_commit_callbacks(execute=True):
        publish(procedure)
    response = client.get(procedure.url)
    assert HIT not in response
    assert "Attestation de vie (nouvelle version)" in response.content.decode()


def test_publishing_another_page_refreshes_the_listings(client, tree):
    index = tree.procedure_index
    tree.procedure()
    client.get(index.url)
    assert client.get(index.url)[HIT] == "hit"
    tree.procedure(slug="remboursement", title="Remboursement des cotisations")
    assert "Remboursement des cotisations" in client.get(index.url).content.decode()


def test_an_unpublished_page_is_gone_at_once(client, tree):
    procedure = tree.procedure()
    client.get(procedure.url)
    procedure.unpublish()
    assert client.get(procedure.url).status_code == 404


def test_a_published_alert_shows_on_cached_pages(client, tree):
    home = tree.homes["fr"]
    client.get(home.url)
    assert client.get(home.url)[HIT] == "hit"
    alert = SiteAlert(
        title="Paiement avancé",
        message="Les pensions de décembre sont payées le 20.",
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
        locale=tree.locales["fr"],
    )
    alert.save()
    alert.save_revision().publish()
    assert "Les pensions de décembre sont payées le 20." in client.get(home.url).content.decode()


def test_an_entry_never_outlives_the_next_alert_start_or_end(tree):
    now = timezone.now()
    page = tree.procedure()
    assert page_cache.seconds_until_next_change(page, now) == 300
    SiteAlert.objects.create(
        title="Bientôt",
        message="…",
        starts_at=now + datetime.timedelta(seconds=40),
        locale=tree.locales["fr"],
        live=True,
    )
    assert page_cache.seconds_until_next_change(page, now) == 40
    SiteAlert.objects.create(
        title="Fin",
        message="…",
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(seconds=25),
        locale=tree.locales["fr"],
        live=True,
    )
    assert page_cache.seconds_until_next_change(page, now) == 25
    page.expire_at = now + datetime.timedelta(seconds=10)
    assert page_cache.seconds_until_next_change(page, now) == 10


def test_logged_in_visitors_are_neither_served_nor_stored(client, tree, django_user_model):
    procedure = tree.procedure()
    user = django_user_model.objects.create_user("member@example.org", "member@example.org", "x" * 20)
    client.force_login(user)
    client.get(procedure.url)
    assert HIT not in client.get(procedure.url)
    client.logout()
    assert HIT not in client.get(procedure.url)  # nothing was stored for the member


def test_query_strings_and_restricted_pages_are_not_cached(client, tree):
    procedure = tree.procedure()
    client.get(f"{procedure.url}?utm=1")
    assert HIT not in client.get(f"{procedure.url}?utm=1")
    private = tree.procedure(slug="interne", title="Procédure interne")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response = client.get(private.url)
        assert response.status_code == 302 and HIT not in response


def test_the_cache_can_be_turned_off(client, tree, settings):
    settings.PAGE_CACHE_SECONDS = 0
    procedure = tree.procedure()
    client.get(procedure.url)
    assert HIT not in client.get(procedure.url)


def test_a_live_page_changed_without_a_revision_is_not_served_stale(client, tree):
    procedure = tree.procedure()
    client.get(procedure.url)
    changed_title = "Attestation de vie — modifiée par un script"
    procedure.title = changed_title
    procedure.save()
    assert changed_title in client.get(procedure.url).content.decode()


def test_a_cached_answer_carries_every_header_of_the_first_one(client, tree):
    procedure = tree.procedure()
    miss = client.get(procedure.url)
    hit = client.get(procedure.url)
    assert hit[HIT] == "hit"
    # Security headers, the language and Vary: whether the middleware ran again or the stored answer holds them.
    for name in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "Content-Language", "Vary"):
        assert hit[name] == miss[name], name
    assert {name.lower() for name, _ in miss.items()} == {name.lower() for name, _ in hit.items()} - {HIT.lower()}


def test_an_anonymous_visitor_with_a_session_cookie_is_answered_after_the_session_is_read(client, tree):
    from django.conf import settings

    procedure = tree.procedure()
    client.get(procedure.url)
    session = client.session
    session["seen"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response = client.get(procedure.url)
    assert response[HIT] == "hit"
    assert "Cookie" in response["Vary"]


def test_a_visitor_with_a_pending_message_is_never_given_a_cached_page(client, tree):
    procedure = tree.procedure()
    client.get(procedure.url)
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    pending = CookieStorage(HttpRequest())._encode([Message(constants.SUCCESS, "Votre demande est envoyée.")])
    client.cookies[page_cache.MESSAGES_COOKIE] = pending
    response = client.get(procedure.url)
    assert HIT not in response
    assert "Votre demande est envoyée." in response.content.decode()
