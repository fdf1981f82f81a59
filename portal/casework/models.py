"""Requests (« démarches ») and what hangs on them: documents, documents the fund asks for, history.

One model for every procedure type: what differs between types (the questions, the documents,
who may start one, the service level) is in ``portal.casework.procedures``; the answers are kept
as the JSON of each step's cleaned form. "What the member sees" is written once, here
(``CaseQuerySet.visible_to`` and ``CaseEventQuerySet.visible_to_member``), and every consumer
(pages, API, the dossier timeline) calls it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.casework.choices import (
    FINAL,
    STAFF_STATUS_LABELS,
    WITH_THE_FUND,
    Channel,
    DocumentKind,
    DocumentReview,
    EventKind,
    RequestStatus,
    Status,
)
from portal.files.storage import private_storage


class ReferenceCounter(models.Model):
    """The last request number given in a year (``portal.references``)."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The requests a person's account may see and act on: the ones it made, and the
        requests about its own member file that its holder would make (not, say, a death
        reported about it)."""
        from portal.casework import procedures

        if user is None or not user.is_authenticated:
            return self.none()
        # Someone else's draft about the file (an employer's dossier being prepared) is not shown
        # until it is sent: the member sees it from that day.
        about_them = Q(member__user=user, procedure__in=procedures.codes_about_the_member()) & ~Q(status=Status.DRAFT)
        return self.filter(Q(applicant=user) | about_them)

    def in_progress(self):
        return self.exclude(status__in=FINAL)

    def overdue(self, now=None):
        """Requests on which the fund has the next move, past their service level."""
        return self.filter(status__in=WITH_THE_FUND, due_at__lt=now or timezone.now())


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    procedure = models.CharField(_("procedure"), max_length=30, db_index=True)
    # The member file the request is about (the deceased's, for a death or a survivor's pension);
    # empty while a public report has not been matched to a file by an agent.
    member = models.ForeignKey(
        "portal.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="cases", verbose_name=_("member")
    )
    # The account that made the request and follows it; empty for a public report.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    # {step name: cleaned data of that step, as JSON}; dates as ISO strings.
    answers = models.JSONField(default=dict, blank=True)
    # The step the applicant reached: a draft reopens there.
    step = models.CharField(max_length=30, blank=True, default="")
    # The language the applicant used: e-mails and the receipt are in it.
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="fr")
    # A random key sent with a form (or an Idempotency-Key header): the same submission sent twice
    # finds the request the first one made.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # When the fund must have decided (its service level), counted from the submission.
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_cases"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The reason given to the applicant with an acceptance or a refusal (required for a refusal).
    decision_reason = models.TextField(_("reason for the decision"), blank=True, default="")
    # The dossier the core system opened for this request, once it says so (import_case_events).
    dossier = models.ForeignKey(
        "portal.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    # Set when the accepted request was written to an export for the core system.
    exported_at = models.DateTimeField(_("exported"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        permissions = [("decide_case", "Can decide requests (accept, refuse, ask for documents)")]
        constraints = [
            # One draft per applicant and procedure: starting again resumes it.
            models.UniqueConstraint(
                fields=["applicant", "procedure"], condition=Q(status="draft"), name="case_one_draft_per_procedure"
            )
        ]
        indexes = [
            # The agents' queue lists open requests, most urgent first.
            models.Index(
                fields=["due_at", "id"], condition=Q(status__in=["submitted", "under_review"]), name="case_queue_due"
            ),
            models.Index(fields=["procedure", "status", "due_at"], name="case_procedure_status_due"),
            models.Index(fields=["assigned_to", "status"], name="case_agent_status"),
            models.Index(
                fields=["exported_at"], condition=Q(status="accepted", exported_at__isnull=True), name="case_to_export"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def definition(self):
        from portal.casework import procedures

        return procedures.get(self.procedure)

    @property
    def title(self):
        definition = self.definition
        return definition.title if definition else self.procedure

    @property
    def status_label(self):
        """The status as the member reads it (some procedures word a status their own way)."""
        definition = self.definition
        labels = definition.status_labels if definition is not None else {}
        return labels.get(self.status) or self.get_status_display()

    @property
    def staff_status_label(self):
        return STAFF_STATUS_LABELS.get(self.status, self.get_status_display())

    @property
    def is_draft(self):
        return self.status == Status.DRAFT

    @property
    def is_final(self):
        return self.status in FINAL

    def is_overdue(self, now=None):
        return self.status in WITH_THE_FUND and self.due_at is not None and self.due_at < (now or timezone.now())


def document_path(instance, filename):
    # Never the member's file name on disk: a random name under the month.
    now = timezone.now()
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"cases/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class DocumentRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=RequestStatus.OPEN)

    def overdue(self, today=None):
        """Documents the fund asked for and has not received, past their deadline."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


class DocumentRequest(models.Model):
    """A document the fund asks the applicant for, with a deadline (by an agent or the core system)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="document_requests")
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    # What the fund says about it, shown to the applicant ("the certificate for 2026–2027").
    message = models.TextField(_("message to the member"), blank=True, default="")
    due_on = models.DateField(_("to send by"))
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Requests made by the core system (import_document_requests) are keyed by its identifier.
    core_id = models.CharField(max_length=40, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on"], condition=Q(status="open"), name="docrequest_open_due")]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.due_on}"

    def is_overdue(self, today=None):
        return self.status == RequestStatus.OPEN and self.due_on < (today or timezone.localdate())


class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    # The fund's request this document answers, if any.
    request = models.ForeignKey(
        DocumentRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    review = models.CharField(max_length=10, choices=DocumentReview.choices, default=DocumentReview.PENDING)
    # Why a document was not accepted, told to the applicant.
    review_note = models.TextField(blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name


class CaseEventQuerySet(models.QuerySet):
    def visible_to_member(self):
        """What the applicant reads in the timeline: never agents' notes nor assignments."""
        return self.filter(is_internal=False)


class CaseEvent(models.Model):
    """The history of a request: every step, who took it and when; the member's timeline is its
    visible part."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # What the applicant (or, for a note, the agents) reads with the event.
    message = models.TextField(blank=True, default="")
    is_internal = models.BooleanField(default=False)
    document_kind = models.CharField(max_length=30, choices=DocumentKind.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # Events imported from the core system are keyed by its identifier (importing twice is harmless).
    core_id = models.CharField(max_length=40, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.to_status}"
