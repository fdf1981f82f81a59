"""Background indexing tasks, enqueued with config.tasks.enqueue_with_transaction.

Retries: django-tasks has no retry policy of its own. When Elasticsearch is
unreachable a task schedules its own retry (the database queue supports
``run_after``) with exponential backoff capped at SEARCH_RETRY_MAX_SECONDS, then
raises so this attempt is recorded as failed. There is no limit on attempts: an
outage of any length ends with every update applied. Retries for a key that
already has a retry waiting are not duplicated (the waiting one will read the
newest state anyway).

With a backend that cannot defer (the immediate backend of `make run` and of
most tests) the failure is logged and `manage.py search_index reconcile`
repairs the drift; run it from cron after an outage, or nightly.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task, task_backends

from search import sync
from search.indexes import SearchUnavailable

logger = logging.getLogger(__name__)


def retry_delay(attempt):
    base = settings.SEARCH_RETRY_BASE_SECONDS
    ceiling = settings.SEARCH_RETRY_MAX_SECONDS
    return min(base * 2**attempt, ceiling)


def _retry_already_waiting(task_obj, key):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=task_obj.module_path)
    return any(row.args_kwargs.get("args", [None])[:1] == [key] for row in waiting.only("args_kwargs"))


def schedule_retry(task_obj, key, attempt):
    backend = task_backends[task_obj.backend]
    if not backend.supports_defer:
        logger.warning("Search index update for %s %s failed; run `search_index reconcile`.", task_obj.name, key)
        return None
    if _retry_already_waiting(task_obj, key):
        return None
    run_after = timezone.now() + timedelta(seconds=retry_delay(attempt))
    return task_obj.using(run_after=run_after).enqueue(key, attempt=attempt + 1)


def _run(task_obj, function, key, attempt):
    try:
        return function(key)
    except SearchUnavailable:
        schedule_retry(task_obj, key, attempt)
        raise


@task()
def index_page(page_id, attempt=0):
    return _run(index_page, sync.sync_page, page_id, attempt)


@task()
def index_page_tree(page_id, attempt=0):
    return _run(index_page_tree, sync.sync_page_tree, page_id, attempt)


@task()
def index_claim(claim_id, attempt=0):
    return _run(index_claim, sync.sync_claim, claim_id, attempt)
