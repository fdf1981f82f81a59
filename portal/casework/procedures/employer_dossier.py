"""The retirement dossier an employer's HR service prepares and sends for one of its civil servants.

It is prepared in the partners' area (``portal.partners``) by a preparer, signed and sent by a
signatory, and reviewed by the fund's agents like any request; the fund sends it back to the HR
service for corrections rather than asking the civil servant for documents. The civil servant sees
it in their own requests and timeline from the day it is sent.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.casework.choices import DocumentKind, Status
from portal.casework.fields import AmountField, DateField
from portal.casework.procedures.base import Audience, Procedure, Step


class ServiceForm(forms.Form):
    service_confirmed = forms.BooleanField(
        label=_("We have checked the career periods in the fund's file and they match our records"),
        help_text=_("If a period is missing or wrong, say which in the box below."),
    )
    service_remarks = forms.CharField(
        label=_("Differences with our records (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PositionForm(forms.Form):
    grade = forms.CharField(label=_("Last grade and step"), max_length=200)
    last_salary = AmountField(
        label=_("Last monthly base salary (MAD)"),
        help_text=_("The salary the contributions are based on, without allowances."),
    )


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Number of the removal-from-service decision"), max_length=50)
    decision_date = DateField(label=_("Date of the decision"), past=True)
    leaving_date = DateField(label=_("Date the civil servant leaves the service"))


EMPLOYER_DOSSIER = Procedure(
    code="employer_dossier",
    title=_("Retirement dossier sent by your administration"),
    summary=_("Prepared and sent by your employer's HR service before you reach the age limit."),
    audience=Audience.EMPLOYER,
    days_to_decide=60,
    steps=(
        Step("service", _("Service record"), ServiceForm),
        Step("position", _("Last position and salary"), PositionForm),
        Step("decision", _("Removal from service"), DecisionForm),
    ),
    documents=lambda answers: [DocumentKind.LEAVING_DECISION, DocumentKind.SERVICE_CERTIFICATE],
    correctable=True,
    status_labels={Status.INFO_REQUESTED: pgettext_lazy("request", "Being corrected by your administration")},
)
