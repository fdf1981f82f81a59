"""The member file: a read-only copy of the fund's core system, plus what the portal itself records.

The core system stays the source of truth for Member, CareerPeriod, ContributionYear,
PensionPayment, Dossier and DossierEvent (loaded by the import commands, keyed by
``core_id``). The portal owns ChangeRequest, Attestation, EnrolmentChallenge,
AccountClosureRequest and AuditEvent.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import audit_actions
from portal.regions import Region


class MemberStatus(models.TextChoices):
    CONTRIBUTING = "contributing", _("Contributing member")
    RETIRED = "retired", _("Pensioner")
    SURVIVOR = "survivor", _("Survivor's pension beneficiary")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class Member(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
        verbose_name=_("portal account"),
    )
    core_id = models.CharField(_("core system id"), max_length=40, unique=True)
    affiliation_number = models.CharField(_("affiliation number"), max_length=30, unique=True)
    pension_number = models.CharField(_("pension number"), max_length=30, blank=True, default="")
    national_id = models.CharField(_("national ID (CIN)"), max_length=20, db_index=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    first_name_ar = models.CharField(_("first name (Arabic)"), max_length=100, blank=True, default="")
    last_name_ar = models.CharField(_("last name (Arabic)"), max_length=100, blank=True, default="")
    birth_date = models.DateField(_("birth date"))
    # The day the person joined the scheme, from the core system: a career period before it is
    # flagged on the career page (``portal.career_anomalies``). Empty in older exports.
    affiliation_date = models.DateField(_("affiliation date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MemberStatus.choices)
    # From the core system, only so that the portal words a person's status in the right gender
    # ("Pensionnée", "متقاعدة"); blank when the export does not say (older exports lack the column).
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True, default="")
    email = models.EmailField(_("e-mail on file"), blank=True, default="")
    phone = models.CharField(_("phone on file"), max_length=20, blank=True, default="")
    address_line = models.CharField(_("address"), max_length=200, blank=True, default="")
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True, default="")
    city = models.CharField(_("city"), max_length=100, blank=True, default="")
    # ISO 3166 code of the address's country, from the core system: pensioners living abroad are
    # the ones asked for a life certificate each year (``portal.lifecontrol``).
    country = models.CharField(_("country"), max_length=2, default="MA", db_index=True)
    # The region of a Moroccan address (``portal.regions``), from the core system; blank abroad or when
    # the export does not say. Read only by the steering figures (adoption by region).
    region = models.CharField(_("region"), max_length=2, choices=Region.choices, blank=True, default="")
    bank_rib = models.CharField(_("bank account (RIB)"), max_length=24, blank=True, default="")
    # The unit of the employing administration the civil servant works in, from the core system
    # (import column ``employer_id``): its HR officers see the file (``portal.partners.scope``).
    employer = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="civil_servants",
        verbose_name=_("employer"),
        db_index=False,  # the index below starts with it
    )
    # Wrong enrolment codes for this file, counted across every account that tries it, so that
    # spreading guesses over many accounts does not help; past the limit the file's enrolment is
    # locked until the time below or until staff unlock it.
    enrolment_failures = models.PositiveIntegerField(_("failed enrolment codes"), default=0)
    enrolment_locked_until = models.DateTimeField(_("enrolment locked until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            # A pension number is given at retirement; before that it is empty, and empty is not a duplicate.
            models.UniqueConstraint(
                fields=["pension_number"], condition=~Q(pension_number=""), name="portal_member_pension_number_unique"
            )
        ]
        permissions = [("view_member_file", "Can view members' files")]
        indexes = [
            # An employer's coming retirements: its units' civil servants by birth date.
            models.Index(fields=["employer", "birth_date"], name="member_employer_birth"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.affiliation_number})"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name_ar(self):
        return f"{self.first_name_ar} {self.last_name_ar}".strip() or self.full_name

    @property
    def masked_rib(self):
        """The RIB is never shown whole: only the last four digits."""
        from portal.rib import mask

        return mask(self.bank_rib)


class CareerPeriod(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="career_periods")
    core_id = models.CharField(_("core system id"), max_length=40, unique=True)
    administration = models.CharField(_("administration"), max_length=200)
    grade = models.CharField(_("grade"), max_length=200, blank=True, default="")
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    contribution_base = models.DecimalField(_("monthly contribution base"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("career period")
        verbose_name_plural = _("career periods")

    def __str__(self):
        return f"{self.administration} {self.start_date}–{self.end_date or ''}"


class ContributionYear(models.Model):
    """Yearly contribution totals as the core system computed them."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="contribution_years")
    year = models.PositiveSmallIntegerField(_("year"))
    contribution_base = models.DecimalField(_("yearly contribution base"), max_digits=14, decimal_places=2)
    employee_amount = models.DecimalField(_("member's contributions"), max_digits=12, decimal_places=2)
    employer_amount = models.DecimalField(_("employer's contributions"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="portal_contribution_year_unique")]
        verbose_name = _("yearly contributions")
        verbose_name_plural = _("yearly contributions")

    def __str__(self):
        return f"{self.member_id} {self.year}"


class DeductionKind(models.TextChoices):
    HEALTH = "amo", _("Health insurance (AMO)")
    INCOME_TAX = "ir", _("Income tax")
    MUTUAL = "mutual", _("Mutual insurance")
    LOAN = "loan", _("Loan repayment")
    OVERPAYMENT = "overpayment", _("Recovery of an overpayment")
    OTHER = "other", _("Other deduction")


class PensionPayment(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="payments")
    core_id = models.CharField(_("core system id"), max_length=40, unique=True)
    period = models.DateField(_("period"), help_text=_("First day of the month paid."))
    gross = models.DecimalField(_("gross amount"), max_digits=12, decimal_places=2)
    # Itemised deductions: [{"kind": "amo", "amount": "123.45"}, ...]; kinds are DeductionKind values.
    # A JSON list keeps one row per payment, so the import can upsert 1.6M payments in bulk.
    deductions = models.JSONField(_("deductions"), default=list, blank=True)
    net = models.DecimalField(_("net amount"), max_digits=12, decimal_places=2)
    payment_date = models.DateField(_("payment date"))

    class Meta:
        ordering = ["-period", "-pk"]
        verbose_name = _("pension payment")
        verbose_name_plural = _("pension payments")
        indexes = [models.Index(fields=["member", "period"])]

    def __str__(self):
        return f"{self.member_id} {self.period:%Y-%m}"

    def deduction_lines(self):
        labels = dict(DeductionKind.choices)
        return [
            {"kind": item["kind"], "label": labels.get(item["kind"], item["kind"]), "amount": Decimal(item["amount"])}
            for item in self.deductions
        ]

    @property
    def total_deductions(self):
        return sum((Decimal(item["amount"]) for item in self.deductions), Decimal("0"))


class DossierKind(models.TextChoices):
    RETIREMENT = "retirement", _("Retirement pension")
    SURVIVOR = "survivor", _("Survivor's pension")
    REFUND = "refund", _("Refund of contributions")
    DISABILITY = "disability", _("Disability pension")
    SERVICE_VALIDATION = "service_validation", _("Validation of past services")


class DossierStatus(models.TextChoices):
    OPEN = "open", _("Received")
    IN_PROGRESS = "in_progress", _("Being processed")
    WAITING_MEMBER = "waiting_member", _("Waiting for documents from you")
    DECIDED = "decided", _("Decided")
    PAID = "paid", _("Paid")
    CLOSED = "closed", _("Closed")


class Dossier(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="dossiers")
    core_id = models.CharField(_("core system id"), max_length=40, unique=True, null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=DossierKind.choices)
    status = models.CharField(_("status"), max_length=30, choices=DossierStatus.choices)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # What happens next and when the member can expect it, as told by the core system.
    next_step_fr = models.CharField(_("next step (French)"), max_length=300, blank=True, default="")
    next_step_ar = models.CharField(_("next step (Arabic)"), max_length=300, blank=True, default="")
    expected_on = models.DateField(_("expected by"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self):
        return f"{self.reference} – {self.get_kind_display()}"

    def next_step(self, language):
        return self.next_step_ar if language == "ar" and self.next_step_ar else self.next_step_fr


class DossierEvent(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    core_id = models.CharField(_("core system id"), max_length=40, unique=True)
    date = models.DateField(_("date"))
    step = models.CharField(_("step"), max_length=30, choices=DossierStatus.choices)
    message_fr = models.TextField(_("message to the member (French)"), blank=True, default="")
    message_ar = models.TextField(_("message to the member (Arabic)"), blank=True, default="")

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")

    def __str__(self):
        return f"{self.dossier_id} {self.date} {self.step}"

    def message(self, language):
        return self.message_ar if language == "ar" and self.message_ar else self.message_fr


class ChangeKind(models.TextChoices):
    ADDRESS = "address", _("Postal address")
    PHONE = "phone", _("Phone number")
    EMAIL = "email", _("E-mail address")
    BANK = "bank_rib", _("Bank account (RIB)")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class ChangeRequest(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="change_requests")
    kind = models.CharField(_("change"), max_length=20, choices=ChangeKind.choices)
    # {"address_line", "postal_code", "city"} / {"phone"} / {"email"} / {"bank_rib"}
    new_value = models.JSONField(_("requested value"))
    old_value = models.JSONField(_("value on file"), default=dict)
    status = models.CharField(_("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("submitted by")
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note to the member"), blank=True, default="")
    # Set when the approved change was written to a CSV export for the core system.
    exported_at = models.DateTimeField(_("exported at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        permissions = [("decide_changerequest", "Can approve or reject change requests")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.member}"


class AttestationKind(models.TextChoices):
    AFFILIATION = "affiliation", _("Affiliation attestation")
    PENSION = "pension", _("Pension attestation")
    PENSION_AMOUNT = "pension_amount", _("Monthly pension amount attestation")
    NON_SUSPENSION = "non_suspension", _("Attestation of non-suspension of pension")
    ANNUAL_TAX = "annual_tax", _("Annual tax attestation")
    PAYMENT_SLIP = "payment_slip", _("Monthly payment slip")


class Attestation(models.Model):
    """An issued attestation: the verification code printed on it refers to this row."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attestations")
    serial = models.CharField(max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AttestationKind.choices)
    language = models.CharField(_("language"), max_length=5)
    issued_on = models.DateField(_("issued on"))
    # The holder's name as printed, so that /verify/ shows what the paper shows.
    holder_name = models.CharField(_("holder"), max_length=200)
    # Which attestation signing key signed the printed code (see ATTESTATION_SIGNING_KEYS), so that
    # a key rotation leaves every printed attestation verifiable.
    key_id = models.CharField(_("signing key"), max_length=40, blank=True, default="")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True, default="")
    # What the paper asserts beyond the holder, stored (and signed) so that /verify/ shows the amount
    # and period issued, whatever a doctored paper says: the amount of a monthly pension, a payment
    # slip or a tax year, and the months it covers. Empty for kinds that carry no amount.
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")

    def __str__(self):
        return f"{self.get_kind_display()} {self.serial}"


class EnrolmentChallenge(models.Model):
    """A one-time code sent to the contact on file; only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_challenges")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user_id} → {self.member_id}"


class AccountClosureRequest(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="closure_requests"
    )
    email = models.EmailField(_("e-mail"))
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason"), blank=True, default="")
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("account closure request")
        verbose_name_plural = _("account closure requests")

    def __str__(self):
        return self.email


class AuditAction(models.TextChoices):
    STAFF_VIEWED_FILE = "staff_viewed_file", _("Staff viewed a member file")
    ENROLMENT_FAILED = "enrolment_failed", _("Enrolment attempt failed")
    ENROLMENT_LOCKED = "enrolment_locked", _("Enrolment attempt while locked")
    ENROLMENT_CODE_SENT = "enrolment_code_sent", _("Enrolment code sent")
    ENROLMENT_CODE_FAILED = "enrolment_code_failed", _("Wrong enrolment code")
    ENROLMENT_SUCCEEDED = "enrolment_succeeded", _("Account linked to a member file")
    CHANGE_REQUESTED = "change_requested", _("Change requested")
    CHANGE_APPROVED = "change_approved", _("Change request approved")
    CHANGE_REJECTED = "change_rejected", _("Change request rejected")
    CHANGE_CANCELLED = "change_cancelled", _("Change request cancelled by the member")
    CHANGES_EXPORTED = "changes_exported", _("Approved changes exported")
    ATTESTATION_ISSUED = "attestation_issued", _("Attestation issued")
    ATTESTATION_REVOKED = "attestation_revoked", _("Attestation revoked")
    ACCOUNT_CLOSED = "account_closed", _("Account closure requested")
    PERSONAL_DATA_DOWNLOADED = "personal_data_downloaded", _("Personal data downloaded")


class AuditEvent(models.Model):
    """Who did what, when, from where, and about which member. Rows are never edited."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text too, so the log still says who it was after an account is deleted.
    actor_label = models.CharField(_("who"), max_length=254, blank=True, default="")
    actor_is_staff = models.BooleanField(default=False)
    # Free text: other apps (claims) record their own action names.
    action = models.CharField(_("what"), max_length=50, db_index=True)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events", verbose_name=_("member")
    )
    target = models.CharField(_("object"), max_length=200, blank=True, default="")
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True, default="")
    # Not the member's own action on their file: "proxy", "guardian" or "counter" (portal.proxies.choices.Via),
    # and the grant or counter session it went through.
    via = models.CharField(_("on behalf"), max_length=20, blank=True, default="")
    via_grant = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["member", "-created_at"]), models.Index(fields=["actor", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    @property
    def action_label(self):
        """What a person reads: the label registered in portal/audit_actions.py, never the raw code."""
        return audit_actions.label(self.action)
