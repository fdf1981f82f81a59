"""The demo content: enough real pages in both languages, all rendering, loadable twice."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page, Revision

from cms.models import ContactPage, NewsPage, ProcedurePage, RegionalOffice

pytestmark = pytest.mark.django_db


def test_demo_site_is_complete_renders_and_reloads_idempotently(client, demo_site):
    for language in ("fr", "ar"):
        assert ProcedurePage.objects.live().filter(locale__language_code=language).count() >= 30
        assert NewsPage.objects.live().filter(locale__language_code=language).count() >= 20
        assert ContactPage.objects.live().filter(locale__language_code=language).count() >= 7
    assert RegionalOffice.objects.values("name").distinct().count() >= 10
    # French and Arabic pages are translations of each other.
    arabic_locale = Locale.objects.get(language_code="ar")
    for procedure in ProcedurePage.objects.filter(locale__language_code="fr"):
        arabic = procedure.get_translation(arabic_locale)
        assert arabic.live and arabic.title != procedure.title
        assert arabic.steps and arabic.documents_to_bring and arabic.channels.exists()
    # Every page of the demo renders.
    for page in Page.objects.live().filter(depth__gte=2).specific():
        response = client.get(page.get_url())
        assert response.status_code == 200, page.get_url()
    # Loading again changes nothing.
    pages, revisions = Page.objects.count(), Revision.objects.count()
    call_command("load_demo", "pages", stdout=io.StringIO())
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)

    # (Same test: loading the demo takes about a minute.) Forms, related procedures and images are there.
    page = ProcedurePage.objects.get(slug="pension-retraite-limite-age", locale__language_code="fr")
    html = client.get(page.get_url()).content.decode()
    assert "Formulaire D1" in html and ".pdf" in html
    assert "/fr/demarches/retraite-anticipee/" in html
    news = NewsPage.objects.filter(locale__language_code="ar").exclude(image=None).first()
    assert 'srcset="' in client.get(news.get_url()).content.decode()
