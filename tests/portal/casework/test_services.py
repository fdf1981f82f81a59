"""The casework core through its services: start, answer, attach, submit, ask, send, check, decide."""

import datetime

import pytest
from django.utils import timezone

from portal.casework import checklist, procedures, selectors, services
from portal.casework.choices import DocumentKind, DocumentReview, EventKind, RequestStatus, Status
from portal.casework.models import Case, CaseDocument, CaseEvent, DocumentRequest
from portal.models import AuditEvent
from tests.portal.casework.conftest import checked_pdf, survivor_answers

NOW = timezone.make_aware(datetime.datetime(2026, 12, 1, 10, 0))
SURVIVOR = procedures.get("survivor_pension")


def _survivor_draft(widow_user, deceased, **answers):
    case = services.start(SURVIVOR, actor=widow_user, member=None, language="fr")
    for step, data in survivor_answers(deceased, **answers).items():
        case = services.save_step(case, step, data, actor=widow_user)
    return case


def _send_everything(case, actor):
    for item in checklist.missing(case):
        services.add_documents(case, actor=actor, target=item.key, files=checked_pdf(item.label))


def test_a_widow_applies_and_the_fund_asks_for_one_more_document(widow_user, deceased, agent):
    case = _survivor_draft(widow_user, deceased)
    assert case.reference.startswith("DEM-2026-")
    assert [item.kind for item in checklist.checklist(case)] == [
        DocumentKind.DEATH_CERTIFICATE,
        DocumentKind.NATIONAL_ID,
        DocumentKind.MARRIAGE_CERTIFICATE,
        DocumentKind.NON_REMARRIAGE,
        DocumentKind.BANK_DETAILS,
    ]
    with pytest.raises(services.NotAllowed, match="Death certificate"):
        services.submit(case, actor=widow_user, now=NOW)
    _send_everything(case, widow_user)
    case = services.submit(case, actor=widow_user)
    assert case.status == Status.SUBMITTED
    assert case.member == deceased  # found by CIN + birth date + pension number
    assert case.due_at == case.submitted_at + datetime.timedelta(days=SURVIVOR.days_to_decide)

    services.assign(case, agent, actor=agent)
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    wanted = [(DocumentKind.FAMILY_RECORD, "Copie intégrale du livret de famille")]
    services.request_documents(case, wanted, actor=agent)
    case.refresh_from_db()
    assert case.status == Status.INFO_REQUESTED
    [item] = checklist.open_requests(case)
    services.add_documents(case, actor=widow_user, target=item.key, files=checked_pdf())
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    sent = case.documents.get(request__isnull=False)
    services.review_document(sent, accepted=True, actor=agent)
    assert DocumentRequest.objects.get().status == RequestStatus.ACCEPTED
    services.decide(case, accepted=True, reason="", actor=agent)
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.decided_at is not None

    seen = [event.kind for event in selectors.timeline(case)]
    assert seen == [
        EventKind.CREATED,
        EventKind.SUBMITTED,
        EventKind.STATUS,  # under review
        EventKind.DOCUMENT_REQUESTED,
        EventKind.STATUS,  # waiting for the member
        EventKind.DOCUMENT_SENT,
        EventKind.STATUS,  # back under review
        EventKind.DOCUMENT_ACCEPTED,
        EventKind.DECISION,
    ]
    assert CaseEvent.objects.filter(case=case, kind=EventKind.ASSIGNED, is_internal=True).exists()
    assert set(AuditEvent.objects.filter(actor=agent).values_list("action", flat=True)) >= {
        "casework.assign",
        "casework.request_document",
        "casework.review_document",
        "casework.decide",
    }


def test_a_refused_document_is_asked_for_again_with_the_reason(widow_user, deceased, agent):
    case = _survivor_draft(widow_user, deceased)
    _send_everything(case, widow_user)
    case = services.submit(case, actor=widow_user, now=NOW)
    services.request_documents(case, [(DocumentKind.FAMILY_RECORD, "")], actor=agent)
    [item] = checklist.open_requests(case)
    services.add_documents(case, actor=widow_user, target=item.key, files=checked_pdf(), now=NOW)
    document = CaseDocument.objects.get(request__isnull=False)
    with pytest.raises(services.NotAllowed):
        services.review_document(document, accepted=False, actor=agent, note=" ")
    services.review_document(document, accepted=False, actor=agent, note="Illisible")
    case.refresh_from_db()
    assert case.status == Status.INFO_REQUESTED
    again = DocumentRequest.objects.get(status=RequestStatus.OPEN)
    assert again.message == "Illisible" and again.kind == DocumentKind.FAMILY_RECORD
    document.refresh_from_db()
    assert document.review == DocumentReview.REJECTED


def test_a_submitted_request_cannot_be_edited_and_submitting_twice_counts_once(widow_user, deceased):
    case = _survivor_draft(widow_user, deceased)
    _send_everything(case, widow_user)
    first = services.submit(case, actor=widow_user, now=NOW)
    again = services.submit(case, actor=widow_user, now=NOW)
    assert again.pk == first.pk
    assert CaseEvent.objects.filter(case=case, kind=EventKind.SUBMITTED).count() == 1
    with pytest.raises(services.NotAllowed):
        services.save_step(case, "payment", {"bank_rib": ""}, actor=widow_user)
    with pytest.raises(services.NotAllowed):
        services.add_documents(case, actor=widow_user, target=DocumentKind.NATIONAL_ID, files=checked_pdf())
    assert Case.objects.count() == 1


def test_starting_again_resumes_the_draft(widow_user, deceased):
    first = _survivor_draft(widow_user, deceased)
    again = services.start(SURVIVOR, actor=widow_user, member=None, language="ar")
    assert again.pk == first.pk and again.answers == first.answers


def test_a_member_cannot_start_a_retirement_application_twice(member):
    procedure = procedures.get("pension_age_limit")
    case = services.start(procedure, actor=member.user, member=member, language="fr", now=NOW)
    for step, data in {
        "family": {"marital_status": "single", "children": 0},
        "payment": {"bank_rib": "011780000000000000000150"},
    }.items():
        services.save_step(case, step, data, actor=member.user)
    services.send_documents(
        case,
        actor=member.user,
        uploads=[(DocumentKind.NATIONAL_ID, checked_pdf()), (DocumentKind.BANK_DETAILS, checked_pdf())],
    )
    services.submit(case, actor=member.user, now=NOW)
    with pytest.raises(services.NotAllowed, match="already have a request"):
        services.start(procedure, actor=member.user, member=member, language="fr", now=NOW)


def test_not_yet_eligible_says_from_when(member):
    early_member_case = procedures.get("pension_age_limit")
    too_early = timezone.make_aware(datetime.datetime(2026, 6, 1, 9, 0))
    with pytest.raises(services.NotAllowed, match="You can apply from"):
        services.start(early_member_case, actor=member.user, member=member, language="fr", now=too_early)


def test_the_fund_asks_a_member_for_a_school_certificate_and_accepts_it(member, agent):
    due = datetime.date(2026, 12, 31)
    case = services.ask_member_for_document(
        member, DocumentKind.SCHOOL_CERTIFICATE, actor=agent, message="Année 2026-2027", due_on=due, now=NOW
    )
    assert case.status == Status.INFO_REQUESTED and case.applicant == member.user
    assert list(selectors.awaited_documents(member.user)) == list(DocumentRequest.objects.all())
    assert list(selectors.overdue_document_requests(datetime.date(2027, 1, 1))) == list(DocumentRequest.objects.all())
    assert list(selectors.overdue_document_requests(due)) == []
    [item] = checklist.open_requests(case)
    services.add_documents(case, actor=member.user, target=item.key, files=checked_pdf(), now=NOW)
    services.review_document(case.documents.get(), accepted=True, actor=agent)
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    assert list(selectors.overdue_document_requests(datetime.date(2027, 1, 1))) == []


def test_the_core_system_asking_twice_for_the_same_document_makes_one_request(member):
    kwargs = {"actor": None, "due_on": datetime.date(2027, 1, 31), "core_id": "REQ-1"}
    first = services.ask_member_for_document(member, DocumentKind.NON_REMARRIAGE, **kwargs)
    again = services.ask_member_for_document(member, DocumentKind.NON_REMARRIAGE, **kwargs)
    assert first.pk == again.pk and DocumentRequest.objects.count() == 1


def test_a_public_death_report_is_the_same_request_when_sent_twice(deceased):
    import uuid

    key = uuid.uuid4()
    answers = {
        "report": {**survivor_answers(deceased)["deceased"], "reporter_name": "Khadija", "relationship": "spouse"}
    }
    first = services.report_death(answers, checked_pdf(), key=key, language="ar")
    again = services.report_death(answers, checked_pdf(), key=key, language="ar")
    assert first.pk == again.pk and Case.objects.count() == 1
    assert first.status == Status.SUBMITTED and first.member == deceased and first.applicant is None
    assert CaseDocument.objects.count() == 1


def test_a_request_is_visible_to_its_applicant_only(widow_user, deceased, other_user):
    case = _survivor_draft(widow_user, deceased)
    assert list(Case.objects.visible_to(widow_user)) == [case]
    assert list(Case.objects.visible_to(other_user)) == []
    # The deceased's own account (were it still linked) does not see a request about their death.
    deceased.user = other_user
    deceased.save()
    _send_everything(case, widow_user)
    services.submit(case, actor=widow_user)
    assert list(Case.objects.visible_to(other_user)) == []


def test_a_decision_is_final(widow_user, deceased, agent):
    case = _survivor_draft(widow_user, deceased)
    _send_everything(case, widow_user)
    services.submit(case, actor=widow_user)
    with pytest.raises(services.NotAllowed, match="reason"):
        services.decide(case, accepted=False, reason="", actor=agent)
    services.decide(case, accepted=False, reason="Pas de droit", actor=agent)
    from portal.casework import workflow

    with pytest.raises(workflow.TransitionRefused):
        services.decide(case, accepted=True, reason="", actor=agent)
    with pytest.raises(services.NotAllowed):
        services.withdraw(case, actor=widow_user)


def test_what_the_fund_asked_for_cannot_be_withdrawn_by_the_member(member, agent):
    case = services.ask_member_for_document(member, DocumentKind.SCHOOL_CERTIFICATE, actor=agent)
    with pytest.raises(services.NotAllowed, match="cannot be withdrawn"):
        services.withdraw(case, actor=member.user)
    case.refresh_from_db()
    assert case.status == Status.INFO_REQUESTED
