"""The forms that ask for an attestation or a payment slip, and the one staff use to revoke one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import attestations
from portal.models import AttestationKind

LANGUAGES = [("fr", "Français"), ("ar", "العربية")]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the document"), choices=LANGUAGES, widget=forms.RadioSelect)


class AttestationRequestForm(LanguageForm):
    """Which attestation, in which language; the choices are those the member's file allows."""

    kind = forms.ChoiceField(label=_("Attestation"), widget=forms.RadioSelect)
    year = forms.TypedChoiceField(label=_("Tax year"), coerce=int, required=False, empty_value=None)

    field_order = ["kind", "year", "language"]

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in attestations.kinds_for(member)]
        self.fields["year"].choices = [(year, str(year)) for year in attestations.tax_years(member)]
        self.fields["year"].help_text = _("Only for the annual tax attestation.")

    def clean(self):
        data = super().clean()
        if data.get("kind") == AttestationKind.ANNUAL_TAX and not data.get("year"):
            self.add_error("year", _("Choose the year the tax attestation covers."))
        return data


class RevocationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=300,
        help_text=_(
            "Kept with the attestation and in the audit log. "
            "For example: the amount changed after a decision of the fund."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
