from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not delivered")


class AuditAction(models.TextChoices):
    PREFERENCES = "notifications.preferences", _("Changed how they are told")
    MOBILE = "notifications.mobile", _("Changed the mobile number for text messages")
    ANNOUNCEMENT = "notifications.announcement", _("Sent a message to members")
    DELIVERIES_VIEWED = "notifications.deliveries_viewed", _("Looked up the messages sent to a member")
