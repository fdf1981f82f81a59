"""Staff views in the Wagtail admin: member files (audited), change requests, the audit log."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import audit, career, changes, payments
from portal.forms import DecisionForm
from portal.models import AuditAction, AuditEvent, ChangeRequest, ChangeStatus, Member
from portal.permissions import DECIDE_CHANGES, VIEW_AUDIT, VIEW_FILE


def _require(request, permission):
    if not (request.user.is_active and request.user.has_perm(permission)):
        raise PermissionDenied


def _page(request, queryset, size=50):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def member_search(request):
    _require(request, VIEW_FILE)
    query = request.GET.get("q", "").strip()
    members = Member.objects.none()
    if query:
        members = Member.objects.filter(
            Q(affiliation_number__iexact=query)
            | Q(pension_number__iexact=query)
            | Q(national_id__iexact=query)
            | Q(last_name__icontains=query)
            | Q(last_name_ar__icontains=query)
        ).order_by("last_name", "first_name")[:50]
    return render(request, "portal/admin/member_search.html", {"query": query, "members": members})


def member_file(request, pk):
    """The whole file as staff see it; every opening goes to the audit log and to the member's view of it."""
    _require(request, VIEW_FILE)
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


def change_list(request):
    _require(request, DECIDE_CHANGES)
    status = request.GET.get("status", ChangeStatus.PENDING)
    if status not in ChangeStatus.values:
        status = ChangeStatus.PENDING
    queryset = ChangeRequest.objects.filter(status=status).select_related("member").order_by("created_at")
    context = {
        "page": _page(request, queryset),
        "status": status,
        "statuses": ChangeStatus.choices,
        "to_export": ChangeRequest.objects.filter(status=ChangeStatus.APPROVED, exported_at__isnull=True).count(),
    }
    return render(request, "portal/admin/change_list.html", context)


def change_detail(request, pk):
    _require(request, DECIDE_CHANGES)
    change = get_object_or_404(ChangeRequest.objects.select_related("member", "decided_by"), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and change.status == ChangeStatus.PENDING and form.is_valid():
        try:
            changes.decide(
                request, change.pk, approve=form.cleaned_data["decision"] == "approve", note=form.cleaned_data["note"]
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
def change_export(request):
    """Download approved changes not yet exported, as CSV for the core system (marks them exported)."""
    _require(request, DECIDE_CHANGES)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="changes-{stamp}.csv"'
    count = changes.export_approved(response)
    audit.record(request, AuditAction.CHANGES_EXPORTED, details={"count": count})
    return response


def audit_log(request):
    _require(request, VIEW_AUDIT)
    queryset = AuditEvent.objects.select_related("member", "actor")
    who = request.GET.get("who", "").strip()
    member = request.GET.get("member", "").strip()
    action = request.GET.get("action", "").strip()
    ip_address = request.GET.get("ip", "").strip()
    if who:
        queryset = queryset.filter(actor_label__icontains=who)
    if member:
        queryset = queryset.filter(Q(member__affiliation_number__iexact=member) | Q(member__national_id__iexact=member))
    if action:
        queryset = queryset.filter(action=action)
    if ip_address:
        queryset = queryset.filter(ip_address=ip_address) if _is_ip(ip_address) else queryset.none()
    actions = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    context = {
        "page": _page(request, queryset),
        "filters": {"who": who, "member": member, "action": action, "ip": ip_address},
        "actions": sorted(set(actions) | set(AuditAction.values)),
    }
    return render(request, "portal/admin/audit_log.html", context)


def _is_ip(value):
    import ipaddress

    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
