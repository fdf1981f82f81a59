"""Report an error in one's career: a period missing, wrong dates or salary, contributions missing.

Started from a flag of the career page (``portal.career_anomalies``), which proposes the period it
found; or from "Mes démarches" for an error no flag shows. An agent checks it against the evidence
and decides; an accepted correction goes to the core system with the other accepted requests
(``export_cases``), and the flag disappears when the corrected file comes back in the next import.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.casework.choices import DocumentKind
from portal.casework.fields import AmountField, DateField
from portal.casework.procedures.base import Audience, Procedure, Step


class CorrectionForm(forms.Form):
    WHAT = [
        ("missing_period", _("A period of service is missing")),
        ("wrong_dates", _("The dates of a period are wrong")),
        ("wrong_salary", _("The salary of a period is wrong")),
        ("missing_contributions", _("Contributions are missing or too low")),
        ("other", _("Something else")),
    ]
    # The flag of the career page this request answers (``Anomaly.key``), so that the page shows it
    # as reported; empty when the person reports an error no flag shows.
    anomaly = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    what = forms.ChoiceField(label=_("What is wrong?"), choices=WHAT, widget=forms.RadioSelect)
    administration = forms.CharField(label=_("Administration where you served"), max_length=200)
    start_date = DateField(label=_("Start of the period"), past=True)
    end_date = DateField(
        label=_("End of the period"), required=False, past=True, help_text=_("Leave empty if you still serve there.")
    )
    salary = AmountField(label=_("Monthly salary in this period (MAD)"), required=False)
    explanation = forms.CharField(
        label=_("What should your file say?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: “I served at the Ministry of Health from March 2004, my file starts in 2006.”"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end of the period is before its start."))
        return data


CAREER_CORRECTION = Procedure(
    code="career_correction",
    title=_("Report an error in my career"),
    summary=_("A period missing from your career, wrong dates or salary, contributions missing."),
    audience=Audience.MEMBER,
    days_to_decide=60,
    steps=(Step("period", _("The period"), CorrectionForm),),
    documents=lambda answers: [DocumentKind.CAREER_EVIDENCE],
    several_in_progress=True,
    prefilled=True,
)
