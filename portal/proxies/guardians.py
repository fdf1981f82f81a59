"""Legal representatives: recorded by an agent from a court decision, not invited by the member.

A guardian of an incapable adult (or of orphans drawing a survivor's pension) acts for the member
because a court said so: the member could not invite anyone. The agent records the decision (its
number, its date, the scanned decision itself, its end date if it has one); the representative then
gets the same invitation e-mail as an invited proxy (``invitations.send_invitation``) and accepts
with their own account and second factor. The grant always allows acting (``Scope.ACT``).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit
from portal.files.written import WrittenFiles
from portal.proxies.choices import AuditAction, Basis, Scope
from portal.proxies.models import Proxy


class Refused(Exception):
    """The representative cannot be recorded or ended; the message is for the agent."""


@dataclass(frozen=True)
class CourtDecision:
    reference: str
    decided_on: object  # datetime.date
    document: object  # uploads.CheckedFile


def guardians_of_any():
    return Proxy.objects.filter(basis=Basis.GUARDIAN).select_related("member")


def record(*, member, name, email, decision, expires_on, language, actor, context):
    """Record the representative named by ``decision`` and send them the invitation; returns the Proxy."""
    email = email.strip().lower()
    today = timezone.localdate()
    if expires_on is not None and expires_on < today:
        raise Refused(_("The end date of the decision has passed: there is nothing to record."))
    if member.user is not None and member.user.email.lower() == email:
        raise Refused(_("The representative cannot be the member themselves."))
    current = Proxy.objects.in_force(today) | Proxy.objects.open_invitations()
    if current.filter(member=member, email__iexact=email).exists():
        raise Refused(_("This person can already act for this member, or has an invitation waiting."))
    from portal.proxies.invitations import send_invitation

    with WrittenFiles().removed_on_error() as written, transaction.atomic():
        proxy = Proxy(
            member=member,
            basis=Basis.GUARDIAN,
            scope=Scope.ACT,
            name=name.strip(),
            email=email,
            expires_on=expires_on,
            created_by=actor,
            court_reference=decision.reference.strip(),
            court_decided_on=decision.decided_on,
        )
        written.save(proxy.court_decision, decision.document)
        proxy.save()
        audit.log(
            AuditAction.GUARDIAN_SET,
            actor=actor,
            context=context,
            member=member,
            target=f"proxy:{proxy.pk}",
            details={"court_reference": proxy.court_reference, "decided_on": decision.decided_on.isoformat()},
        )
        send_invitation(proxy, language=language)
    return proxy


def end(*, proxy, reason, actor, context):
    """End a representation now (the next request of the representative is back on their own file)."""
    now = timezone.now()
    with transaction.atomic():
        # Conditional: two agents ending it at once record one end.
        ended = Proxy.objects.filter(pk=proxy.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_by=actor)
        if not ended:
            raise Refused(_("This representation has already ended."))
        audit.log(
            AuditAction.REVOKED,
            actor=actor,
            context=context,
            member=proxy.member,
            target=f"proxy:{proxy.pk}",
            details={"reason": reason},
        )
    proxy.refresh_from_db()
    return proxy
