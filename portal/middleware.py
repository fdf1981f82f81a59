"""Staff must protect their account with a second factor before doing anything else.

allauth offers MFA but has no setting to make it mandatory for some users, so this
middleware sends any staff user without an authenticator to the TOTP set-up page,
whatever they ask for (the admin, an API, a page), except the account pages needed
to set it up or to leave (allauth's /accounts/: 2fa, reauthenticate, logout, e-mail)
and static files. ``STAFF_MFA_REQUIRED`` (default on) exists so that tests which log
staff in with ``force_login`` (no password either) can skip it; its own tests turn it on.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from config.staff import works_for_the_fund

ADMIN_PREFIX = "/admin/"


def _allowed_prefixes():
    languages = [code for code, _name in settings.LANGUAGES]
    return (
        *(f"/{lang}/accounts/" for lang in languages),
        "/accounts/",
        settings.STATIC_URL,
        "/healthz",
        "/i18n/",
    )


class StaffMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.allowed = _allowed_prefixes()

    def __call__(self, request):
        if self._must_set_up(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Set up two-factor authentication first.")}, status=403)
            messages.warning(request, _("Staff accounts must set up two-factor authentication before continuing."))
            target = reverse("mfa_activate_totp")
            return redirect(f"{target}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}")
        return self.get_response(request)

    def _must_set_up(self, request):
        if not settings.STAFF_MFA_REQUIRED:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path.startswith(self.allowed):
            return False
        # Agents made in Wagtail's user admin are not is_staff: the admin itself is gated too
        # (its prefix only, so that a member's pages cost no permission query).
        if not (user.is_staff or (request.path.startswith(ADMIN_PREFIX) and works_for_the_fund(user))):
            return False
        return not is_mfa_enabled(user)
