"""The status workflow of a claim, as plain functions.

    submitted ──> in_progress ──> waiting_member ──> answered ──> closed
        └──────────────┴──────────────┴──────────────────┴──────────┘ (closing is always possible)

Every transition is written as a ClaimEvent (who, when, from, to) in the same
transaction as the status change, and the member is notified once it commits.
A closed claim can be reopened (back to in progress) within 30 days of its
closing, by the member or an agent; after that a new claim is needed, so that
the figures of a closed month stay true.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.claims.choices import Status

REOPEN_WINDOW = timedelta(days=30)

TRANSITIONS = {
    Status.SUBMITTED: {Status.IN_PROGRESS, Status.WAITING_MEMBER, Status.ANSWERED, Status.CLOSED},
    Status.IN_PROGRESS: {Status.WAITING_MEMBER, Status.ANSWERED, Status.CLOSED},
    Status.WAITING_MEMBER: {Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED},
    Status.ANSWERED: {Status.IN_PROGRESS, Status.WAITING_MEMBER, Status.CLOSED},
    Status.CLOSED: {Status.IN_PROGRESS},  # reopening, only within REOPEN_WINDOW
}

# The statuses in which a claim counts as answered for the published figures.
ANSWERED_STATUSES = {Status.ANSWERED, Status.CLOSED}


class TransitionRefused(Exception):
    """The workflow does not allow this change; str() is a translated message."""


def is_open(claim):
    return claim.status != Status.CLOSED


def closed_message():
    return _("This claim is closed: reopen it to write again, or file a new claim.")


def can_reopen(claim, now=None):
    now = now or timezone.now()
    return claim.status == Status.CLOSED and claim.closed_at is not None and now - claim.closed_at <= REOPEN_WINDOW


def reopen_deadline(claim):
    return claim.closed_at + REOPEN_WINDOW if claim.closed_at else None


def allowed_transitions(claim, now=None):
    """The statuses this claim may move to now, in workflow order."""
    if claim.status == Status.CLOSED and not can_reopen(claim, now):
        return []
    targets = TRANSITIONS[Status(claim.status)]
    return [status for status in Status if status in targets]


def check_transition(claim, to_status, now=None):
    to_status = Status(to_status)
    if claim.status == Status.CLOSED and to_status != Status.CLOSED and not can_reopen(claim, now):
        raise TransitionRefused(
            _("This claim was closed more than 30 days ago and can no longer be reopened. Please file a new claim.")
        )
    if to_status not in allowed_transitions(claim, now):
        raise TransitionRefused(
            _("A claim cannot go from “%(from)s” to “%(to)s”.")
            % {"from": Status(claim.status).label, "to": to_status.label}
        )
    return to_status


def transition(claim, to_status, *, actor, now=None, notify=True):
    """Move the claim to ``to_status`` (or raise TransitionRefused); return the recorded event."""
    from portal.claims import notifications
    from portal.claims.models import Claim, ClaimEvent

    now = now or timezone.now()
    with transaction.atomic():
        # Lock the row: two agents changing the same claim must not both read the old status.
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        to_status = check_transition(locked, to_status, now)
        from_status = locked.status
        locked.status = to_status
        if to_status == Status.CLOSED:
            locked.closed_at = now
        elif from_status == Status.CLOSED:
            locked.closed_at = None
        if to_status in ANSWERED_STATUSES and locked.answered_at is None:
            locked.answered_at = now
        locked.save(update_fields=["status", "closed_at", "answered_at", "updated_at"])
        event = ClaimEvent.objects.create(
            claim=locked,
            kind=ClaimEvent.Kind.STATUS,
            from_status=from_status,
            to_status=to_status,
            author=actor,
            created_at=now,
        )
        if notify:
            notifications.status_changed(locked, event)
    claim.refresh_from_db()
    return event


def reopen(claim, *, actor, now=None):
    return transition(claim, Status.IN_PROGRESS, actor=actor, now=now)
