from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Scope(models.TextChoices):
    READ = "read", _("See my file")
    ACT = "act", _("See my file and make requests and claims for me")


# The same scopes as the helper reads them (on the invitation, the acceptance, the files they may open).
HELPER_SCOPES = {
    Scope.READ: _("See their file"),
    Scope.ACT: _("See their file and make requests and claims for them"),
}


class Basis(models.TextChoices):
    INVITATION = "invitation", _("Invited by the member")
    GUARDIAN = "guardian", _("Legal representative (court decision)")


class Via(models.TextChoices):
    """How an action reached a member's file when it was not the member's own (the audit log's ``via``)."""

    PROXY = "proxy", pgettext_lazy("via", "as a proxy")
    GUARDIAN = "guardian", pgettext_lazy("via", "as legal representative")
    COUNTER = "counter", pgettext_lazy("via", "at the counter, with you")
    # An HR officer of the member's employer, or its HR system through the employer API (portal.partners).
    EMPLOYER = "employer", pgettext_lazy("via", "by your employer's HR service")


class Consent(models.TextChoices):
    CODE = "code", _("A code sent to the member, read out at the counter")
    SIGNED_FORM = "signed_form", _("A consent form signed by the member (scanned)")


class AuditAction(models.TextChoices):
    INVITED = "proxy.invited", _("Invited someone to act for them")
    ACCEPTED = "proxy.accepted", _("Accepted to act for a member")
    REVOKED = "proxy.revoked", _("Ended someone's access to the file")
    EXPIRED = "proxy.expired", _("Access to the file ended (date reached)")
    OPENED = "proxy.opened", _("Opened the file")
    GUARDIAN_SET = "proxy.guardian_set", _("Recorded a legal representative")
    COUNTER_CODE = "counter.code_sent", _("Sent a code to start helping at the counter")
    COUNTER_STARTED = "counter.started", _("Started helping at the counter")
    COUNTER_ENDED = "counter.ended", _("Stopped helping at the counter")
