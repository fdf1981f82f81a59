"""Forms of the agents' back-office for requests (queue filters and the actions on one request).

The forms only read and check what the agent typed; what may be done is decided by the services
(``NotAllowed``) and the workflow (``TransitionRefused``), whose messages the views put back on
the form.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.casework import permissions, procedures
from portal.casework.choices import STAFF_STATUS_LABELS, DocumentKind, Status
from portal.models import Member

MAX_TEXT = 5000


def agents():
    """The active accounts that may work on requests (the assignment and queue choices)."""
    app_label, codename = permissions.VIEW.split(".")
    granted = Q(groups__permissions__content_type__app_label=app_label, groups__permissions__codename=codename) | Q(
        user_permissions__content_type__app_label=app_label, user_permissions__codename=codename
    )
    users = get_user_model().objects.filter(granted, is_active=True)
    return get_user_model().objects.filter(pk__in=users.values("pk")).order_by("first_name", "last_name", "username")


def agent_label(user):
    return user.get_full_name() or user.get_username()


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return agent_label(obj)


def _status_choices():
    return [(s.value, STAFF_STATUS_LABELS.get(s, s.label)) for s in Status if s != Status.DRAFT]


class QueueFilterForm(forms.Form):
    ME, NOBODY = "me", "none"

    procedure = forms.ChoiceField(label=_("Procedure"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    assigned = forms.ChoiceField(label=_("Assigned to"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    # The search box (templates/includes/admin_search_form.html) sends it; kept here so that
    # the filters and the search narrow the same list.
    q = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, agent_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.agent_list = list(agent_list)
        self.fields["procedure"].choices = [("", _("All")), *procedures.choices()]
        self.fields["status"].choices = [("", _("All")), ("open", _("Open (not decided)")), *_status_choices()]
        self.fields["assigned"].choices = [
            ("", _("Anyone")),
            (self.ME, _("Me")),
            (self.NOBODY, _("Nobody")),
            *[(str(user.pk), agent_label(user)) for user in self.agent_list],
        ]

    def filters(self, user):
        """What ``selectors.queue`` takes; an invalid form filters nothing."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        assigned = data.get("assigned")
        if assigned == self.ME:
            assigned_to = user
        elif assigned == self.NOBODY:
            assigned_to = "none"
        elif assigned:
            assigned_to = next(agent for agent in self.agent_list if str(agent.pk) == assigned)
        else:
            assigned_to = None
        return {
            "procedure": data.get("procedure"),
            "status": data.get("status"),
            "assigned_to": assigned_to,
            "overdue": data.get("overdue"),
            "q": data.get("q"),
        }


class AssignForm(forms.Form):
    assignee = AgentChoiceField(label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agents()


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note (never shown to the applicant)"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class StartReviewForm(forms.Form):
    """One button: the form only carries the workflow's refusal, if any."""


def _future_date(value):
    if value is not None and value < timezone.localdate():
        raise ValidationError(_("The deadline cannot be in the past."), code="past")


class RequestDocumentsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=[("", "—"), *DocumentKind.choices])
    message = forms.CharField(
        label=_("Message to the applicant"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads it with the request (e.g. “the certificate for 2026–2027”)."),
    )
    due_on = forms.DateField(
        label=_("To send by"),
        required=False,
        validators=[_future_date],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for 30 days from today."),
    )


class ReviewDocumentForm(forms.Form):
    ACCEPT, REJECT = "accept", "reject"
    decision = forms.ChoiceField(
        label=_("This document is"),
        choices=[(ACCEPT, pgettext_lazy("document", "Accepted")), (REJECT, pgettext_lazy("document", "Not accepted"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Why it is not accepted (the applicant reads it)"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REJECT and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the document is not accepted: the member reads it."))
        return data


class DecisionForm(forms.Form):
    ACCEPT, REFUSE = "accept", "refuse"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("Accept the request")), (REFUSE, _("Refuse the request"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the applicant reads it; required for a refusal)"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REFUSE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the refusal: the applicant reads it."))
        return data


def find_member(identifier, *, national_id=True):
    """The one member file with this affiliation or pension number (or CIN), or a ValidationError."""
    identifier = identifier.strip()
    found = Q(affiliation_number__iexact=identifier) | Q(pension_number__iexact=identifier)
    if national_id:
        found |= Q(national_id__iexact=identifier)
    matches = list(Member.objects.filter(found)[:2])
    if not matches:
        raise ValidationError(_("No member file has this number."), code="unknown_member")
    if len(matches) > 1:
        raise ValidationError(
            _("Several member files have this number: use the affiliation number."), code="ambiguous_member"
        )
    return matches[0]


class MatchForm(forms.Form):
    identifier = forms.CharField(
        label=_("Affiliation number, pension number or CIN of the file"),
        max_length=30,
    )

    def clean_identifier(self):
        self.member = find_member(self.cleaned_data["identifier"])
        return self.cleaned_data["identifier"]


class AskMemberForm(RequestDocumentsForm):
    identifier = forms.CharField(label=_("Member's affiliation or pension number"), max_length=30)

    field_order = ["identifier", "kind", "message", "due_on"]

    def clean_identifier(self):
        self.member = find_member(self.cleaned_data["identifier"], national_id=False)
        return self.cleaned_data["identifier"]


class AskCorrectionForm(forms.Form):
    """What the agent asks the employer's HR service to correct in its retirement dossier."""

    message = forms.CharField(
        label=_("What must be corrected"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The HR service reads it with the dossier and sends the dossier back once corrected."),
    )
