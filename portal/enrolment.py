"""Linking a portal account to a member file: the rules, as plain functions that views and tests call.

1. ``start(request, identifier, national_id, birth_date)``: the three facts must match one file
   that no account holds yet; then a 6-digit code goes to the contact on file.
2. ``confirm(request, challenge_id, code)``: the right code links the account.

Whatever is wrong (unknown number, wrong CIN, wrong birth date) the answer is the same
``Outcome.NO_MATCH``, so the form cannot be used to find out whether a file exists. Every
attempt is written to the audit log, and the failures in the audit log are what locks an
account out after ``PORTAL_ENROLMENT_MAX_FAILURES`` within ``PORTAL_ENROLMENT_LOCK_MINUTES``.
"""

import enum
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from portal import audit
from portal.models import AuditAction, AuditEvent, EnrolmentChallenge, Member
from portal.senders import get_sender

CODE_LIFETIME = timedelta(minutes=15)
CODE_ATTEMPTS = 5
FAILURES = (AuditAction.ENROLMENT_FAILED, AuditAction.ENROLMENT_CODE_FAILED)


class Outcome(enum.Enum):
    CODE_SENT = "code_sent"
    NO_MATCH = "no_match"
    LOCKED = "locked"
    ALREADY_LINKED = "already_linked"
    NO_CONTACT = "no_contact"
    LINKED = "linked"
    WRONG_CODE = "wrong_code"
    EXPIRED = "expired"


@dataclass
class Result:
    outcome: Outcome
    challenge: EnrolmentChallenge | None = None
    destination: str = ""
    member: Member | None = None


def max_failures():
    return getattr(settings, "PORTAL_ENROLMENT_MAX_FAILURES", 5)


def lock_window():
    return timedelta(minutes=getattr(settings, "PORTAL_ENROLMENT_LOCK_MINUTES", 60))


def is_locked(user):
    since = timezone.now() - lock_window()
    recent = AuditEvent.objects.filter(actor=user, action__in=FAILURES, created_at__gte=since)
    return recent.count() >= max_failures()


def normalise_identifier(value):
    return "".join((value or "").split()).upper()


def _hash(challenge_salt, code):
    return salted_hmac("portal.enrolment.code", f"{challenge_salt}:{code}", algorithm="sha256").hexdigest()


def find_file(identifier, national_id, birth_date):
    identifier = normalise_identifier(identifier)
    if not identifier:
        return None
    return (
        Member.objects.filter(Q(affiliation_number__iexact=identifier) | Q(pension_number__iexact=identifier))
        .filter(national_id__iexact=normalise_identifier(national_id), birth_date=birth_date)
        .first()
    )


def start(request, identifier, national_id, birth_date, language="fr"):
    user = request.user
    details = {"identifier": normalise_identifier(identifier)[:30]}
    if is_locked(user):
        audit.record(request, AuditAction.ENROLMENT_LOCKED, details=details)
        return Result(Outcome.LOCKED)
    member = find_file(identifier, national_id, birth_date)
    if member is None:
        audit.record(request, AuditAction.ENROLMENT_FAILED, details={**details, "reason": "no_match"})
        return Result(Outcome.NO_MATCH)
    # Whoever reaches here knows the number, the CIN and the birth date of the file, so telling them
    # it is already taken reveals nothing new and lets the real owner report a stolen link.
    if member.user_id is not None:
        audit.record(request, AuditAction.ENROLMENT_FAILED, member=member, details={**details, "reason": "linked"})
        return Result(Outcome.ALREADY_LINKED)
    sender = get_sender()
    if not sender.can_reach(member):
        audit.record(request, AuditAction.ENROLMENT_FAILED, member=member, details={**details, "reason": "contact"})
        return Result(Outcome.NO_CONTACT)
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        # A new code replaces any earlier one.
        EnrolmentChallenge.objects.filter(user=user, used_at__isnull=True).delete()
        salt = secrets.token_hex(8)
        challenge = EnrolmentChallenge.objects.create(
            user=user,
            member=member,
            code_hash=f"{salt}${_hash(salt, code)}",
            expires_at=timezone.now() + CODE_LIFETIME,
        )
        sender.send(member, code, language)
        audit.record(request, AuditAction.ENROLMENT_CODE_SENT, member=member, details=details)
    return Result(Outcome.CODE_SENT, challenge=challenge, destination=sender.destination(member))


def code_matches(challenge, code):
    salt, _sep, digest = challenge.code_hash.partition("$")
    return constant_time_compare(digest, _hash(salt, (code or "").strip()))


def confirm(request, challenge_id, code):
    user = request.user
    if is_locked(user):
        audit.record(request, AuditAction.ENROLMENT_LOCKED)
        return Result(Outcome.LOCKED)
    with transaction.atomic():
        challenge = (
            EnrolmentChallenge.objects.select_for_update()
            .filter(pk=challenge_id, user=user, used_at__isnull=True)
            .first()
        )
        if challenge is None or challenge.expires_at <= timezone.now() or challenge.attempts >= CODE_ATTEMPTS:
            return Result(Outcome.EXPIRED)
        member = Member.objects.select_for_update().get(pk=challenge.member_id)
        if not code_matches(challenge, code):
            challenge.attempts += 1
            challenge.save(update_fields=["attempts"])
            audit.record(request, AuditAction.ENROLMENT_CODE_FAILED, member=member)
            return Result(Outcome.WRONG_CODE, challenge=challenge)
        if member.user_id is not None or Member.objects.filter(user=user).exists():
            audit.record(request, AuditAction.ENROLMENT_FAILED, member=member, details={"reason": "linked"})
            return Result(Outcome.ALREADY_LINKED)
        challenge.used_at = timezone.now()
        challenge.save(update_fields=["used_at"])
        member.user = user
        member.save(update_fields=["user", "updated_at"])
        audit.record(request, AuditAction.ENROLMENT_SUCCEEDED, member=member)
    return Result(Outcome.LINKED, member=member)
