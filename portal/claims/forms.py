"""Forms of the member's claim pages and of the back-office."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.claims.choices import STAFF_STATUS_LABELS, Category, Channel, Status
from portal.files.fields import AttachmentsField

MAX_TEXT = 5000


class _WithAttachments(forms.Form):
    attachments = AttachmentsField(label=_("Attachments"))


class ClaimForm(_WithAttachments):
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *Category.choices])
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("Your claim"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Say what happened and what you expect from the fund. Do not write your bank details."),
    )
    dossier = forms.ModelChoiceField(label=_("Related dossier (optional)"), queryset=None, required=False)

    field_order = ["category", "subject", "description", "dossier", "attachments"]

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the member's own dossiers can be chosen (another member's id is "not a valid choice").
        self.fields["dossier"].queryset = member.dossiers.all() if member is not None else _no_dossier()
        self.fields["dossier"].empty_label = _("None")


def _no_dossier():
    from portal.models import Dossier

    return Dossier.objects.none()


class ReplyForm(_WithAttachments):
    body = forms.CharField(label=_("Your message"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5}))

    field_order = ["body", "attachments"]


class AgentMessageForm(_WithAttachments):
    SEND, NOTE = "reply", "note"
    body = forms.CharField(label=_("Message"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6}))
    kind = forms.ChoiceField(
        label=_("Send as"),
        choices=[(SEND, _("Reply to the member (e-mailed)")), (NOTE, _("Internal note (never shown to the member)"))],
        widget=forms.RadioSelect,
        initial=SEND,
    )
    new_status = forms.ChoiceField(label=_("Then set the status to"), required=False)

    field_order = ["body", "kind", "attachments", "new_status"]

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_status"].choices = [("", _("Leave unchanged")), *_status_choices(allowed)]


def _status_choices(statuses):
    return [(s, STAFF_STATUS_LABELS.get(s, Status(s).label)) for s in statuses]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _status_choices(allowed)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody"))

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agents


class OnBehalfForm(ClaimForm):
    """An agent records a claim received by phone, at a counter or by mail."""

    affiliation_number = forms.CharField(label=_("Member's affiliation number"), max_length=30)
    channel = forms.ChoiceField(label=_("Received by"), choices=[c for c in Channel.choices if c[0] != Channel.WEB])
    language = forms.ChoiceField(
        label=_("Language of the member's e-mails"), choices=[("fr", "Français"), ("ar", "العربية")]
    )

    field_order = ["affiliation_number", "channel", "language", *ClaimForm.field_order]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, member=None, **kwargs)
        del self.fields["dossier"]

    def clean_affiliation_number(self):
        from portal.models import Member

        number = self.cleaned_data["affiliation_number"].strip()
        member = Member.objects.filter(affiliation_number=number).first()
        if member is None:
            raise ValidationError(_("No member has this affiliation number."), code="unknown_member")
        self.member = member
        return number


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *_status_choices(Status)])
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All")), *Category.choices])
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    unassigned = forms.BooleanField(label=_("Unassigned"), required=False)
