"""Campaigns, each pensioner's check in a campaign, the notices recorded, the answers and their files.

A check rests on the case core: each has a ``casework.Case`` (procedure ``life_certificate``) whose
events are the member's timeline and whose status follows the answers. What the case core does
not hold lives here: the campaign's vocabulary of statuses (``CheckStatus``, which the figures
count), the notices that allow a suspension, and the photos, which are deleted after the decision.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files.storage import private_storage
from portal.lifecontrol.choices import MEMBER_LABELS, Channel, CheckStatus, FileKind, Method, NoticeKind, Review


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # The year the certificate is for ("life control 2027").
    year = models.PositiveSmallIntegerField(_("year"))
    opens_on = models.DateField(_("opening date"))
    deadline = models.DateField(_("deadline"))
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        help_text=_("Days after the deadline (or after the second notice, if later) before a pension is suspended."),
    )
    # The population: the member statuses, only addresses abroad or not, and the countries (none: any).
    statuses = models.JSONField(_("member statuses"), default=list)
    abroad_only = models.BooleanField(_("addresses abroad only"), default=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    four_eyes_rejections = models.BooleanField(_("a second agent confirms each rejection"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # When the population was drawn and each pensioner's check made (the campaign is then open).
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    population = models.PositiveIntegerField(_("pensioners"), default=0)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("life-control campaign")
        verbose_name_plural = _("life-control campaigns")
        permissions = [("review_lifecheck", "Can check life certificates (accept, reject, record)")]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.opened_at is not None


class LifeCheckQuerySet(models.QuerySet):
    def of_member(self, member):
        return self.filter(member=member)


class LifeCheck(models.Model):
    """One pensioner in one campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="checks")
    member = models.ForeignKey("portal.Member", on_delete=models.PROTECT, related_name="life_checks")
    case = models.OneToOneField("casework.Case", on_delete=models.PROTECT, related_name="life_check")
    status = models.CharField(
        _("status"), max_length=20, choices=CheckStatus.choices, default=CheckStatus.NOT_CONTACTED
    )
    # The country of the address when the population was drawn: the figures per country stay as drawn.
    country = models.CharField(_("country"), max_length=2)
    # HMAC of the letter's code (``codes.py``): the code itself is never stored.
    code_digest = models.CharField(max_length=64, unique=True)
    # Wrong birth dates given with this check's code; past the limit the code is locked for a while.
    code_failures = models.PositiveSmallIntegerField(default=0)
    code_locked_until = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    reinstated_at = models.DateTimeField(_("reinstated"), null=True, blank=True)
    # Set when the suspension (or reinstatement) was written to an export for the core system.
    suspension_exported_at = models.DateTimeField(null=True, blank=True)
    reinstatement_exported_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LifeCheckQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "member"], name="lifecheck_one_per_campaign")]
        indexes = [
            models.Index(fields=["campaign", "status", "country"], name="lifecheck_figures"),
            models.Index(
                fields=["suspended_at"],
                condition=Q(suspended_at__isnull=False, suspension_exported_at__isnull=True),
                name="lifecheck_suspension_export",
            ),
            models.Index(
                fields=["reinstated_at"],
                condition=Q(reinstated_at__isnull=False, reinstatement_exported_at__isnull=True),
                name="lifecheck_reinstatement_export",
            ),
        ]

    def __str__(self):
        return f"{self.campaign_id}/{self.member_id} {self.status}"

    @property
    def member_status_label(self):
        """The status as the pensioner (or their helper) reads it; agents read ``get_status_display``."""
        return MEMBER_LABELS.get(self.status, self.get_status_display())


class Notice(models.Model):
    """A reminder recorded for a check: the notification the centre sent (e-mail, SMS, inbox), or a
    letter an agent says was posted. Only a notice that reached the person counts towards a
    suspension (``rules.counted_notices``)."""

    life_check = models.ForeignKey(LifeCheck, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    notification = models.OneToOneField(
        "notifications.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="life_notice"
    )
    # A letter posted by the fund: the day it left, and who recorded it.
    posted_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One notice of each scheduled kind per check: a re-run of the daily job sends nothing twice.
            models.UniqueConstraint(
                fields=["life_check", "kind"], condition=~Q(kind="postal"), name="lifenotice_one_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.life_check_id} {self.kind}"


class Submission(models.Model):
    """One answer: a certificate, the two photos, or a certificate an agent recorded."""

    life_check = models.ForeignKey(LifeCheck, on_delete=models.CASCADE, related_name="submissions")
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # The code the person wrote down from the screen and holds in the photo (remote check).
    screen_code = models.CharField(_("code shown on screen"), max_length=8, blank=True, default="")
    # For a recorded certificate: the date it bears (or was received), and the agent's note.
    received_on = models.DateField(_("received on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, default="")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    review = models.CharField(_("review"), max_length=20, choices=Review.choices, default=Review.PENDING)
    # The reason told to the pensioner with a rejection: what to do now.
    reason = models.TextField(_("reason"), blank=True, default="")
    # Four eyes: the agent who proposed the rejection; another agent confirms it.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("checked"), null=True, blank=True)
    # The files are deleted LIFE_CONTROL_PHOTO_RETENTION_DAYS after the decision; the decision stays.
    files_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(review__in=["pending", "rejection_proposed"]), name="lifesub_queue"
            ),
            models.Index(
                fields=["reviewed_at"],
                condition=Q(files_deleted_at__isnull=True, review__in=["accepted", "rejected"]),
                name="lifesub_to_purge",
            ),
        ]

    def __str__(self):
        return f"{self.life_check_id} {self.method} {self.review}"

    @property
    def is_decided(self):
        return self.review in (Review.ACCEPTED, Review.REJECTED)


def file_path(instance, filename):
    # Never the person's file name on disk: a random name under the month.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"lifecontrol/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=FileKind.choices)
    file = models.FileField(storage=private_storage, upload_to=file_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.original_name
