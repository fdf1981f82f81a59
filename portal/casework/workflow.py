"""The status workflow of a request, as plain functions.

    draft ──> submitted ──> under_review ──> info_requested ──> accepted / refused
                  │              ↑________________│
                  └──────────────┴────────────────┴──> withdrawn (by the applicant, until decided)

A document request opened by the fund starts at "info_requested". Accepted, refused and
withdrawn are final: a decision is never undone here (the core system, which stays the source of
truth, would be told twice); a new request is made instead. Every change is a CaseEvent written
in the same transaction as the status, with its author.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.casework.choices import FINAL, EventKind, Status

TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.SUBMITTED: {Status.UNDER_REVIEW, Status.INFO_REQUESTED, Status.ACCEPTED, Status.REFUSED, Status.WITHDRAWN},
    Status.UNDER_REVIEW: {Status.INFO_REQUESTED, Status.ACCEPTED, Status.REFUSED, Status.WITHDRAWN},
    Status.INFO_REQUESTED: {Status.UNDER_REVIEW, Status.ACCEPTED, Status.REFUSED, Status.WITHDRAWN},
    Status.ACCEPTED: set(),
    Status.REFUSED: set(),
    Status.WITHDRAWN: set(),
}


class TransitionRefused(Exception):
    """The workflow does not allow this change; str() is a translated message."""


def allowed_transitions(case):
    return [status for status in Status if status in TRANSITIONS[Status(case.status)]]


def can_withdraw(case):
    """Until the decision, by the applicant; never what the fund asked for on its own initiative
    (documents requested by the fund are not the person's request to give up), nor the dossier
    their employer sent."""
    from portal.casework.procedures import Audience

    definition = case.definition
    not_theirs = definition is not None and definition.audience in (Audience.FUND, Audience.EMPLOYER)
    return not not_theirs and Status.WITHDRAWN in TRANSITIONS[Status(case.status)]


def check_transition(case, to_status):
    to_status = Status(to_status)
    if case.status in FINAL:
        raise TransitionRefused(
            _("This request is %(status)s: it can no longer change. Make a new request if needed.")
            % {"status": Status(case.status).label.lower()}
        )
    if to_status not in TRANSITIONS[Status(case.status)]:
        raise TransitionRefused(
            _("A request cannot go from “%(from)s” to “%(to)s”.")
            % {"from": Status(case.status).label, "to": to_status.label}
        )
    return to_status


def locked(case):
    """The request's row, locked until the end of the transaction: two agents (or an agent and the
    applicant) acting at once must not both read the old status."""
    from portal.casework.models import Case

    return Case.objects.select_for_update().get(pk=case.pk)


def transition(case, to_status, *, actor, message="", kind=EventKind.STATUS, now=None, core_id=None):
    """Move a *locked* case (``locked()``) to ``to_status`` or raise TransitionRefused; return the event."""
    from portal.casework.models import CaseEvent

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition() must run inside the transaction that locked the request")
    now = now or timezone.now()
    to_status = check_transition(case, to_status)
    from_status = case.status
    case.status = to_status
    fields = ["status", "updated_at"]
    if to_status in (Status.ACCEPTED, Status.REFUSED):
        case.decided_at = now
        fields.append("decided_at")
    case.save(update_fields=fields)
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        message=message,
        author=actor if actor is not None and actor.is_authenticated else None,
        core_id=core_id,
        created_at=now,
    )
