"""Who may open a request's pages: its applicant only. Another member gets 404 on every URL (never
403, which would confirm it exists) and an anonymous visitor the login page; nothing changes."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.casework import procedures, services
from portal.casework.choices import DocumentKind, Status
from portal.casework.models import Case
from tests.portal.casework.conftest import checked_pdf, survivor_answers, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_write_budget(settings):
    settings.MEMBER_WRITES_PER_MINUTE = settings.MEMBER_WRITES_PER_HOUR = 0


def url(name, **kwargs):
    with translation.override("fr"):
        return reverse(f"casework:{name}", kwargs=kwargs)


@pytest.fixture
def draft(widow_user, deceased):
    """A survivor's draft with every step answered and one document."""
    case = services.start(procedures.get("survivor_pension"), actor=widow_user, member=None, language="fr")
    for step, data in survivor_answers(deceased).items():
        case = services.save_step(case, step, data, actor=widow_user)
    services.add_documents(case, actor=widow_user, target="death_certificate", files=checked_pdf())
    return case


@pytest.fixture
def submitted(member, agent):
    """A request about Amina's file, submitted, with a document the fund is waiting for."""
    case = services.ask_member_for_document(member, DocumentKind.SERVICE_CERTIFICATE, actor=agent, message="Merci")
    return case


def every_url(case):
    document = case.documents.first()
    document_id = document.pk if document else 999999
    reference = case.reference
    request = case.document_requests.first()
    send_field = f"send-request-{request.pk}" if request else "send-x"
    return [
        ("get", url("detail", reference=reference), {}),
        ("get", url("step", reference=reference, step="deceased"), {}),
        ("post", url("step", reference=reference, step="deceased"), {"last_name": "Intrus"}),
        ("get", url("documents", reference=reference), {}),
        ("post", url("documents", reference=reference), {"national_id": upload(), "upload": "1"}),
        ("post", url("remove", reference=reference, document_id=document_id), {}),
        ("get", url("review", reference=reference), {}),
        ("post", url("submit", reference=reference), {"certify": "on"}),
        ("post", url("withdraw", reference=reference), {"confirm": "on"}),
        ("post", url("send", reference=reference), {send_field: upload()}),
        ("get", url("receipt", reference=reference), {}),
        ("get", url("download", reference=reference, document_id=document_id), {}),
    ]


def snapshot(case):
    case = Case.objects.get(pk=case.pk)
    return (
        case.status,
        case.answers,
        sorted(case.documents.values_list("pk", flat=True)),
        case.events.count(),
        sorted(case.document_requests.values_list("status", flat=True)),
    )


@pytest.mark.parametrize("which", ["draft", "submitted"])
def test_another_member_gets_404_on_every_url_and_nothing_changes(client, other_member, which, request):
    case = request.getfixturevalue(which)
    if which == "submitted":
        # Give the fund's request a document so that the download URL names a real one.
        services.add_documents(
            case, actor=case.member.user, target=f"request-{case.document_requests.get().pk}", files=checked_pdf()
        )
        services.request_documents(case, [(DocumentKind.OTHER, "Encore un")], actor=None)
    before = snapshot(case)
    client.force_login(other_member.user)
    for method, address, data in every_url(case):
        response = getattr(client, method)(address, data)
        assert response.status_code == 404, (method, address, response.status_code)
    assert snapshot(case) == before


@pytest.mark.parametrize("which", ["draft", "submitted"])
def test_an_anonymous_visitor_is_sent_to_the_login_page_and_nothing_changes(client, which, request):
    case = request.getfixturevalue(which)
    before = snapshot(case)
    for method, address, data in every_url(case):
        response = getattr(client, method)(address, data)
        assert response.status_code == 302, (method, address)
        assert "/accounts/login/" in response["Location"] or "login" in response["Location"], address
    assert snapshot(case) == before
    assert client.get(url("list"))["Location"].find("login") >= 0


def test_the_widow_without_file_and_the_member_see_only_their_own_list(client, draft, submitted, widow_user, member):
    client.force_login(widow_user)
    body = client.get(url("list")).content.decode()
    assert draft.reference in body
    assert submitted.reference not in body
    client.force_login(member.user)
    body = client.get(url("list")).content.decode()
    assert submitted.reference in body
    assert draft.reference not in body


def test_the_applicant_gets_the_receipt_and_her_documents(client, draft, widow_user):
    services.add_documents(draft, actor=widow_user, target="national_id", files=checked_pdf())
    services.add_documents(draft, actor=widow_user, target="marriage_certificate", files=checked_pdf())
    services.add_documents(draft, actor=widow_user, target="non_remarriage", files=checked_pdf())
    services.add_documents(draft, actor=widow_user, target="bank_details", files=checked_pdf())
    client.force_login(widow_user)
    assert client.get(url("receipt", reference=draft.reference)).status_code == 404  # a draft has none
    services.submit(draft, actor=widow_user)
    response = client.get(url("receipt", reference=draft.reference))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    document = draft.documents.first()
    assert client.get(url("download", reference=draft.reference, document_id=document.pk)).status_code == 200
    assert client.get(url("download", reference=draft.reference, document_id=document.pk + 999)).status_code == 404
    assert Case.objects.get(pk=draft.pk).status == Status.SUBMITTED


def test_a_members_request_is_behind_the_enrolment_gate(client, member, widow_user):
    """A request about a file is only opened by the account holding that file."""
    case = services.start(procedures.get("pension_age_limit"), actor=member.user, member=member, language="fr")
    client.force_login(widow_user)
    assert client.get(url("detail", reference=case.reference)).status_code == 404
