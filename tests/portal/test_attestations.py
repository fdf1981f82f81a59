"""Attestation PDFs in French and Arabic, checked through /verify/; forged or altered codes are refused."""

import io
import re

import pytest
from pypdf import PdfReader

from portal import attestations
from portal.models import Attestation, AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b([0-9A-F]{4}(?:-[0-9A-F]{4}){7})\b")


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def download(client, language):
    response = client.post("/fr/portal/attestations/download/", {"language": language})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_an_attestation_is_verified_by_its_printed_code(client_a, client, file_a, language):
    text = download(client_a, language)
    code = CODE.search(text).group(1)
    assert f"/{language}/verify/?code={code}" in text
    assert file_a.national_id in text
    if language == "ar":
        # Shaped Arabic: the text layer holds Arabic letters (presentation forms after shaping).
        assert re.search(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]", text)
    else:
        assert "Attestation de pension" in text

    response = client.get(f"/{language}/verify/", {"code": code})
    body = response.content.decode()
    assert response.status_code == 200
    holder = file_a.full_name_ar if language == "ar" else file_a.full_name
    assert holder in body
    assert ("شهادة المعاش" if language == "ar" else "Attestation de pension") in body
    # What a bank compares (name, kind, date, the national ID masked), nothing else of the file (the code
    # itself, echoed in the form and the language links, is random hex and could contain any four digits).
    assert attestations.masked_national_id(file_a.national_id) in body
    shown = body.replace(code, "")
    for private in (file_a.national_id, file_a.affiliation_number, file_a.bank_rib[-4:], str(file_a.birth_date.year)):
        assert private not in shown
    assert AuditEvent.objects.filter(action=AuditAction.ATTESTATION_ISSUED, member=file_a).count() == 1


def test_contributing_members_get_an_affiliation_attestation(client_b, file_b):
    text = download(client_b, "fr")
    assert "Attestation d’affiliation" in text


@pytest.mark.parametrize(
    "tamper",
    [
        lambda code: code[:-1] + ("0" if code[-1] != "0" else "1"),  # last signature character
        lambda code: ("0" if code[0] != "0" else "1") + code[1:],  # first serial character
        lambda code: "0000-0000-0000-0000-0000-0000-0000-0000",
        lambda code: code[:20],
        lambda code: "not a code at all",
    ],
)
def test_forged_or_altered_codes_are_refused(client_a, client, file_a, tamper):
    code = CODE.search(download(client_a, "fr")).group(1)
    response = client.get("/fr/verify/", {"code": tamper(code)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "ne correspond à aucune attestation" in body
    assert file_a.full_name not in body


def test_a_code_signed_for_other_details_is_refused(client_a, file_a):
    """Changing the stored holder name (or kind, or date) breaks the signature of the printed code."""
    code = CODE.search(download(client_a, "fr")).group(1)
    assert attestations.verify(code) is not None
    Attestation.objects.update(holder_name="Someone Else")
    assert attestations.verify(code) is None


def test_codes_are_accepted_in_lowercase_and_without_dashes(client_a):
    code = CODE.search(download(client_a, "fr")).group(1)
    assert attestations.verify(code.replace("-", "").lower()) is not None


def test_the_api_issues_an_attestation_with_its_code(client_a, file_a):
    response = client_a.post("/api/portal/attestations/", {"language": "ar"}, content_type="application/json")
    assert response.status_code == 200
    code = response["X-Verification-Code"]
    assert code in pdf_text(response.content)
    listing = client_a.get("/api/portal/attestations/").json()
    assert listing["results"][0]["verification_code"] == code


def test_the_api_refuses_a_bad_language(client_a):
    response = client_a.post("/api/portal/attestations/", {"language": "en"}, content_type="application/json")
    assert response.status_code == 400
    assert not Attestation.objects.exists()


def test_attestations_need_a_linked_file(client):
    assert "/accounts/login/" in client.post("/fr/portal/attestations/download/", {"language": "fr"})["Location"]
