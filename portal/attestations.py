"""Attestations: which a member may ask for, what each asserts, its verification code, its revocation.

The code printed on an attestation is ``serial`` (64 random bits: the row) followed by an HMAC
of the serial and of what the paper asserts (kind, date, holder, and the amount and period when
the kind carries one), made with an attestation signing key (``portal/signing.py``), not with
SECRET_KEY. Nobody can forge a code without the key, and changing any character (or the stored
row) breaks the signature, so ``/verify/`` refuses it before any lookup can leak.

Every amount printed on a paper is stored on its row and shown by ``/verify/``: a bank compares
the page with the paper, so a doctored amount on a genuine code is caught. A member of staff can
revoke an attestation (a decision changed the amount, it was issued by mistake): ``/verify/``
then says so, with the date.
"""

import datetime
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import formats, numberformat, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import audit, signing
from portal.models import Attestation, AttestationKind, AuditAction, MemberStatus

_CODE_CHARS = re.compile(r"[^0-9a-f]")
_SERIAL_LENGTH = 16

# Kinds whose paper states an amount (stored in Attestation.amount, shown on verification).
AMOUNT_KINDS = frozenset({AttestationKind.PENSION_AMOUNT, AttestationKind.ANNUAL_TAX, AttestationKind.PAYMENT_SLIP})
# How many of the latest monthly payments a non-suspension attestation covers, and how recent the
# last one must be: a pension whose last payment is older may well be suspended, so the portal
# does not certify the contrary (the member asks the fund instead).
NON_SUSPENSION_MONTHS = 12
NON_SUSPENSION_RECENT_MONTHS = 3


class NotAvailable(Exception):
    """The member's file does not allow this attestation (no payment yet, not a pensioner...)."""


def kind_for(member):
    """The basic attestation of the member's status: affiliation for contributors, pension for pensioners."""
    return AttestationKind.AFFILIATION if member.status == MemberStatus.CONTRIBUTING else AttestationKind.PENSION


def kinds_for(member):
    """The attestations a member may ask for on the attestations page (a payment slip comes from its payment)."""
    if member.status == MemberStatus.CONTRIBUTING:
        return [AttestationKind.AFFILIATION]
    kinds = [AttestationKind.PENSION]
    latest = member.payments.order_by("-period").values_list("period", flat=True).first()
    if latest is not None:
        kinds.append(AttestationKind.PENSION_AMOUNT)
        if latest >= _months_ago(NON_SUSPENSION_RECENT_MONTHS):
            kinds.append(AttestationKind.NON_SUSPENSION)
        kinds.append(AttestationKind.ANNUAL_TAX)
    return kinds


def _months_ago(months):
    today = datetime.date.today()
    index = today.year * 12 + today.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def tax_years(member):
    """Years with imported payments, newest first: the years an annual tax attestation can cover."""
    return sorted({period.year for period in member.payments.dates("period", "year")}, reverse=True)


def _facts(member, kind, *, year=None, payment=None):
    """The amount and period the attestation asserts, computed from the imported payments."""
    if kind not in kinds_for(member) and kind != AttestationKind.PAYMENT_SLIP:
        raise NotAvailable(kind)
    if kind == AttestationKind.PENSION_AMOUNT:
        latest = member.payments.order_by("-period").first()
        return {"amount": latest.net, "period_start": latest.period, "period_end": latest.period}
    if kind == AttestationKind.NON_SUSPENSION:
        periods = list(member.payments.order_by("-period").values_list("period", flat=True)[:NON_SUSPENSION_MONTHS])
        return {"amount": None, "period_start": periods[-1], "period_end": periods[0]}
    if kind == AttestationKind.ANNUAL_TAX:
        totals = member.payments.filter(period__year=year or 0).aggregate(gross=Sum("gross"))
        if totals["gross"] is None:
            raise NotAvailable(kind)
        return {
            "amount": totals["gross"],
            "period_start": datetime.date(year, 1, 1),
            "period_end": datetime.date(year, 12, 1),
        }
    if kind == AttestationKind.PAYMENT_SLIP:
        if payment is None or payment.member_id != member.pk:
            raise NotAvailable(kind)
        return {"amount": payment.net, "period_start": payment.period, "period_end": payment.period}
    return {"amount": None, "period_start": None, "period_end": None}


def issue_attestation(*, member, language, actor, context, kind=None, year=None, payment=None):
    """Record a new attestation for the member (the row the code refers to), signed with the current key, audited.

    ``kind`` defaults to the member's basic attestation; ``year`` is the tax year of an annual tax
    attestation and ``payment`` the payment of a slip. Raises NotAvailable when the file does not allow it.
    """
    kind = kind or kind_for(member)
    facts = _facts(member, kind, year=year, payment=payment)
    with translation.override(language):
        holder = member.full_name_ar if language == "ar" else member.full_name
    with transaction.atomic():
        attestation = Attestation.objects.create(
            member=member,
            serial=secrets.token_hex(_SERIAL_LENGTH // 2),
            kind=kind,
            language=language,
            issued_on=datetime.date.today(),
            holder_name=holder,
            key_id=signing.current().key_id,
            **facts,
        )
        audit.log(
            AuditAction.ATTESTATION_ISSUED,
            actor=actor,
            context=context,
            member=member,
            target=attestation.serial,
            details={"kind": kind},
        )
    return attestation


def issue(request, member, language, **options):
    """``issue_attestation`` for a view holding a request (the member API); ``request`` None for a command."""
    actor = getattr(request, "user", None) if request is not None else None
    context = audit.AuditContext.from_request(request) if request is not None else audit.AuditContext.none()
    return issue_attestation(member=member, language=language, actor=actor, context=context, **options)


# --- The verification code --------------------------------------------------------------


def _message(serial, attestation):
    parts = [serial, attestation.kind, attestation.issued_on.isoformat(), attestation.holder_name]
    # Attestations without amount keep the message they were signed with before amounts existed.
    if attestation.amount is not None or attestation.period_start is not None:
        parts += [
            "" if attestation.amount is None else f"{attestation.amount:.2f}",
            attestation.period_start.isoformat() if attestation.period_start else "",
            attestation.period_end.isoformat() if attestation.period_end else "",
        ]
    return "|".join(parts)


def code_of(attestation):
    """The code printed on the paper: serial and signature, in groups of four."""
    key = signing.find(attestation.key_id)
    raw = attestation.serial + key.sign(_message(attestation.serial, attestation))
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4)).upper()


def verify(code):
    """The attestation a code stands for (revoked ones included), or None for a forged, altered or unknown code.

    A code whose signing key has been dropped from ATTESTATION_SIGNING_KEYS is unknown too.
    """
    raw = _CODE_CHARS.sub("", (code or "").lower())
    if len(raw) != _SERIAL_LENGTH + signing.SIGNATURE_LENGTH:
        return None
    serial, signature = raw[:_SERIAL_LENGTH], raw[_SERIAL_LENGTH:]
    attestation = Attestation.objects.select_related("member").filter(serial=serial).first()
    if attestation is None:
        return None
    if not signing.matches(attestation.key_id, _message(serial, attestation), signature):
        return None
    return attestation


def verification_url(attestation, language):
    """The address printed on the paper and in its QR code: the verification page with the code filled in."""
    with translation.override(language):
        path = reverse("portal:verify")
    return f"{settings.SITE_URL}{path}?code={code_of(attestation)}"


def money(amount):
    """An amount in dirhams, grouped by thousands with the separators of the active language.

    Django's Arabic formats set no grouping; on a paper a bank reads, 30.960,00 is safer than 30960,00.
    """
    number = numberformat.format(
        amount,
        formats.get_format("DECIMAL_SEPARATOR"),
        decimal_pos=2,
        grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
    return _("%(amount)s MAD") % {"amount": number}


def month(period):
    return formats.date_format(period, "YEAR_MONTH_FORMAT")


_AMOUNT_LABELS = {
    AttestationKind.PENSION_AMOUNT: gettext_lazy("Net monthly amount"),
    AttestationKind.PAYMENT_SLIP: gettext_lazy("Net amount paid"),
    AttestationKind.ANNUAL_TAX: gettext_lazy("Gross amount paid in the year"),
}


def period_text(attestation):
    if attestation.period_start is None:
        return ""
    if attestation.kind == AttestationKind.ANNUAL_TAX:
        return str(attestation.period_start.year)
    if attestation.period_start == attestation.period_end:
        return month(attestation.period_start)
    return _("from %(start)s to %(end)s") % {
        "start": month(attestation.period_start),
        "end": month(attestation.period_end),
    }


def asserted_facts(attestation):
    """What the paper asserts beyond holder, kind and date, as (label, value) pairs: /verify/ shows them."""
    facts = []
    if attestation.amount is not None:
        facts.append((_AMOUNT_LABELS[attestation.kind], money(attestation.amount)))
    if attestation.period_start is not None:
        facts.append((_("Period"), period_text(attestation)))
    return facts


def masked_national_id(national_id):
    """The national ID as /verify/ shows it: enough for a bank to compare with the card, not to copy it."""
    value = (national_id or "").strip()
    if len(value) <= 4:
        return "•" * len(value)
    return value[:2] + "•" * (len(value) - 4) + value[-2:]


# --- Revocation -------------------------------------------------------------------------


class AlreadyRevoked(Exception):
    pass


def revoke_attestation(*, attestation, actor, reason, context=None):
    """Revoke an attestation: from now on /verify/ says "revoked on <date>" for its code. Audited.

    The row is locked so that two members of staff revoking at once record one revocation.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a revocation needs a reason")
    with transaction.atomic():
        locked = Attestation.objects.select_for_update().get(pk=attestation.pk)
        if locked.revoked_at is not None:
            raise AlreadyRevoked(locked.serial)
        locked.revoked_at = timezone.now()
        locked.revocation_reason = reason[:300]
        locked.save(update_fields=["revoked_at", "revocation_reason"])
        audit.log(
            AuditAction.ATTESTATION_REVOKED,
            actor=actor,
            context=context or audit.AuditContext.none(),
            member=locked.member,
            target=locked.serial,
            details={"kind": locked.kind, "reason": locked.revocation_reason},
        )
    attestation.revoked_at, attestation.revocation_reason = locked.revoked_at, locked.revocation_reason
    return attestation
