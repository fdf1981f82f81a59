"""/healthz: what a load balancer and an operator need to know, as JSON.

200 while the site can serve pages (the database answers), 503 otherwise.
Elasticsearch being down degrades search to the database fallback, so it is
reported but does not fail the check.
"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from search import client as search_client


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # any driver error means the database cannot serve
        return "unreachable"


def _task_queue_state():
    from django_tasks_db.models import DBTaskResult

    try:
        counts = {
            "pending": DBTaskResult.objects.filter(status="READY").count(),
            "failed": DBTaskResult.objects.filter(status="FAILED").count(),
        }
    except Exception:
        return {"state": "unknown"}
    return {"state": "ok", **counts}


@never_cache
def healthz(request):
    database = _database_state()
    body = {
        "database": database,
        "elasticsearch": search_client.state(),
        "tasks": _task_queue_state() if database == "ok" else {"state": "unknown"},
    }
    body["status"] = "ok" if database == "ok" else "unavailable"
    return JsonResponse(body, status=200 if database == "ok" else 503)
