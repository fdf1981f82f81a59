"""Staff lift the enrolment lock of a member file (portal/enrolment.py locks it after too many wrong codes).

A file is locked for ``PORTAL_ENROLMENT_FILE_LOCK_HOURS`` when wrong codes pile up across
accounts; its holder is told by the notice. When the holder calls or comes to a counter and
an agent has checked who they are, the agent unlocks the file here so that they can link it
at once. Member-services staff (``VIEW_FILE``) see the list; each unlock is audited.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import audit, enrolment
from portal.models import Member
from portal.permissions import VIEW_FILE


def _require_member_services(request):
    if not (request.user.is_active and request.user.has_perm(VIEW_FILE)):
        raise PermissionDenied


def locked_files(request):
    _require_member_services(request)
    members = Member.objects.filter(enrolment_locked_until__gt=timezone.now()).order_by("enrolment_locked_until")
    return render(request, "portal/admin/enrolment_locks.html", {"members": members[:200]})


@require_POST
def unlock(request, pk):
    _require_member_services(request)
    member = get_object_or_404(Member, pk=pk)
    enrolment.unlock_file(member=member, actor=request.user, context=audit.AuditContext.from_request(request))
    messages.success(
        request, _("Linking is possible again for file %(number)s.") % {"number": member.affiliation_number}
    )
    return redirect("portal_admin_enrolment_locks")
