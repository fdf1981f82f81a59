"""Linking a portal account to a member file: the rules, as plain functions that views and tests call.

1. ``start(request, identifier, national_id, birth_date)``: the three facts must match one file
   that no account holds yet; then a 6-digit code goes to the contact on file.
2. ``confirm(request, challenge_id, code)``: the right code links the account.

Whatever is wrong (unknown number, wrong CIN, wrong birth date) the answer is the same
``Outcome.NO_MATCH``, so the form cannot be used to find out whether a file exists; the
answers that differ (already linked, no contact, file locked) need all three facts right.
Staff accounts are refused: a member file belongs to a personal account, never to an
account with admin rights.

Guessing the code is limited three ways, so that spreading guesses over many accounts or
many files does not help:

- per account: ``PORTAL_ENROLMENT_MAX_FAILURES`` failures (audit log) within
  ``PORTAL_ENROLMENT_LOCK_MINUTES`` lock the account's enrolment;
- per member file, across every account: ``PORTAL_ENROLMENT_FILE_MAX_FAILURES`` wrong codes
  lock the file's enrolment for ``PORTAL_ENROLMENT_FILE_LOCK_HOURS`` (``Member.enrolment_failures``
  / ``enrolment_locked_until``); the holder is told at the contact on file, and staff can
  unlock it earlier (portal/admin_enrolment.py);
- per client address: ``PORTAL_ENROLMENT_ADDRESS_MAX_FAILURES`` failures within
  ``PORTAL_ENROLMENT_ADDRESS_WINDOW_MINUTES`` (a counter in the shared cache, like allauth's
  rate limits, keyed by ``portal.audit.client_ip``).

The arithmetic, with the defaults. A code has 6 digits: 10**6 values, one right. The file
lock caps guesses at 10 per file per 24 hours whatever the number of accounts and addresses,
so the chance of guessing one file's code in a day is 10 / 10**6 = 1 in 100,000, and in a
year 3,650 / 10**6, about 1 in 270 -- while the holder receives a lock notice every day of
the attack and staff see the file in the locked list. Before this lock only accounts were
limited, to 5 wrong codes an hour each; 1,000 throw-away accounts (allauth lets one address
sign up 20 a minute, and one catch-all mail domain confirms them all) made 120,000 guesses a
day: a one-in-eight chance each day, the code within about eight days. Six digits stay (a
code typed from an SMS), because the file lock, not the code length, is what bounds guessing.
"""

import enum
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from config import throttle
from portal import audit
from portal.models import AuditAction, AuditEvent, EnrolmentChallenge, Member
from portal.senders import get_sender

CODE_LIFETIME = timedelta(minutes=15)
CODE_ATTEMPTS = 5
FAILURES = (AuditAction.ENROLMENT_FAILED, AuditAction.ENROLMENT_CODE_FAILED)
# Audit actions of the file lock (free-text codes, like the claims app's).
FILE_LOCKED = "enrolment_file_locked"
FILE_UNLOCKED = "enrolment_file_unlocked"
# For the audit registry (portal.audit.register_choices), from PortalConfig.ready().
AUDIT_ACTIONS = [
    (FILE_LOCKED, _("Enrolment of a file locked after too many wrong codes")),
    (FILE_UNLOCKED, _("Enrolment of a file unlocked by staff")),
]


class Outcome(enum.Enum):
    CODE_SENT = "code_sent"
    NO_MATCH = "no_match"
    LOCKED = "locked"
    FILE_LOCKED = "file_locked"
    ALREADY_LINKED = "already_linked"
    NO_CONTACT = "no_contact"
    STAFF_ACCOUNT = "staff_account"
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
    return settings.PORTAL_ENROLMENT_MAX_FAILURES


def lock_window():
    return timedelta(minutes=settings.PORTAL_ENROLMENT_LOCK_MINUTES)


def is_locked(user):
    since = timezone.now() - lock_window()
    recent = AuditEvent.objects.filter(actor=user, action__in=FAILURES, created_at__gte=since)
    return recent.count() >= max_failures()


def file_is_locked(member):
    return member.enrolment_locked_until is not None and member.enrolment_locked_until > timezone.now()


def _address_key(request):
    address = audit.client_ip(request)
    return f"portal:enrolment:failures:{address}" if address else None


def address_is_locked(request):
    key = _address_key(request)
    limit = settings.PORTAL_ENROLMENT_ADDRESS_MAX_FAILURES
    return key is not None and (cache.get(key) or 0) >= limit


def _count_address_failure(request):
    key = _address_key(request)
    if key is None:
        return
    # A fixed window starting at the first failure.
    throttle.count(key, window=settings.PORTAL_ENROLMENT_ADDRESS_WINDOW_MINUTES * 60)


def _locked(request, user):
    return is_locked(user) or address_is_locked(request)


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
    if user.is_staff:
        return Result(Outcome.STAFF_ACCOUNT)
    details = {"identifier": normalise_identifier(identifier)[:30]}
    if _locked(request, user):
        audit.record(request, AuditAction.ENROLMENT_LOCKED, details=details)
        return Result(Outcome.LOCKED)
    member = find_file(identifier, national_id, birth_date)
    if member is None:
        audit.record(request, AuditAction.ENROLMENT_FAILED, details={**details, "reason": "no_match"})
        _count_address_failure(request)
        return Result(Outcome.NO_MATCH)
    # Whoever reaches here knows the number, the CIN and the birth date of the file, so telling them
    # it is already taken (or locked) reveals nothing new and lets the real owner report a stolen link.
    if file_is_locked(member):
        audit.record(request, AuditAction.ENROLMENT_LOCKED, member=member, details={**details, "reason": "file"})
        return Result(Outcome.FILE_LOCKED)
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


def _wrong_code(request, challenge, member, language):
    """Count a wrong code on the challenge, the file and the address; lock the file past its limit."""
    challenge.attempts += 1
    challenge.save(update_fields=["attempts"])
    audit.record(request, AuditAction.ENROLMENT_CODE_FAILED, member=member)
    _count_address_failure(request)
    member.enrolment_failures += 1
    if member.enrolment_failures < settings.PORTAL_ENROLMENT_FILE_MAX_FAILURES:
        member.save(update_fields=["enrolment_failures"])
        return Result(Outcome.WRONG_CODE, challenge=challenge)
    hours = settings.PORTAL_ENROLMENT_FILE_LOCK_HOURS
    member.enrolment_locked_until = timezone.now() + timedelta(hours=hours)
    member.enrolment_failures = 0
    member.save(update_fields=["enrolment_failures", "enrolment_locked_until"])
    # Every code sent for this file, to any account, dies with the lock.
    EnrolmentChallenge.objects.filter(member=member, used_at__isnull=True).delete()
    audit.record(request, FILE_LOCKED, member=member, details={"hours": hours})
    get_sender().send_lock_notice(member, language)
    return Result(Outcome.FILE_LOCKED)


def confirm(request, challenge_id, code, language="fr"):
    user = request.user
    if user.is_staff:
        return Result(Outcome.STAFF_ACCOUNT)
    if _locked(request, user):
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
        if file_is_locked(member):
            audit.record(request, AuditAction.ENROLMENT_LOCKED, member=member, details={"reason": "file"})
            return Result(Outcome.FILE_LOCKED)
        if not code_matches(challenge, code):
            return _wrong_code(request, challenge, member, language)
        if member.user_id is not None or Member.objects.filter(user=user).exists():
            audit.record(request, AuditAction.ENROLMENT_FAILED, member=member, details={"reason": "linked"})
            return Result(Outcome.ALREADY_LINKED)
        challenge.used_at = timezone.now()
        challenge.save(update_fields=["used_at"])
        member.user = user
        member.enrolment_failures = 0
        member.enrolment_locked_until = None
        member.save(update_fields=["user", "enrolment_failures", "enrolment_locked_until", "updated_at"])
        audit.record(request, AuditAction.ENROLMENT_SUCCEEDED, member=member)
    return Result(Outcome.LINKED, member=member)


def unlock_file(*, member, actor, context):
    """Staff lift a file's lock before it expires (after checking with the holder); audited.

    ``context`` is an ``audit.AuditContext``."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        was_locked_until = member.enrolment_locked_until
        member.enrolment_failures = 0
        member.enrolment_locked_until = None
        member.save(update_fields=["enrolment_failures", "enrolment_locked_until"])
        audit.log(
            FILE_UNLOCKED,
            actor=actor,
            context=context,
            member=member,
            target=member.affiliation_number,
            details={"was_locked_until": was_locked_until.isoformat() if was_locked_until else None},
        )
    return member
