"""Forms of the fund's side of helped access (Wagtail admin)."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import digits
from portal.files import uploads
from portal.files.fields import ACCEPT

_DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class CheckedFileField(forms.FileField):
    """One file, PDF or image, through the upload checks; cleans to an ``uploads.CheckedFile``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("PDF, JPEG or PNG, 10 MB at most."))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ACCEPT)

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        return uploads.validate_uploads([data])[0] if data else None


class GuardianForm(forms.Form):
    name = forms.CharField(label=_("Representative's full name"), max_length=120)
    email = forms.EmailField(
        label=_("Representative's e-mail address"),
        help_text=_("The invitation is sent there; they accept it with an account using this address."),
    )
    court_reference = forms.CharField(label=_("Court decision number"), max_length=100)
    decided_on = forms.DateField(label=_("Date of the decision"), **_DATE)
    decision = CheckedFileField(label=_("The court decision (scanned)"))
    expires_on = forms.DateField(
        label=_("End of the representation"),
        required=False,
        help_text=_("Only if the decision sets one."),
        **_DATE,
    )
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES, initial="fr")

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of the decision cannot be in the future."))
        return value

    def clean_expires_on(self):
        value = self.cleaned_data.get("expires_on")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("The end date of the decision has passed: there is nothing to record."))
        return value


class EndGuardianForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the representation end?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a new court decision, the member's recovery, the representative's death."),
    )

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(_("This field is required."))
        return value


class CounterCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The code the member reads out"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}),
    )

    def clean_code(self):
        value = digits.to_ascii(self.cleaned_data["code"]).replace(" ", "")
        if len(value) != 6 or not value.isdigit():
            raise forms.ValidationError(_("The code has 6 digits."))
        return value


class CounterFormConsent(forms.Form):
    signed_form = CheckedFileField(label=_("The consent form signed by the member (scanned)"))
