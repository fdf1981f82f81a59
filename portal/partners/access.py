"""The partners' gate, defined once: every page of the partners' space goes through ``officer_required``.

A partner is an account with an active ``Officer`` row (invited, never self-registered). The gate
asks, in this order: logged in (else the login page), an officer in force (else 403: this space is
for employers' HR services), a second factor set up (else the set-up page, then back: officers see
many people's files), and the role the page needs (else 403). It sets ``request.officer`` and
``request.partner_scope`` (``portal.partners.scope``), from which every query starts.
"""

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from portal import audit
from portal.partners import scope as scopes
from portal.partners.choices import Role, at_least
from portal.partners.models import Officer
from portal.proxies.choices import Via


def officer_of(user):
    """The account's officer row in force, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Officer.objects.active().select_related("organisation").filter(user=user).first()


def context_of(request):
    """The audit context of a partner's action: the member reads "by your employer's HR service"."""
    base = audit.AuditContext.from_request(request)
    return audit.AuditContext(ip_address=base.ip_address, path=base.path, via=Via.EMPLOYER)


def officer_required(view=None, *, role=Role.READER, admin=False):
    """Gate a partners' page; ``role``: the least role it needs; ``admin``: the organisation's administrator."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            officer = officer_of(request.user)
            if officer is None:
                raise PermissionDenied
            if settings.STAFF_MFA_REQUIRED and not is_mfa_enabled(request.user):
                target = reverse("mfa_activate_totp")
                return redirect(f"{target}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}")
            if not at_least(officer.role, role) or (admin and not officer.is_admin):
                raise PermissionDenied
            request.officer = officer
            request.partner_scope = scopes.of_officer(officer)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
