"""A notification told to a member, the deliveries that carry it, and how each account wants to be told.

``Notification`` is what the inbox shows (rendered in the reader's language from its kind and
params, so that switching language re-words the inbox too). ``Delivery`` is one channel's copy,
with its destination as it was when sent and the provider's answer: the delivery log.
``Contact`` holds an account's choices: its mobile number, the language of its messages and,
per kind, the channels it wants.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.notifications.choices import Channel, DeliveryStatus


class Announcement(models.Model):
    """A message from the fund to many members at once (fanned out by a task)."""

    title_fr = models.CharField(_("title (French)"), max_length=120)
    title_ar = models.CharField(_("title (Arabic)"), max_length=120)
    text_fr = models.TextField(_("text (French)"), max_length=1000)
    text_ar = models.TextField(_("text (Arabic)"), max_length=1000)
    audience = models.CharField(_("audience"), max_length=20)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("announcement")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title_fr


class Notification(models.Model):
    kind = models.CharField(_("kind"), max_length=50)
    member = models.ForeignKey(
        "portal.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    params = models.JSONField(default=dict, blank=True)
    url_kwargs = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=5)
    # The event's own identity ("claim.reply:812"): telling twice about one event is refused here.
    key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    announcement = models.ForeignKey(
        Announcement, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["account", "read_at"], name="notification_unread"),
            models.Index(fields=["member", "created_at"], name="notification_member"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk}"


class Delivery(models.Model):
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    destination = models.CharField(_("sent to"), max_length=254)
    # Sent to the provider with the message, and asked back after a time-out: the message's one identity.
    message_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The last attempt ended without an answer: the provider may have the message; ask before resending.
    uncertain = models.BooleanField(default=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_id = models.CharField(_("provider's reference"), max_length=100, blank=True, default="")
    provider_answer = models.TextField(_("provider's answer"), blank=True, default="")

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel"),
        ]

    def __str__(self):
        return f"{self.channel} {self.status} #{self.pk}"


class Contact(models.Model):
    """How an account wants to be told (no row: the kinds' defaults, in French, no mobile)."""

    account = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact")
    mobile = models.CharField(_("mobile number"), max_length=20, blank=True, default="")
    mobile_verified_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(_("language of messages"), max_length=5, default="fr")
    # {kind code: [channels]}; a kind missing here uses its defaults.
    channels = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact preferences")

    def __str__(self):
        return f"contact of {self.account_id}"
