"""Retirement: a pension at the age limit, and early retirement (for members still in service)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.casework import eligibility
from portal.casework.choices import DocumentKind
from portal.casework.fields import DateField
from portal.casework.procedures.base import Audience, Procedure, Step
from portal.casework.procedures.common import FamilyForm, MaritalStatus, NewAccountForm


def _family_documents(answers):
    """The ID card and the account the pension is paid to; the family papers for the allowances.

    The retirement order (« arrêté de mise à la retraite ») is the administration's to send, not
    the member's: it is not asked here.
    """
    family = answers.get("family", {})
    kinds = [DocumentKind.NATIONAL_ID, DocumentKind.BANK_DETAILS]
    if family.get("marital_status") == MaritalStatus.MARRIED:
        kinds.append(DocumentKind.MARRIAGE_CERTIFICATE)
    if family.get("children"):
        kinds.append(DocumentKind.BIRTH_CERTIFICATES)
    return kinds


def _age_limit_eligibility(member, today):
    return eligibility.pension_at_age_limit(status=member.status, birth_date=member.birth_date, today=today)


def _early_eligibility(member, today):
    service, in_service = eligibility.member_service(member, today)
    return eligibility.early_retirement(
        status=member.status, sex=member.sex, service=service, in_service=in_service, today=today
    )


class LeavingForm(forms.Form):
    leaving_date = DateField(
        label=_("Date you wish to leave the service"),
        future=True,
        help_text=_("Your administration must agree to it; allow at least nine months."),
    )
    reason = forms.CharField(
        label=_("Why you are leaving early (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


PENSION_AT_AGE_LIMIT = Procedure(
    code="pension_age_limit",
    title=_("Apply for my pension at the age limit"),
    summary=_("For members in service, from 12 months before the age limit."),
    audience=Audience.MEMBER,
    days_to_decide=60,
    steps=(
        Step("family", _("Your family"), FamilyForm),
        Step("payment", _("Payment of your pension"), NewAccountForm),
    ),
    documents=_family_documents,
    eligibility=_age_limit_eligibility,
)

EARLY_RETIREMENT = Procedure(
    code="early_retirement",
    title=_("Apply for early retirement"),
    summary=_("After 30 years of service (25 for women), at your request."),
    audience=Audience.MEMBER,
    days_to_decide=60,
    steps=(
        Step("leaving", _("When you leave"), LeavingForm),
        Step("family", _("Your family"), FamilyForm),
        Step("payment", _("Payment of your pension"), NewAccountForm),
    ),
    documents=lambda answers: [*_family_documents(answers), DocumentKind.ADMINISTRATION_APPROVAL],
    eligibility=_early_eligibility,
)
