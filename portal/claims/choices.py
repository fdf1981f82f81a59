"""The vocabularies of a claim: category, status, channel (values are stored; labels are translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    PAYMENTS = "payments", _("Payments")
    CAREER = "career", _("Career data")
    ATTESTATION = "attestation", _("Attestation")
    DOSSIER_DELAY = "dossier_delay", _("Dossier delay")
    ACCOUNT_ACCESS = "account_access", _("Account access")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_MEMBER = "waiting_member", _("Waiting for your reply")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


# Agents read the statuses from the fund's side of the counter.
STAFF_STATUS_LABELS = {Status.WAITING_MEMBER: _("Waiting for the member")}


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    PHONE = "phone", _("Phone")
    COUNTER = "counter", _("Counter")
    MAIL = "mail", _("Mail")


# Days to answer when staff have not set a service level for a category.
DEFAULT_DAYS_TO_ANSWER = {
    Category.PAYMENTS: 10,
    Category.CAREER: 20,
    Category.ATTESTATION: 5,
    Category.DOSSIER_DELAY: 15,
    Category.ACCOUNT_ACCESS: 3,
    Category.OTHER: 15,
}


class AuditAction(models.TextChoices):
    """What is done on claims, as written to the audit log (registered in ClaimsConfig.ready)."""

    VIEW = "claims.view", _("Claim opened by the fund")
    REPLY = "claims.reply", _("Reply sent on a claim")
    NOTE = "claims.note", _("Internal note added to a claim")
    STATUS = "claims.status", _("Claim status changed")
    ASSIGN = "claims.assign", _("Claim assigned to an agent")
    DOWNLOAD = "claims.download", _("Claim attachment opened by the fund")
    CREATE_ON_BEHALF = "claims.create_on_behalf", _("Claim recorded on the member's behalf")
    # The member's own, or someone's acting for them: "Who acted on my file" lists the latter.
    FILED = "claims.filed", _("Claim filed online")
    MEMBER_REPLY = "claims.member_reply", _("Message sent on a claim")
