"""Change requests: the member asks, staff decide, approved changes go back to the core system.

The portal's copy of the file is only updated on approval; the core system gets the same
change from the CSV export (``manage.py export_changes`` or the admin download), and its
next export to us carries the new value, so both sides converge. The member is told
the decision (queued in the deciding transaction), and may cancel a request still pending.

Services take keyword-only arguments, the acting user (``actor=``) and the audit context
the view built from its request (``context=``, see portal/audit.py).
"""

import csv
import json

from django.db import transaction
from django.utils import timezone

from portal import audit, file_notifications
from portal.models import AuditAction, ChangeKind, ChangeRequest, ChangeStatus

# Which fields each kind of change carries.
FIELDS = {
    ChangeKind.ADDRESS: ("address_line", "postal_code", "city", "country"),
    ChangeKind.PHONE: ("phone",),
    ChangeKind.EMAIL: ("email",),
    ChangeKind.BANK: ("bank_rib",),
}
# Changes that could divert a pension or take over the account's contact: re-authentication first.
SENSITIVE = {ChangeKind.EMAIL, ChangeKind.BANK}


class AlreadyPending(Exception):
    pass


class AlreadyDecided(Exception):
    pass


def current_values(member, kind):
    return {name: getattr(member, name) for name in FIELDS[kind]}


def pending(member, kind):
    return member.change_requests.filter(kind=kind, status=ChangeStatus.PENDING).first()


def submit(*, member, kind, new_value, actor, context):
    """Record the member's request; one pending request per kind at a time."""
    kind = ChangeKind(kind)
    new_value = {name: new_value[name] for name in FIELDS[kind]}
    with transaction.atomic():
        if member.change_requests.select_for_update().filter(kind=kind, status=ChangeStatus.PENDING).exists():
            raise AlreadyPending
        change = ChangeRequest.objects.create(
            member=member,
            kind=kind,
            new_value=new_value,
            old_value=current_values(member, kind),
            submitted_by=actor,
        )
        audit.log(
            AuditAction.CHANGE_REQUESTED, actor=actor, context=context, member=member, target=f"change:{change.pk}"
        )
    return change


def decide(*, change_id, approve, note="", actor, context):
    """Approve (update the portal copy) or reject a pending request; the member is told of it (file_notifications)."""
    with transaction.atomic():
        change = ChangeRequest.objects.select_for_update().select_related("member").get(pk=change_id)
        if change.status != ChangeStatus.PENDING:
            raise AlreadyDecided
        change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
        change.decided_by = actor
        change.decided_at = timezone.now()
        change.decision_note = note
        change.save()
        if approve:
            member = change.member
            names = list(change.new_value)
            for name in names:
                setattr(member, name, change.new_value[name])
            member.save(update_fields=[*names, "updated_at"])
        audit.log(
            AuditAction.CHANGE_APPROVED if approve else AuditAction.CHANGE_REJECTED,
            actor=actor,
            context=context,
            member=change.member,
            target=f"change:{change.pk}",
            details={"kind": change.kind, "note": note},
        )
        file_notifications.change_decided(change)
    return change


def cancel(*, member, change_id, actor, context):
    """The member withdraws a request still pending (another member's request is not found)."""
    with transaction.atomic():
        change = member.change_requests.select_for_update().get(pk=change_id)
        if change.status != ChangeStatus.PENDING:
            raise AlreadyDecided
        change.status = ChangeStatus.CANCELLED
        change.decided_by = actor
        change.decided_at = timezone.now()
        change.save(update_fields=["status", "decided_by", "decided_at"])
        audit.log(
            AuditAction.CHANGE_CANCELLED, actor=actor, context=context, member=member, target=f"change:{change.pk}"
        )
    return change


EXPORT_COLUMNS = [
    "request_id",
    "member_core_id",
    "affiliation_number",
    "kind",
    "new_value",
    "approved_at",
    "approved_by",
]


def export_approved(stream, *, mark=True):
    """Write approved, not yet exported changes as CSV for the core system; return how many.

    Rows are marked exported in the same transaction, so a change is never sent twice nor lost
    (if writing fails, the transaction rolls back and the next export includes it).
    """
    writer = csv.writer(stream)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    with transaction.atomic():
        changes = (
            # Lock only the change rows (the joined user may be NULL, which PostgreSQL cannot lock).
            ChangeRequest.objects.select_for_update(of=("self",))
            .select_related("member", "decided_by")
            .filter(status=ChangeStatus.APPROVED, exported_at__isnull=True)
            .order_by("decided_at", "pk")
        )
        ids = []
        for change in changes:
            writer.writerow(
                [
                    change.pk,
                    change.member.core_id,
                    change.member.affiliation_number,
                    change.kind,
                    json.dumps(change.new_value, ensure_ascii=False, sort_keys=True),
                    change.decided_at.isoformat(),
                    change.decided_by.get_username() if change.decided_by else "",
                ]
            )
            ids.append(change.pk)
            count += 1
        if mark and ids:
            ChangeRequest.objects.filter(pk__in=ids).update(exported_at=timezone.now())
    return count
