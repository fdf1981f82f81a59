"""Django's LocaleMiddleware, minus its 404 redirect on language-neutral routes.

With i18n_patterns and Wagtail's catch-all page route, every prefixed path "exists", so
Django answers any 404 by redirecting to /fr/<path>. For people's pages that is the
point; for machines (/api/, /admin/, /documents/) it turns a clean JSON 404 into a
redirect to an HTML page that then 404s. Those routes keep their own 404.
"""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

LANGUAGE_NEUTRAL_PREFIXES = ("/api/", "/admin/", "/documents/", "/healthz", "/static/", "/media/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(LANGUAGE_NEUTRAL_PREFIXES):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
