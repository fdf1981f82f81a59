"""The vocabularies of the life control. Values are stored and exported; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CheckStatus(models.TextChoices):
    """Where one pensioner stands in one campaign (the campaign's figures count exactly these)."""

    NOT_CONTACTED = "not_contacted", pgettext_lazy("life check", "Not contacted yet")
    NOTIFIED = "notified", pgettext_lazy("life check", "Notified")
    SUBMITTED = "submitted", pgettext_lazy("life check", "Sent, being checked")
    ACCEPTED = "accepted", pgettext_lazy("life check", "Accepted")
    REJECTED = "rejected", pgettext_lazy("life check", "Not accepted, to send again")
    OVERDUE = "overdue", pgettext_lazy("life check", "Deadline passed")
    SUSPENDED = "suspended", pgettext_lazy("life check", "Pension suspended")
    REINSTATED = "reinstated", pgettext_lazy("life check", "Pension reinstated")


# The statuses as the pensioner reads them: "not contacted yet" is the fund's view of someone who is
# reading the page, so both first statuses say what matters to them.
MEMBER_LABELS = {
    CheckStatus.NOT_CONTACTED: pgettext_lazy("life check", "Waiting for your answer"),
    CheckStatus.NOTIFIED: pgettext_lazy("life check", "Waiting for your answer"),
}

# Nothing more is asked of the pensioner for this campaign.
DONE = frozenset({CheckStatus.ACCEPTED, CheckStatus.REINSTATED})
# The pensioner still has to send something (reminders go to them; they can be overdue).
WAITING = frozenset({CheckStatus.NOT_CONTACTED, CheckStatus.NOTIFIED, CheckStatus.REJECTED})


class Method(models.TextChoices):
    """How the pensioner proves they are alive."""

    CERTIFICATE = "certificate", _("Certificate stamped by a local authority or a consulate")
    PHOTOS = "photos", _("Photo of the identity document and photo holding it with the code shown")
    RECORDED = "recorded", _("Certificate received by the fund (by post or through a consulate)")


class Channel(models.TextChoices):
    """Where an answer came from (kept, as a claim's channel is)."""

    PORTAL = "portal", _("Member's space")
    LETTER_CODE = "letter_code", _("The letter's code, without an account")
    POST = "post", _("By post")
    CONSULATE = "consulate", _("Through a consulate")
    COUNTER = "counter", _("At a counter of the fund")


# The channels an agent records a certificate from.
RECORDED_CHANNELS = [Channel.POST, Channel.CONSULATE, Channel.COUNTER]


class Review(models.TextChoices):
    PENDING = "pending", pgettext_lazy("life answer", "To check")
    REJECTION_PROPOSED = "rejection_proposed", pgettext_lazy("life answer", "Rejection to confirm")
    ACCEPTED = "accepted", pgettext_lazy("life answer", "Accepted")
    REJECTED = "rejected", pgettext_lazy("life answer", "Not accepted")


class FileKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Life certificate")
    IDENTITY_DOCUMENT = "identity_document", _("Photo of the identity document")
    HOLDING_DOCUMENT = "holding_document", _("Photo of the person holding the document and the code")


# The files each method asks for, in the order the form asks them.
FILES_BY_METHOD = {
    Method.CERTIFICATE: [FileKind.CERTIFICATE],
    Method.PHOTOS: [FileKind.IDENTITY_DOCUMENT, FileKind.HOLDING_DOCUMENT],
    Method.RECORDED: [FileKind.CERTIFICATE],
}


class NoticeKind(models.TextChoices):
    """The reminders of a campaign, in the order they go."""

    OPENING = "opening", _("Campaign opened")
    DAY_30 = "d30", _("30 days before the deadline")
    DAY_7 = "d7", _("7 days before the deadline")
    DEADLINE = "deadline", _("Deadline")
    POSTAL = "postal", _("Letter sent by post")


class AuditAction(models.TextChoices):
    CAMPAIGN_OPENED = "lifecontrol.campaign_opened", _("Life-control campaign opened")
    SUBMITTED = "lifecontrol.submitted", _("Life certificate sent")
    RECORDED = "lifecontrol.recorded", _("Life certificate recorded by the fund")
    PHOTOS_VIEWED = "lifecontrol.photos_viewed", _("Life-control photos opened by the fund")
    REJECTION_PROPOSED = "lifecontrol.rejection_proposed", _("Rejection of a life certificate proposed")
    REVIEWED = "lifecontrol.reviewed", _("Life certificate checked")
    SUSPENDED = "lifecontrol.suspended", _("Pension suspended for want of a life certificate")
    REINSTATED = "lifecontrol.reinstated", _("Pension reinstated after a life certificate")
    POSTAL_NOTICE = "lifecontrol.postal_notice", _("Life-control letter sent by post recorded")
    # A letter carries the code that answers without an account: who printed which is kept.
    LETTERS_PRINTED = "lifecontrol.letters_printed", _("Life-control letters printed")
    LETTER_CODE_FAILED = "lifecontrol.letter_code_failed", _("Wrong letter code or birth date")
