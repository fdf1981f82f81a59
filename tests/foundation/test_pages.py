import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(demo_content):
    """The demo content, loaded once for this module (see tests/conftest.py)."""


def test_home_page_in_french(client, demo_site):
    response = client.get("/fr/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Caisse de retraite des fonctionnaires" in html
    assert 'href="#main"' in html and 'id="main"' in html


def test_home_page_in_arabic_is_right_to_left(client, demo_site):
    response = client.get("/ar/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "صندوق تقاعد الموظفين" in html
    # The interface strings are translated too, not only the content.
    assert "تخطي إلى المحتوى الرئيسي" in html


def test_language_switch_leads_to_the_translation(client, demo_site):
    html = client.get("/fr/").content.decode()
    assert 'href="/ar/" lang="ar"' in html


def test_root_redirects_to_a_language(client, demo_site):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in {"/fr/", "/ar/"}


def test_loading_the_demo_twice_is_harmless(demo_site):
    from wagtail.models import Page

    before = Page.objects.count()
    call_command("load_demo", "pages", stdout=io.StringIO())
    assert Page.objects.count() == before


def test_catalogues_are_complete():
    """Every interface string has a French and an Arabic translation."""
    from pathlib import Path

    import polib

    root = Path(__file__).resolve().parents[2] / "locale"
    for language in ("fr", "ar"):
        catalogue = polib.pofile(str(root / language / "LC_MESSAGES" / "django.po"))
        untranslated = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
        assert untranslated == [], f"{language}: untranslated strings {untranslated[:10]}"
