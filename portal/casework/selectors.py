"""Reading requests: the applicant's (always through ``Case.objects.visible_to``), the agents' queue.

Another person's request is simply not found: 404, never 403, which would confirm that it exists.
"""

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from portal.casework.choices import FINAL, WITH_THE_FUND, RequestStatus, Status
from portal.casework.models import Case, DocumentRequest

QUEUE_PAGE_SIZE = 50


def applicant_cases(user):
    return (
        Case.objects.visible_to(user)
        .select_related("member", "dossier")
        .annotate(open_requests=Count("document_requests", filter=Q(document_requests__status=RequestStatus.OPEN)))
    )


def applicant_case(user, reference):
    case = Case.objects.visible_to(user).select_related("member", "dossier").filter(reference=reference).first()
    if case is None:
        raise Http404
    return case


def case_document(case, document_id):
    """A document of ``case`` (already found for whoever asks), or 404."""
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    return document


def in_progress(user):
    """The dashboard's "Mes démarches": requests not decided yet, the ones waiting for the applicant first."""
    cases = applicant_cases(user).exclude(status__in=FINAL)
    return sorted(cases, key=lambda case: (case.status != Status.INFO_REQUESTED, -case.created_at.timestamp()))


def awaited_documents(user):
    """What the fund is waiting for from this person, soonest deadline first."""
    return (
        DocumentRequest.objects.open()
        .filter(case__in=Case.objects.visible_to(user))
        .select_related("case")
        .order_by("due_on", "pk")
    )


def timeline(case):
    """The events the applicant reads, oldest first."""
    return case.events.visible_to_member().select_related("author")


def case_for_agent(pk):
    case = Case.objects.select_related("member", "applicant", "assigned_to", "dossier").filter(pk=pk).first()
    if case is None or case.status == Status.DRAFT:
        # A draft belongs to its author until it is submitted.
        raise Http404
    return case


def queue(filters, now=None):
    """The agents' queue: submitted requests, most urgent first, narrowed by ``filters``
    (``procedure``, ``status``, ``assigned_to`` (a user or "none"), ``overdue``, ``q``)."""
    now = now or timezone.now()
    cases = Case.objects.exclude(status=Status.DRAFT).select_related("member", "assigned_to")
    status = filters.get("status")
    if status == "open":
        cases = cases.exclude(status__in=FINAL)
    elif status:
        cases = cases.filter(status=status)
    if filters.get("procedure"):
        cases = cases.filter(procedure=filters["procedure"])
    assigned = filters.get("assigned_to")
    if assigned == "none":
        cases = cases.filter(assigned_to__isnull=True)
    elif assigned:
        cases = cases.filter(assigned_to=assigned)
    if filters.get("overdue"):
        cases = cases.filter(status__in=WITH_THE_FUND, due_at__lt=now)
    query = (filters.get("q") or "").strip()
    if query:
        cases = cases.filter(
            Q(reference__iexact=query)
            | Q(member__affiliation_number__iexact=query)
            | Q(member__pension_number__iexact=query)
            | Q(member__national_id__iexact=query)
        )
    return cases.order_by("due_at", "pk")


def overdue_document_requests(today=None):
    """Documents asked of members and not received by their deadline, the oldest deadline first."""
    return DocumentRequest.objects.overdue(today).select_related("case__member").order_by("due_on", "pk")
