"""Response headers that keep personal data out of caches.

Django's SecurityMiddleware, XFrameOptionsMiddleware and django-csp set the
site-wide headers (HSTS, nosniff, Referrer-Policy, frame denial, CSP). This
module adds the one thing they cannot: member pages and member APIs must never
be stored by a browser's back/forward cache, a shared proxy or a CDN, because
they show one person's pension file. The rule is keyed on URL prefixes so that
it holds for every view, present and future, without each view remembering a
decorator; it overrides whatever a view set, so there is a single mechanism.
"""

from django.conf import settings

NO_STORE = "no-store, private"

# Under /<lang>/: the member area and the account pages (login, e-mail, MFA, sessions).
_PERSONAL_SECTIONS = ("portal/", "accounts/")
# Language-neutral: the member API, and the admin where staff read member files and claims.
_PERSONAL_PREFIXES = ("/api/portal/", "/admin/")


def personal_prefixes():
    """Every URL prefix whose responses carry personal data."""
    languages = [code for code, _name in settings.LANGUAGES]
    localised = tuple(f"/{lang}/{section}" for lang in languages for section in _PERSONAL_SECTIONS)
    return localised + _PERSONAL_PREFIXES


def is_personal(path):
    return path.startswith(personal_prefixes())


class PersonalDataCacheMiddleware:
    """Send ``Cache-Control: no-store, private`` on every personal response.

    Also on errors and redirects: a 302 to the login page or a 404 for another
    member's file must not be cached either.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = personal_prefixes()

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefixes):
            response["Cache-Control"] = NO_STORE
            # An old HTTP/1.0 cache ignores Cache-Control; Expires in the past covers it.
            response["Expires"] = "0"
        return response
