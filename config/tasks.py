"""Enqueue background work so that it follows the fate of the current transaction.

With the database queue (production, CI), the task row is written inside the
caller's transaction: if it rolls back the task never existed; if it commits
the task is durably queued even if the process dies a millisecond later.

Backends that do not store tasks in our database (the immediate backend of
``make run`` and of most tests) would run or send the work before the commit,
so for them the enqueue is deferred to ``on_commit``.
"""

from django.db import transaction
from django_tasks import task_backends


def _queue_is_transactional(task):
    backend = task_backends[task.backend]
    return type(backend).__module__.startswith("django_tasks_db")


def enqueue_with_transaction(task, *args, **kwargs):
    if _queue_is_transactional(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
