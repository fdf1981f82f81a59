"""Refund of contributions, for someone leaving the civil service without a right to a pension."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.casework import eligibility
from portal.casework.choices import DocumentKind
from portal.casework.fields import DateField
from portal.casework.procedures.base import Audience, Procedure, Step
from portal.casework.procedures.common import NewAccountForm


class LeftServiceForm(forms.Form):
    REASONS = [
        ("resignation", _("Resignation")),
        ("dismissal", _("Dismissal")),
        ("end_of_contract", _("End of contract or of probation")),
        ("other", _("Other")),
    ]
    leaving_date = DateField(label=_("Date you left (or will leave) the service"))
    reason = forms.ChoiceField(label=_("Reason"), choices=REASONS, widget=forms.RadioSelect)


def _eligibility(member, today):
    service, _in_service = eligibility.member_service(member, today)
    return eligibility.contributions_refund(status=member.status, service=service, today=today)


CONTRIBUTIONS_REFUND = Procedure(
    code="contributions_refund",
    title=_("Ask for the refund of my contributions"),
    summary=_("If you leave the civil service before 15 years of service."),
    audience=Audience.MEMBER,
    days_to_decide=45,
    steps=(
        Step("leaving", _("Leaving the service"), LeftServiceForm),
        Step("payment", _("Where to pay the refund"), NewAccountForm),
    ),
    documents=lambda answers: [
        DocumentKind.NATIONAL_ID,
        DocumentKind.LEAVING_DECISION,
        DocumentKind.SALARY_STOP,
        DocumentKind.BANK_DETAILS,
    ],
    eligibility=_eligibility,
)
