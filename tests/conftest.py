"""Shared test wiring: the real services, and the rule that CI never skips them.

Locally, a test that needs Elasticsearch or Chromium is skipped with a reason
when the service is absent. With CI=true the same absence is a failure.
"""

import contextlib
import os
import uuid

import pytest
from django.conf import settings

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(reason):
    """Skip locally, fail in CI: a missing service must never pass silently there."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: required services are never skipped)", pytrace=False)
    pytest.skip(reason)


def pytest_sessionstart(session):
    # In CI the database must be the real PostgreSQL.
    if IN_CI and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit("CI=true but DATABASE_URL does not point at PostgreSQL", returncode=3)


@pytest.fixture(scope="session", autouse=True)
def _isolated_search_indices():
    """Give this test run its own index prefix, and remove its indices afterwards."""
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "INDEX_PREFIX": prefix}
    yield prefix
    from search.client import get_client

    client = get_client()
    if client is not None:
        # Cleaning up must not hide the tests' own result.
        with contextlib.suppress(Exception):
            client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)


@pytest.fixture
def es_client():
    """The real Elasticsearch node (started by `make test`)."""
    from search.client import OK, get_client, state

    if state() != OK:
        require_service(f"Elasticsearch is not reachable (ELASTICSEARCH_URL={settings.ELASTICSEARCH['URL']!r})")
    return get_client()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
