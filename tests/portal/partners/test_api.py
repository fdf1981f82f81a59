"""The employer API (/api/partners/): tokens, scopes, one organisation's data only, idempotent
creation, validation by the procedure's forms, documents through the upload checks, the budget
of requests, and the audit rows naming the token."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from portal.casework import services as cases
from portal.casework.choices import Status
from portal.casework.models import Case, CaseDocument
from portal.models import AuditEvent
from portal.partners import deadlines, scope, selectors, tokens
from portal.partners.choices import ApiScope, AuditAction
from portal.partners.models import RetirementDossier
from portal.proxies.choices import Via
from tests.portal import factories
from tests.portal import sample_files as files
from tests.portal.casework.conftest import upload
from tests.portal.partners import world as world_module
from tests.portal.text import shown

ALL = [scope.value for scope in ApiScope]
NOT_FOUND = "No such civil servant or dossier in your organisation."


def answers():
    # A decision taken a month ago (the form wants a date in the past, whatever the day the test runs).
    decided = timezone.localdate() - datetime.timedelta(days=30)
    return {
        "service": {"service_confirmed": True, "service_remarks": ""},
        "position": {"grade": "Professeur agrégé, échelle 11", "last_salary": "14250.00"},
        "decision": {
            "decision_number": "2026/1234",
            "decision_date": decided.isoformat(),
            "leaving_date": "2027-06-15",
        },
    }


def key_for(organisation, scopes=ALL, name="SIRH"):
    _token, key = tokens.create(organisation=organisation, name=name, scopes=scopes, actor=None)
    return key


def call(client, method, url, key=None, data=None, lang="fr", multipart=False, **headers):
    if key is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    headers.setdefault("HTTP_ACCEPT_LANGUAGE", lang)
    if method in ("get", "head"):
        return getattr(client, method)(url, data or {}, **headers)
    if multipart or (isinstance(data, dict) and any(hasattr(value, "read") for value in data.values())):
        return client.post(url, data, **headers)
    return client.post(url, data or {}, content_type="application/json", **headers)


def create(client, key, member, body=None, **headers):
    return call(
        client,
        "post",
        "/api/partners/dossiers/",
        key,
        {"affiliation_number": member.affiliation_number, **(body if body is not None else answers())},
        **headers,
    )


def attach(client, key, reference, kind, content=None, name="document.pdf"):
    data = {"kind": kind, "file": upload(name) if content is None else _file(name, content)}
    return call(client, "post", f"/api/partners/dossiers/{reference}/documents/", key, data)


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, "application/pdf")


@pytest.fixture
def world(db):
    return world_module.build()


def test_the_whole_dossier_through_the_api(client, world):
    key = key_for(world.ministry_a)
    response = create(client, key, world.rabat_servant, HTTP_IDEMPOTENCY_KEY="sirh-dossier-77")
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    assert response.json()["answers"]["position"]["last_salary"] == "14250.00"
    assert response.json()["status"] == Status.DRAFT
    for kind in ("leaving_decision", "service_certificate"):
        sent = attach(client, key, reference, kind)
        assert sent.status_code == 201, sent.content
        assert sent.json()[0]["kind"] == kind
    submitted = call(client, "post", f"/api/partners/dossiers/{reference}/submit/", key)
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == Status.SUBMITTED
    # The fund asks for a correction: the HR system reads the message, corrects the answers, sends it back.
    case = Case.objects.get(reference=reference)
    agent = factories.UserFactory(is_staff=True)
    cases.ask_for_correction(case, "Le salaire ne correspond pas à la paie de novembre.", actor=agent)
    detail = call(client, "get", f"/api/partners/dossiers/{reference}/", key).json()
    assert detail["status"] == Status.INFO_REQUESTED
    assert "Le salaire ne correspond pas à la paie de novembre." in [event["message"] for event in detail["events"]]
    body = answers()
    body["position"]["last_salary"] = "14520.00"
    changed = create(client, key, world.rabat_servant, body)
    assert changed.status_code == 200 and changed.json()["reference"] == reference
    corrected = call(client, "post", f"/api/partners/dossiers/{reference}/correction/", key, {"message": "Corrigé."})
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["status"] == Status.UNDER_REVIEW
    assert corrected.json()["answers"]["position"]["last_salary"] == "14520.00"
    listed = call(client, "get", "/api/partners/dossiers/", key).json()
    assert [row["reference"] for row in listed["results"]] == [reference]
    # Every action is in the civil servant's audit trail, named by the token, "by your employer".
    token = world.ministry_a.api_tokens.get()
    rows = AuditEvent.objects.filter(
        member=world.rabat_servant, actor__isnull=True, via=Via.EMPLOYER, action__startswith="partners."
    )
    assert {row.actor_label for row in rows} == {tokens.label(token)}
    assert tokens.label(token) == f"API token {token.prefix}… of Ministère de l'Éducation nationale"
    actions = set(rows.values_list("action", flat=True))
    assert {AuditAction.PREPARED, AuditAction.SUBMITTED, AuditAction.CORRECTED, AuditAction.VIEWED} <= actions


def test_the_same_idempotency_key_gives_the_same_dossier(client, world):
    key = key_for(world.ministry_a)
    first = create(client, key, world.rabat_servant, HTTP_IDEMPOTENCY_KEY="ligne-42")
    assert first.status_code == 201
    prepared = AuditEvent.objects.filter(action=AuditAction.PREPARED).count()
    again = create(client, key, world.rabat_servant, HTTP_IDEMPOTENCY_KEY="ligne-42")
    assert again.status_code == 200 and again.json()["reference"] == first.json()["reference"]
    assert RetirementDossier.objects.count() == 1
    # Nothing written the second time.
    assert AuditEvent.objects.filter(action=AuditAction.PREPARED).count() == prepared


def test_invalid_answers_are_refused_by_step_and_field_and_nothing_is_written(client, world):
    key = key_for(world.ministry_a)
    body = answers()
    body["position"] = {"grade": "", "last_salary": "beaucoup"}
    body["decision"]["leaving_date"] = "15/06/2027 ou après"
    response = create(client, key, world.rabat_servant, body)
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"position", "decision"}
    assert set(errors["position"]) == {"grade", "last_salary"} and "leaving_date" in errors["decision"]
    # A step that is not an object is refused by the body's shape.
    assert create(client, key, world.rabat_servant, {"service": "oui"}).status_code == 400
    assert create(client, key, world.rabat_servant, {"service": {"service_confirmed": ["oui"]}}).status_code == 400
    assert not RetirementDossier.objects.exists() and not Case.objects.exists()
    assert not AuditEvent.objects.filter(member=world.rabat_servant).exists()


def test_arabic_indic_digits_are_accepted(client, world):
    key = key_for(world.ministry_a)
    body = answers()
    body["position"]["last_salary"] = "١٤٢٥٠"
    response = create(client, key, world.rabat_servant, body, lang="ar")
    assert response.status_code == 201, response.content
    assert float(response.json()["answers"]["position"]["last_salary"]) == 14250


def test_another_organisations_civil_servant_or_dossier_is_not_found(client, world):
    b_key = key_for(world.ministry_b)
    a_key = key_for(world.ministry_a)
    reference = create(client, a_key, world.rabat_servant).json()["reference"]
    unknown = factories.MemberFactory.build().affiliation_number
    by_number = create(client, b_key, world.rabat_servant)
    nobody = call(client, "post", "/api/partners/dossiers/", b_key, {"affiliation_number": unknown, **answers()})
    assert by_number.status_code == nobody.status_code == 404
    # The same answer for A's civil servant and for nobody: B learns nothing.
    assert by_number.json() == nobody.json() == {"detail": shown(NOT_FOUND, "fr")}
    for method, url in (
        ("get", f"/api/partners/dossiers/{reference}/"),
        ("post", f"/api/partners/dossiers/{reference}/submit/"),
        ("post", f"/api/partners/dossiers/{reference}/correction/"),
    ):
        assert call(client, method, url, b_key).status_code == 404, url
    assert attach(client, b_key, reference, "leaving_decision").status_code == 404
    assert call(client, "get", "/api/partners/dossiers/", b_key).json()["results"] == []
    assert not CaseDocument.objects.exists()
    assert Case.objects.get(reference=reference).status == Status.DRAFT


def test_the_coming_retirements_are_those_of_the_tokens_organisation(client, world):
    # Someone who reaches the age limit in about six months, whatever the day the test runs.
    today = timezone.localdate()
    soon = world_module.civil_servant(world.fes, deadlines.add_months(today, 6 - 63 * 12), last_name="Bennis")
    key = key_for(world.ministry_a, scopes=[ApiScope.READ_RETIREMENTS])
    response = call(client, "get", "/api/partners/retirements/", key)
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    expected = selectors.upcoming_retirements(scope.of_token(world.ministry_a.api_tokens.get()))
    assert [row["affiliation_number"] for row in rows] == [row.member.affiliation_number for row in expected]
    assert soon.affiliation_number in {row["affiliation_number"] for row in rows}
    assert world.b_servant.affiliation_number not in {row["affiliation_number"] for row in rows}
    mine = next(row for row in rows if row["affiliation_number"] == soon.affiliation_number)
    assert mine["unit"] == "ADM-EDU-FES" and mine["dossier_reference"] is None and mine["last_name"] == "Bennis"
    listed = AuditEvent.objects.get(action=AuditAction.LISTED)
    assert listed.actor_label.startswith("API token emp_") and listed.details == {"count": len(rows)}
    b_rows = call(client, "get", "/api/partners/retirements/", key_for(world.ministry_b)).json()["results"]
    assert soon.affiliation_number not in {row["affiliation_number"] for row in b_rows}


def test_each_method_needs_its_scope(client, world):
    reader = key_for(world.ministry_a, scopes=[ApiScope.READ_RETIREMENTS, ApiScope.READ_DOSSIERS])
    writer = key_for(world.ministry_a, scopes=[ApiScope.WRITE_DOSSIERS])
    refused = create(client, reader, world.rabat_servant)
    assert refused.status_code == 403 and "dossiers:write" in refused.json()["detail"]
    created = create(client, writer, world.rabat_servant)
    assert created.status_code == 201
    reference = created.json()["reference"]
    for kind in ("leaving_decision", "service_certificate"):
        assert attach(client, writer, reference, kind).status_code == 201
    # Without dossiers:submit, a complete dossier is not sent (403, the scope named), and stays a draft.
    submit = call(client, "post", f"/api/partners/dossiers/{reference}/submit/", writer)
    assert submit.status_code == 403 and "dossiers:submit" in submit.json()["detail"]
    assert Case.objects.get(reference=reference).status == Status.DRAFT
    read = call(client, "get", f"/api/partners/dossiers/{reference}/", writer)
    assert read.status_code == 403 and "dossiers:read" in read.json()["detail"]
    assert call(client, "get", "/api/partners/retirements/", writer).status_code == 403
    assert call(client, "head", "/api/partners/retirements/", writer).status_code == 403
    assert call(client, "get", f"/api/partners/dossiers/{reference}/", reader).status_code == 200


def test_an_incomplete_dossier_is_not_sent(client, world):
    key = key_for(world.ministry_a)
    reference = create(client, key, world.rabat_servant, {"service": answers()["service"]}).json()["reference"]
    response = call(client, "post", f"/api/partners/dossiers/{reference}/submit/", key)
    assert response.status_code == 400 and response.json()["detail"]
    assert Case.objects.get(reference=reference).status == Status.DRAFT


def test_a_bad_file_is_refused_and_nothing_is_stored(client, world):
    key = key_for(world.ministry_a)
    reference = create(client, key, world.rabat_servant).json()["reference"]
    script = attach(client, key, reference, "leaving_decision", files.pdf_with_javascript(), "decision.pdf")
    assert script.status_code == 400 and script.json()["file"]
    fake = attach(client, key, reference, "leaving_decision", b"MZ\x90\x00 not a pdf", "decision.pdf")
    assert fake.status_code == 400
    assert fake.json() == {
        "file": [
            shown(
                "“%(name)s” is not a PDF, JPEG or PNG file (its content was checked, not its name). "
                "Only these formats are accepted.",
                "fr",
                name="decision.pdf",
            )
        ]
    }
    unknown_kind = attach(client, key, reference, "passport")
    assert unknown_kind.status_code == 400
    missing = call(
        client,
        "post",
        f"/api/partners/dossiers/{reference}/documents/",
        key,
        {"kind": "leaving_decision"},
        multipart=True,
    )
    assert missing.status_code == 400 and "file" in missing.json()
    assert not CaseDocument.objects.exists()


def test_no_token_an_unknown_token_or_a_session_is_401(client, world):
    for headers in (
        {},
        {"HTTP_AUTHORIZATION": "Bearer emp_inconnu"},
        {"HTTP_AUTHORIZATION": "Bearer"},
        {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},
        {"HTTP_AUTHORIZATION": "Bearer é"},
    ):
        response = client.get("/api/partners/retirements/", HTTP_ACCEPT_LANGUAGE="fr", **headers)
        assert response.status_code == 401, headers
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["detail"]
    unknown = client.get(
        "/api/partners/retirements/", HTTP_AUTHORIZATION="Bearer emp_inconnu", HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert unknown.json() == {"detail": shown("This API token is not valid, or it has been revoked.", "ar")}
    # An officer's session (even the administrator's) and a member's session are not accepted here.
    member_user = factories.UserFactory()
    world.rabat_servant.user = member_user
    world.rabat_servant.save()
    for user in (world.admin.user, member_user):
        client.force_login(user)
        assert client.get("/api/partners/retirements/").status_code == 401
        assert call(client, "post", "/api/partners/dossiers/", None, answers()).status_code in (401, 403)
        client.logout()
    assert not Case.objects.exists()


def test_a_revoked_token_is_refused_at_once(client, world):
    token, key = tokens.create(organisation=world.ministry_a, name="SIRH", scopes=ALL, actor=world.admin.user)
    assert call(client, "get", "/api/partners/dossiers/", key).status_code == 200
    tokens.revoke(token=token, actor=world.admin.user)
    # The very next request, with nothing in between.
    assert call(client, "get", "/api/partners/dossiers/", key).status_code == 401
    assert create(client, key, world.rabat_servant).status_code == 401
    assert not RetirementDossier.objects.exists()
    # A token of an organisation that is no longer active is refused too.
    _other, other_key = tokens.create(organisation=world.ministry_b, name="SIRH", scopes=ALL, actor=None)
    world.ministry_b.is_active = False
    world.ministry_b.save()
    assert call(client, "get", "/api/partners/dossiers/", other_key).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(client, world):
    token, key = tokens.create(organisation=world.ministry_a, name="SIRH", scopes=ALL, actor=None)
    assert token.last_used_at is None
    call(client, "get", "/api/partners/dossiers/", key)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    call(client, "get", "/api/partners/dossiers/", key)
    token.refresh_from_db()
    assert token.last_used_at == first
    type(token).objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    call(client, "get", "/api/partners/dossiers/", key)
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=1)


@override_settings(PARTNER_API_REQUESTS_PER_HOUR=2)
def test_each_token_has_a_budget_of_requests(client, world):
    key = key_for(world.ministry_a)
    other = key_for(world.ministry_a, name="Autre")
    assert call(client, "get", "/api/partners/dossiers/", key).status_code == 200
    assert call(client, "get", "/api/partners/dossiers/", key).status_code == 200
    refused = create(client, key, world.rabat_servant)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["detail"]
    assert not RetirementDossier.objects.exists()
    # Another token's budget is its own.
    assert call(client, "get", "/api/partners/dossiers/", other).status_code == 200


def test_the_api_is_in_the_schema_with_its_tag(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = {path: ops for path, ops in schema["paths"].items() if path.startswith("/api/partners/")}
    assert set(paths) == {
        "/api/partners/retirements/",
        "/api/partners/dossiers/",
        "/api/partners/dossiers/{reference}/",
        "/api/partners/dossiers/{reference}/documents/",
        "/api/partners/dossiers/{reference}/submit/",
        "/api/partners/dossiers/{reference}/correction/",
    }
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert operation["tags"] == ["Employers"], (method, path)
            assert {"401", "403", "429"} <= set(operation["responses"]), (method, path)
            assert operation["security"] == [{"employerToken": []}], (method, path)
    create_op = paths["/api/partners/dossiers/"]["post"]
    assert {"200", "201", "400", "404"} <= set(create_op["responses"])
    assert "Idempotency-Key" in [parameter["name"] for parameter in create_op["parameters"]]
