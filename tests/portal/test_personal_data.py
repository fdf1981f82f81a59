"""The member's right of access: everything about them, as JSON and as PDF, and nothing about anyone else."""

import datetime
import io
import json
import unicodedata

import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from portal import personal_data, personal_data_pdf
from portal.claims.models import Claim, ClaimAttachment, ClaimEvent, ClaimMessage
from portal.models import Attestation, AuditEvent, ChangeRequest, ContributionYear
from tests.portal import factories
from tests.portal.conftest import logged_in


def _enrich(member, tag, officer):
    """Give the member one of everything, each carrying ``tag`` so that leaks can be searched for."""
    user = member.user
    ContributionYear.objects.create(
        member=member, year=2024, contribution_base="84000.00", employee_amount="8400.00", employer_amount="8400.00"
    )
    ChangeRequest.objects.create(
        member=member, kind="phone", new_value={"phone": "0611111111"}, old_value={"phone": member.phone}
    )
    Attestation.objects.create(
        member=member,
        serial=f"serial{tag}".lower()[:16],
        kind="pension",
        language="fr",
        issued_on=datetime.date(2026, 2, 1),
        holder_name=member.full_name,
    )
    now = timezone.now()
    claim = Claim.objects.create(
        reference=f"REC-{tag}",
        member=member,
        category="payments",
        subject=f"Subject {tag}",
        description=f"Description {tag}",
        due_at=now + datetime.timedelta(days=10),
        created_by=user,
    )
    ClaimEvent.objects.create(claim=claim, kind="created", to_status="submitted", author=user)
    ClaimAttachment.objects.create(
        claim=claim, file="claims/x.pdf", original_name=f"releve-{tag}.pdf", content_type="application/pdf", size=10
    )
    reply = ClaimMessage.objects.create(claim=claim, author=officer, body=f"Public reply {tag}")
    ClaimAttachment.objects.create(
        claim=claim, message=reply, file="claims/y.pdf", original_name=f"reponse-{tag}.pdf", content_type="a/b", size=1
    )
    note = ClaimMessage.objects.create(claim=claim, author=officer, body=f"INTERNAL-NOTE-{tag}", is_internal=True)
    ClaimAttachment.objects.create(
        claim=claim, message=note, file="claims/z.pdf", original_name=f"internal-{tag}.pdf", content_type="a/b", size=1
    )
    AuditEvent.objects.create(
        actor=officer, actor_label=officer.username, actor_is_staff=True, action="staff_viewed_file", member=member
    )
    AuditEvent.objects.create(actor=user, actor_label=user.username, action="enrolment_succeeded", member=member)
    Authenticator.objects.create(user=user, type="totp", data={"secret": f"TOTPSECRET{tag}"})
    UserSession.objects.create(user=user, ip="192.0.2.7", session_key=f"sessionkey{tag}", user_agent=f"Browser {tag}")


@pytest.fixture
def two_rich_files(file_a, file_b, officer):
    _enrich(file_a, "AAA", officer)
    _enrich(file_b, "BBB", officer)
    return file_a, file_b


def _pdf_text(content):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    # Shaped Arabic comes out as presentation forms: back to plain letters for comparisons.
    return unicodedata.normalize("NFKC", text)


def test_collect_holds_every_category_of_the_member(two_rich_files):
    member_a, _member_b = two_rich_files
    data = personal_data.collect(member_a)
    profile = data["profile"]
    assert profile["last_name"] == "Zyqwertaoui"
    assert profile["bank_rib"] == member_a.bank_rib  # the whole RIB: the member's own data
    assert len(data["career_periods"]) == 2
    assert data["contribution_years"][0]["employee_amount"] == "8400.00"
    assert data["payments"][0]["deductions"] == [
        {"kind": "amo", "amount": "361.60"},
        {"kind": "ir", "amount": "400.00"},
    ]
    assert data["dossiers"][0]["events"][0]["message_fr"] == "Demande reçue."
    assert data["change_requests"][0]["new_value"] == {"phone": "0611111111"}
    assert data["attestations"][0]["kind"] == "pension"
    claim = data["claims"][0]
    assert claim["reference"] == "REC-AAA"
    assert claim["attachments"] == ["releve-AAA.pdf"]
    assert [m["body"] for m in claim["messages"]] == ["Public reply AAA"]
    assert claim["messages"][0]["attachments"] == ["reponse-AAA.pdf"]
    assert claim["history"][0]["kind"] == "created"
    actions = {(e["action"], e["actor"]) for e in data["audit_events"]}
    assert ("staff_viewed_file", "officer@example.org") in actions
    assert ("enrolment_succeeded", "self") in actions
    account = data["account"]
    assert account["email_addresses"] == [{"email": "member-a@example.org", "verified": True, "primary": True}]
    assert [m["type"] for m in account["mfa"]] == ["totp"]
    assert account["sessions"][0]["user_agent"] == "Browser AAA"
    # JSON as written to the file.
    json.dumps(data)


def test_collect_holds_nothing_of_another_member_nor_internal_notes_nor_secrets(two_rich_files):
    member_a, member_b = two_rich_files
    text = json.dumps(personal_data.collect(member_a), ensure_ascii=False)
    for leak in ("BBB", member_b.affiliation_number, member_b.national_id, member_b.bank_rib, "Bennani"):
        assert leak not in text
    for secret in ("INTERNAL-NOTE", "internal-AAA.pdf", "TOTPSECRET", "sessionkey"):
        assert secret not in text


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_pdf_prints_the_file_in_the_language(two_rich_files, language):
    member_a, _member_b = two_rich_files
    content = personal_data_pdf.render(personal_data.collect(member_a), language)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    assert "Zyqwertaoui" in text
    assert member_a.affiliation_number in text
    assert "Public reply AAA" in text
    assert "INTERNAL-NOTE" not in text
    assert "BBB" not in text
    if language == "ar":
        assert "الشكايات" in text or "الشكايات"[::-1] in text
    else:
        assert "Réclamations" in text


def _reauthenticated(member):
    client = logged_in(member.user)
    response = client.post("/fr/accounts/reauthenticate/", {"password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def test_page_is_linked_and_offers_both_downloads(client_a):
    assert "/fr/portal/my-data/" in client_a.get("/fr/portal/").content.decode()
    page = client_a.get("/fr/portal/my-data/").content.decode()
    assert "/fr/portal/my-data/download.json" in page
    assert "/fr/portal/my-data/download.pdf" in page


def test_anonymous_goes_to_login_and_unenrolled_to_enrolment(db):
    for url in ("/fr/portal/my-data/", "/fr/portal/my-data/download.json", "/fr/portal/my-data/download.pdf"):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        response = logged_in(factories.UserFactory()).get(url)
        assert response.status_code == 302
        assert response["Location"] == "/fr/portal/enrol/"


def test_downloads_ask_for_the_password_again(client_a):
    response = client_a.get("/fr/portal/my-data/download.json")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/reauthenticate/")
    assert not AuditEvent.objects.filter(action="personal_data_downloaded").exists()


def test_json_download_is_an_uncached_attachment_and_audited(two_rich_files):
    member_a, _member_b = two_rich_files
    response = _reauthenticated(member_a).get("/fr/portal/my-data/download.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["affiliation_number"] == member_a.affiliation_number
    assert "INTERNAL-NOTE" not in response.content.decode()
    event = AuditEvent.objects.get(action="personal_data_downloaded")
    assert event.member == member_a
    assert event.actor == member_a.user
    assert event.details == {"format": "json"}
    assert event.ip_address == "127.0.0.1"


def test_pdf_download_in_arabic(two_rich_files):
    member_a, member_b = two_rich_files
    client = _reauthenticated(member_a)
    response = client.get("/ar/portal/my-data/download.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    text = _pdf_text(response.content)
    assert "Zyqwertaoui" in text
    assert member_b.affiliation_number not in text
    assert AuditEvent.objects.get(action="personal_data_downloaded").details == {"format": "pdf-ar"}
