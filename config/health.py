"""/healthz: what a load balancer and an operator need to know, as JSON.

200 while the site can serve pages (the database answers), 503 otherwise.
Elasticsearch being down degrades search to the database fallback, so it is
reported but does not fail the check.

The details (database, Elasticsearch, task queue counts) are for operators: a
request from the machine itself or a staff member's. Anyone else gets the bare
status, which is all a load balancer needs, and costs no query to Elasticsearch
or the queue.
"""

import ipaddress

from allauth.core.internal.httpkit import get_client_ip
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from config.staff import works_for_the_fund
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


def _client_address(request):
    """The client's address as the rate limits see it (the trusted proxy header), else the socket's.

    A request without the proxy's header did not come through the proxy: it reached the
    application port directly, and its socket address is the client's.
    """
    try:
        return get_client_ip(request) or request.META.get("REMOTE_ADDR")
    except (ImproperlyConfigured, PermissionDenied, ValueError):
        return None  # a malformed proxy header: not trusted with the details


def _may_see_details(request, *, database_ok):
    try:
        if ipaddress.ip_address(_client_address(request) or "").is_loopback:
            return True
    except ValueError:
        pass
    # Who is signed in is read from the database: when it is down, only the machine itself gets details.
    user = getattr(request, "user", None)
    return database_ok and works_for_the_fund(user)


@never_cache
def healthz(request):
    database = _database_state()
    status = 200 if database == "ok" else 503
    if not _may_see_details(request, database_ok=database == "ok"):
        return JsonResponse({"status": "ok" if database == "ok" else "unavailable"}, status=status)
    body = {
        "database": database,
        "elasticsearch": search_client.state(),
        "tasks": _task_queue_state() if database == "ok" else {"state": "unknown"},
    }
    body["status"] = "ok" if database == "ok" else "unavailable"
    return JsonResponse(body, status=status)
