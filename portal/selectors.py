"""Read queries of the member area and its back-office (the views stay thin; the rules live here).

Member-facing reads start from the member, so another member's rows are never in reach.
"""

import ipaddress

from django.db.models import Q
from django.shortcuts import get_object_or_404

from portal import audit
from portal.models import AuditEvent, ChangeRequest, ChangeStatus, Member

MEMBER_SEARCH_LIMIT = 50
ACCESS_LOG_LIMIT = 200


def find_members(query):
    """Staff's member search: exact numbers, or part of the name (Latin or Arabic)."""
    query = query.strip()
    if not query:
        return Member.objects.none()
    return Member.objects.filter(
        Q(affiliation_number__iexact=query)
        | Q(pension_number__iexact=query)
        | Q(national_id__iexact=query)
        | Q(last_name__icontains=query)
        | Q(last_name_ar__icontains=query)
    ).order_by("last_name", "first_name")[:MEMBER_SEARCH_LIMIT]


def change_requests(status):
    """Change requests in ``status`` (pending by default), oldest first: the order they are decided in."""
    if status not in ChangeStatus.values:
        status = ChangeStatus.PENDING
    return status, ChangeRequest.objects.filter(status=status).select_related("member").order_by("created_at")


def changes_to_export_count():
    return ChangeRequest.objects.filter(status=ChangeStatus.APPROVED, exported_at__isnull=True).count()


def change_request_for_staff(pk):
    return get_object_or_404(ChangeRequest.objects.select_related("member", "decided_by"), pk=pk)


def _is_ip(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def audit_events(*, who="", member="", action="", ip_address=""):
    """The auditors' search of the audit log; an address that is not an IP matches nothing."""
    queryset = AuditEvent.objects.select_related("member", "actor")
    if who:
        queryset = queryset.filter(actor_label__icontains=who)
    if member:
        queryset = queryset.filter(Q(member__affiliation_number__iexact=member) | Q(member__national_id__iexact=member))
    if action:
        queryset = queryset.filter(action=action)
    if ip_address:
        queryset = queryset.filter(ip_address=ip_address) if _is_ip(ip_address) else queryset.none()
    return queryset


def audit_actions():
    """(code, label) for the audit log's filter: every registered action and any code found in the log."""
    found = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    codes = {code for code, _label in audit.registered_actions()} | set(found)
    return [(code, audit.label(code)) for code in sorted(codes)]


def actions_by_others(member, *, helpers_only=False):
    """Every action on the member's file by someone other than the member, newest first: the fund's
    staff, people who help them (proxies, legal representatives) and agents at the counter, each
    with how they reached the file (``AuditEvent.via``). The member's own actions are not listed.

    ``helpers_only``: only what went through helped access (a proxy, a representative, the counter).
    """
    events = member.audit_events.filter(Q(actor_is_staff=True) | ~Q(via=""))
    if member.user_id is not None:
        events = events.exclude(actor_id=member.user_id, via="")
    if helpers_only:
        events = events.exclude(via="")
    return events.select_related("actor")[:ACCESS_LOG_LIMIT]


def pending_changes(member):
    return member.change_requests.filter(status=ChangeStatus.PENDING)
