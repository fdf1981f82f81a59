"""Who may see a member file in the member area: its own linked account, nobody else.

Views that show member data always query through ``request.member`` (e.g.
``request.member.dossiers.get(pk=...)``), so another member's object is simply not
found: 404, never 403, which would confirm that it exists.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from portal.models import Member


def current_member(request):
    """The member file linked to the logged-in account, or None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(request, "_portal_member"):
        request._portal_member = Member.objects.filter(user=user).first()
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
