"""Staff views in the Wagtail admin: member files (audited), change requests, the audit log.

Each view is behind ``staff_permission_required`` (portal/access.py); the reads are in
portal/selectors.py and the decisions in portal/changes.py.
"""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import audit, career, changes, payments, selectors
from portal.access import staff_permission_required
from portal.audit import AuditContext
from portal.forms import DecisionForm
from portal.models import AuditAction, ChangeStatus, Member
from portal.permissions import DECIDE_CHANGES, VIEW_AUDIT, VIEW_FILE


def _page(request, queryset, size=50):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


@staff_permission_required(VIEW_FILE)
def member_search(request):
    query = request.GET.get("q", "").strip()
    return render(
        request, "portal/admin/member_search.html", {"query": query, "members": selectors.find_members(query)}
    )


@staff_permission_required(VIEW_FILE)
def member_file(request, pk):
    """The whole file as staff see it; every opening goes to the audit log and to the member's view of it."""
    member = get_object_or_404(Member, pk=pk)
    audit.record(request, AuditAction.STAFF_VIEWED_FILE, member=member, target=member.affiliation_number)
    periods = list(member.career_periods.all())
    context = {
        "member": member,
        "periods": periods,
        "service": career.total_service(periods),
        "yearly_totals": payments.yearly_totals(member),
        "dossiers": member.dossiers.prefetch_related("events"),
        "change_requests": member.change_requests.all()[:20],
    }
    return render(request, "portal/admin/member_file.html", context)


@staff_permission_required(DECIDE_CHANGES)
def change_list(request):
    status, queryset = selectors.change_requests(request.GET.get("status", ChangeStatus.PENDING))
    context = {
        "page": _page(request, queryset),
        "status": status,
        "statuses": ChangeStatus.choices,
        "to_export": selectors.changes_to_export_count(),
    }
    return render(request, "portal/admin/change_list.html", context)


@staff_permission_required(DECIDE_CHANGES)
def change_detail(request, pk):
    change = selectors.change_request_for_staff(pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and change.status == ChangeStatus.PENDING and form.is_valid():
        try:
            changes.decide(
                change_id=change.pk,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                actor=request.user,
                context=AuditContext.from_request(request),
            )
        except changes.AlreadyDecided:
            messages.error(request, _("Someone else decided this request in the meantime."))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("portal_admin_changes")
    # The request shows the member's name, numbers and old/new details: a view of their file.
    audit.record(request, AuditAction.STAFF_VIEWED_FILE, member=change.member, target=f"change:{change.pk}")
    return render(request, "portal/admin/change_detail.html", {"change": change, "form": form})


@require_POST
@staff_permission_required(DECIDE_CHANGES)
def change_export(request):
    """Download approved changes not yet exported, as CSV for the core system (marks them exported)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="changes-{stamp}.csv"'
    count = changes.export_approved(response)
    audit.record(request, AuditAction.CHANGES_EXPORTED, details={"count": count})
    return response


@staff_permission_required(VIEW_AUDIT)
def audit_log(request):
    filters = {name: request.GET.get(name, "").strip() for name in ("who", "member", "action", "ip")}
    queryset = selectors.audit_events(
        who=filters["who"], member=filters["member"], action=filters["action"], ip_address=filters["ip"]
    )
    context = {"page": _page(request, queryset), "filters": filters, "actions": selectors.audit_actions()}
    return render(request, "portal/admin/audit_log.html", context)
