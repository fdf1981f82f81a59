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


def can_defer(task):
    return task_backends[task.backend].supports_defer


def enqueue_at(task, when, *args, **kwargs):
    """Enqueue ``task`` to run no earlier than ``when`` (aware), with the caller's transaction.

    The database queue stores ``run_after``. A backend that cannot defer (the immediate backend of
    ``make run`` and of most tests) is not given future work at all: it would run it at once. What
    waits is then picked up by the command that sweeps for due work (``send_due_notifications``).
    """
    from django.utils import timezone

    if when is None or when <= timezone.now():
        enqueue_with_transaction(task, *args, **kwargs)
    elif can_defer(task):
        enqueue_with_transaction(task.using(run_after=when), *args, **kwargs)
