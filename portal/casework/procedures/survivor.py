"""After a death: the public report (no account needed) and the survivor's pension application."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.casework import identity
from portal.casework.choices import DocumentKind
from portal.casework.fields import CountField, DateField
from portal.casework.procedures.base import Audience, Procedure, Step
from portal.casework.procedures.common import DeceasedForm, NewAccountForm


class Relationship:
    SPOUSE, GUARDIAN, CHILD, OTHER_RELATIVE, OTHER = "spouse", "guardian", "child", "relative", "other"


class ApplicantForm(forms.Form):
    relationship = forms.ChoiceField(
        label=_("You are"),
        choices=[
            (Relationship.SPOUSE, _("The spouse of the deceased")),
            (Relationship.GUARDIAN, _("The guardian of the deceased's orphans")),
        ],
        widget=forms.RadioSelect,
    )
    marriage_date = DateField(label=_("Date of the marriage"), required=False, past=True)
    orphans = CountField(label=_("Children of the deceased under 21"), help_text=_("Write 0 if none."))
    orphans_in_school = CountField(
        label=_("Of these, children aged 16 to 21 still at school"), help_text=_("Write 0 if none.")
    )
    disabled_orphan = forms.BooleanField(label=_("One of the children has a disability"), required=False)

    def clean(self):
        data = super().clean()
        spouse = data.get("relationship") == Relationship.SPOUSE
        if spouse and not data.get("marriage_date") and "marriage_date" not in self.errors:
            self.add_error("marriage_date", _("Enter the date of the marriage."))
        guardian = data.get("relationship") == Relationship.GUARDIAN
        if guardian and not data.get("orphans") and "orphans" not in self.errors:
            self.add_error("orphans", _("A guardian applies for at least one child."))
        orphans, in_school = data.get("orphans"), data.get("orphans_in_school")
        if orphans is not None and in_school is not None and in_school > orphans:
            self.add_error("orphans_in_school", _("This cannot be more than the number of children."))
        if data.get("disabled_orphan") and not orphans:
            self.add_error("disabled_orphan", _("There is no child to have a disability."))
        return data


def _survivor_documents(answers):
    applicant = answers.get("applicant", {})
    kinds = [DocumentKind.DEATH_CERTIFICATE, DocumentKind.NATIONAL_ID]
    if applicant.get("relationship") == Relationship.SPOUSE:
        kinds += [DocumentKind.MARRIAGE_CERTIFICATE, DocumentKind.NON_REMARRIAGE]
    if applicant.get("relationship") == Relationship.GUARDIAN:
        kinds.append(DocumentKind.GUARDIANSHIP)
    if applicant.get("orphans"):
        kinds.append(DocumentKind.BIRTH_CERTIFICATES)
    if applicant.get("orphans_in_school"):
        kinds.append(DocumentKind.SCHOOL_CERTIFICATE)
    if applicant.get("disabled_orphan"):
        kinds.append(DocumentKind.DISABILITY_CERTIFICATE)
    kinds.append(DocumentKind.BANK_DETAILS)
    return kinds


def _identify(answers):
    return identity.find_member(answers.get("deceased", {}))


SURVIVOR_PENSION = Procedure(
    code="survivor_pension",
    title=_("Apply for a survivor's pension"),
    summary=_("For the spouse of a deceased member or pensioner, or the guardian of the orphans."),
    audience=Audience.ACCOUNT,
    days_to_decide=30,
    about_the_member=False,
    steps=(
        Step("deceased", _("The deceased"), DeceasedForm),
        Step("applicant", _("You and the family"), ApplicantForm),
        Step("payment", _("Payment of the pension"), NewAccountForm),
    ),
    documents=_survivor_documents,
    identify=_identify,
)


class ReporterForm(DeceasedForm):
    """The public "report a death" form: who died, who reports it, and how to reach them."""

    RELATIONSHIPS = [
        (Relationship.SPOUSE, _("Spouse")),
        (Relationship.CHILD, _("Child")),
        (Relationship.OTHER_RELATIVE, _("Other relative")),
        (Relationship.OTHER, _("Other (employer, friend…)")),
    ]
    reporter_name = forms.CharField(label=_("Your full name"), max_length=200)
    relationship = forms.ChoiceField(label=_("Your relationship to the deceased"), choices=RELATIONSHIPS)
    reporter_phone = forms.CharField(label=_("Your phone number"), max_length=30, required=False)
    reporter_email = forms.EmailField(label=_("Your e-mail address"), required=False)

    def clean(self):
        data = super().clean()
        unreachable = not data.get("reporter_phone") and not data.get("reporter_email")
        if unreachable and "reporter_email" not in self.errors:
            self.add_error("reporter_phone", _("Give a phone number or an e-mail address so that we can reach you."))
        return data


DEATH_REPORT = Procedure(
    code="death_report",
    title=_("Report a death"),
    summary=_("Tell the fund that a member or a pensioner has died. No account is needed."),
    audience=Audience.PUBLIC,
    days_to_decide=5,
    about_the_member=False,
    steps=(Step("report", _("The deceased and you"), ReporterForm),),
    documents=lambda answers: [DocumentKind.DEATH_CERTIFICATE],
    identify=lambda answers: identity.find_member(answers.get("report", {})),
)
