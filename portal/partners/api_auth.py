"""The gate of the employer API (/api/partners/): a token, its scopes, and its budget of requests.

- ``TokenAuthentication``: ``Authorization: Bearer emp_…``. The token is looked up by the hash of
  the key among the usable tokens on every request, with no cache: a revoked token, or a token of
  an organisation that was deactivated, is refused on the very next request. A missing or unknown
  token is a 401 with ``WWW-Authenticate: Bearer`` and a translated ``detail``. Sessions are not
  accepted here (an officer uses the pages; a member's session gets the same 401).
- ``HasScope``: the view names the ``ApiScope`` each method needs (``required_scopes``); a token
  without it gets a 403 naming the scope.
- ``TokenRateThrottle``: PARTNER_API_REQUESTS_PER_HOUR per token (429 with Retry-After), so that
  one organisation's runaway script cannot slow the portal for everyone.

``last_used_at`` is written at most once a minute per token: the administrator sees whether a
token is still in use without the API writing a row on every request.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication, exceptions, permissions, throttling

from portal.partners.models import ApiToken, hash_key

KEYWORD = "Bearer"
TOUCH_EVERY = datetime.timedelta(minutes=1)


def _touch(token, now=None):
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        # The condition in the query too: concurrent requests write once.
        ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gt=now - TOUCH_EVERY).update(last_used_at=now)
        token.last_used_at = now


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <key>`` -> (an anonymous user, the ApiToken): no account acts, a token does."""

    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].lower() != KEYWORD.lower().encode():
            return None  # no token: the permission answers 401
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as “Authorization: Bearer <key>”."))
        try:
            key = words[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        token = None
        if key.startswith(ApiToken.PREFIX):
            token = ApiToken.objects.usable().select_related("organisation").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("This API token is not valid, or it has been revoked."))
        _touch(token)
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


class HasScope(permissions.BasePermission):
    """A usable token whose scopes include what the view needs for this method (``view.required_scopes``)."""

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            raise exceptions.NotAuthenticated(_("Send an API token: “Authorization: Bearer <key>”."))
        method = "GET" if request.method == "HEAD" else request.method
        needed = view.required_scopes.get(method)
        if needed is None:
            return True  # OPTIONS: what the endpoint takes, nobody's data
        if not token.allows(needed):
            raise exceptions.PermissionDenied(
                _("This token does not have the scope “%(scope)s” that this request needs.") % {"scope": needed}
            )
        return True


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """PARTNER_API_REQUESTS_PER_HOUR requests per token, over a sliding hour (DRF's throttle)."""

    scope = "partners-api"

    def get_rate(self):
        return f"{settings.PARTNER_API_REQUESTS_PER_HOUR}/hour"

    def allow_request(self, request, view):
        if settings.PARTNER_API_REQUESTS_PER_HOUR <= 0:
            return True  # 0: no limit
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class TokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema (``Authorization: Bearer emp_…``)."""

    target_class = TokenAuthentication
    name = "employerToken"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix=KEYWORD)
