"""What can be done to a claim: filing it, writing in its thread, assigning it.

Views, the API and the back-office call these functions; tests call them
directly. Attachments arrive already checked (uploads.validate_uploads), so a
refused file has stopped everything before any row or file is written.
"""

import contextlib
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from portal.claims import notifications, references, service_levels, workflow
from portal.claims.choices import Channel, Status
from portal.claims.models import Claim, ClaimAttachment, ClaimEvent, ClaimMessage


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


class _WrittenFiles:
    """Delete the files written so far if the transaction that refers to them fails."""

    def __init__(self):
        self.names = []

    def save(self, attachment, checked):
        attachment.file.save(f"upload.{checked.extension}", ContentFile(checked.data), save=False)
        self.names.append((attachment.file.storage, attachment.file.name))

    @contextlib.contextmanager
    def removed_on_error(self):
        try:
            yield self
        except BaseException:
            for storage, name in self.names:
                with contextlib.suppress(OSError):
                    storage.delete(name)
            raise


def _attach(claim, message, files, author, written):
    for checked in files:
        attachment = ClaimAttachment(
            claim=claim,
            message=message,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=author,
        )
        written.save(attachment, checked)
        attachment.save()


def file_claim(new, *, author, now=None):
    """Create the claim with its reference, due date, attachments and history; queue the acknowledgement."""
    now = now or timezone.now()
    with _WrittenFiles().removed_on_error() as written, transaction.atomic():
        claim = Claim.objects.create(
            reference=references.next_reference(now),
            member=new.member,
            category=new.category,
            subject=new.subject.strip(),
            description=new.description.strip(),
            channel=new.channel,
            dossier=new.dossier,
            language=new.language or get_language() or "fr",
            created_by=author,
            created_at=now,
            due_at=service_levels.due_at(new.category, now),
        )
        ClaimEvent.objects.create(
            claim=claim, kind=ClaimEvent.Kind.CREATED, to_status=claim.status, author=author, created_at=now
        )
        _attach(claim, None, new.files, author, written)
        notifications.acknowledged(claim)
    return claim


def post_message(claim, *, author, body, files=(), from_member=False, is_internal=False, new_status=None, now=None):
    """Add a message to the thread (and optionally change the status in the same step).

    A member may write only while the claim is open; their reply moves a claim
    that was waiting for them (or answered) back to "in progress". An agent's
    reply to the member is e-mailed once; its status change does not send a
    second e-mail.
    """
    now = now or timezone.now()
    if from_member and not workflow.is_open(claim):
        raise workflow.TransitionRefused(workflow.closed_message())
    with _WrittenFiles().removed_on_error() as written, transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if from_member and not workflow.is_open(locked):
            raise workflow.TransitionRefused(workflow.closed_message())
        if new_status and new_status != locked.status:
            workflow.check_transition(locked, new_status, now)
        message = ClaimMessage.objects.create(
            claim=locked,
            author=author,
            body=body.strip(),
            from_member=from_member,
            is_internal=is_internal,
            created_at=now,
        )
        _attach(locked, message, files, author, written)
        if not from_member and not is_internal and locked.first_response_at is None:
            locked.first_response_at = now
            locked.save(update_fields=["first_response_at", "updated_at"])
        if from_member and locked.status in (Status.WAITING_MEMBER, Status.ANSWERED):
            new_status = Status.IN_PROGRESS
        if new_status and new_status != locked.status:
            workflow.transition(locked, new_status, author=author, now=now, notify=is_internal)
        notifications.replied(locked, message)
    claim.refresh_from_db()
    return message


def assign(claim, assignee, *, author, now=None):
    """Give the claim to an agent (or to nobody); a submitted claim taken up is now in progress."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        locked.assigned_to = assignee
        locked.save(update_fields=["assigned_to", "updated_at"])
        ClaimEvent.objects.create(
            claim=locked, kind=ClaimEvent.Kind.ASSIGNED, assignee=assignee, author=author, created_at=now
        )
        if assignee is not None and locked.status == Status.SUBMITTED:
            workflow.transition(locked, Status.IN_PROGRESS, author=author, now=now)
    claim.refresh_from_db()
    return claim
