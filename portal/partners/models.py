"""Employers (« administrations employeurs »), the HR officers who act for them, their API tokens,
and the retirement dossiers they send.

An organisation is a node of the core system's tree of employers: a ministry and its sub-units
(directions, regional academies, provincial delegations). A civil servant belongs to one unit
(``portal.Member.employer``, from the core system's import). An officer belongs to one
organisation and sees the civil servants of its whole tree, or only of the sub-units they are
given (``Officer.units``); ``portal.partners.scope`` writes that rule once.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.partners.choices import ApiScope, Role


class Organisation(models.Model):
    core_id = models.CharField(_("core system id"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True, default="")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="units", verbose_name=_("part of")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        # No model carries the fund-wide delays report: its permission hangs on the organisations.
        permissions = [("view_delays_report", "Can view the employers' delays report")]

    def __str__(self):
        return self.name

    def display_name(self, language="fr"):
        return self.name_ar if language == "ar" and self.name_ar else self.name

    def tree_ids(self):
        """This organisation's id and its sub-units' at any depth (a few hundred at most: one query per level)."""
        found, level = {self.pk}, {self.pk}
        while level:
            level = set(Organisation.objects.filter(parent__in=level).values_list("pk", flat=True)) - found
            found |= level
        return found

    def top(self):
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node


class OfficerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, organisation__is_active=True)


class Officer(models.Model):
    """An account's place in an organisation's HR service: its role, and the sub-units it is given."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="officers", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.READER)
    # The organisation's administrator invites the other officers and manages its API tokens.
    is_admin = models.BooleanField(_("administrator of the organisation"), default=False)
    # Empty: the whole organisation; else only these sub-units (and theirs).
    units = models.ManyToManyField(Organisation, blank=True, related_name="+", verbose_name=_("limited to"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(_("access ended"), null=True, blank=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "user__email"]
        verbose_name = _("HR officer")
        verbose_name_plural = _("HR officers")

    def __str__(self):
        return f"{self.user} ({self.organisation})"

    @property
    def is_active(self):
        return self.revoked_at is None and self.organisation.is_active


class Invitation(models.Model):
    """An invitation to join an organisation's HR service, sent by the fund or the organisation's
    administrator: accepted once, by an account holding the invited address (verified)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.READER)
    is_admin = models.BooleanField(_("administrator of the organisation"), default=False)
    units = models.ManyToManyField(Organisation, blank=True, related_name="+", verbose_name=_("limited to"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="partners_one_open_invitation",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"


def hash_key(key):
    """Tokens are kept as their SHA-256: a copy of the database gives no usable token."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, organisation__is_active=True)


class ApiToken(models.Model):
    """A key an organisation's HR system sends as ``Authorization: Bearer <key>``; shown once."""

    PREFIX = "emp_"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("Which system uses it, e.g. “HR system”."))
    # The first characters, to recognise a key in a list without keeping it.
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("what it may do"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… ({self.organisation})"

    @classmethod
    def new_key(cls):
        return cls.PREFIX + secrets.token_urlsafe(32)

    def allows(self, scope):
        return str(ApiScope(scope)) in self.scopes


class RetirementDossier(models.Model):
    """The employer's side of a retirement dossier: which organisation sends it, for which date.

    The dossier itself is a request on the case core (procedure ``employer_dossier``): its answers,
    documents, status and history are the case's. This row says whose it is on the employer's side
    and when it was due, for the delays (``portal.partners.deadlines``).
    """

    case = models.OneToOneField("casework.Case", on_delete=models.CASCADE, related_name="retirement_dossier")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="dossiers")
    member = models.ForeignKey("portal.Member", on_delete=models.PROTECT, related_name="retirement_dossiers")
    # The day the civil servant reaches the age limit, and the day the dossier is due (nine months before).
    retirement_date = models.DateField(_("retirement date"))
    due_on = models.DateField(_("due at the fund by"))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bulk uploads and the API are idempotent by this key (the row's content, or the caller's key).
    source_key = models.CharField(max_length=64, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["organisation", "due_on"])]

    def __str__(self):
        return f"{self.case_id} {self.member_id} {self.retirement_date}"
