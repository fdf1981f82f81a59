"""The attestation and payment-slip PDFs: letterhead, what the paper asserts, and how to check it.

Every amount printed here comes from the attestation's stored figures or from the payments the
stored period covers, and the verification block at the foot (QR code, address, code) leads to
the page that shows the stored figures again: the reader compares the two.
"""

from django.db.models import Count, Sum
from django.utils import formats, translation
from django.utils.translation import gettext as _

from portal import attestations, pdf, wording
from portal.models import AttestationKind, DeductionKind, MemberStatus


def render(attestation):
    """The attestation as PDF bytes, in its language (Arabic shaped right to left)."""
    language = attestation.language
    member = attestation.member
    with translation.override(language):
        title = attestation.get_kind_display()
        doc = pdf.new_document(language, title)
        doc.letterhead(_("Pension fund"), pdf.letterhead_lines())
        doc.paragraph(title, size=18, height=11, align="C", bold=True)
        if attestation.period_start is not None:
            doc.paragraph(attestations.period_text(attestation), size=12, height=7, align="C")
        doc.pdf.ln(6)
        _BODIES[attestation.kind](doc, member, attestation)
        doc.pdf.ln(4)
        if attestation.kind != AttestationKind.PAYMENT_SLIP:
            doc.paragraph(_("This attestation is issued to the holder at their request, to serve as needed."))
            doc.pdf.ln(2)
        doc.paragraph(_("Issued on %(date)s.") % {"date": formats.date_format(attestation.issued_on, "DATE_FORMAT")})
        doc.verification_block(
            url=attestations.verification_url(attestation, language),
            code=attestations.code_of(attestation),
            caption=_(
                "Check that this document is genuine: scan the code or open the address below "
                "(or enter the code on the fund's site), then compare what the page shows with this paper."
            ),
        )
    return doc.output()


def _holder(member, attestation):
    """The sentence fragments every body shares: name, national ID, number, kind of pension."""
    return {
        "name": attestation.holder_name,
        "cin": member.national_id,
        "birth": formats.date_format(member.birth_date, "DATE_FORMAT"),
        "number": member.pension_number or member.affiliation_number,
        "pension": _("survivor's pension") if member.status == MemberStatus.SURVIVOR else _("retirement pension"),
    }


def _affiliation(doc, member, attestation):
    first = member.career_periods.order_by("start_date").first()
    since = formats.date_format(first.start_date, "DATE_FORMAT") if first else "—"
    doc.paragraph(
        _(
            "The Pension fund certifies that %(name)s, holder of national ID %(cin)s, born on %(birth)s, "
            "affiliation number %(number)s, is affiliated to the fund as a contributing member since %(since)s."
        )
        % {**_holder(member, attestation), "number": member.affiliation_number, "since": since}
    )


def _pension(doc, member, attestation):
    doc.paragraph(
        _(
            "The Pension fund certifies that %(name)s, holder of national ID %(cin)s, born on %(birth)s, "
            "receives from the fund a %(pension)s under pension number %(number)s."
        )
        % _holder(member, attestation)
    )


def _payment_rows(payment):
    rows = [(_("Gross amount"), attestations.money(payment.gross))]
    # Deductions as on the payment page: a dash before the label (our fonts have no U+2212 minus sign).
    rows += [("– " + str(line["label"]), attestations.money(line["amount"])) for line in payment.deduction_lines()]
    rows.append((_("Net amount"), attestations.money(payment.net)))
    return rows


def _covered_payment(member, attestation):
    """The payment an amount attestation or slip was issued for, while it still has the attested net amount.

    Re-imported since with another amount, it is left out and the paper prints only what was attested.
    """
    payment = member.payments.filter(period=attestation.period_start).first()
    return payment if payment is not None and payment.net == attestation.amount else None


def _pension_amount(doc, member, attestation):
    doc.paragraph(
        _(
            "The Pension fund certifies that %(name)s, holder of national ID %(cin)s, receives from the fund a "
            "%(pension)s under pension number %(number)s, whose monthly amount for %(month)s is as follows."
        )
        % {**_holder(member, attestation), "month": attestations.month(attestation.period_start)}
    )
    doc.pdf.ln(3)
    payment = _covered_payment(member, attestation)
    if payment is not None:
        doc.rows(_payment_rows(payment), total_last=True)
    else:  # the payment was withdrawn from the core system since: the stored amount still stands
        doc.rows([(_("Net amount"), attestations.money(attestation.amount))], total_last=True)


def _non_suspension(doc, member, attestation):
    doc.paragraph(
        _(
            "The Pension fund certifies that the %(pension)s of %(name)s, holder of national ID %(cin)s, "
            "pension number %(number)s, is in payment and is not suspended at the date of this attestation. "
            "It was paid from %(start)s to %(end)s, the last month paid."
        )
        % {
            **_holder(member, attestation),
            "start": attestations.month(attestation.period_start),
            "end": attestations.month(attestation.period_end),
        }
    )


def _annual_tax(doc, member, attestation):
    year = attestation.period_start.year
    payments = list(member.payments.filter(period__year=year))
    totals = member.payments.filter(period__year=year).aggregate(count=Count("pk"), net=Sum("net"))
    tax = sum(
        (line["amount"] for p in payments for line in p.deduction_lines() if line["kind"] == DeductionKind.INCOME_TAX),
        start=0,
    )
    others = sum((p.total_deductions for p in payments), start=0) - tax
    doc.paragraph(
        _(
            "The Pension fund certifies that in %(year)s it paid %(name)s, holder of national ID %(cin)s, "
            "pension number %(number)s, the amounts below, from which it withheld income tax at source."
        )
        % {**_holder(member, attestation), "year": year}
    )
    doc.pdf.ln(3)
    doc.rows(
        [
            (_("Monthly payments"), formats.number_format(totals["count"], use_l10n=True)),
            (_("Gross amount paid in the year"), attestations.money(attestation.amount)),
            ("– " + _("Income tax withheld"), attestations.money(tax)),
            ("– " + _("Other deductions"), attestations.money(others)),
            (_("Net amount paid"), attestations.money(totals["net"] or 0)),
        ],
        total_last=True,
    )


def _payment_slip(doc, member, attestation):
    payment = _covered_payment(member, attestation)
    doc.rows(
        [
            (_("Holder"), attestation.holder_name),
            (_("Status"), wording.status_label(member)),
            (_("National ID number (CIN)"), member.national_id),
            (_("Pension number"), member.pension_number or member.affiliation_number),
            (_("Payment date"), formats.date_format(payment.payment_date, "DATE_FORMAT") if payment else "—"),
            (_("Bank account (RIB)"), member.masked_rib),
        ]
    )
    doc.pdf.ln(4)
    doc.rule(width=0.3)
    doc.pdf.ln(3)
    if payment is not None:
        doc.rows(_payment_rows(payment), total_last=True)
    else:
        doc.rows([(_("Net amount"), attestations.money(attestation.amount))], total_last=True)


_BODIES = {
    AttestationKind.AFFILIATION: _affiliation,
    AttestationKind.PENSION: _pension,
    AttestationKind.PENSION_AMOUNT: _pension_amount,
    AttestationKind.NON_SUSPENSION: _non_suspension,
    AttestationKind.ANNUAL_TAX: _annual_tax,
    AttestationKind.PAYMENT_SLIP: _payment_slip,
}
