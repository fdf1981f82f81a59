"""Attestations: who may get which, the verification code, and the PDF.

The code printed on an attestation is ``serial`` (64 random bits: the row) followed by
an HMAC of the serial and of what the paper asserts (kind, date, holder). Without the
server's SECRET_KEY nobody can forge one, and changing any character (or the stored
row) breaks the signature, so ``/verify/`` refuses it before any lookup can leak.
"""

import datetime
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from fpdf import FPDF

from portal import audit
from portal.models import Attestation, AttestationKind, AuditAction, MemberStatus

FONTS = Path(__file__).resolve().parent / "fonts"
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
    rtl = language == "ar"
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.add_font("NotoSans", fname=FONTS / "NotoSans-Regular.ttf")
    pdf.add_font("NotoNaskh", fname=FONTS / "NotoNaskhArabic-Regular.ttf")
    pdf.add_font("NotoNaskh", style="B", fname=FONTS / "NotoNaskhArabic-Bold.ttf")
    pdf.set_fallback_fonts(["NotoSans"] if rtl else ["NotoNaskh"])
    # HarfBuzz shaping joins Arabic letters and orders mixed Arabic/Latin text correctly.
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr")
    main_font = "NotoNaskh" if rtl else "NotoSans"
    align = "R" if rtl else "L"
    with translation.override(language):
        pdf.set_title(attestation.get_kind_display())
        pdf.set_lang(language)
        pdf.add_page()
        pdf.set_font(main_font, size=12)
        pdf.multi_cell(0, 8, _("Pension fund"), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        pdf.set_font(main_font, size=18)
        pdf.multi_cell(0, 12, str(attestation.get_kind_display()), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
        pdf.set_font(main_font, size=12)
        for paragraph in _body(member, attestation):
            pdf.multi_cell(0, 8, paragraph, align=align, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.multi_cell(
            0,
            8,
            _("This attestation is issued to the holder at their request, to serve as needed."),
            align=align,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(4)
        pdf.multi_cell(
            0,
            8,
            _("Issued on %(date)s.") % {"date": formats.date_format(attestation.issued_on, "DATE_FORMAT")},
            align=align,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(12)
        pdf.multi_cell(
            0,
            8,
            _("Check that this attestation is genuine at the address below, or enter its verification code there:"),
            align=align,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        # The code and the address are Latin text: printed left to right on their own lines in both languages.
        pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
        pdf.set_font("NotoSans", size=11)
        pdf.multi_cell(0, 7, verification_url(attestation, language), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("NotoSans", size=14)
        pdf.multi_cell(0, 10, code_of(attestation), align=align, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
