"""Who may act on a member's file besides the member: a proxy, a legal representative, an agent at the counter.

``Proxy`` is one grant on one file: invited by the member (a relative, an association's helper),
or recorded by an agent from a court decision (a guardian). It is in force once accepted, until
its end date or its revocation, whichever comes first: every request checks it again
(``acting.py``), so an expired or revoked grant stops working in an open session too.
``CounterSession`` is an agent acting in the member's portal at the counter, with the member's
consent recorded first; it lives as long as the agent's login session and at most
``COUNTER_SESSION_MINUTES``.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files.storage import private_storage
from portal.proxies.choices import HELPER_SCOPES, Basis, Consent, Scope


class ProxyQuerySet(models.QuerySet):
    @property
    def scope_for_helper(self):
        """What the helper may do, in the helper's words (the scope's label is in the member's: "see my file")."""
        return HELPER_SCOPES[self.scope]

    def in_force(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            accepted_at__isnull=False,
            revoked_at__isnull=True,
            holder__is_active=True,
        ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))

    def open_invitations(self, now=None):
        now = now or timezone.now()
        since = now - datetime.timedelta(days=settings.PROXY_INVITATION_DAYS)
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, invited_at__gte=since)


def court_decision_path(instance, filename):
    return f"proxies/{instance.member_id}/{filename}"


class Proxy(models.Model):
    member = models.ForeignKey("portal.Member", on_delete=models.CASCADE, related_name="proxies")
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices, default=Basis.INVITATION)
    scope = models.CharField(_("what they may do"), max_length=10, choices=Scope.choices, default=Scope.READ)
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"))
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proxies_held",
        verbose_name=_("account"),
    )
    expires_on = models.DateField(_("until"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited on"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ended on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    court_reference = models.CharField(_("court decision number"), max_length=100, blank=True, default="")
    court_decided_on = models.DateField(_("date of the court decision"), null=True, blank=True)
    court_decision = models.FileField(
        _("court decision"), storage=private_storage, upload_to=court_decision_path, blank=True
    )

    objects = ProxyQuerySet.as_manager()

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        ordering = ["-invited_at"]

    def __str__(self):
        return f"{self.name} for {self.member_id}"

    @property
    def scope_for_helper(self):
        """What the helper may do, in the helper's words (the scope's label is in the member's: "see my file")."""
        return HELPER_SCOPES[self.scope]

    def in_force(self, today=None):
        today = today or timezone.localdate()
        return (
            self.accepted_at is not None
            and self.revoked_at is None
            and (self.expires_on is None or self.expires_on >= today)
        )


class CounterSession(models.Model):
    member = models.ForeignKey("portal.Member", on_delete=models.CASCADE, related_name="counter_sessions")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counter_sessions")
    consent = models.CharField(_("consent"), max_length=20, choices=Consent.choices)
    code_hash = models.CharField(max_length=128, blank=True, default="")
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_failures = models.PositiveSmallIntegerField(default=0)
    consent_form = models.FileField(
        _("signed consent form"), storage=private_storage, upload_to="counter/%Y/%m/", blank=True
    )
    session_key = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("help at the counter")
        verbose_name_plural = _("help at the counter")
        ordering = ["-created_at"]

    def __str__(self):
        return f"counter {self.pk} for {self.member_id}"

    def is_open(self, now=None):
        now = now or timezone.now()
        limit = datetime.timedelta(minutes=settings.COUNTER_SESSION_MINUTES)
        return self.started_at is not None and self.ended_at is None and now < self.started_at + limit
