"""What the member is told, and when: queued in the caller's transaction (see config.tasks)."""

from config.tasks import enqueue_with_transaction
from portal.claims.tasks import send_claim_email


def acknowledged(claim):
    enqueue_with_transaction(send_claim_email, claim.pk, "acknowledgement")


def replied(claim, message):
    # Internal notes and the member's own messages are not news for the member.
    if not message.is_internal and not message.from_member:
        enqueue_with_transaction(send_claim_email, claim.pk, "reply")


def status_changed(claim, event):
    enqueue_with_transaction(send_claim_email, claim.pk, "status")
