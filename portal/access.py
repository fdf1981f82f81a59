"""The gates of the portal, each defined once: members (pages and API) and staff (admin views).

Members: ``member_required`` for pages, ``portal.api_base.MemberAPIView`` for the JSON API;
both find the file with ``current_member``. Views that show member data always query
through the member (e.g. ``request.member.dossiers.get(pk=...)``), so another member's
object is simply not found: 404, never 403, which would confirm that it exists.

Staff: ``staff_permission_required(perm)`` on every admin view (member files, change
requests, the audit log, claims, claim search, the search report). Access is by
permission, never by "is staff": communications staff enter the admin too.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from portal.models import Member


def member_of(user):
    """The member file linked to ``user``, or None (anonymous, or not enrolled yet)."""
    if user is None or not user.is_authenticated:
        return None
    return Member.objects.filter(user=user).first()


def current_member(request):
    """The member file linked to the logged-in account, or None (looked up once per request)."""
    if not hasattr(request, "_portal_member"):
        request._portal_member = member_of(getattr(request, "user", None))
    return request._portal_member


def member_required(view):
    """Anonymous -> login page; logged in but not enrolled -> enrolment page; else ``request.member`` is set."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        member = current_member(request)
        if member is None:
            return redirect("portal:enrol")
        request.member = member
        return view(request, *args, **kwargs)

    return wrapper


def account_required(view):
    """Anonymous -> login page; else ``request.member`` is the account's file, or None.

    For pages open to any logged-in account (a widow applying for a survivor's pension need not
    have a file of her own); a page that needs the file uses ``member_required``.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        request.member = current_member(request)
        return view(request, *args, **kwargs)

    return wrapper


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
