import pytest
from django.db import connection
from django.db.utils import load_backend

from config import health

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["tasks"]["state"] == "ok"
    assert {"pending", "failed"} <= set(body["tasks"])
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_reports_elasticsearch_ok(client, es_client):
    assert client.get("/healthz").json()["elasticsearch"] == "ok"


def test_health_reports_elasticsearch_not_configured(client, settings):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    body = client.get("/healthz").json()
    assert body["elasticsearch"] == "not configured"
    assert body["status"] == "ok"


def test_health_reports_elasticsearch_unreachable(client, settings):
    # A closed port on loopback: the client gets "connection refused" at once.
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9"}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["elasticsearch"] == "unreachable"


def test_health_is_503_when_the_database_is_down(client, monkeypatch, tmp_path):
    # A real connection to a database that is not there: a closed port for
    # PostgreSQL, a file in a missing folder for SQLite.
    dead_settings = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": "9", "CONN_MAX_AGE": 0}
    if connection.vendor == "sqlite":
        dead_settings["NAME"] = str(tmp_path / "missing" / "db.sqlite3")
    dead = load_backend(dead_settings["ENGINE"]).DatabaseWrapper(dead_settings, alias="dead")
    monkeypatch.setattr(health, "connection", dead)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


# Details are for operators: the machine itself (the test client's 127.0.0.1) or staff. Others get the status.
OUTSIDE = "203.0.113.7"


def test_details_are_not_shown_to_the_outside(client):
    response = client.get("/healthz", REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_details_are_shown_to_loopback_over_ipv6_too(client):
    assert client.get("/healthz", REMOTE_ADDR="::1").json()["database"] == "ok"


def test_the_bare_answer_is_503_when_the_database_is_down(client, monkeypatch, tmp_path):
    dead_settings = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": "9", "CONN_MAX_AGE": 0}
    if connection.vendor == "sqlite":
        dead_settings["NAME"] = str(tmp_path / "missing" / "db.sqlite3")
    monkeypatch.setattr(health, "connection", load_backend(dead_settings["ENGINE"]).DatabaseWrapper(dead_settings))
    response = client.get("/healthz", REMOTE_ADDR=OUTSIDE)
    assert (response.status_code, response.json()) == (503, {"status": "unavailable"})


def test_staff_see_the_details_from_anywhere(client):
    from tests.security.world import make_user

    client.force_login(make_user("operator@example.org", is_staff=True))
    assert client.get("/healthz", REMOTE_ADDR=OUTSIDE).json()["tasks"]["state"] == "ok"
    client.force_login(make_user("member@example.org"))
    assert client.get("/healthz", REMOTE_ADDR=OUTSIDE).json() == {"status": "ok"}


def test_behind_the_proxy_the_client_address_is_the_proxy_header(client, settings):
    # nginx connects from loopback and says who the client is: the client is not the machine itself.
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client.get("/healthz", HTTP_X_REAL_IP=OUTSIDE).json() == {"status": "ok"}
    assert client.get("/healthz", HTTP_X_REAL_IP="127.0.0.1").json()["database"] == "ok"
    # Straight to the application port from the machine (no proxy header): an operator's curl.
    assert client.get("/healthz").json()["database"] == "ok"
