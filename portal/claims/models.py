"""Claims (réclamations): the claim, its thread, its attachments and its history.

Field names are a contract with search (``search/claim_documents.py`` builds the index
document from them), which listens to post_save/post_delete on Claim and ClaimMessage.

"A member never sees an agent's internal note" is written once, here
(``visible_to_member()`` on messages and attachments), and every member-facing consumer
calls it: the claim pages and download, the API, the personal-data export, the member's
claim search.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.claims.choices import STAFF_STATUS_LABELS, Category, Channel, Status
from portal.files.storage import private_storage


class ServiceLevel(models.Model):
    """How many days the fund gives itself to answer a claim of a category."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices, unique=True)
    days_to_answer = models.PositiveSmallIntegerField(
        _("days to answer"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("claim service level")
        verbose_name_plural = _("claim service levels")
        ordering = ["category"]

    def __str__(self):
        return f"{self.get_category_display()}: {self.days_to_answer}"


class ReferenceCounter(models.Model):
    """The last claim number given in a year (see references.py)."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


def member_visible_messages(prefix=""):
    """The condition on a message (reached through ``prefix``, e.g. "message__") for the member to see it."""
    return Q(**{f"{prefix}is_internal": False})


class ClaimQuerySet(models.QuerySet):
    def overdue(self, now=None):
        return self.filter(due_at__lt=now or timezone.now()).exclude(status__in=[Status.ANSWERED, Status.CLOSED])

    def with_replies_count(self):
        """Annotate ``replies``: the fund's messages the member can read (the list's "new answers")."""
        replies = (
            ClaimMessage.objects.visible_to_member()
            .filter(claim=models.OuterRef("pk"), from_member=False)
            .order_by()
            .values("claim")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(replies=Coalesce(models.Subquery(replies), 0))

    def awaiting_member(self):
        """Claims on which the fund waits for the member's answer."""
        return self.filter(status=Status.WAITING_MEMBER)


class ClaimMessageQuerySet(models.QuerySet):
    def visible_to_member(self):
        """Messages the member may read: never agents' internal notes."""
        return self.filter(member_visible_messages())

    def hidden_from_member(self):
        """Agents' internal notes (staff search indexes them apart)."""
        return self.exclude(member_visible_messages())


class ClaimAttachmentQuerySet(models.QuerySet):
    def visible_to_member(self):
        """Files attached to the claim itself or to a message the member may read."""
        return self.filter(Q(message__isnull=True) | member_visible_messages("message__"))


class Claim(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    member = models.ForeignKey("portal.Member", on_delete=models.PROTECT, related_name="claims")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    # The language the member wrote in: e-mails about this claim are sent in it.
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="fr")
    dossier = models.ForeignKey(
        "portal.Dossier",
        verbose_name=_("related dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims"
    )
    # The member's account, or the agent who recorded a phone/counter/mail claim.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    due_at = models.DateTimeField(_("due"), db_index=True)
    # First message an agent sent the member (the supervisor's "time to first answer").
    first_response_at = models.DateTimeField(null=True, blank=True)
    # First time the claim reached "answered" or "closed" (the published "time to answer").
    answered_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        permissions = [("supervise_claims", "Can see the claims supervision figures")]
        # One per filter of the agents' queue, which lists the most urgent first (due_at). Most
        # claims are closed, and the queue hides them unless asked: the partial indexes hold only
        # open claims, so that the queue and its page count read a few pages of a small index.
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["due_at", "id"], condition=~Q(status="closed"), name="claim_open_due"),
            # "Overdue" counts claims still awaiting an answer (ClaimQuerySet.overdue).
            models.Index(fields=["due_at"], condition=~Q(status__in=["answered", "closed"]), name="claim_awaiting_due"),
            models.Index(fields=["category", "status", "due_at"], name="claim_category_status_due"),
            models.Index(fields=["channel", "due_at"], condition=~Q(status="closed"), name="claim_open_channel_due"),
            models.Index(fields=["assigned_to", "due_at"], condition=~Q(status="closed"), name="claim_open_agent_due"),
        ]

    def __str__(self):
        return self.reference

    @property
    def staff_status_label(self):
        return STAFF_STATUS_LABELS.get(self.status, self.get_status_display())

    def is_overdue(self, now=None):
        return self.due_at < (now or timezone.now()) and self.status not in (Status.ANSWERED, Status.CLOSED)


class ClaimMessage(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    body = models.TextField(_("message"))
    # Agents' notes to each other: never shown to the member, never in the member's API or e-mails.
    is_internal = models.BooleanField(_("internal note"), default=False)
    # Written by (or, for phone/counter/mail, on behalf of) the member rather than by the fund.
    from_member = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ClaimMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(is_internal=True, from_member=True), name="claims_message_internal_is_staff"
            )
        ]

    def __str__(self):
        return f"{self.claim_id}: {self.body[:40]}"


def attachment_path(instance, filename):
    # Never the member's file name on disk: a random name under the month.
    now = timezone.now()
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"claims/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class ClaimAttachment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        ClaimMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClaimAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name


class ClaimEvent(models.Model):
    """The history of a claim: creation, every status change and every assignment, with author and time."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Filed")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.claim_id} {self.kind} {self.to_status}"
