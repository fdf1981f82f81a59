"""The member area's forms. Errors are translated and say what to fix."""

import re

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal import digits, rib
from portal.models import ChangeKind

_PHONE = re.compile(r"^(?:\+212|00212|0)([5-7]\d{8})$")


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, doing the same work whether or not the address already has an account.

    A new account costs a password hash (slow by design); for a taken address allauth only
    e-mails the owner, which answered ten times faster and told a stopwatch that the address is
    registered. Hashing the submitted password there too (and throwing it away) evens it out.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


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
    postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    city = forms.CharField(label=_("City"), max_length=100)
    # Pensioners abroad: ISO 3166 codes, names translated by django-countries; Morocco unless changed.
    # Left out (an older form, a script) it is Morocco.
    country = forms.ChoiceField(label=_("Country"), choices=countries, initial="MA", required=False)
    field_order = ["country", "address_line", "postal_code", "city"]

    def clean_country(self):
        return self.cleaned_data["country"] or "MA"

    def clean(self):
        data = super().clean()
        # A Moroccan postal code has 5 digits; other countries have their own shapes.
        if data.get("country") == "MA" and "postal_code" in data and not re.fullmatch(r"\d{5}", data["postal_code"]):
            self.add_error("postal_code", _("A postal code has 5 digits."))
        return data


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone number"), max_length=20, help_text=_("A Moroccan number, for example 0612345678.")
    )

    def clean_phone(self):
        # Arabic-Indic digits (as typed on an Arabic keyboard) are read as 0-9 first.
        value = re.sub(r"[\s.-]", "", digits.to_ascii(self.cleaned_data["phone"]))
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
