"""The vocabularies of a request: status, channel, document kinds, history, audit actions.

Values are stored and exported to the core system; labels are translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


# A request (« une demande ») is feminine in French, a document masculine: the labels that other
# models share ("Accepted", "Submitted") carry a context so that each is translated for its noun.
class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("request", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("request", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("request", "Under review")
    INFO_REQUESTED = "info_requested", pgettext_lazy("request", "Waiting for your documents")
    ACCEPTED = "accepted", pgettext_lazy("request", "Accepted")
    REFUSED = "refused", pgettext_lazy("request", "Refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("request", "Withdrawn")


# Agents read the statuses from the fund's side of the counter.
STAFF_STATUS_LABELS = {Status.INFO_REQUESTED: pgettext_lazy("request", "Waiting for the member")}

# Statuses after which nothing changes any more (the request is decided or given up).
FINAL = frozenset({Status.ACCEPTED, Status.REFUSED, Status.WITHDRAWN})
# Statuses in which the fund has the next move (its service level runs).
WITH_THE_FUND = frozenset({Status.SUBMITTED, Status.UNDER_REVIEW})


class Channel(models.TextChoices):
    WEB = "web", _("Member's space")
    PUBLIC = "public", _("Public form")
    FUND = "fund", _("Asked by the fund")
    CORE = "core", _("Core system")
    EMPLOYER = "employer", _("Employer")


class DocumentKind(models.TextChoices):
    """Every document a procedure or an agent may ask for (one list, so that agents and the
    core system name documents the same way)."""

    NATIONAL_ID = "national_id", _("Copy of the national ID card (CIN)")
    BANK_DETAILS = "bank_details", _("Bank details (RIB) certificate")
    DEATH_CERTIFICATE = "death_certificate", _("Death certificate")
    MARRIAGE_CERTIFICATE = "marriage_certificate", _("Marriage certificate")
    BIRTH_CERTIFICATES = "birth_certificates", _("Birth certificates of the orphans")
    GUARDIANSHIP = "guardianship", _("Guardianship judgment (tutelle)")
    SCHOOL_CERTIFICATE = "school_certificate", _("School certificate")
    NON_REMARRIAGE = "non_remarriage", _("Certificate of non-remarriage")
    DISABILITY_CERTIFICATE = "disability_certificate", _("Disability certificate")
    LEAVING_DECISION = "leaving_decision", _("Decision ending the service (radiation des cadres)")
    SALARY_STOP = "salary_stop", _("Certificate that the salary is no longer paid (from the Treasury)")
    ADMINISTRATION_APPROVAL = "administration_approval", _("Your request approved by your administration")
    FAMILY_RECORD = "family_record", _("Family record book (livret de famille)")
    SERVICE_CERTIFICATE = "service_certificate", _("Certificate of service from the administration")
    MEDICAL_CERTIFICATE = "medical_certificate", _("Medical certificate")
    LIFE_CERTIFICATE = "life_certificate", _("Life certificate stamped by an authority or a consulate")
    LIFE_PHOTOS = "life_photos", _("Photos of the identity document and of the person holding it")
    CAREER_EVIDENCE = (
        "career_evidence",
        _("A document from that time (appointment or end-of-service decision, pay slip, certificate of service)"),
    )
    OTHER = "other", _("Other document")


class DocumentReview(models.TextChoices):
    PENDING = "pending", pgettext_lazy("document", "Being checked")
    ACCEPTED = "accepted", pgettext_lazy("document", "Accepted")
    REJECTED = "rejected", pgettext_lazy("document", "Not accepted")


class RequestStatus(models.TextChoices):
    """A document the fund asked for."""

    OPEN = "open", _("To send")
    RECEIVED = "received", _("Received, being checked")
    ACCEPTED = "accepted", pgettext_lazy("document", "Accepted")
    CANCELLED = "cancelled", _("No longer needed")


class EventKind(models.TextChoices):
    CREATED = "created", _("Started")
    SUBMITTED = "submitted", _("Submitted")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    NOTE = "note", _("Internal note")
    DOCUMENT_REQUESTED = "document_requested", _("Document requested")
    DOCUMENT_SENT = "document_sent", _("Document sent")
    DOCUMENT_ACCEPTED = "document_accepted", _("Document accepted")
    DOCUMENT_REJECTED = "document_rejected", _("Document not accepted")
    DECISION = "decision", _("Decision")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CORE = "core", _("Update from the fund's processing")
    CORRECTION_ASKED = "correction_asked", _("Correction asked")
    CORRECTED = "corrected", _("Corrected")


class AuditAction(models.TextChoices):
    """What is done on requests, as written to the audit log (registered in CaseworkConfig.ready)."""

    VIEW = "casework.view", _("Request opened by the fund")
    NOTE = "casework.note", _("Internal note added to a request")
    ASSIGN = "casework.assign", _("Request assigned to an agent")
    STATUS = "casework.status", _("Request status changed")
    REQUEST_DOCUMENT = "casework.request_document", _("Document asked of the member")
    REVIEW_DOCUMENT = "casework.review_document", _("Document of a request checked")
    DECIDE = "casework.decide", _("Request decided")
    MATCH = "casework.match", _("Request linked to a member file")
    DOWNLOAD = "casework.download", _("Request document opened by the fund")
    # The applicant's own, or someone's acting for them: "Who acted on my file" lists the latter.
    STARTED = "casework.started", _("Request started online")
    SUBMITTED = "casework.submitted", _("Request sent to the fund")
    WITHDRAWN = "casework.withdrawn", _("Request withdrawn")
    DOCUMENTS_SENT = "casework.documents_sent", _("Documents sent for a request")
    ASK_CORRECTION = "casework.ask_correction", _("Correction asked of the sender of a request")
