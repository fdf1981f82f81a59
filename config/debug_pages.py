"""With DEBUG (`make run`), a missing page still shows the site's designed 404, as in production.

Django answers a 404 with its technical page whenever DEBUG is on, which is what a developer
tracing a URL wants and not what a person trying the site should see. `DEBUG_404=1` brings
Django's page back. Production (DEBUG off) never goes through here.
"""

from django.conf import settings
from django.http import Http404

from config import errors


class DesignedNotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and settings.DEBUG and not settings.DEBUG_404:
            return errors.not_found(request, exception)
        return None
