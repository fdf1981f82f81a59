"""The public "report a death" form: no account, the same answer whoever died, nothing written on bad input."""

import re

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from portal.casework import public
from portal.casework.choices import Channel, DocumentKind, Status
from portal.casework.models import Case, CaseDocument
from tests.portal import factories
from tests.portal import sample_files as files
from tests.portal.casework.conftest import survivor_answers, upload

FORM = "/fr/report-a-death/"
RECEIVED = "/fr/report-a-death/received/"


def _stored_files():
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(str(path) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _key(client, url=FORM):
    response = client.get(url)
    assert response.status_code == 200
    return re.search(r'name="key" value="([^"]+)"', response.content.decode()).group(1)


def _data(deceased, key, **changes):
    data = {
        **survivor_answers(deceased)["deceased"],
        "birth_date": deceased.birth_date.strftime("%d/%m/%Y"),
        "death_date": "20/10/2026",
        "reporter_name": "Khadija Alaoui",
        "relationship": "spouse",
        "reporter_phone": "0612345678",
        "reporter_email": "",
        "key": key,
        "certificate": [upload("acte.pdf", "Acte de deces")],
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def _client(address="192.0.2.10"):
    return Client(REMOTE_ADDR=address)


@pytest.fixture
def stranger(db):
    """Someone the fund has never paid: the same identity fields, no file."""
    return factories.MemberFactory.build(
        first_name="Nour", last_name="Inconnue", national_id="ZZ999999", pension_number="P9999999"
    )


def _report(client, person, **changes):
    return client.post(FORM, _data(person, _key(client), **changes))


@pytest.mark.django_db
def test_a_death_is_reported_without_an_account(deceased):
    client = _client()
    page = client.get(FORM)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html and "<legend>" in html

    response = _report(client, deceased)

    assert response.status_code == 303 and response["Location"] == RECEIVED
    case = Case.objects.get()
    assert (case.procedure, case.status, case.channel, case.applicant) == (
        "death_report",
        Status.SUBMITTED,
        Channel.PUBLIC,
        None,
    )
    assert case.member == deceased and case.language == "fr"
    assert case.answers["report"]["reporter_name"] == "Khadija Alaoui"
    [document] = CaseDocument.objects.all()
    assert document.kind == DocumentKind.DEATH_CERTIFICATE and document.original_name == "acte.pdf"
    assert case.reference not in response["Location"]  # kept in the session, never in the address

    received = client.get(RECEIVED)
    assert received.status_code == 200
    text = received.content.decode()
    assert case.reference in text
    assert "/fr/portal/procedures/" in text  # apply for a survivor's pension (login needed)
    assert "no-store" in received["Cache-Control"]


def _normalised(response, reference):
    """The page with what differs on every request (the reference, tokens, nonces) blanked."""
    text = response.content.decode().replace(reference, "REFERENCE")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", text)
    return re.sub(r'nonce="[^"]+"', "NONCE", text)


def _headers(response):
    ignored = {"Set-Cookie", "Content-Security-Policy", "Content-Length"}
    return {name: value for name, value in response.headers.items() if name not in ignored}


@pytest.mark.django_db
def test_the_answer_is_the_same_whether_or_not_the_deceased_is_a_member(deceased, stranger):
    member_client, stranger_client = _client("192.0.2.20"), _client("192.0.2.21")
    for_member = _report(member_client, deceased)
    for_stranger = _report(stranger_client, stranger)

    assert (for_member.status_code, for_member["Location"]) == (for_stranger.status_code, for_stranger["Location"])
    assert _headers(for_member) == _headers(for_stranger)
    assert sorted(for_member.cookies) == sorted(for_stranger.cookies)
    [found, not_found] = Case.objects.order_by("pk")
    assert found.member == deceased and not_found.member is None

    pages = [member_client.get(RECEIVED), stranger_client.get(RECEIVED)]
    assert pages[0].status_code == pages[1].status_code == 200
    assert _headers(pages[0]) == _headers(pages[1])
    assert len(found.reference) == len(not_found.reference)
    assert len(pages[0].content) == len(pages[1].content)
    assert _normalised(pages[0], found.reference) == _normalised(pages[1], not_found.reference)


@pytest.mark.django_db
def test_the_received_page_shows_only_the_reference_of_this_session(deceased):
    _report(_client(), deceased)
    other = _client("192.0.2.30")
    response = other.get(RECEIVED)
    assert response.status_code == 302 and response["Location"] == FORM
    # A reference in the address is ignored.
    reference = Case.objects.get().reference
    response = other.get(RECEIVED, {"reference": reference})
    assert response.status_code == 302
    assert reference not in other.get(FORM).content.decode()


@pytest.mark.django_db
def test_the_same_form_sent_twice_is_one_report(deceased):
    client = _client()
    key = _key(client)
    first = client.post(FORM, _data(deceased, key))
    again = client.post(FORM, _data(deceased, key, certificate=[upload("acte.pdf", "Acte de deces")]))
    assert first.status_code == again.status_code == 303
    assert Case.objects.count() == 1 and CaseDocument.objects.count() == 1
    # From another browser too (the key is the form's, not the session's).
    elsewhere = _client("192.0.2.31")
    assert elsewhere.post(FORM, _data(deceased, key)).status_code == 303
    assert Case.objects.get().reference in elsewhere.get(RECEIVED).content.decode()
    assert Case.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key",
    [
        "not-a-key",
        "11111111-1111-4111-8111-111111111111",  # a key without its signature
        signing.TimestampSigner(salt="another.form").sign("11111111-1111-4111-8111-111111111111"),
    ],
    # Named, not shown: the signed key holds the time it was made, and every worker must collect the same ids.
    ids=["not-a-key", "unsigned", "signed-for-another-form"],
)
def test_a_forged_key_is_refused_and_nothing_is_written(deceased, key):
    client = _client()
    before = _stored_files()
    response = client.post(FORM, _data(deceased, key))
    assert response.status_code == 400
    assert "Ce formulaire est trop ancien" in response.content.decode()  # translated (c_public.json)
    assert Case.objects.count() == 0 and _stored_files() == before
    # A fresh, valid key comes with the page: sending again works.
    fresh = re.search(r'name="key" value="([^"]+)"', response.content.decode()).group(1)
    assert fresh != key
    assert client.post(FORM, _data(deceased, fresh)).status_code == 303


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"certificate": None}, "certificate", "Ce champ est obligatoire."),
        ({"national_id": ""}, "national_id", "Ce champ est obligatoire."),
        ({"reporter_phone": "", "reporter_email": ""}, "reporter_phone", None),
        ({"reporter_email": "pas-une-adresse"}, "reporter_email", "Saisissez une adresse e-mail valide."),
        ({"death_date": "01/01/1940"}, "death_date", None),
        ({"relationship": "boss"}, "relationship", "Sélectionnez un choix valide"),
        (
            {"certificate": [SimpleUploadedFile("acte.pdf", files.pdf_with_javascript(), "application/pdf")]},
            "certificate",
            None,
        ),
        (
            {"certificate": [SimpleUploadedFile("acte.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")]},
            "certificate",
            None,
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(deceased, changes, field, message):
    client = _client()
    before = _stored_files()
    response = _report(client, deceased, **changes)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="form-errors"' in html and f'href="#id_{field}"' in html
    assert f'id="id_{field}_error"' in html
    if message:
        assert message in html
    assert Case.objects.count() == 0 and CaseDocument.objects.count() == 0
    assert _stored_files() == before


@pytest.mark.django_db
def test_the_page_is_in_arabic_with_the_reference_isolated(deceased):
    client = _client()
    key = _key(client, "/ar/report-a-death/")
    response = client.post("/ar/report-a-death/", _data(deceased, key))
    assert response.status_code == 303 and response["Location"] == "/ar/report-a-death/received/"
    case = Case.objects.get()
    assert case.language == "ar"
    text = client.get("/ar/report-a-death/received/").content.decode()
    assert f'<bdi dir="ltr">{case.reference}</bdi>' in text
    assert 'dir="rtl"' in text


@pytest.mark.django_db
def test_at_most_five_reports_an_hour_from_one_address(deceased, stranger):
    client = _client("192.0.2.40")
    for _ in range(public.REPORTS_PER_HOUR):
        assert _report(client, deceased).status_code == 303
    before = _stored_files()

    refused = _report(client, stranger)

    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Trop de déclarations" in refused.content.decode()  # translated (c_public.json)
    assert 'type="file"' not in refused.content.decode()
    assert Case.objects.count() == public.REPORTS_PER_HOUR and _stored_files() == before
    # Mistakes in the form are not counted, and another address is not held back.
    assert _report(_client("192.0.2.41"), stranger).status_code == 303


@pytest.mark.django_db
def test_mistakes_do_not_use_the_hourly_budget(deceased):
    client = _client("192.0.2.50")
    for _ in range(public.REPORTS_PER_HOUR + 1):
        assert _report(client, deceased, certificate=None).status_code == 400
    assert _report(client, deceased).status_code == 303


@pytest.mark.django_db
def test_the_form_is_linked_from_the_footer_of_every_page(db):
    response = Client().get("/fr/verify/")
    assert response.status_code == 200
    assert 'href="/fr/report-a-death/"' in response.content.decode()


@pytest.mark.django_db
def test_a_report_is_logged_by_its_reference_only(deceased, caplog):
    with caplog.at_level("INFO", logger="portal.casework.public"):
        _report(_client(), deceased)
    reference = Case.objects.get().reference
    [record] = [r for r in caplog.records if r.name == "portal.casework.public"]
    assert reference in record.getMessage()
    for personal in (deceased.last_name, deceased.national_id, "Khadija", "0612345678"):
        assert personal not in record.getMessage()
