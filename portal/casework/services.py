"""What can be done to a request: start it, answer its steps, attach documents, submit, withdraw;
and for agents: assign, note, ask for documents, check them, decide; and for the core system:
move it forward.

Views, the API, the back-office and the import commands call these functions; tests call them
directly. Every function is keyword-only after the request and takes the acting user as
``actor=`` (None for the core system and for a public report) and, for agents, the request's
``context=`` (``portal.audit.AuditContext``): every agent's action and every look at a request
(it shows a person's file) is audited here, in the same transaction. Files arrive already checked
(``portal.files.uploads``); a refused file stops everything before a row or a file is written.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit, references
from portal.casework import checklist, notifications, procedures, signals, workflow
from portal.casework.choices import (
    FINAL,
    AuditAction,
    Channel,
    DocumentKind,
    DocumentReview,
    EventKind,
    RequestStatus,
    Status,
)
from portal.casework.models import Case, CaseDocument, CaseEvent, DocumentRequest, ReferenceCounter
from portal.casework.procedures import Audience
from portal.casework.procedures.base import to_json
from portal.files.written import WrittenFiles

PREFIX = "DEM"
# A request holds at most this many documents: enough for any dossier, not a free file store.
MAX_DOCUMENTS = 40
# What the fund gives a member to send a document it asks for, unless the agent says otherwise.
DEFAULT_DAYS_TO_SEND = 30


class NotAllowed(Exception):
    """The request cannot be made or changed this way; str() is a translated message for the person."""


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _audit(action, case, *, actor, context, target=None, details=None):
    audit.log(
        action,
        actor=actor,
        context=context or audit.AuditContext.none(),
        member=case.member,
        target=case.reference if target is None else target,
        details=details,
    )


def _new_case(procedure, *, member, applicant, status, channel, language, now, created_by, answers=None, key=None):
    case = Case.objects.create(
        reference=references.next_reference(ReferenceCounter, PREFIX, now),
        procedure=procedure.code,
        member=member,
        applicant=applicant,
        status=status,
        channel=channel,
        answers=answers or {},
        step=procedure.steps[0].name if procedure.steps else "",
        language=language,
        submission_key=key,
        created_by=created_by,
        created_at=now,
    )
    CaseEvent.objects.create(case=case, kind=EventKind.CREATED, to_status=status, author=created_by, created_at=now)
    return case


# --- The applicant -----------------------------------------------------------------------------


def may_start(procedure, *, actor, member, today=None):
    """An ``Eligibility``-like answer: whether ``actor`` may start ``procedure`` now, and if not why."""
    from portal.casework.eligibility import ALLOWED, Eligibility

    if procedure.audience == Audience.MEMBER:
        if member is None:
            return Eligibility(False, _("Link your account to your pension file first."))
        return procedure.eligibility(member, today or timezone.localdate())
    if procedure.audience == Audience.ACCOUNT:
        return ALLOWED if _user(actor) is not None else Eligibility(False, _("Log in first."))
    return Eligibility(False, _("This procedure is not started from the member's space."))


# Where a draft keeps the answers it was started with, until the person saves the first step: a
# proposal they check, never an answer (``problems`` still wants the step answered).
INITIAL = "_initial"


def start(procedure, *, actor, member, language, applicant=None, initial=None, context=None, now=None):
    """The applicant's draft of ``procedure`` (the one already started, if any), or NotAllowed.

    ``applicant``: the account the request is made in the name of, when ``actor`` acts for someone
    (a proxy, a legal representative, an agent at the counter); ``actor`` by default.
    ``initial``: values proposed for the first step (``Procedure.prefilled``); they replace those of
    a draft already started, which reopens at its first step.
    """
    now = now or timezone.now()
    applicant = applicant or actor
    allowed = may_start(procedure, actor=actor, member=member, today=timezone.localdate(now))
    if not allowed:
        raise NotAllowed(allowed.reason)
    subject = member if procedure.about_the_member else None
    if subject is not None and not procedure.several_in_progress:
        pending = Case.objects.filter(member=subject, procedure=procedure.code).exclude(status__in=FINAL)
        pending = pending.exclude(status=Status.DRAFT).first()
        if pending is not None:
            raise NotAllowed(
                _("You already have a request of this kind in progress (%(reference)s).")
                % {"reference": pending.reference}
            )
    existing = Case.objects.filter(applicant=applicant, procedure=procedure.code, status=Status.DRAFT).first()
    if existing is not None:
        return _propose(existing, initial) if initial else existing
    try:
        with transaction.atomic():
            case = _new_case(
                procedure,
                member=subject,
                applicant=applicant,
                status=Status.DRAFT,
                channel=Channel.WEB,
                language=language,
                now=now,
                created_by=actor,
                answers={INITIAL: initial} if initial else None,
            )
            _audit(AuditAction.STARTED, case, actor=actor, context=context)
            return case
    except IntegrityError:
        # The same draft started twice at once (two tabs): the other one won; resume it.
        return Case.objects.get(applicant=applicant, procedure=procedure.code, status=Status.DRAFT)


def open_draft(procedure, *, actor, member, channel, language, context=None, now=None):
    """A draft of ``procedure`` about ``member`` that no member's account made: an employer's dossier,
    prepared by ``actor`` (None for its HR system) and followed by its sender, not in a member's
    "my requests" (``applicant`` is empty; the member sees it once it is sent). The caller decides
    who may open one; one in progress per member and procedure is the caller's to check, under the
    member's lock."""
    now = now or timezone.now()
    with transaction.atomic():
        case = _new_case(
            procedure,
            member=member,
            applicant=None,
            status=Status.DRAFT,
            channel=channel,
            language=language,
            now=now,
            created_by=_user(actor),
        )
        _audit(AuditAction.STARTED, case, actor=actor, context=context)
    return case


def _propose(case, initial):
    with transaction.atomic():
        case = workflow.locked(case)
        first = case.definition.steps[0].name
        case.answers = {name: value for name, value in case.answers.items() if name != first} | {INITIAL: initial}
        case.step = first
        case.save(update_fields=["answers", "step", "updated_at"])
    return case


def _require_draft(case):
    if case.status != Status.DRAFT:
        raise NotAllowed(_("This request has been submitted: it can no longer be changed."))


def is_being_corrected(case):
    """The fund sent the request back to its sender, who may change its answers and documents."""
    definition = case.definition
    return definition is not None and definition.correctable and case.status == Status.INFO_REQUESTED


def _require_editable(case):
    if not is_being_corrected(case):
        _require_draft(case)


def save_step(case, step_name, cleaned_data, *, actor, now=None):
    """Keep a step's answers in the draft and move the draft to the next step."""
    definition = case.definition
    names = definition.step_names()
    if step_name not in names:
        raise NotAllowed(_("This step does not exist."))
    with transaction.atomic():
        case = workflow.locked(case)
        _require_editable(case)
        answers = {name: value for name, value in case.answers.items() if name != INITIAL}
        case.answers = {**answers, step_name: to_json(cleaned_data)}
        index = names.index(step_name)
        case.step = names[index + 1] if index + 1 < len(names) else "documents"
        case.save(update_fields=["answers", "step", "updated_at"])
    return case


def _store(case, kind, files, *, actor, written, request=None, now):
    if case.documents.count() + len(files) > MAX_DOCUMENTS:
        raise NotAllowed(
            _("A request holds at most %(max)d documents. Remove some before adding others.") % {"max": MAX_DOCUMENTS}
        )
    stored = []
    for checked in files:
        document = CaseDocument(
            case=case,
            kind=kind,
            request=request,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=_user(actor),
            created_at=now,
        )
        written.save(document.file, checked)
        document.save()
        stored.append(document)
    return stored


def add_documents(case, *, actor, target, files, context=None, now=None):
    """Attach checked files to one line of the checklist (``checklist.Item.key``): ``send_documents``."""
    return send_documents(case, actor=actor, uploads=[(target, files)], context=context, now=now)


def send_documents(case, *, actor, uploads, context=None, now=None):
    """Attach checked files to lines of the checklist: ``uploads`` is [(``checklist.Item.key``, files)].

    In a draft: any document the procedure asks for. Once submitted: only what the fund asked for
    and has not received yet; the last one sent puts the request back in the fund's hands. All
    the lines or none: one refused line leaves neither a row nor a file of the others.
    """
    now = now or timezone.now()
    uploads = [(target, files) for target, files in uploads if files]
    if not uploads:
        raise NotAllowed(_("Choose a file to send."))
    stored = []
    with WrittenFiles().removed_on_error() as written, transaction.atomic():
        case = workflow.locked(case)
        items = {item.key: item for item in checklist.checklist(case)}
        answered = False
        for target, files in uploads:
            item = items.get(target)
            if item is None:
                raise NotAllowed(_("This document is not part of the request."))
            if item.request is None:
                _require_editable(case)
                stored += _store(case, item.kind, files, actor=actor, written=written, now=now)
                continue
            if case.status in FINAL or item.request.status != RequestStatus.OPEN:
                raise NotAllowed(_("The fund is no longer waiting for this document."))
            stored += _store(case, item.kind, files, actor=actor, written=written, request=item.request, now=now)
            DocumentRequest.objects.filter(pk=item.request.pk).update(status=RequestStatus.RECEIVED)
            item.request.status = RequestStatus.RECEIVED
            CaseEvent.objects.create(
                case=case, kind=EventKind.DOCUMENT_SENT, document_kind=item.kind, author=_user(actor), created_at=now
            )
            answered = True
        _audit(AuditAction.DOCUMENTS_SENT, case, actor=actor, context=context, details={"count": len(stored)})
        if answered and case.status == Status.INFO_REQUESTED and not checklist.open_requests(case):
            workflow.transition(case, Status.UNDER_REVIEW, actor=actor, now=now)
            if case.due_at is None:
                case.due_at = _due(case, now)
                case.save(update_fields=["due_at", "updated_at"])
    return stored


def remove_document(case, document, *, actor):
    """Take a document off a draft (the wrong file was chosen)."""
    with transaction.atomic():
        case = workflow.locked(case)
        _require_editable(case)
        document = case.documents.get(pk=document.pk)
        if document.review == DocumentReview.ACCEPTED:
            raise NotAllowed(_("The fund has accepted this document: it stays with the request."))
        storage, name = document.file.storage, document.file.name
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))


def _due(case, start):
    return start + datetime.timedelta(days=case.definition.days_to_decide)


def problems(case):
    """What stops the draft from being submitted, as messages for the applicant ([] when ready)."""
    definition = case.definition
    found = [
        _("Step “%(step)s” is not answered yet.") % {"step": step.title}
        for step in definition.steps
        if step.name not in case.answers
    ]
    found += [_("“%(document)s” is missing.") % {"document": item.label} for item in checklist.missing(case)]
    return found


def submit(case, *, actor, context=None, now=None):
    """Send the draft to the fund (once: submitting twice returns the request already submitted)."""
    now = now or timezone.now()
    with transaction.atomic():
        case = workflow.locked(case)
        if case.status != Status.DRAFT:
            if case.submitted_at is not None:
                return case  # a second click, a resent form: the first one counted
            _require_draft(case)
        missing = problems(case)
        if missing:
            raise NotAllowed(" ".join(missing))
        definition = case.definition
        if definition.identify is not None:
            case.member = definition.identify(case.answers)
        case.submitted_at = now
        case.due_at = _due(case, now)
        case.save(update_fields=["member", "submitted_at", "due_at", "updated_at"])
        workflow.transition(case, Status.SUBMITTED, actor=actor, kind=EventKind.SUBMITTED, now=now)
        _audit(AuditAction.SUBMITTED, case, actor=actor, context=context)
        notifications.submitted(case)
    return case


def withdraw(case, *, actor, context=None, now=None):
    """The applicant gives up the request (or the draft), until it is decided."""
    now = now or timezone.now()
    with transaction.atomic():
        case = workflow.locked(case)
        if case.status in FINAL:
            raise NotAllowed(_("This request has been decided: it can no longer be withdrawn."))
        if not workflow.can_withdraw(case):
            raise NotAllowed(_("This request cannot be withdrawn."))
        workflow.transition(case, Status.WITHDRAWN, actor=actor, kind=EventKind.WITHDRAWN, now=now)
        case.document_requests.filter(status=RequestStatus.OPEN).update(status=RequestStatus.CANCELLED, closed_at=now)
        _audit(AuditAction.WITHDRAWN, case, actor=actor, context=context)
    return case


def report_death(answers, files, *, key, language, context=None, now=None):
    """A death reported on the public form (no account): one submitted request, whatever was found.

    The pension is not suspended on this form alone: an agent checks the death certificate, and
    the acceptance is what the export tells the core system (a form anyone can fill must not be
    a way to stop someone's pension). The same ``key`` sent twice gives the first request back.
    """
    now = now or timezone.now()
    procedure = procedures.get("death_report")
    existing = Case.objects.filter(submission_key=key).first() if key else None
    if existing is not None:
        return existing
    try:
        with WrittenFiles().removed_on_error() as written, transaction.atomic():
            case = _new_case(
                procedure,
                member=procedure.identify(answers),
                applicant=None,
                status=Status.DRAFT,
                channel=Channel.PUBLIC,
                language=language,
                now=now,
                created_by=None,
                answers=answers,
                key=key,
            )
            _store(case, DocumentKind.DEATH_CERTIFICATE, files, actor=None, written=written, now=now)
            case.submitted_at, case.due_at = now, _due(case, now)
            case.save(update_fields=["submitted_at", "due_at", "updated_at"])
            workflow.transition(case, Status.SUBMITTED, actor=None, kind=EventKind.SUBMITTED, now=now)
    except IntegrityError:
        return Case.objects.get(submission_key=key)
    return case


# --- The fund ------------------------------------------------------------------------------------


def opened_by_agent(case, *, actor, context=None):
    """An agent looked at the request (every showing is one audited view)."""
    _audit(AuditAction.VIEW, case, actor=actor, context=context)


def document_opened_by_agent(document, *, actor, context=None):
    _audit(
        AuditAction.DOWNLOAD,
        document.case,
        actor=actor,
        context=context,
        target=f"{document.case.reference}/{document.pk}",
    )


def assign(case, assignee, *, actor, context=None, now=None):
    """Give the request to an agent (or to nobody); a submitted request taken up is under review."""
    now = now or timezone.now()
    with transaction.atomic():
        case = workflow.locked(case)
        case.assigned_to = assignee
        case.save(update_fields=["assigned_to", "updated_at"])
        CaseEvent.objects.create(
            case=case, kind=EventKind.ASSIGNED, assignee=assignee, author=actor, is_internal=True, created_at=now
        )
        if assignee is not None and case.status == Status.SUBMITTED:
            workflow.transition(case, Status.UNDER_REVIEW, actor=actor, now=now)
        _audit(AuditAction.ASSIGN, case, actor=actor, context=context)
    return case


def add_note(case, body, *, actor, context=None, now=None):
    """An agents' note: never shown to the applicant."""
    body = body.strip()
    if not body:
        raise NotAllowed(_("Write the note first."))
    with transaction.atomic():
        event = CaseEvent.objects.create(
            case=case,
            kind=EventKind.NOTE,
            message=body,
            is_internal=True,
            author=actor,
            created_at=now or timezone.now(),
        )
        _audit(AuditAction.NOTE, case, actor=actor, context=context)
    return event


def request_documents(case, wanted, *, actor, due_on=None, context=None, now=None, core_id=None):
    """Ask the applicant for documents: ``wanted`` is [(DocumentKind, message)]. The request waits
    for the applicant until every one is sent; they are told at once."""
    now = now or timezone.now()
    due_on = due_on or timezone.localdate(now) + datetime.timedelta(days=DEFAULT_DAYS_TO_SEND)
    if not wanted:
        raise NotAllowed(_("Choose at least one document."))
    if due_on < timezone.localdate(now):
        raise NotAllowed(_("The deadline cannot be in the past."))
    with transaction.atomic():
        case = workflow.locked(case)
        if case.status in FINAL or case.status == Status.DRAFT:
            raise NotAllowed(_("Documents can be asked for only on a request being processed."))
        created = []
        for kind, message in wanted:
            created.append(
                DocumentRequest.objects.create(
                    case=case,
                    kind=DocumentKind(kind),
                    message=message.strip(),
                    due_on=due_on,
                    requested_by=_user(actor),
                    core_id=core_id,
                    created_at=now,
                )
            )
            CaseEvent.objects.create(
                case=case,
                kind=EventKind.DOCUMENT_REQUESTED,
                document_kind=kind,
                message=message.strip(),
                author=_user(actor),
                created_at=now,
            )
        if case.status != Status.INFO_REQUESTED:
            workflow.transition(case, Status.INFO_REQUESTED, actor=actor, now=now)
        if actor is not None:
            _audit(
                AuditAction.REQUEST_DOCUMENT,
                case,
                actor=actor,
                context=context,
                details={"kinds": [k for k, _m in wanted]},
            )
        notifications.documents_requested(case)
    return created


def ask_for_correction(case, message, *, actor, context=None, now=None):
    """Send the request back to its sender (an employer's HR service) with what to correct; the
    fund's clock stops until it comes back (``send_correction``)."""
    now = now or timezone.now()
    message = message.strip()
    if not message:
        raise NotAllowed(_("Say what must be corrected."))
    with transaction.atomic():
        case = workflow.locked(case)
        if not case.definition.correctable:
            raise NotAllowed(_("This kind of request is not sent back for corrections: ask for documents."))
        if case.status not in (Status.SUBMITTED, Status.UNDER_REVIEW):
            raise NotAllowed(_("A correction can be asked only on a request being processed."))
        event = workflow.transition(
            case, Status.INFO_REQUESTED, actor=actor, kind=EventKind.CORRECTION_ASKED, message=message, now=now
        )
        _audit(AuditAction.ASK_CORRECTION, case, actor=actor, context=context)
        transaction.on_commit(lambda: signals.correction_asked.send(sender=Case, case=case, event=event))
    return event


def send_correction(case, *, actor, message="", context=None, now=None):
    """The sender sends the corrected request back: the fund reviews it again."""
    now = now or timezone.now()
    with transaction.atomic():
        case = workflow.locked(case)
        if not is_being_corrected(case):
            raise NotAllowed(_("The fund is not waiting for a correction of this request."))
        missing = problems(case)
        if missing:
            raise NotAllowed(" ".join(missing))
        event = workflow.transition(
            case, Status.UNDER_REVIEW, actor=actor, kind=EventKind.CORRECTED, message=message.strip(), now=now
        )
    return event


def ask_member_for_document(member, kind, *, actor, message="", due_on=None, core_id=None, context=None, now=None):
    """The fund asks a member for a document outside any request of theirs (a school certificate
    each year, a certificate of non-remarriage…): a "documents requested by the fund" request.

    With ``core_id`` (the core system's request), asking twice is harmless: the first one is returned.
    """
    now = now or timezone.now()
    if core_id:
        existing = DocumentRequest.objects.filter(core_id=core_id).select_related("case").first()
        if existing is not None:
            return existing.case
    procedure = procedures.get("fund_documents")
    with transaction.atomic():
        case = _new_case(
            procedure,
            member=member,
            applicant=member.user,
            status=Status.SUBMITTED,
            channel=Channel.CORE if actor is None else Channel.FUND,
            language="fr",
            now=now,
            created_by=_user(actor),
        )
        case.submitted_at = now
        case.save(update_fields=["submitted_at", "updated_at"])
        request_documents(
            case, [(kind, message)], actor=actor, due_on=due_on, context=context, now=now, core_id=core_id
        )
    case.refresh_from_db()
    return case


def review_document(document, *, accepted, actor, note="", context=None, now=None):
    """Accept a document, or refuse it with a reason (the fund then asks for it again).

    A request of the fund's whose every document is accepted is done: it is accepted itself.
    """
    now = now or timezone.now()
    note = note.strip()
    if not accepted and not note:
        raise NotAllowed(_("Say why the document is not accepted: the member reads it."))
    with transaction.atomic():
        case = workflow.locked(document.case)
        document = case.documents.select_for_update().get(pk=document.pk)
        if case.status in FINAL:
            raise NotAllowed(_("This request is decided: its documents can no longer be checked."))
        if document.review != DocumentReview.PENDING:
            raise NotAllowed(_("This document has already been checked."))
        document.review = DocumentReview.ACCEPTED if accepted else DocumentReview.REJECTED
        document.review_note = note
        document.reviewed_by, document.reviewed_at = actor, now
        document.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
        CaseEvent.objects.create(
            case=case,
            kind=EventKind.DOCUMENT_ACCEPTED if accepted else EventKind.DOCUMENT_REJECTED,
            document_kind=document.kind,
            message=note,
            author=actor,
            created_at=now,
        )
        request = document.request
        if request is not None and accepted and request.status == RequestStatus.RECEIVED:
            pending = request.documents.filter(review=DocumentReview.PENDING).exists()
            if not pending:
                request.status, request.closed_at = RequestStatus.ACCEPTED, now
                request.save(update_fields=["status", "closed_at"])
        _audit(AuditAction.REVIEW_DOCUMENT, case, actor=actor, context=context, details={"accepted": accepted})
    if not accepted:
        # Refused: asked for again, with the reason, by the same deadline rule.
        request_documents(case, [(document.kind, note)], actor=actor, context=context, now=now)
    elif case.procedure == "fund_documents":
        _close_fund_request_when_done(case, actor=actor, context=context, now=now)
    return document


def _close_fund_request_when_done(case, *, actor, context, now):
    with transaction.atomic():
        case = workflow.locked(case)
        if case.status in FINAL:
            return
        if case.document_requests.exclude(status__in=[RequestStatus.ACCEPTED, RequestStatus.CANCELLED]).exists():
            return
        workflow.transition(case, Status.ACCEPTED, actor=actor, kind=EventKind.DECISION, now=now)
        notifications.decided(case)


def start_review(case, *, actor, context=None, now=None):
    with transaction.atomic():
        case = workflow.locked(case)
        workflow.transition(case, Status.UNDER_REVIEW, actor=actor, now=now)
        _audit(AuditAction.STATUS, case, actor=actor, context=context, details={"status": case.status})
    return case


def decide(case, *, accepted, reason, actor, context=None, now=None):
    """Accept or refuse the request, with the reason the applicant reads (required for a refusal)."""
    now = now or timezone.now()
    reason = reason.strip()
    if not accepted and not reason:
        raise NotAllowed(_("Give the reason for the refusal: the applicant reads it."))
    with transaction.atomic():
        case = workflow.locked(case)
        if accepted and checklist.open_requests(case):
            raise NotAllowed(_("Documents asked for have not been received yet: cancel the request for them or wait."))
        to_status = Status.ACCEPTED if accepted else Status.REFUSED
        workflow.transition(case, to_status, actor=actor, kind=EventKind.DECISION, message=reason, now=now)
        case.decision_reason = reason
        case.save(update_fields=["decision_reason", "updated_at"])
        case.document_requests.filter(status=RequestStatus.OPEN).update(status=RequestStatus.CANCELLED, closed_at=now)
        _audit(AuditAction.DECIDE, case, actor=actor, context=context, details={"status": to_status})
        notifications.decided(case)
    return case


def match_member(case, member, *, actor, context=None):
    """An agent links a public report or a survivor's application to the file it is about."""
    with transaction.atomic():
        case = workflow.locked(case)
        case.member = member
        case.save(update_fields=["member", "updated_at"])
        CaseEvent.objects.create(
            case=case,
            kind=EventKind.NOTE,
            is_internal=True,
            author=actor,
            message=_("Linked to the file %(number)s.") % {"number": member.affiliation_number},
        )
        _audit(AuditAction.MATCH, case, actor=actor, context=context, details={"member": member.pk})
    return case


# --- The core system -----------------------------------------------------------------------------


def record_core_event(case, *, core_id, status="", message="", dossier=None, now=None):
    """An event of the core system about the request (imported): once per ``core_id``.

    It may move the request (to under review, accepted or refused; never back from a decision)
    and link the dossier the core system opened for it. Returns the event, or None when this
    ``core_id`` was already recorded.
    """
    now = now or timezone.now()
    if CaseEvent.objects.filter(core_id=core_id).exists():
        return None
    with transaction.atomic():
        case = workflow.locked(case)
        if dossier is not None and case.dossier_id != dossier.pk:
            if case.member_id is not None and dossier.member_id != case.member_id:
                raise NotAllowed(f"dossier {dossier.reference} belongs to another member")
            case.dossier = dossier
            case.save(update_fields=["dossier", "updated_at"])
        if status and status != case.status:
            event = workflow.transition(
                case, status, actor=None, message=message, kind=EventKind.CORE, now=now, core_id=core_id
            )
            if status in (Status.ACCEPTED, Status.REFUSED):
                case.decision_reason = message
                case.save(update_fields=["decision_reason", "updated_at"])
                notifications.decided(case)
            return event
        return CaseEvent.objects.create(
            case=case, kind=EventKind.CORE, message=message, core_id=core_id, created_at=now
        )
