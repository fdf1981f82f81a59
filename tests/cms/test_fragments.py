"""The navigation, language switcher, alerts and footer links every page shows are kept per language and site,
and every change a visitor could see empties them (cms/fragments.py), also for signed-in people and without the
page cache."""

import datetime
import io
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms import fragments
from cms.snippets import SiteAlert
from tests.cms.conftest import translate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Rendered pages would hide the fragments: every request here renders its page."""
    settings.PAGE_CACHE_SECONDS = 0


def _alert(tree, title, *, starts_at, ends_at=None, language="fr"):
    alert = SiteAlert(
        title=title, message=f"{title}.", starts_at=starts_at, ends_at=ends_at, locale=tree.locales[language]
    )
    alert.save()
    alert.save_revision().publish()
    return alert


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_layout_costs_no_query_once_kept(client, tree):
    procedure = tree.procedure()
    client.get(procedure.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(procedure.url)
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "cms_sitealert" not in tables and "wagtailcore_locale" not in tables and "wagtailcore_site" not in tables


def test_a_published_section_is_in_the_navigation_at_the_next_request(client, tree):
    procedure = tree.procedure()
    assert "questions-frequentes" not in _html(client, procedure.url)
    tree.faq()
    assert "/fr/questions-frequentes/" in _html(client, procedure.url)


def test_an_unpublished_section_leaves_the_navigation(client, tree):
    procedure = tree.procedure()
    faq = tree.faq()
    assert "/fr/questions-frequentes/" in _html(client, procedure.url)
    faq.unpublish()
    assert "/fr/questions-frequentes/" not in _html(client, procedure.url)


def test_a_scheduled_publication_reaches_the_navigation(client, tree):
    procedure = tree.procedure()
    faq = tree.faq()
    faq.unpublish()
    assert "/fr/questions-frequentes/" not in _html(client, procedure.url)
    revision = faq.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(seconds=1)
    revision.save(update_fields=["approved_go_live_at"])
    call_command("publish_scheduled", stdout=io.StringIO())
    assert "/fr/questions-frequentes/" in _html(client, procedure.url)


def test_french_and_arabic_are_kept_apart(client, tree):
    procedure = tree.procedure()
    arabic = translate(procedure, title="شهادة الحياة")
    french_html, arabic_html = _html(client, procedure.url), _html(client, arabic.url)
    assert 'href="/fr/demarches/"' in french_html and 'href="/ar/demarches/"' not in french_html
    assert 'href="/ar/demarches/"' in arabic_html and 'href="/fr/demarches/"' not in arabic_html
    # Each switcher leads to the other language's version of the same page.
    assert f'href="{arabic.url}"' in french_html and f'href="{procedure.url}"' in arabic_html


def test_the_switcher_follows_a_translation_published_later(client, tree):
    procedure = tree.procedure()
    assert "missing_translation=1" in _html(client, procedure.url)
    arabic = translate(procedure, title="شهادة الحياة")
    html = _html(client, procedure.url)
    assert f'href="{arabic.url}"' in html and "missing_translation=1" not in html


def test_alerts_are_shown_and_hidden_when_published_and_unpublished(client, tree):
    home = tree.homes["fr"]
    assert "Paiement avancé" not in _html(client, home.url)
    alert = _alert(tree, "Paiement avancé", starts_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "Paiement avancé" in _html(client, home.url)
    alert.unpublish()
    assert "Paiement avancé" not in _html(client, home.url)


def test_an_alert_shows_when_it_starts_and_leaves_when_it_ends_without_any_signal(client, tree):
    """Kept until the next start or end, never past it: the clock changes what is shown, not an editor."""
    home = tree.homes["fr"]
    now, soon = timezone.now(), timezone.now() + datetime.timedelta(seconds=2)
    _alert(tree, "Bientôt", starts_at=soon)
    _alert(tree, "Presque fini", starts_at=now - datetime.timedelta(days=1), ends_at=soon)
    html = _html(client, home.url)
    assert "Bientôt" not in html and "Presque fini" in html
    time.sleep(2.2)
    html = _html(client, home.url)
    assert "Bientôt" in html and "Presque fini" not in html


def test_alerts_of_one_language_never_show_in_the_other(client, tree):
    _alert(tree, "Avis en français", starts_at=timezone.now() - datetime.timedelta(minutes=1))
    _alert(tree, "إعلان بالعربية", starts_at=timezone.now() - datetime.timedelta(minutes=1), language="ar")
    french, arabic = _html(client, tree.homes["fr"].url), _html(client, tree.homes["ar"].url)
    assert "Avis en français" in french and "إعلان بالعربية" not in french
    assert "إعلان بالعربية" in arabic and "Avis en français" not in arabic


def test_signed_in_people_get_the_fragments_too(client, tree, django_user_model):
    procedure = tree.procedure()
    client.force_login(django_user_model.objects.create_user("visitor@example.org"))
    client.get(procedure.url)
    with CaptureQueriesContext(connection) as queries:
        html = _html(client, procedure.url)
    assert "cms_sitealert" not in " ".join(query["sql"] for query in queries.captured_queries)
    assert "/fr/demarches/" in html


def test_fragments_live_no_longer_than_the_setting(settings, tree):
    settings.FRAGMENT_CACHE_SECONDS = 0
    calls = []
    for _ in range(2):
        fragments.remember("probe", "fr", compute=lambda: calls.append(1))
    assert len(calls) == 2
