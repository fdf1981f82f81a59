"""Steps that several procedures share: family situation, the account paid, who died."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.casework.fields import CountField, DateField, IdentifierField, RibField


class MaritalStatus:
    SINGLE, MARRIED, DIVORCED, WIDOWED = "single", "married", "divorced", "widowed"
    CHOICES = [
        (SINGLE, _("Single")),
        (MARRIED, _("Married")),
        (DIVORCED, _("Divorced")),
        (WIDOWED, _("Widowed")),
    ]


class FamilyForm(forms.Form):
    marital_status = forms.ChoiceField(
        label=_("Marital status"), choices=MaritalStatus.CHOICES, widget=forms.RadioSelect
    )
    children = CountField(
        label=_("Children under 21 in your care"),
        help_text=_("Their allowances are added to the pension. Write 0 if none."),
    )


class NewAccountForm(forms.Form):
    """The account a new pension (or a refund) is paid to: the fund does not pay this person yet
    (a salary is paid by the Treasury), so the account is always asked, with its certificate."""

    bank_rib = RibField()


class DeceasedForm(forms.Form):
    """Who died: enough to find the file, nothing the applicant cannot read on a family record."""

    identifier = IdentifierField(
        label=_("Affiliation or pension number of the deceased"),
        required=False,
        help_text=_("If you know it: it is on the pension notice or the pay slip."),
    )
    national_id = IdentifierField(label=_("National ID number (CIN) of the deceased"), max_length=20)
    last_name = forms.CharField(label=_("Last name of the deceased"), max_length=100)
    first_name = forms.CharField(label=_("First name of the deceased"), max_length=100)
    birth_date = DateField(label=_("Birth date of the deceased"), past=True)
    death_date = DateField(label=_("Date of death"), past=True)

    def clean(self):
        data = super().clean()
        born, died = data.get("birth_date"), data.get("death_date")
        if born and died and died < born:
            self.add_error("death_date", _("The date of death is before the birth date."))
        return data
