"""Attestations: who may get which, the verification code, and the PDF.

The code printed on an attestation is ``serial`` (64 random bits: the row) followed by
an HMAC of the serial and of what the paper asserts (kind, date, holder). Without the
server's SECRET_KEY nobody can forge one, and changing any character (or the stored
row) breaks the signature, so ``/verify/`` refuses it before any lookup can leak.
"""

import datetime
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from portal import audit, pdf
from portal.models import Attestation, AttestationKind, AuditAction, MemberStatus

_SIGNATURE_LENGTH = 16
_CODE_CHARS = re.compile(r"[^0-9a-f]")


def kind_for(member):
    """Contributing members get an affiliation attestation; pensioners and survivors a pension attestation."""
    return AttestationKind.AFFILIATION if member.status == MemberStatus.CONTRIBUTING else AttestationKind.PENSION


def _signature(serial, kind, issued_on, holder_name):
    message = f"{serial}|{kind}|{issued_on.isoformat()}|{holder_name}"
    return salted_hmac("portal.attestation", message, algorithm="sha256").hexdigest()[:_SIGNATURE_LENGTH]


def code_of(attestation):
    raw = attestation.serial + _signature(
        attestation.serial, attestation.kind, attestation.issued_on, attestation.holder_name
    )
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4)).upper()


def issue(request, member, language):
    """Record a new attestation for the member (the row the code refers to) and audit it."""
    with translation.override(language):
        holder = member.full_name_ar if language == "ar" else member.full_name
    with transaction.atomic():
        attestation = Attestation.objects.create(
            member=member,
            serial=secrets.token_hex(8),
            kind=kind_for(member),
            language=language,
            issued_on=datetime.date.today(),
            holder_name=holder,
        )
        audit.record(request, AuditAction.ATTESTATION_ISSUED, member=member, target=attestation.serial)
    return attestation


def verify(code):
    """The attestation a code stands for, or None for a forged, altered or unknown code."""
    raw = _CODE_CHARS.sub("", (code or "").lower())
    if len(raw) != 16 + _SIGNATURE_LENGTH:
        return None
    serial, signature = raw[:16], raw[16:]
    attestation = Attestation.objects.filter(serial=serial).first()
    if attestation is None:
        return None
    expected = _signature(serial, attestation.kind, attestation.issued_on, attestation.holder_name)
    return attestation if constant_time_compare(signature, expected) else None


def verification_url(attestation, language):
    with translation.override(language):
        path = reverse("portal:verify")
    return f"{settings.SITE_URL}{path}?code={code_of(attestation)}"


# --- PDF ------------------------------------------------------------------------------


def _body(member, attestation):
    date = formats.date_format(member.birth_date, "DATE_FORMAT")
    name = attestation.holder_name
    if attestation.kind == AttestationKind.AFFILIATION:
        first = member.career_periods.order_by("start_date").first()
        since = formats.date_format(first.start_date, "DATE_FORMAT") if first else "—"
        return [
            _(
                "The Pension fund certifies that %(name)s, holder of national ID %(cin)s, born on %(birth)s, "
                "affiliation number %(number)s, is affiliated to the fund as a contributing member since %(since)s."
            )
            % {
                "name": name,
                "cin": member.national_id,
                "birth": date,
                "number": member.affiliation_number,
                "since": since,
            }
        ]
    payment = member.payments.order_by("-period").first()
    lines = [
        _(
            "The Pension fund certifies that %(name)s, holder of national ID %(cin)s, born on %(birth)s, "
            "receives from the fund a %(pension)s under pension number %(number)s."
        )
        % {
            "name": name,
            "cin": member.national_id,
            "birth": date,
            "pension": (_("survivor's pension") if member.status == MemberStatus.SURVIVOR else _("retirement pension")),
            "number": member.pension_number or member.affiliation_number,
        }
    ]
    if payment is not None:
        lines.append(
            _("Last monthly payment (%(period)s): gross %(gross)s MAD, net %(net)s MAD.")
            % {
                "period": formats.date_format(payment.period, "YEAR_MONTH_FORMAT"),
                "gross": formats.number_format(payment.gross, 2, use_l10n=True),
                "net": formats.number_format(payment.net, 2, use_l10n=True),
            }
        )
    return lines


def render_pdf(member, attestation):
    """The attestation as PDF bytes, in the attestation's language (Arabic shaped right to left)."""
    language = attestation.language
    with translation.override(language):
        doc = pdf.new_document(language, attestation.get_kind_display())
        doc.paragraph(_("Pension fund"))
        doc.pdf.ln(10)
        doc.paragraph(attestation.get_kind_display(), size=18, height=12, align="C")
        doc.pdf.ln(8)
        for paragraph in _body(member, attestation):
            doc.paragraph(paragraph)
            doc.pdf.ln(4)
        doc.paragraph(_("This attestation is issued to the holder at their request, to serve as needed."))
        doc.pdf.ln(4)
        doc.paragraph(_("Issued on %(date)s.") % {"date": formats.date_format(attestation.issued_on, "DATE_FORMAT")})
        doc.pdf.ln(12)
        doc.paragraph(
            _("Check that this attestation is genuine at the address below, or enter its verification code there:")
        )
        doc.latin_line(verification_url(attestation, language))
        doc.latin_line(code_of(attestation), size=14, height=10)
    return doc.output()
