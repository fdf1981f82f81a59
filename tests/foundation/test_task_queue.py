"""The database queue keeps work with its transaction, and the real worker runs it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from config.tasks import enqueue_with_transaction
from tests.foundation.tasks_for_tests import add, remember

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROOT = Path(__file__).resolve().parents[2]


class Rollback(Exception):
    pass


def _database_url_for_subprocess():
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{conf['NAME']}"
    host, port = conf["HOST"] or "127.0.0.1", conf["PORT"] or 5432
    return f"postgres://{conf['USER']}:{conf['PASSWORD']}@{host}:{port}/{conf['NAME']}"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DB_QUEUE


@pytest.mark.django_db(transaction=True)
def test_task_enqueued_in_a_rolled_back_transaction_never_exists(database_queue):
    with pytest.raises(Rollback), transaction.atomic():
        enqueue_with_transaction(add, 1, 2)
        assert DBTaskResult.objects.count() == 1
        raise Rollback
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_task_enqueued_in_a_committed_transaction_is_run_by_the_real_worker(database_queue):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:", ":memory:")):
        pytest.skip("the worker subprocess needs a database file (PostgreSQL in CI)")
    with transaction.atomic():
        enqueue_with_transaction(add, 20, 22)
    result = DBTaskResult.objects.get()
    assert result.status == "READY"

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url_for_subprocess(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    result.refresh_from_db()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 42


@pytest.mark.django_db(transaction=True)
def test_immediate_backend_waits_for_the_commit():
    """`make run` uses the immediate backend: the work still happens only after the commit."""
    cache.delete("queue-test")
    with transaction.atomic():
        enqueue_with_transaction(remember, "queue-test", "done")
        assert cache.get("queue-test") is None
    assert cache.get("queue-test") == "done"

    with pytest.raises(Rollback), transaction.atomic():
        enqueue_with_transaction(remember, "queue-test", "rolled back")
        raise Rollback
    assert cache.get("queue-test") == "done"
