"""Error answers: machines calling /api/ get JSON, people get the site's pages.

The 404 page is the site's own, in the visitor's language (Django's default view and
templates/404.html). The 500 and 503 pages are bilingual static HTML: they are shown when the
database may be unreachable, so they must not need it (no request context, no menu).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

# How long a client should wait before trying again while the database is unreachable.
RETRY_AFTER_SECONDS = 30


def _is_api(request):
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    # An unknown API address (a typo, an old version) answers like every API error, in JSON,
    # so that a client parses one shape; DRF and Wagtail's API already do so inside their routes.
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def _database_unreachable(error=None):
    """Whether the exception being handled comes from the database being unreachable, directly or
    as the cause of another (Django turns a failed session save into SessionInterrupted, a 400)."""
    error = error or sys.exc_info()[1]
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def bad_request(request, exception=None):
    if _database_unreachable(exception):
        return _unavailable(request)
    return defaults.bad_request(request, exception)


def server_error(request):
    """500, or 503 with Retry-After when the cause is the database being unreachable (a restart,
    a failover): the answer then says "try again shortly", which is true, rather than "error"."""
    return _unavailable(request) if _database_unreachable() else defaults.server_error(request)


def _unavailable(request):
    if _is_api(request):
        response = JsonResponse({"detail": _("Service temporarily unavailable.")}, status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
