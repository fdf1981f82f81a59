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
