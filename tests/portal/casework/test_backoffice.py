"""The agents' queue for requests in the Wagtail admin: who may enter, the queue and its filters, one
request and every action on it (with its effect and its audit event), bad input (400, nothing
changed), the documents awaited past their deadline, asking a member for a document."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal.casework import checklist, procedures, selectors, services
from portal.casework.choices import DocumentKind, DocumentReview, EventKind, RequestStatus, Status
from portal.casework.models import Case, CaseEvent, DocumentRequest
from portal.claims.permissions import CLAIMS_AGENTS
from portal.models import AuditEvent
from tests.portal import factories
from tests.portal.casework.conftest import checked_pdf, survivor_answers
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

SURVIVOR = procedures.get("survivor_pension")
RIB = factories.valid_rib(777)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def refused(response):
    """403, or Wagtail's answer to a PermissionDenied for an admin user: back to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def _submitted_survivor_case(widow_user, deceased, **answers):
    case = services.start(SURVIVOR, actor=widow_user, member=None, language="fr")
    for step, data in survivor_answers(deceased, **answers).items():
        case = services.save_step(case, step, data, actor=widow_user)
    for item in checklist.missing(case):
        services.add_documents(case, actor=widow_user, target=item.key, files=checked_pdf(item.label))
    return services.submit(case, actor=widow_user)


@pytest.fixture
def agent_client(agent):
    return logged_in(agent)


@pytest.fixture
def case(widow_user, deceased):
    return _submitted_survivor_case(widow_user, deceased)


@pytest.fixture
def report(db):
    """A death reported on the public form about nobody the fund knows (not matched)."""
    answers = {
        "report": {
            "identifier": "",
            "national_id": "ZZ999999",
            "last_name": "Inconnu",
            "first_name": "Omar",
            "birth_date": "1940-01-01",
            "death_date": "2026-11-20",
            "reporter_name": "Said",
            "relationship": "child",
            "reporter_phone": "0600000000",
            "reporter_email": "",
        }
    }
    import uuid

    return services.report_death(answers, checked_pdf(), key=uuid.uuid4(), language="fr")


def _in_french(lazy):
    with translation.override("fr"):
        return str(lazy)


def _url(name, case, **kwargs):
    return reverse(name, kwargs={"pk": case.pk, **kwargs})


def _audited(case, action):
    return AuditEvent.objects.filter(action=action, target=case.reference).count()


# --- Who may enter ---------------------------------------------------------------------------------


def _every_view(case):
    document = case.documents.first()
    gets = [
        reverse("casework_queue"),
        reverse("casework_awaited"),
        reverse("casework_ask"),
        _url("casework_case", case),
        _url("casework_document", case, document_id=document.pk),
    ]
    posts = [
        _url("casework_assign", case),
        _url("casework_note", case),
        _url("casework_start_review", case),
        _url("casework_request_documents", case),
        _url("casework_decide", case),
        _url("casework_match", case),
        _url("casework_review_document", case, document_id=document.pk),
        reverse("casework_ask"),
    ]
    return gets, posts


ANY_POST = {"take": "1", "body": "x", "kind": "other", "decision": "accept", "reason": "x", "identifier": "x"}


def _nobody_changed_anything(case):
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED and case.assigned_to is None
    assert not CaseEvent.objects.filter(case=case, kind__in=[EventKind.NOTE, EventKind.ASSIGNED]).exists()
    assert not DocumentRequest.objects.exists()
    assert not case.documents.exclude(review=DocumentReview.PENDING).exists()
    assert Case.objects.count() == 1
    # The applicant's own steps (started, documents sent, submitted) are audited too; no agent's action is.
    assert not AuditEvent.objects.filter(action__startswith="casework.").exclude(actor=case.applicant).exists()


@pytest.mark.parametrize("who", ["editor", "claims_agent"])
def test_other_staff_are_refused_every_view(who, editor, case):
    user = editor if who == "editor" else factories.UserFactory(groups=[CLAIMS_AGENTS], second_factor=True)
    client = logged_in(user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # they do use the admin
    gets, posts = _every_view(case)
    for address in gets:
        assert refused(client.get(address)), address
    for address in posts:
        assert refused(client.post(address, ANY_POST)), address
    _nobody_changed_anything(case)
    assert reverse("casework_queue") not in text(client.get(reverse("wagtailadmin_home")))


def test_members_and_visitors_are_refused(widow_user, case):
    gets, posts = _every_view(case)
    for client in (logged_in(widow_user), Client()):
        for address in gets:
            assert client.get(address).status_code in (302, 403), address
        for address in posts:
            assert client.post(address, ANY_POST).status_code in (302, 403), address
    _nobody_changed_anything(case)


def test_agents_see_the_menu_item(agent_client):
    assert reverse("casework_queue") in text(agent_client.get(reverse("wagtailadmin_home")))


def test_a_draft_is_not_shown_to_agents(agent_client, widow_user):
    draft = services.start(SURVIVOR, actor=widow_user, member=None, language="fr")
    assert agent_client.get(_url("casework_case", draft)).status_code == 404
    assert agent_client.post(_url("casework_note", draft), {"body": "x"}).status_code == 404
    assert draft.reference not in text(agent_client.get(reverse("casework_queue")))


# --- The queue -------------------------------------------------------------------------------------


def test_queue_columns_and_filters(agent_client, agent, case, report, member):
    late = services.ask_member_for_document(member, DocumentKind.SCHOOL_CERTIFICATE, actor=agent)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - datetime.timedelta(days=1))
    services.assign(report, agent, actor=agent)

    def page(**query):
        response = agent_client.get(reverse("casework_queue"), query)
        assert response.status_code == 200
        return text(response)

    everything = page()
    for shown_case in (case, report, late):
        assert shown_case.reference in everything
    assert case.member.affiliation_number in everything
    assert shown("Not matched to a member file") in everything
    assert "⚠ " + shown("Overdue") in everything
    assert shown("Apply for a survivor's pension") in everything

    def refs(**query):
        found = page(**query)
        return {c.reference for c in (case, report, late) if c.reference in found}

    assert refs(overdue="on") == {case.reference}
    assert refs(assigned="me") == {report.reference}
    assert refs(assigned=str(agent.pk)) == {report.reference}
    assert refs(assigned="none") == {case.reference, late.reference}
    assert refs(procedure="death_report") == {report.reference}
    assert refs(status="info_requested") == {late.reference}
    assert refs(status="open") == {case.reference, report.reference, late.reference}
    assert refs(q=case.member.pension_number) == {case.reference}
    assert refs(q=member.national_id) == {late.reference}
    assert refs(q=report.reference) == {report.reference}
    services.decide(late, accepted=False, reason="Plus nécessaire", actor=agent)
    assert refs(status="open") == {case.reference, report.reference}


def test_queue_queries_do_not_grow_with_the_rows(agent_client, agent, member, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.ask_member_for_document(member, DocumentKind.OTHER, actor=agent)
    agent_client.get(reverse("casework_queue"))  # warm caches (permissions, site)
    with CaptureQueriesContext(connection) as one_row:
        agent_client.get(reverse("casework_queue"))
    for _ in range(20):
        other = factories.MemberFactory()
        services.ask_member_for_document(other, DocumentKind.OTHER, actor=agent)
    with django_assert_max_num_queries(len(one_row)):
        response = agent_client.get(reverse("casework_queue"))
    assert text(response).count("DEM-") >= 21


# --- One request -----------------------------------------------------------------------------------


def test_showing_a_request_is_audited_and_masks_the_rib(agent_client, agent, case):
    services.add_note(case, "Vérifier l'acte de mariage", actor=agent)
    response = agent_client.get(_url("casework_case", case))
    page = text(response)
    assert response.status_code == 200
    assert case.reference in page and case.member.affiliation_number in page
    assert RIB not in page and RIB[-4:] in page
    assert shown("Marriage certificate") in page
    assert "Vérifier l'acte de mariage" in page and shown("Internal, not shown to the applicant") in page
    assert _audited(case, "casework.view") == 1


def test_the_pages_read_right_to_left_in_arabic(agent, case, report, member):
    from wagtail.users.models import UserProfile

    services.ask_member_for_document(member, DocumentKind.SCHOOL_CERTIFICATE, actor=agent)
    DocumentRequest.objects.update(due_on=datetime.date(2026, 1, 15))
    profile = UserProfile.get_for_user(agent)
    profile.preferred_language = "ar"
    profile.save()
    client = logged_in(agent)
    addresses = [
        reverse("casework_queue"),
        reverse("casework_awaited"),
        reverse("casework_ask"),
        _url("casework_case", case),
        _url("casework_case", report),
    ]
    for address in addresses:
        response = client.get(address)
        page = text(response)
        assert response.status_code == 200 and 'dir="rtl"' in page, address
    queue = text(client.get(reverse("casework_queue")))
    assert f'<bdi dir="ltr">{case.reference}</bdi>' in queue
    assert f'<bdi dir="ltr">{case.member.affiliation_number}</bdi>' in queue


def test_download_is_audited(agent_client, case):
    document = case.documents.first()
    response = agent_client.get(_url("casework_document", case, document_id=document.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="casework.download", target=f"{case.reference}/{document.pk}").exists()
    assert agent_client.get(_url("casework_document", case, document_id=999999)).status_code == 404


def test_take_note_ask_review_and_accept(agent_client, agent, case, widow_user):
    response = agent_client.post(_url("casework_assign", case), {"take": "1"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == agent and case.status == Status.UNDER_REVIEW
    assert _audited(case, "casework.assign") == 1

    agent_client.post(_url("casework_note", case), {"body": "Note interne secrète"})
    assert case.events.filter(kind=EventKind.NOTE, is_internal=True, message="Note interne secrète").exists()
    assert _audited(case, "casework.note") == 1
    assert "Note interne secrète" not in [event.message for event in selectors.timeline(case)]
    applicant_page = logged_in(widow_user).get(reverse("casework:detail", kwargs={"reference": case.reference}))
    assert applicant_page.status_code == 200 and "Note interne secrète" not in text(applicant_page)

    due = timezone.localdate() + datetime.timedelta(days=15)
    response = agent_client.post(
        _url("casework_request_documents", case),
        {"kind": DocumentKind.NON_REMARRIAGE, "message": "Certificat récent", "due_on": due.isoformat()},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    request = DocumentRequest.objects.get(case=case)
    assert case.status == Status.INFO_REQUESTED and request.due_on == due and request.message == "Certificat récent"
    assert _audited(case, "casework.request_document") == 1
    page = text(agent_client.get(_url("casework_case", case)))
    assert shown("Certificate of non-remarriage") in page and "Certificat récent" in page

    [item] = checklist.open_requests(case)
    services.add_documents(case, actor=widow_user, target=item.key, files=checked_pdf())
    sent = case.documents.get(request=request)
    response = agent_client.post(_url("casework_review_document", case, document_id=sent.pk), {"decision": "accept"})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.review == DocumentReview.ACCEPTED and sent.reviewed_by == agent
    assert _audited(case, "casework.review_document") == 1

    response = agent_client.post(_url("casework_decide", case), {"decision": "accept", "reason": "Droits ouverts"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.decision_reason == "Droits ouverts"
    assert _audited(case, "casework.decide") == 1
    assert [e.message for e in selectors.timeline(case) if e.kind == EventKind.DECISION] == ["Droits ouverts"]


def test_start_review_then_refuse_with_a_reason(agent_client, case):
    assert agent_client.post(_url("casework_start_review", case)).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW and _audited(case, "casework.status") == 1
    response = agent_client.post(_url("casework_decide", case), {"decision": "refuse", "reason": "Hors délai"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.REFUSED and case.decision_reason == "Hors délai"


def test_a_document_not_accepted_is_asked_for_again(agent_client, case):
    document = case.documents.get(kind=DocumentKind.MARRIAGE_CERTIFICATE)
    response = agent_client.post(
        _url("casework_review_document", case, document_id=document.pk),
        {"decision": "reject", "note": "Illisible"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.review == DocumentReview.REJECTED and document.review_note == "Illisible"
    again = DocumentRequest.objects.get(case=case)
    assert again.kind == DocumentKind.MARRIAGE_CERTIFICATE and again.message == "Illisible"
    case.refresh_from_db()
    assert case.status == Status.INFO_REQUESTED


def test_match_a_report_to_a_member_file(agent_client, report, deceased):
    page = text(agent_client.get(_url("casework_case", report)))
    assert shown("Not matched to a member file") in page
    response = agent_client.post(_url("casework_match", report), {"identifier": deceased.pension_number})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.member == deceased
    assert _audited(report, "casework.match") == 1
    assert report.events.filter(kind=EventKind.NOTE, is_internal=True).exists()
    # Already linked: refused, nothing changed.
    other = factories.MemberFactory()
    response = agent_client.post(_url("casework_match", report), {"identifier": other.affiliation_number})
    assert response.status_code == 400 and shown("This request is already linked to a member file.") in text(response)
    report.refresh_from_db()
    assert report.member == deceased


# --- Bad input: 400, a message, nothing changed ----------------------------------------------------


def _unchanged(case, status=Status.SUBMITTED):
    case.refresh_from_db()
    assert case.status == status and case.decision_reason == ""
    assert not DocumentRequest.objects.filter(case=case).exists()
    assert not case.documents.exclude(review=DocumentReview.PENDING).exists()
    assert not AuditEvent.objects.filter(action__in=["casework.decide", "casework.request_document"]).exists()


def test_empty_refusal_reason(agent_client, case):
    response = agent_client.post(_url("casework_decide", case), {"decision": "refuse", "reason": "  "})
    assert response.status_code == 400
    assert shown("Give the reason for the refusal: the applicant reads it.") in text(response)
    _unchanged(case)


def test_document_not_accepted_without_a_reason(agent_client, case):
    document = case.documents.first()
    response = agent_client.post(
        _url("casework_review_document", case, document_id=document.pk), {"decision": "reject", "note": ""}
    )
    assert response.status_code == 400
    assert shown("Say why the document is not accepted: the member reads it.") in text(response)
    _unchanged(case)


def test_deadline_in_the_past_and_unknown_kind(agent_client, case):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = agent_client.post(
        _url("casework_request_documents", case), {"kind": DocumentKind.OTHER, "due_on": yesterday.isoformat()}
    )
    assert response.status_code == 400 and shown("The deadline cannot be in the past.") in text(response)
    response = agent_client.post(_url("casework_request_documents", case), {"kind": "passport"})
    assert response.status_code == 400
    assert shown("Select a valid choice. %(value)s is not one of the available choices.", value="passport") in text(
        response
    )
    _unchanged(case)


def test_a_transition_the_workflow_refuses(agent_client, agent, case):
    services.decide(case, accepted=False, reason="Doublon", actor=agent)
    before = case.events.count()
    response = agent_client.post(_url("casework_start_review", case))
    assert response.status_code == 400
    final = shown(
        "This request is %(status)s: it can no longer change. Make a new request if needed.",
        status=_in_french(Status.REFUSED.label).lower(),
    )
    assert final in text(response)
    response = agent_client.post(_url("casework_decide", case), {"decision": "accept", "reason": ""})
    assert response.status_code == 400 and final in text(response)
    case.refresh_from_db()
    assert case.status == Status.REFUSED and case.decision_reason == "Doublon" and case.events.count() == before


def test_accepting_while_documents_are_awaited_is_refused(agent_client, agent, case):
    services.request_documents(case, [(DocumentKind.OTHER, "Pièce")], actor=agent)
    response = agent_client.post(_url("casework_decide", case), {"decision": "accept"})
    assert response.status_code == 400
    assert shown("Documents asked for have not been received yet: cancel the request for them or wait.") in text(
        response
    )
    case.refresh_from_db()
    assert case.status == Status.INFO_REQUESTED


def test_empty_note_and_unknown_assignee_and_unknown_file(agent_client, report):
    assert agent_client.post(_url("casework_note", report), {"body": ""}).status_code == 400
    assert agent_client.post(_url("casework_assign", report), {"assignee": "999999"}).status_code == 400
    response = agent_client.post(_url("casework_match", report), {"identifier": "NOPE0000"})
    assert response.status_code == 400 and shown("No member file has this number.") in text(response)
    report.refresh_from_db()
    assert report.member is None and report.assigned_to is None
    assert not report.events.filter(kind__in=[EventKind.NOTE, EventKind.ASSIGNED]).exists()


# --- Documents awaited, asking a member --------------------------------------------------------------


def test_documents_awaited_past_their_deadline(agent_client, agent, member, other_member):
    late = services.ask_member_for_document(member, DocumentKind.SCHOOL_CERTIFICATE, actor=agent)
    on_time = services.ask_member_for_document(other_member, DocumentKind.NON_REMARRIAGE, actor=agent)
    DocumentRequest.objects.filter(case=late).update(due_on=datetime.date(2026, 1, 15))
    DocumentRequest.objects.filter(case=on_time).update(due_on=timezone.localdate() + datetime.timedelta(days=3))
    response = agent_client.get(reverse("casework_awaited"))
    page = text(response)
    assert response.status_code == 200
    assert late.reference in page and on_time.reference not in page
    assert shown("School certificate") in page


def test_ask_a_member_for_a_document(agent_client, member):
    due = timezone.localdate() + datetime.timedelta(days=20)
    response = agent_client.post(
        reverse("casework_ask"),
        {
            "identifier": member.affiliation_number,
            "kind": DocumentKind.SCHOOL_CERTIFICATE,
            "message": "Année 2026–2027",
            "due_on": due.isoformat(),
        },
    )
    case = Case.objects.get(procedure="fund_documents")
    assert response.status_code == 302 and response["Location"] == _url("casework_case", case)
    assert case.member == member and case.status == Status.INFO_REQUESTED
    request = case.document_requests.get()
    assert (request.kind, request.message, request.due_on, request.status) == (
        DocumentKind.SCHOOL_CERTIFICATE,
        "Année 2026–2027",
        due,
        RequestStatus.OPEN,
    )
    assert _audited(case, "casework.request_document") == 1


def test_asking_with_bad_input_changes_nothing(agent_client, member):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    bad = [
        ({"identifier": "NOPE", "kind": DocumentKind.OTHER}, "No member file has this number."),
        ({"identifier": member.affiliation_number, "kind": "passport"}, None),
        (
            {"identifier": member.affiliation_number, "kind": DocumentKind.OTHER, "due_on": yesterday.isoformat()},
            "The deadline cannot be in the past.",
        ),
    ]
    for data, message in bad:
        response = agent_client.post(reverse("casework_ask"), data)
        assert response.status_code == 400, data
        if message:
            assert shown(message) in text(response)
    assert not Case.objects.exists() and not DocumentRequest.objects.exists()
    assert agent_client.get(reverse("casework_ask")).status_code == 200
