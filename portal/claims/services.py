"""What can be done to a claim: filing it, writing in its thread, assigning it, changing its status.

Views, the API and the back-office call these functions; tests call them
directly. Attachments arrive already checked (uploads.validate_uploads), so a
refused file has stopped everything before any row or file is written.

The acting user is ``actor=`` (keyword-only, as in the rest of ``portal``; the claim's history
stores it as its ``author``). Every agent's
action on a claim (and every look at one: it shows a member's personal file) is written
to the audit log here, in the same transaction, with the
``context=`` (``portal.audit.AuditContext``) the view built from its request; a
command or a test that passes none is recorded without an address.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from portal import audit
from portal.claims import notifications, references, service_levels, workflow
from portal.claims.choices import AuditAction, Channel, Status
from portal.claims.models import Claim, ClaimAttachment, ClaimEvent, ClaimMessage
from portal.files.written import WrittenFiles


@dataclass
class NewClaim:
    member: object
    category: str
    subject: str
    description: str
    channel: str = Channel.WEB
    dossier: object = None
    language: str = ""
    files: list = field(default_factory=list)  # uploads.CheckedFile

    @classmethod
    def filed_online(cls, member, data):
        """A claim the member files on the site or through the API, from validated input."""
        return cls(
            member=member,
            category=data["category"],
            subject=data["subject"],
            description=data["description"],
            dossier=data.get("dossier"),
            language=get_language(),
            files=data.get("attachments", []),
        )


def _attach(claim, message, files, actor, written):
    for checked in files:
        attachment = ClaimAttachment(
            claim=claim,
            message=message,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor,
        )
        written.save(attachment.file, checked)
        attachment.save()


def _audit(action, claim, *, actor, context, target=None, details=None):
    audit.log(
        action,
        actor=actor,
        context=context or audit.AuditContext.none(),
        member=claim.member,
        target=claim.reference if target is None else target,
        details=details,
    )


def file_claim(new, *, actor, context=None, now=None):
    """Create the claim with its reference, due date, attachments and history; queue the acknowledgement.

    A claim received by phone, at a counter or by mail is recorded by an agent on the
    member's behalf: that is audited.
    """
    now = now or timezone.now()
    with WrittenFiles().removed_on_error() as written, transaction.atomic():
        claim = Claim.objects.create(
            reference=references.next_reference(now),
            member=new.member,
            category=new.category,
            subject=new.subject.strip(),
            description=new.description.strip(),
            channel=new.channel,
            dossier=new.dossier,
            language=new.language or get_language() or "fr",
            created_by=actor,
            created_at=now,
            due_at=service_levels.due_at(new.category, now),
        )
        ClaimEvent.objects.create(
            claim=claim, kind=ClaimEvent.Kind.CREATED, to_status=claim.status, author=actor, created_at=now
        )
        _attach(claim, None, new.files, actor, written)
        if new.channel != Channel.WEB:
            _audit(AuditAction.CREATE_ON_BEHALF, claim, actor=actor, context=context)
        else:
            _audit(AuditAction.FILED, claim, actor=actor, context=context)
        notifications.acknowledged(claim)
    return claim


def post_message(
    claim,
    *,
    actor,
    body,
    files=(),
    from_member=False,
    is_internal=False,
    new_status=None,
    context=None,
    now=None,
):
    """Add a message to the thread (and optionally change the status in the same step).

    A member may write only while the claim is open; their reply moves a claim
    that was waiting for them (or answered) back to "in progress". An agent's
    reply to the member is e-mailed once; its status change does not send a
    second e-mail.
    """
    now = now or timezone.now()
    if from_member and not workflow.is_open(claim):
        raise workflow.TransitionRefused(workflow.closed_message())
    with WrittenFiles().removed_on_error() as written, transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if from_member and not workflow.is_open(locked):
            raise workflow.TransitionRefused(workflow.closed_message())
        if new_status and new_status != locked.status:
            workflow.check_transition(locked, new_status, now)
        message = ClaimMessage.objects.create(
            claim=locked,
            author=actor,
            body=body.strip(),
            from_member=from_member,
            is_internal=is_internal,
            created_at=now,
        )
        _attach(locked, message, files, actor, written)
        if not from_member and not is_internal and locked.first_response_at is None:
            locked.first_response_at = now
            locked.save(update_fields=["first_response_at", "updated_at"])
        if from_member and locked.status in (Status.WAITING_MEMBER, Status.ANSWERED):
            new_status = Status.IN_PROGRESS
        if new_status and new_status != locked.status:
            workflow.transition(locked, new_status, actor=actor, now=now, notify=is_internal)
        if not from_member:
            action = AuditAction.NOTE if is_internal else AuditAction.REPLY
            _audit(action, locked, actor=actor, context=context)
        else:
            _audit(AuditAction.MEMBER_REPLY, locked, actor=actor, context=context)
        notifications.replied(locked, message)
    claim.refresh_from_db()
    return message


def assign(claim, assignee, *, actor, context=None, now=None):
    """Give the claim to an agent (or to nobody); a submitted claim taken up is now in progress."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        locked.assigned_to = assignee
        locked.save(update_fields=["assigned_to", "updated_at"])
        ClaimEvent.objects.create(
            claim=locked, kind=ClaimEvent.Kind.ASSIGNED, assignee=assignee, author=actor, created_at=now
        )
        if assignee is not None and locked.status == Status.SUBMITTED:
            workflow.transition(locked, Status.IN_PROGRESS, actor=actor, now=now)
        _audit(AuditAction.ASSIGN, locked, actor=actor, context=context)
    claim.refresh_from_db()
    return claim


def change_status(claim, to_status, *, actor, context=None, now=None):
    """An agent moves the claim to ``to_status`` (or TransitionRefused); the member is notified."""
    with transaction.atomic():
        event = workflow.transition(claim, to_status, actor=actor, now=now)
        _audit(AuditAction.STATUS, claim, actor=actor, context=context, details={"status": claim.status})
    return event


def opened_by_agent(claim, *, actor, context=None):
    """An agent looked at the claim (every showing, a re-shown form with errors too)."""
    _audit(AuditAction.VIEW, claim, actor=actor, context=context)


def attachment_opened_by_agent(attachment, *, actor, context=None):
    claim = attachment.claim
    _audit(AuditAction.DOWNLOAD, claim, actor=actor, context=context, target=f"{claim.reference}/{attachment.pk}")
