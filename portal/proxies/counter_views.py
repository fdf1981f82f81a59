"""The agent's way out of a member's portal at the counter (the banner's "End" button)."""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from portal.access import has_staff_permission
from portal.audit import AuditContext
from portal.permissions import VIEW_FILE
from portal.proxies import acting, counter


@require_POST
def end(request):
    """End the help at the counter and go back to the member's file in the admin.

    Also answers when the session already ended (timed out, ended in another tab): the agent is
    simply taken back; anyone else posting here only leaves the file they had chosen.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    choice = acting.chosen(request)
    acting.leave(request)
    if choice is None or choice[0] != "counter":
        return redirect("portal:dashboard")
    session = counter.end(session_id=choice[1], actor=request.user, context=AuditContext.from_request(request))
    if session is None:
        return redirect("wagtailadmin_home")
    if has_staff_permission(request.user, VIEW_FILE):
        return redirect("portal_admin_member", pk=session.member_id)
    return redirect("wagtailadmin_home")
