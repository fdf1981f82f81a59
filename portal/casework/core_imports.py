"""What the core system tells the portal about requests (``import_case_events``) and the documents
it asks members for (``import_document_requests``).

Each row goes through the services (``record_core_event``, ``ask_member_for_document``), in its
own transaction, keyed by the core system's ``core_id``: importing a file twice changes nothing.
A row that cannot be applied (unknown reference, unknown dossier, a move the workflow refuses) is
reported as "line N: ..." and skipped; the rows before and after it are applied (unlike the
member-file imports, which are all or nothing: here each row is an event on its own).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from portal.casework import services, workflow
from portal.casework.choices import DocumentKind, Status
from portal.casework.models import Case, DocumentRequest
from portal.importing import readers
from portal.models import Dossier, Member

# The moves the core system may report (never back to a draft, never a withdrawal: that is the applicant's).
CORE_STATUSES = (Status.UNDER_REVIEW, Status.INFO_REQUESTED, Status.ACCEPTED, Status.REFUSED)


@dataclass
class Report:
    rows: int = 0
    applied: int = 0
    already: int = 0
    errors: list = field(default_factory=list)  # [(line, message)]


class RowRefused(Exception):
    pass


def _text(row, name, required=False):
    value = row.get(name)
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise RowRefused(f"{name} is required")
    return value


def _moment(value):
    """An ISO date or date-time from the core system; a date alone is midnight, local time."""
    try:
        moment = parse_datetime(value)
        day = parse_date(value) if moment is None else None
    except ValueError:  # well formed, but no such day (2026-02-30)
        moment = day = None
    if moment is None:
        if day is None:
            raise RowRefused(f"date {value!r} is not an ISO date")
        moment = datetime.datetime.combine(day, datetime.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _rows(path, fmt=None):
    return readers.read_rows(path, readers.detect_format(path, fmt))


def import_case_events(path, *, fmt=None):
    report = Report()
    for line, row in _rows(path, fmt):
        report.rows += 1
        try:
            if isinstance(row, readers.RowError):
                raise RowRefused(str(row))
            core_id = _text(row, "core_id", required=True)
            reference = _text(row, "reference", required=True)
            # A draft was never sent to the core system: it cannot know its reference.
            case = Case.objects.exclude(status=Status.DRAFT).filter(reference=reference).first()
            if case is None:
                raise RowRefused(f"unknown request {reference}")
            status = _text(row, "status")
            if status and status not in CORE_STATUSES:
                raise RowRefused(f"status {status!r} is not one of {', '.join(CORE_STATUSES)}")
            dossier = None
            dossier_reference = _text(row, "dossier_reference")
            if dossier_reference:
                dossier = Dossier.objects.filter(reference=dossier_reference).first()
                if dossier is None:
                    raise RowRefused(f"unknown dossier {dossier_reference}")
            moment = _moment(_text(row, "date", required=True))
            event = services.record_core_event(
                case, core_id=core_id, status=status, message=_text(row, "message"), dossier=dossier, now=moment
            )
        except (RowRefused, services.NotAllowed, workflow.TransitionRefused) as error:
            report.errors.append((line, str(error)))
            continue
        if event is None:
            report.already += 1
        else:
            report.applied += 1
    return report


def import_document_requests(path, *, fmt=None):
    report = Report()
    for line, row in _rows(path, fmt):
        report.rows += 1
        try:
            if isinstance(row, readers.RowError):
                raise RowRefused(str(row))
            core_id = _text(row, "core_id", required=True)
            member_core_id = _text(row, "member_core_id", required=True)
            member = Member.objects.filter(core_id=member_core_id).select_related("user").first()
            if member is None:
                raise RowRefused(f"unknown member {member_core_id}")
            kind = _text(row, "kind", required=True)
            if kind not in DocumentKind.values:
                raise RowRefused(f"kind {kind!r} is not a document kind")
            try:
                due_on = parse_date(_text(row, "due_on", required=True))
            except ValueError:
                due_on = None
            if due_on is None:
                raise RowRefused("due_on is not an ISO date")
            known = DocumentRequest.objects.filter(core_id=core_id).exists()
            services.ask_member_for_document(
                member, kind, actor=None, message=_text(row, "message"), due_on=due_on, core_id=core_id
            )
        except (RowRefused, services.NotAllowed, workflow.TransitionRefused) as error:
            report.errors.append((line, str(error)))
            continue
        if known:
            report.already += 1
        else:
            report.applied += 1
    return report
