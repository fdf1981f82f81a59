"""Forms of the fund's life-control screens in the Wagtail admin.

The forms only read and check what the agent typed (dates in any digits, a reason that says what
to do); whether it may be done is the services' decision (``services.NotAllowed``), which the
views put back on the form.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal import digits
from portal.casework.fields import CountField, DateField
from portal.files.fields import AttachmentsField
from portal.lifecontrol.choices import RECORDED_CHANNELS, CheckStatus, Method, Review
from portal.lifecontrol.choices import Channel as AnswerChannel
from portal.lifecontrol.models import Campaign
from portal.models import MemberStatus

MAX_TEXT = 2000


def _country_choices():
    return list(countries)


class CampaignForm(forms.ModelForm):
    opens_on = DateField(label=_("Opening date"))
    deadline = DateField(label=_("Deadline"), help_text=_("The last day to send the life certificate."))
    year = CountField(
        label=_("Year of the certificate"),
        min_value=2000,
        max_value=2100,
        initial=None,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr", "size": 4}),
    )
    grace_days = CountField(
        label=_("Grace period (days)"),
        min_value=0,
        max_value=365,
        help_text=Campaign._meta.get_field("grace_days").help_text,
    )
    statuses = forms.MultipleChoiceField(
        label=_("Member statuses"),
        choices=[
            (MemberStatus.RETIRED.value, MemberStatus.RETIRED.label),
            (MemberStatus.SURVIVOR.value, MemberStatus.SURVIVOR.label),
            (MemberStatus.CONTRIBUTING.value, MemberStatus.CONTRIBUTING.label),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        help_text=_("None chosen: every country."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "year",
            "opens_on",
            "deadline",
            "grace_days",
            "statuses",
            "abroad_only",
            "countries",
            "four_eyes_rejections",
        ]
        labels = {
            "name": _("Name"),
            "abroad_only": _("Addresses abroad only"),
            "four_eyes_rejections": _("A second agent confirms each rejection"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = _country_choices()
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("grace_days", settings.LIFE_CONTROL_GRACE_DAYS)
            self.initial.setdefault("statuses", [MemberStatus.RETIRED.value, MemberStatus.SURVIVOR.value])

    def clean(self):
        data = super().clean()
        opens_on, deadline = data.get("opens_on"), data.get("deadline")
        if opens_on and deadline and deadline <= opens_on:
            self.add_error("deadline", _("The deadline must come after the opening date."))
        return data


class OpenCampaignForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the population: open the campaign and tell these pensioners."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class ChecksFilterForm(forms.Form):
    """The checks of one campaign: by status and country, or one pensioner found by number or CIN."""

    q = forms.CharField(label=_("Pension or affiliation number, or CIN"), required=False, max_length=40)
    status = forms.ChoiceField(label=_("Status"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, countries_present=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *CheckStatus.choices]
        self.fields["country"].choices = [("", _("All")), *[(code, name) for code, name in countries_present]]

    def filters(self):
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["q"] = digits.to_ascii(data["q"]).strip()
        return data


class QueueFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), required=False, queryset=Campaign.objects.all(), empty_label=_("All")
    )
    method = forms.ChoiceField(label=_("Method"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    review = forms.ChoiceField(label=_("To do"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [("", _("All")), *Method.choices]
        self.fields["channel"].choices = [("", _("All")), *AnswerChannel.choices]
        self.fields["review"].choices = [
            ("", _("All")),
            (Review.PENDING.value, Review.PENDING.label),
            (Review.REJECTION_PROPOSED.value, Review.REJECTION_PROPOSED.label),
        ]

    def filters(self):
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class ReviewForm(forms.Form):
    ACCEPT, REJECT = "accept", "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("Accept: the pensioner is alive and it is them")), (REJECT, _("Do not accept"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason, and what the pensioner must do now"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required to reject. The pensioner reads it: for example “The stamp of the authority cannot be read: "
            "send a new certificate stamped by the consulate.”"
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Say why the answer is not accepted and what the pensioner must do: they read it.")
            )
        return data


class RecordForm(forms.Form):
    """A certificate the fund received on paper."""

    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[(channel.value, channel.label) for channel in RECORDED_CHANNELS],
        widget=forms.RadioSelect,
    )
    received_on = DateField(label=_("Date received"), past=True)
    scan = AttachmentsField(label=_("Scan of the certificate"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )


class PostalNoticeForm(forms.Form):
    posted_on = DateField(label=_("Date the letter was posted"), past=True)
