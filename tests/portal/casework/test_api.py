"""The requests API (/api/portal/procedures/): a widow applies from her phone without a member file,
a member sees what they may start, bad input stores nothing, another person gets 404, in the schema."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from portal.casework import checklist, services
from portal.casework.choices import DocumentKind, Status
from portal.casework.models import Case, CaseDocument
from tests.portal import factories
from tests.portal import sample_files as files
from tests.portal.casework.conftest import checked_pdf, survivor_answers, upload

pytestmark = pytest.mark.django_db

API = "/api/portal/procedures/"


def said(message, language="fr"):
    """What the API answers in the request's language (French unless the phone asks otherwise):
    a msgid, or a lazy label (the statuses carry a context)."""
    with translation.override(language):
        return gettext(message) if isinstance(message, str) else str(message)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def widow_client(widow_user):
    return logged_in(widow_user)


@pytest.fixture
def member_client(member):
    return logged_in(member.user)


@pytest.fixture
def other_client(other_member):
    return logged_in(other_member.user)


def _create(client, deceased, **answers):
    return client.post(
        API,
        {"procedure": "survivor_pension", "answers": survivor_answers(deceased, **answers)},
        content_type="application/json",
    )


def _upload(client, reference, target, *uploads_):
    return client.post(f"{API}{reference}/documents/", {"target": target, "files": list(uploads_)})


def test_a_widow_without_a_member_file_applies_through_the_api(widow_client, widow_user, deceased):
    created = _create(widow_client, deceased)
    assert created.status_code == 201, created.content
    body = created.json()
    reference = body["reference"]
    assert body["status"] == "draft"
    assert body["step"] == "documents"
    assert [item["key"] for item in body["checklist"]] == [
        "death_certificate",
        "national_id",
        "marriage_certificate",
        "non_remarriage",
        "bank_details",
    ]
    assert [section["step"] for section in body["summary"]] == ["deceased", "applicant", "payment"]

    # Submitting too early: 400 with what is missing, nothing changes.
    early = widow_client.post(f"{API}{reference}/submit/")
    assert early.status_code == 400
    assert said("Death certificate") in early.json()["detail"]
    assert Case.objects.get().status == Status.DRAFT

    # Two files in one post for one line, then the other lines.
    sent = _upload(widow_client, reference, "death_certificate", upload("acte.pdf"), upload("acte-2.pdf"))
    assert sent.status_code == 201, sent.content
    assert [document["name"] for document in sent.json()] == ["acte.pdf", "acte-2.pdf"]
    for key in ("national_id", "marriage_certificate", "non_remarriage", "bank_details"):
        assert _upload(widow_client, reference, key, upload(f"{key}.pdf")).status_code == 201

    submitted = widow_client.post(f"{API}{reference}/submit/")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    again = widow_client.post(f"{API}{reference}/submit/")  # a second tap: the first one counted
    assert again.status_code == 200 and again.json()["status"] == "submitted"
    case = Case.objects.get()
    assert case.member == deceased
    assert case.events.filter(kind="submitted").count() == 1

    listing = widow_client.get(API).json()
    assert [row["reference"] for row in listing["results"]] == [reference]
    assert listing["results"][0]["status_label"] == said(Status.SUBMITTED.label)

    document = case.documents.first()
    download = widow_client.get(f"{API}{reference}/documents/{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_awaited_documents_and_the_timeline_never_show_internal_notes(widow_client, widow_user, deceased, agent):
    reference = _create(widow_client, deceased).json()["reference"]
    case = Case.objects.get(reference=reference)
    for item in checklist.missing(case):
        services.add_documents(case, actor=widow_user, target=item.key, files=checked_pdf())
    services.submit(case, actor=widow_user)
    services.add_note(case, "Dossier douteux, vérifier", actor=agent)
    services.request_documents(case, [(DocumentKind.NON_REMARRIAGE, "Certificat récent")], actor=agent)

    [row] = widow_client.get(API).json()["results"]
    assert row["status"] == "info_requested"
    [awaited] = row["awaited_documents"]
    assert awaited["kind"] == "non_remarriage" and awaited["message"] == "Certificat récent"

    detail = widow_client.get(f"{API}{reference}/").json()
    assert "Dossier douteux, vérifier" not in str(detail)
    assert "note" not in [event["kind"] for event in detail["timeline"]]
    assert detail["decision"] is None

    # Answering the fund's request by its key puts the request back in the fund's hands.
    answered = _upload(widow_client, reference, awaited["key"], upload("non-remariage.pdf"))
    assert answered.status_code == 201, answered.content
    assert widow_client.get(f"{API}{reference}/").json()["status"] == "under_review"


def test_an_invalid_step_stores_nothing_and_says_which_field(widow_client, deceased):
    answers = survivor_answers(deceased)
    answers["applicant"]["orphans_in_school"] = 3  # more than the orphans (0)
    answers["payment"]["bank_rib"] = "123"
    response = widow_client.post(
        API, {"procedure": "survivor_pension", "answers": answers}, content_type="application/json"
    )
    assert response.status_code == 400
    errors = response.json()["answers"]
    assert set(errors) == {"applicant", "payment"}
    assert "orphans_in_school" in errors["applicant"] and "bank_rib" in errors["payment"]
    assert not Case.objects.exists()  # not even the draft: the valid "deceased" step was not kept


def test_unknown_procedure_and_unknown_step_are_refused(widow_client, deceased):
    unknown = widow_client.post(API, {"procedure": "death_report", "answers": {}}, content_type="application/json")
    assert unknown.status_code == 400 and "procedure" in unknown.json()
    bad_step = widow_client.post(
        API, {"procedure": "survivor_pension", "answers": {"nope": {}}}, content_type="application/json"
    )
    assert bad_step.status_code == 400 and "nope" in bad_step.json()["answers"]
    assert not Case.objects.exists()


def test_a_member_only_procedure_is_refused_to_an_account_without_a_file(widow_client):
    available = {row["code"]: row for row in widow_client.get(f"{API}available/").json()}
    assert set(available) == {
        "pension_age_limit",
        "early_retirement",
        "survivor_pension",
        "contributions_refund",
        "career_correction",
    }
    assert available["survivor_pension"]["allowed"] is True
    assert available["pension_age_limit"]["allowed"] is False
    assert available["pension_age_limit"]["reason"] == said("Link your account to your pension file first.")
    response = widow_client.post(
        API, {"procedure": "pension_age_limit", "answers": {}}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": said("Link your account to your pension file first.")}
    assert not Case.objects.exists()


def test_the_errors_are_in_the_requests_language(widow_client):
    response = widow_client.post(
        API,
        {"procedure": "pension_age_limit", "answers": {}},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": said("Link your account to your pension file first.", "ar")}


def test_a_step_is_corrected_with_put_and_refused_once_submitted(widow_client, widow_user, deceased):
    reference = _create(widow_client, deceased).json()["reference"]
    payment = f"{API}{reference}/steps/payment/"
    bad = widow_client.put(payment, {"bank_rib": "12"}, content_type="application/json")
    assert bad.status_code == 400 and "bank_rib" in bad.json()
    rib = survivor_answers(deceased)["payment"]["bank_rib"]
    good = widow_client.patch(payment, {"bank_rib": rib}, content_type="application/json")
    assert good.status_code == 200, good.content
    assert widow_client.put(f"{API}{reference}/steps/nope/", {}, content_type="application/json").status_code == 404

    case = Case.objects.get()
    for item in checklist.missing(case):
        services.add_documents(case, actor=widow_user, target=item.key, files=checked_pdf())
    services.submit(case, actor=widow_user)
    late = widow_client.put(payment, {"bank_rib": rib}, content_type="application/json")
    assert late.status_code == 400
    assert late.json() == {"detail": said("This request has been submitted: it can no longer be changed.")}


def test_a_refused_file_stores_nothing_and_says_why(widow_client, deceased):
    reference = _create(widow_client, deceased).json()["reference"]
    response = _upload(
        widow_client,
        reference,
        "death_certificate",
        upload("acte.pdf"),
        SimpleUploadedFile("dessin.svg", files.SVG, "image/svg+xml"),
    )
    assert response.status_code == 400
    assert len(response.json()["files"]) == 1 and "dessin.svg" in response.json()["files"][0]
    assert not CaseDocument.objects.exists()
    wrong_line = _upload(widow_client, reference, "pension_notice", upload())
    assert wrong_line.status_code == 400
    assert wrong_line.json() == {"detail": said("This document is not part of the request.")}
    no_target = widow_client.post(f"{API}{reference}/documents/", {"files": [upload()]})
    assert no_target.status_code == 400 and "target" in no_target.json()
    assert not CaseDocument.objects.exists()


def test_withdraw(widow_client, deceased):
    reference = _create(widow_client, deceased).json()["reference"]
    withdrawn = widow_client.post(f"{API}{reference}/withdraw/")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["decision"]["status"] == "withdrawn"
    again = widow_client.post(f"{API}{reference}/withdraw/")
    assert again.status_code == 400
    assert again.json() == {"detail": said("This request has been decided: it can no longer be withdrawn.")}


def test_another_persons_request_is_a_404_everywhere(widow_client, widow_user, deceased, other_client):
    reference = _create(widow_client, deceased).json()["reference"]
    case = Case.objects.get()
    [document] = services.add_documents(case, actor=widow_user, target="death_certificate", files=checked_pdf())
    rib = survivor_answers(deceased)["payment"]["bank_rib"]
    for method, path, data in [
        ("get", f"{API}{reference}/", None),
        ("get", f"{API}{reference}/documents/{document.pk}/", None),
        ("put", f"{API}{reference}/steps/payment/", {"bank_rib": rib}),
        ("post", f"{API}{reference}/documents/", {"target": "national_id", "files": [upload()]}),
        ("post", f"{API}{reference}/submit/", None),
        ("post", f"{API}{reference}/withdraw/", None),
    ]:
        if method == "put":
            response = other_client.put(path, data, content_type="application/json")
        else:
            response = getattr(other_client, method)(path, data or {})
        assert response.status_code == 404, (method, path)
    assert other_client.get(API).json()["results"] == []
    case.refresh_from_db()
    assert case.status == Status.DRAFT and case.documents.count() == 1


def test_an_anonymous_visitor_is_refused(deceased):
    client = Client()
    assert client.get(API).status_code == 403
    assert client.get(f"{API}available/").status_code == 403
    response = client.post(
        API, {"procedure": "survivor_pension", "answers": survivor_answers(deceased)}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_a_member_sees_what_they_may_start_and_resumes_their_draft(member_client, member):
    available = {row["code"]: row for row in member_client.get(f"{API}available/").json()}
    assert available["pension_age_limit"]["allowed"] is True  # age limit on 2027-06-15: open a year before
    refund = available["contributions_refund"]
    assert refund["allowed"] is False
    assert refund["reason"]  # 36 years of service: a pension, not a refund
    first = member_client.post(API, {"procedure": "pension_age_limit"}, content_type="application/json")
    assert first.status_code == 201, first.content
    # Posting again resumes the same draft (no Idempotency-Key needed).
    second = member_client.post(API, {"procedure": "pension_age_limit"}, content_type="application/json")
    assert second.status_code == 201
    assert second.json()["reference"] == first.json()["reference"]
    assert Case.objects.get().member == member
    refused = member_client.post(API, {"procedure": "contributions_refund"}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {"detail": refund["reason"]}
    assert Case.objects.count() == 1


def test_a_young_member_is_told_from_when(db):
    user = factories.UserFactory(username="young@example.org")
    factories.MemberFactory(user=user, birth_date=datetime.date(1990, 1, 1), status="contributing")
    row = {r["code"]: r for r in logged_in(user).get(f"{API}available/").json()}["pension_age_limit"]
    assert row["allowed"] is False and row["from_date"] and row["reason"]


def test_every_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    expected = {
        f"{API}": {"get", "post"},
        f"{API}available/": {"get"},
        f"{API}{{reference}}/": {"get"},
        f"{API}{{reference}}/steps/{{step}}/": {"put", "patch"},
        f"{API}{{reference}}/documents/": {"post"},
        f"{API}{{reference}}/documents/{{document_id}}/": {"get"},
        f"{API}{{reference}}/submit/": {"post"},
        f"{API}{{reference}}/withdraw/": {"post"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    detail = schema["components"]["schemas"]["CaseDetail"]["properties"]
    assert {"checklist", "timeline", "documents", "decision", "summary"} <= set(detail)


def test_several_lines_in_one_post_all_or_nothing(widow_client, deceased, settings):
    reference = _create(widow_client, deceased).json()["reference"]
    path = f"{API}{reference}/documents/"
    two = widow_client.post(path, {"national_id": upload("cin.pdf"), "marriage_certificate": upload("acte.pdf")})
    assert two.status_code == 201, two.content
    assert [d["kind"] for d in two.json()] == ["national_id", "marriage_certificate"]
    stored = {document.file.name for document in CaseDocument.objects.all()}

    # A line that is not part of the request: the other line is not kept either, nor its file.
    refused = widow_client.post(path, {"bank_details": upload("rib.pdf"), "pension_notice": upload("x.pdf")})
    assert refused.status_code == 400
    assert refused.json() == {"detail": said("This document is not part of the request.")}
    assert {document.file.name for document in CaseDocument.objects.all()} == stored
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    assert {path.relative_to(root).as_posix() for path in root.rglob("*.pdf")} == stored

    bad = widow_client.post(path, {"bank_details": SimpleUploadedFile("x.svg", files.SVG, "image/svg+xml")})
    assert bad.status_code == 400 and "bank_details" in bad.json()
    nothing = widow_client.post(path, {})
    assert nothing.status_code == 400 and "files" in nothing.json()
    assert CaseDocument.objects.count() == 2


def test_json_values_no_question_takes_are_refused_not_crashed(widow_client, deceased):
    answers = survivor_answers(deceased)
    answers["deceased"]["birth_date"] = ["1950", "03", "02"]
    answers["applicant"]["disabled_orphan"] = False  # a JSON boolean is fine
    answers["applicant"]["orphans"] = 0  # and a number
    response = widow_client.post(
        API, {"procedure": "survivor_pension", "answers": answers}, content_type="application/json"
    )
    assert response.status_code == 400
    assert list(response.json()["answers"]) == ["deceased"]
    assert "birth_date" in response.json()["answers"]["deceased"]
    assert not Case.objects.exists()
    reference = _create(widow_client, deceased).json()["reference"]
    for body in ([1, 2], {"bank_rib": {"x": 1}}, "text"):
        bad = widow_client.put(f"{API}{reference}/steps/payment/", body, content_type="application/json")
        assert bad.status_code == 400, body
