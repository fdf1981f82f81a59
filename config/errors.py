"""Error pages: machines calling /api/ get JSON, people get the site's page."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def not_found(request, exception=None):
    # An unknown API address (a typo, an old version) answers like every API error, in JSON,
    # so that a client parses one shape; DRF and Wagtail's API already do so inside their routes.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
