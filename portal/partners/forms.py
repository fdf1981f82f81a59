"""The forms of the partners' space: list filters, signing and sending, the correction, the officers.

The dossier's own questions are the step forms of the procedure (``employer_dossier``) and its
documents the case core's ``DocumentsForm``: the same fields and checks as everywhere else.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.casework.choices import Status
from portal.partners.choices import Role
from portal.partners.models import Organisation


class UnitChoiceField(forms.ModelChoiceField):
    """An organisation named in the page's language."""

    def __init__(self, *args, language="fr", **kwargs):
        self.language = language
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return obj.display_name(self.language)


class UnitsField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, language="fr", **kwargs):
        self.language = language
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return obj.display_name(self.language)


def units_in(unit_ids, exclude=None):
    queryset = Organisation.objects.filter(pk__in=unit_ids)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.order_by("name")


class RetirementFilter(forms.Form):
    """The coming retirements, narrowed to one unit of the officer's scope."""

    unit = UnitChoiceField(
        label=_("Unit"), queryset=Organisation.objects.none(), required=False, empty_label=_("All units")
    )

    def __init__(self, *args, scope, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in(scope.unit_ids)
        self.fields["unit"].language = language


# What the HR service reads about a dossier's state: the fund's side in its own words.
DOSSIER_STATES = [
    ("", _("All states")),
    (Status.DRAFT, pgettext_lazy("dossier", "Being prepared")),
    ("ready", _("Ready to sign and send")),
    ("with_fund", _("With the fund")),
    (Status.INFO_REQUESTED, _("Waiting for your correction")),
    (Status.ACCEPTED, pgettext_lazy("dossier", "Accepted")),
    (Status.REFUSED, pgettext_lazy("dossier", "Refused")),
    (Status.WITHDRAWN, pgettext_lazy("dossier", "Withdrawn")),
]


class DossierFilter(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=DOSSIER_STATES, required=False)


class SubmitForm(forms.Form):
    certify = forms.BooleanField(
        label=_(
            "By sending, I certify on behalf of my administration that the dossier is accurate and complete, "
            "and that the documents are true copies."
        ),
        error_messages={"required": _("Tick the box to certify the dossier before sending it.")},
    )


class CorrectionForm(forms.Form):
    message = forms.CharField(
        label=_("What was corrected (optional)"),
        help_text=_("A few words for the fund's agent: what you changed."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OfficerForm(forms.Form):
    """An officer's role, administrator flag and units (the invitation adds the address)."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect, initial=Role.READER)
    is_admin = forms.BooleanField(
        label=_("Administrator of the organisation (invites officers, manages the API tokens)"), required=False
    )
    units = UnitsField(
        label=_("Limited to these units"),
        help_text=_("None ticked: the whole organisation."),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, scope, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["units"].queryset = units_in(scope.unit_ids, exclude=scope.organisation)
        self.fields["units"].language = language

    def clean_units(self):
        units = self.cleaned_data["units"]
        # An administrator limited to some units hands on no more than they see.
        if not units and scope_is_limited(self.scope):
            raise forms.ValidationError(_("Choose at least one of your units."))
        return units


def scope_is_limited(scope):
    return scope.unit_ids != frozenset(scope.organisation.tree_ids())


class InviteForm(OfficerForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    field_order = ["email", "role", "is_admin", "units"]
