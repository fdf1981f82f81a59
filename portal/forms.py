"""The member area's forms. Errors are translated and say what to fix."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import rib
from portal.models import ChangeKind

_PHONE = re.compile(r"^(?:\+212|00212|0)([5-7]\d{8})$")


class EnrolmentForm(forms.Form):
    identifier = forms.CharField(
        label=_("Affiliation number or pension number"),
        max_length=30,
        help_text=_("As printed on your pay slip or your pension notice."),
    )
    national_id = forms.CharField(label=_("National ID number (CIN)"), max_length=20)
    birth_date = forms.DateField(
        label=_("Birth date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code received"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class AddressForm(forms.Form):
    address_line = forms.CharField(label=_("Address"), max_length=200)
    postal_code = forms.RegexField(
        label=_("Postal code"), regex=r"^\d{5}$", error_messages={"invalid": _("A postal code has 5 digits.")}
    )
    city = forms.CharField(label=_("City"), max_length=100)


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone number"), max_length=20, help_text=_("A Moroccan number, for example 0612345678.")
    )

    def clean_phone(self):
        value = re.sub(r"[\s.-]", "", self.cleaned_data["phone"])
        match = _PHONE.match(value)
        if not match:
            raise forms.ValidationError(_("Enter a Moroccan phone number, for example 0612345678."))
        return "0" + match.group(1)


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class BankForm(forms.Form):
    bank_rib = forms.CharField(
        label=_("Bank account number (RIB, 24 digits)"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_bank_rib(self):
        return rib.validate_rib(self.cleaned_data["bank_rib"])


CHANGE_FORMS = {
    ChangeKind.ADDRESS: AddressForm,
    ChangeKind.PHONE: PhoneForm,
    ChangeKind.EMAIL: EmailForm,
    ChangeKind.BANK: BankForm,
}


class ClosureForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you closing your account? (optional)"), required=False, max_length=1000, widget=forms.Textarea
    )
    confirm = forms.BooleanField(label=_("I understand that I will no longer be able to log in with this account."))


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=60)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note to the member"), required=False, max_length=1000, widget=forms.Textarea)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note"):
            self.add_error("note", _("Tell the member why the request is rejected."))
        return data
