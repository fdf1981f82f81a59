"""Whose file this request acts on, and as whom: the one place that answers it.

A logged-in account acts on its own member file, unless its session says otherwise:

- a proxy or a legal representative who switched to "the file of …" (``SESSION_KEY`` holds the
  grant): the grant (and the holder's second factor) is checked on every request, so an expired or
  revoked one falls back to the account's own file at once, in an open session too;
- an agent helping at the counter (``SESSION_KEY`` holds the counter session): only in the login
  session it was started in, and only until it ends or times out.

``portal.access`` asks ``resolve(request)`` and sets ``request.member`` and ``request.acting``;
the audit context reads ``request.acting`` so that every action records how it reached the file.
"""

from dataclasses import dataclass

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Member
from portal.proxies.choices import Basis, Scope, Via
from portal.proxies.models import CounterSession, Proxy

SESSION_KEY = "portal_acting_for"


@dataclass(frozen=True)
class Acting:
    member: Member
    via: str = ""  # "" for the member's own file; else a ``Via``
    grant_id: int | None = None
    scope: str = Scope.ACT

    @property
    def on_behalf(self):
        return bool(self.via)

    @property
    def can_act(self):
        return self.scope == Scope.ACT

    @property
    def account(self):
        """The account of the file acted on (requests are made in its name), or None."""
        return self.member.user


def own_member(user):
    if user is None or not user.is_authenticated:
        return None
    return Member.objects.filter(user=user).select_related("user").first()


def _through_proxy(user, grant_id):
    proxy = Proxy.objects.in_force().select_related("member__user").filter(pk=grant_id, holder=user).first()
    if proxy is None or not is_mfa_enabled(user):
        # Someone else's file is opened with a second factor only: one removed since acceptance stops it too.
        return None
    via = Via.GUARDIAN if proxy.basis == Basis.GUARDIAN else Via.PROXY
    return Acting(member=proxy.member, via=via, grant_id=proxy.pk, scope=proxy.scope)


def _at_the_counter(request, session_id):
    session = (
        CounterSession.objects.select_related("member__user")
        .filter(pk=session_id, agent=request.user, ended_at__isnull=True, session_key=request.session.session_key)
        .first()
    )
    if session is None or not session.is_open(timezone.now()):
        return None
    return Acting(member=session.member, via=Via.COUNTER, grant_id=session.pk, scope=Scope.ACT)


def chosen(request):
    """What the session asked for: ("proxy" | "counter", id), or None."""
    value = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if isinstance(value, dict) and value.get("kind") in ("proxy", "counter") and isinstance(value.get("id"), int):
        return value["kind"], value["id"]
    return None


def resolve(request):
    """The ``Acting`` of this request, or None (anonymous, or no file of one's own and none chosen)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    choice = chosen(request)
    if choice is not None:
        kind, grant_id = choice
        acting = _through_proxy(user, grant_id) if kind == "proxy" else _at_the_counter(request, grant_id)
        if acting is not None:
            return acting
        # Ended, expired or revoked since: back to the account's own file, and the session forgets it.
        # Said with a message, which survives the redirect to enrolment of a helper without a file.
        request.session.pop(SESSION_KEY, None)
        messages.warning(request, _("Your access to that file has ended. You are back in your own space."))
    member = own_member(user)
    return Acting(member=member) if member is not None else None


def choose(request, kind, grant_id):
    request.session[SESSION_KEY] = {"kind": kind, "id": grant_id}


def leave(request):
    request.session.pop(SESSION_KEY, None)
