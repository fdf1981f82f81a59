"""A 404 on a machine route stays a 404 (in JSON under /api/); on a people's route it leads to the language prefix."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v2/pages/987654/", "/api/no-such-endpoint/", "/admin/no-such-screen/"])
def test_language_neutral_routes_answer_404_without_redirect(client, path):
    response = client.get(path)
    assert response.status_code in (404, 302)
    # The admin sends anonymous visitors to the login page; it must never be the language redirect.
    assert not response.get("Location", "").startswith("/fr/" + path.lstrip("/"))
    if path.startswith("/api/"):
        assert response.status_code == 404


def test_api_detail_404_is_json(client):
    response = client.get("/api/v2/pages/987654/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_people_routes_still_get_the_language_prefix(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/login/"


@pytest.mark.parametrize("path", ["/api/nothing-here/", "/api/v3/pages/", "/api/portal/claims/x/y/z/"])
def test_unknown_api_addresses_answer_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Non trouvé."}  # French is the site's default language


def test_unknown_api_address_error_is_translated(client):
    response = client.get("/api/nothing-here/", HTTP_ACCEPT_LANGUAGE="ar")
    detail = response.json()["detail"]
    assert response.status_code == 404 and any("\u0600" <= ch <= "\u06ff" for ch in detail), detail


def test_unknown_page_answers_the_site_page(client):
    response = client.get("/fr/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_with_debug_a_missing_page_still_shows_the_site_s_404(client, settings):
    # `make run` runs with DEBUG: a person trying the site sees the designed page, not Django's technical one.
    settings.DEBUG = True
    settings.DEBUG_404 = False
    response = client.get("/fr/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html, html[:500]
    assert "DEBUG = True" not in html


def test_debug_404_brings_django_s_technical_page_back(client, settings):
    settings.DEBUG = True
    settings.DEBUG_404 = True
    response = client.get("/fr/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "DEBUG = True" in response.content.decode()
