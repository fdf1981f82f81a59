"""Response headers that keep personal data out of caches, and the browser features no page may use.

Django's SecurityMiddleware, XFrameOptionsMiddleware and django-csp set the
site-wide headers (HSTS, nosniff, Referrer-Policy, frame denial, CSP). This
module adds what they cannot:

- ``PersonalDataCacheMiddleware``: a response made for one person must never be
  stored by a browser's disk or back/forward cache, a shared proxy or a CDN (a
  member's claim search was found in the disk cache of a shared computer after
  logout). The rule is decided from the request, not from URL prefixes, so that
  every route a new service adds is covered without anyone remembering it.
- ``PermissionsPolicyMiddleware``: camera, microphone, location, payment... are
  off on every page.
- ``ContentSecurityPolicyMiddleware``: django-csp's policy, with a policy of its
  own for the Wagtail admin (agents read member-written text there).
"""

from functools import wraps

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import DatabaseError
from django.http import Http404
from django.utils.cache import patch_vary_headers

NO_STORE = "no-store, private"


def same_for_everyone(view):
    """Opt a view out of ``no-store``: its answer is the same whoever asks and shows nobody's data.

    Only for a view whose response never depends on the visitor (not even a "Sign out" link), so
    that caching it for a signed-in member is harmless. No view needs it today.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.same_for_everyone = True
        return response

    return wrapped


def made_for_one_person(request, response):
    """Whether this response was made for one person, and so may show their data.

    - the visitor is signed in: the member area, the member APIs, the member's own claim
      search, the admin, and every page a new service adds, whatever its address (public
      pages too: they greet the signed-in visitor and link to their space);
    - the visitor's session holds something (a sign-up, a login by code, a password reset
      in progress), or the view wrote to it;
    - the page is one of allauth's account pages (an e-mail confirmation link shows the
      address to whoever opens it, signed in or not);
    - the answer is a refusal (401, 403): it says something about this caller's rights, and a
      shared cache must never hand it to the member who does have them.
    """
    if getattr(response, "same_for_everyone", False):
        return False
    if response.status_code in (401, 403):
        return True
    try:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        session = getattr(request, "session", None)
        if session is not None and (session.modified or not session.is_empty()):
            return True
    except DatabaseError:
        # The session or the user could not be read (the database is down): assume the worst.
        return True
    match = getattr(request, "resolver_match", None)
    return match is not None and match.func.__module__.startswith("allauth.")


class PersonalDataCacheMiddleware:
    """Send ``Cache-Control: no-store, private`` on every response made for one person.

    Also on errors and redirects (a 404 for another member's file must not be cached either),
    and it overrides whatever the view set, so that this is the only rule. Placed outside the
    session and authentication middleware, so that it sees what they decided.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if made_for_one_person(request, response):
            response["Cache-Control"] = NO_STORE
            # An old HTTP/1.0 cache ignores Cache-Control; Expires in the past covers it.
            response["Expires"] = "0"
            patch_vary_headers(response, ("Cookie",))
        return response


# Browser features no page of the site uses: each is off for the page and every frame in it.
# The life-control service for pensioners abroad will take a photo on one portal page: that page's
# view will be decorated with ``allow_browser_features("camera")``, which allows the camera for the
# site itself (``camera=(self)``) on that response only.
DISABLED_FEATURES = (
    "accelerometer",
    "ambient-light-sensor",
    "autoplay",
    "bluetooth",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "serial",
    "usb",
    "xr-spatial-tracking",
)


def allow_browser_features(*features):
    """Allow these features for the site's own origin on this view's responses only."""
    unknown = set(features) - set(DISABLED_FEATURES)
    if unknown:
        raise ValueError(f"not in DISABLED_FEATURES: {sorted(unknown)}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.allowed_browser_features = frozenset(features)
            return response

        return wrapped

    return decorator


def permissions_policy(allowed=frozenset()):
    return ", ".join(f"{feature}=(self)" if feature in allowed else f"{feature}=()" for feature in DISABLED_FEATURES)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.default = permissions_policy()

    def __call__(self, request):
        response = self.get_response(request)
        allowed = getattr(response, "allowed_browser_features", None)
        response.headers.setdefault("Permissions-Policy", permissions_policy(allowed) if allowed else self.default)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with ``ADMIN_CONTENT_SECURITY_POLICY`` for the Wagtail admin.

    The admin cannot take the site's strict policy (its styles are partly inline), but it shows
    member-written claims and messages to agents, so it gets a policy of its own rather than none:
    scripts from the site only, no plug-ins, no framing by other sites, forms posted to the site only.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin = settings.ADMIN_CONTENT_SECURITY_POLICY
        if not report_only and parts.config is None and request.path_info.startswith(tuple(admin["URL_PREFIXES"])):
            parts.config = admin["DIRECTIVES"]
        return parts


class NulInPathMiddleware:
    """A path with a NUL byte (``%00``) is not found, before anything reads it.

    No address of the site has one, and PostgreSQL refuses text holding it: a lookup by such a path
    (a reference, a redirect, the page cache) would fail with a server error instead of a 404.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404
        return self.get_response(request)
