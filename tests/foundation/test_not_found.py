"""A 404 on a machine route stays a 404; on a people's route it leads to the language prefix."""

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
