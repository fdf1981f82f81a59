"""The language switcher leads to the translation, or to a clear fallback (never a 404)."""

import pytest
from wagtail.models import Page

from tests.cms.conftest import translate

pytestmark = pytest.mark.django_db


def test_switcher_leads_to_the_translation(client, tree):
    page = tree.procedure()
    translate(page, title="شهادة الحياة")
    html = client.get(page.get_url()).content.decode()
    assert 'href="/ar/demarches/attestation-de-vie/" lang="ar"' in html


def test_missing_translation_falls_back_to_the_other_home_with_a_notice(client, tree):
    page = tree.procedure()
    html = client.get(page.get_url()).content.decode()
    assert 'href="/ar/?missing_translation=1" lang="ar"' in html
    response = client.get("/ar/?missing_translation=1")
    assert response.status_code == 200
    assert "هذه الصفحة غير متوفرة بعد بهذه اللغة" in response.content.decode()


def test_unpublished_translation_is_not_offered(client, tree):
    page = tree.procedure()
    arabic = translate(page, title="شهادة الحياة")
    Page.objects.get(pk=arabic.pk).unpublish()
    html = client.get(page.get_url()).content.decode()
    assert "?missing_translation=1" in html
    assert client.get("/ar/demarches/attestation-de-vie/").status_code == 404
