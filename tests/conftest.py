"""Shared test wiring: the real services, and the rule that CI never skips them.

Locally, a test that needs Elasticsearch or Chromium is skipped with a reason
when the service is absent. With CI=true the same absence is a failure.
"""

import contextlib
import os
import shutil
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from tests import run_folder, table_copies, template_database

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() == "true"
# `make soak` sets SOAK=1: the long fault, fuzz and load tests then run at their full volumes.
SOAK = os.environ.get("SOAK", "") == "1"


def sized(ci, soak):
    """A volume for a long test: `ci` in `make test`, `soak` under `make soak` (the same test, more of it)."""
    return soak if SOAK else ci


def require_service(reason):
    """Skip locally, fail in CI: a missing service must never pass silently there."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: required services are never skipped)", pytrace=False)
    pytest.skip(reason)


def _is_transactional(item):
    """Tests that commit for real; Django empties every table after each of them."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server", "django_db_serialized_rollback"} & set(item.fixturenames))


def pytest_collection_modifyitems(session, config, items):
    """Files with a transactional test run after every other file, on each parallel worker too.

    A transactional test leaves the database emptied (no Wagtail root page, new content-type
    ids), so any ordinary test after it on the same worker would fail. pytest-django orders tests,
    but pytest-xdist hands out whole files (`--dist loadfile`), in collection order only with
    `--no-loadscope-reorder` (the Makefile's): putting those files last means a worker never
    receives an ordinary file after a transactional one.

    Among the others, the files holding a test marked ``long`` (minutes each: the access matrices, the API
    fuzzing, the benchmark harness) go first: handed out last, as their names' order did, they ran alone
    at the end while the other workers were idle.
    """
    transactional_files = {item.path for item in items if _is_transactional(item)}
    long_files = {item.path for item in items if item.get_closest_marker("long")}
    # Stable: pytest-django's order within each group.
    items.sort(key=lambda item: (item.path in transactional_files, item.path not in long_files))


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist starts the workers: they inherit the template's name
def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # once per run, not once per parallel worker
        shutil.rmtree(ARTIFACTS / "failures", ignore_errors=True)  # only this run's failure screenshots
        if not (session.config.option.collectonly or session.config.getvalue("reuse_db")):
            template_database.build()
    # In CI the database must be the real PostgreSQL.
    if IN_CI and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit("CI=true but DATABASE_URL does not point at PostgreSQL", returncode=3)
    # And the caches the real Redis (config/settings/base.py; .ci/run starts it).
    if IN_CI and not settings.REDIS_URL:
        pytest.exit("CI=true but REDIS_URL is not set", returncode=3)


def pytest_sessionfinish(session):
    if not hasattr(session.config, "workerinput"):
        template_database.drop()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """Each test database is a copy of the run's migrated template (tests/template_database.py)."""
    template_database.use_for_test_databases()


@pytest.fixture(scope="session", autouse=True)
def _run_folder(tmp_path_factory, worker_id):
    """The parallel workers share what takes a minute to make (tests/run_folder.py) through the run's temporary
    folder, the parent of each worker's own."""
    if worker_id != "master":
        run_folder.use(tmp_path_factory.getbasetemp().parent)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches, whichever store holds them.

    The database cache is emptied by each test's rollback; Redis is not, so without this a page, a fragment
    or a rate-limit counter of one test would be served to the next. Each worker has its own Redis databases
    (config/settings/test.py): emptying them never touches another worker's keys. The search's small tables
    are kept in the process too (search.shared_tables): those copies go with them.
    """
    from search import shared_tables

    shared_tables.forget_in_this_process()
    if settings.REDIS_URL:
        from django.core.cache import caches

        for alias in settings.CACHES:
            caches[alias].clear()


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
        # The node refuses wildcard deletes (action.destructive_requires_name): resolve the names first.
        with contextlib.suppress(Exception):
            for name in client.indices.get(index=f"{prefix}-*", allow_no_indices=True, expand_wildcards="all"):
                client.indices.delete(index=name, ignore_unavailable=True)


@pytest.fixture
def es_client():
    """The real Elasticsearch node (started by `make test`)."""
    from search.client import OK, get_client, state

    if state() != OK:
        require_service(f"Elasticsearch is not reachable (ELASTICSEARCH_URL={settings.ELASTICSEARCH['URL']!r})")
    return get_client()


@pytest.fixture(autouse=True)
def _fresh_pension_rules():
    """A test that changes a pension rule is rolled back without a signal: forget the process's copy
    (``portal.pension_rules.schedule.load``) so that the next test reads the database again."""
    from portal.pension_rules import schedule

    schedule.forget()
    yield
    schedule.forget()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and its value: every table as `migrate` left it, as COPY output
    (tests/table_copies.py; None on SQLite). The browser journeys start their snapshot from it
    (tests/e2e/conftest.py), whatever the transactional tests that ran before them emptied."""
    if connection.vendor != "postgresql":
        return None
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        return table_copies.copy_out_everything(cursor)


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """The demo pages (`load_demo pages`), loaded once per test module and rolled back after it.

    Loading takes about a minute, so once per test would cost most of the suite's time (and after the
    first in a process it is a copy: tests/demo_pages.py). Each test still runs in its own savepoint
    inside this transaction: what a test writes is undone after it. Not for transactional tests, which
    empty the tables.
    """
    from tests import demo_pages

    with django_db_blocker.unblock(), transaction.atomic():
        demo_pages.load()
        yield
        transaction.set_rollback(True)
