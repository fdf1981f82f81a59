"""The gates of the portal, each defined once: members (pages and API) and staff (admin views).

Members: ``member_required`` for pages, ``portal.api_base.MemberAPIView`` for the JSON API.
Pages find the file with ``current_member``: the account's own, or the file of the person it
acts for (a proxy, a legal representative, an agent at the counter; ``portal/proxies/acting.py``
decides, on every request). The JSON API answers for the account's own file only (``member_of``):
helped access is in the pages, where the other person's name is always on screen. Views that show
member data always query through the member (e.g. ``request.member.dossiers.get(pk=...)``), so
another member's object is simply not found: 404, never 403, which would confirm that it exists.

What someone acting for a member may do is decided here too: reading, always; anything else
(a POST) only with a grant that allows acting; a page marked ``owner_only`` (the member's
proxies, their personal-data export, closing the account) only by the member themselves. A page
that posts only to read (an attestation's download) says ``reads=True``.

Staff: ``staff_permission_required(perm)`` on every admin view (member files, change
requests, the audit log, claims, claim search, the search report). Access is by
permission, never by "is staff": communications staff enter the admin too.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from portal.proxies import acting as acting_for

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def member_of(user):
    """The member file of ``user``'s own, or None (anonymous, or not enrolled yet)."""
    return acting_for.own_member(user)


def current_acting(request):
    """Whose file this request acts on, and how (``portal.proxies.acting.Acting``), looked up once."""
    if not hasattr(request, "_portal_acting"):
        request._portal_acting = acting_for.resolve(request)
    return request._portal_acting


def current_member(request):
    """The member file this request acts on, or None."""
    acting = current_acting(request)
    return acting.member if acting is not None else None


def acting_account(request):
    """The account requests are made in the name of: the file holder's when acting for them (a proxy, a
    legal representative, an agent at the counter), else the person logged in. A file without an account
    (a representative's ward who never enrolled) keeps the helper as the applicant."""
    acting = getattr(request, "acting", None) or current_acting(request)
    if acting is not None and acting.on_behalf and acting.account is not None:
        return acting.account
    return request.user


def _allowed(acting, request, *, owner_only, reads):
    if acting is None or not acting.on_behalf:
        return True
    if owner_only:
        return False
    return request.method in SAFE_METHODS or reads or acting.can_act


def _gate(view, *, needs_file, owner_only, reads):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        acting = current_acting(request)
        if needs_file and acting is None:
            return redirect("portal:enrol")
        if not _allowed(acting, request, owner_only=owner_only, reads=reads):
            raise PermissionDenied
        request.acting = acting
        request.member = acting.member if acting is not None else None
        return view(request, *args, **kwargs)

    wrapper.owner_only = owner_only
    return wrapper


def member_required(view=None, *, owner_only=False, reads=False):
    """Anonymous -> login page; no file -> enrolment page; else ``request.member`` and ``request.acting`` are set."""
    if view is None:
        return lambda inner: _gate(inner, needs_file=True, owner_only=owner_only, reads=reads)
    return _gate(view, needs_file=True, owner_only=owner_only, reads=reads)


def account_required(view=None, *, owner_only=False, reads=False):
    """Anonymous -> login page; else ``request.member`` is the file acted on, or None.

    For pages open to any logged-in account (a widow applying for a survivor's pension need not
    have a file of her own); a page that needs the file uses ``member_required``.
    """
    if view is None:
        return lambda inner: _gate(inner, needs_file=False, owner_only=owner_only, reads=reads)
    return _gate(view, needs_file=False, owner_only=owner_only, reads=reads)


def has_staff_permission(user, permission):
    return user.is_active and user.has_perm(permission)


def staff_permission_required(permission):
    """An admin view for holders of ``permission`` only; anyone else gets 403.

    The Wagtail admin already sends anonymous visitors to its login page; this is the
    second gate, inside the admin, between kinds of staff.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_staff_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.staff_permission = permission  # what the gate asks for (kept by later @wraps)
        return wrapper

    return decorator
