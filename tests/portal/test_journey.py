"""The issue's "done when": a new user signs up, verifies the e-mail, links their file, sees career, payments
and the dossier timeline, downloads an attestation and verifies it, asks for an address change that an officer
approves; in French and in Arabic. Through the real views, with the real database."""

import io
import re

import pytest
from django.core import mail
from django.test import Client
from pypdf import PdfReader

from portal.models import AuditAction, AuditEvent, ChangeRequest
from tests.portal import factories
from tests.portal.conftest import logged_in

pytestmark = pytest.mark.django_db

PASSWORD = "Retraite-Securisee-2026!"
TITLES = {
    "fr": {"career": "Carrière", "timeline": "Ce qui a été fait", "genuine": "Cette attestation est authentique."},
    "ar": {"career": "المسار المهني", "timeline": "ما تم إنجازه", "genuine": "هذه الشهادة صحيحة."},
}


@pytest.fixture(autouse=True)
def _commit_each_request(monkeypatch, django_capture_on_commit_callbacks):
    """E-mails are enqueued on commit (config.tasks): each request's callbacks run as a real commit would."""
    original = Client.post

    def post(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, *args, **kwargs)

    monkeypatch.setattr(Client, "post", post)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_sign_up_to_approved_address_change(lang, officer):
    member = factories.MemberFactory(email="dossier@example.org", status="retired", pension_number="PR77")
    factories.CareerPeriodFactory(member=member)
    factories.PaymentFactory(member=member)
    dossier = factories.DossierFactory(member=member)
    factories.DossierEventFactory(dossier=dossier)
    client = Client()
    email = f"nouvelle.{lang}@example.org"

    # Sign up and verify the e-mail address.
    response = client.post(f"/{lang}/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(link)
    assert response.status_code == 302
    # Logged in, not enrolled yet: the member area asks for the file.
    assert client.get(f"/{lang}/portal/")["Location"] == f"/{lang}/portal/enrol/"

    # Link the file with the code sent to the address on file.
    client.post(
        f"/{lang}/portal/enrol/",
        {"identifier": member.affiliation_number, "national_id": member.national_id, "birth_date": "1970-05-20"},
    )
    assert mail.outbox[-1].to == ["dossier@example.org"]
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    assert client.post(f"/{lang}/portal/enrol/code/", {"code": code})["Location"] == f"/{lang}/portal/"

    # Career, payments, dossier timeline.
    assert TITLES[lang]["career"] in client.get(f"/{lang}/portal/career/").content.decode()
    payments = client.get(f"/{lang}/portal/payments/").content.decode()
    assert "7" in payments and "2025" in payments
    timeline = client.get(f"/{lang}/portal/dossiers/{dossier.reference}/").content.decode()
    assert TITLES[lang]["timeline"] in timeline
    assert (dossier.next_step_ar if lang == "ar" else dossier.next_step_fr) in timeline

    # Attestation, verified by anyone.
    pdf = client.post(f"/{lang}/portal/attestations/download/", {"language": lang}).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    verify_code = re.search(r"[0-9A-F]{4}(?:-[0-9A-F]{4}){7}", text).group(0)
    assert TITLES[lang]["genuine"] in Client().get(f"/{lang}/verify/", {"code": verify_code}).content.decode()

    # Address change, approved by an officer.
    client.post(
        f"/{lang}/portal/changes/address/", {"address_line": "9, rue Tarik", "postal_code": "11000", "city": "Salé"}
    )
    change = ChangeRequest.objects.get(member=member)
    logged_in(officer).post(f"/admin/member-changes/{change.pk}/", {"decision": "approve", "note": ""})
    assert "Salé" in client.get(f"/{lang}/portal/").content.decode()
    actions = set(AuditEvent.objects.filter(member=member).values_list("action", flat=True))
    assert {AuditAction.ENROLMENT_SUCCEEDED, AuditAction.ATTESTATION_ISSUED, AuditAction.CHANGE_APPROVED} <= actions


def test_closing_the_account_deactivates_it_and_frees_the_file(client_a, file_a):
    user = file_a.user
    response = client_a.post("/fr/accounts/reauthenticate/", {"password": factories.PASSWORD})
    assert response.status_code == 302
    response = client_a.post("/fr/portal/account/close/", {"reason": "Je n’en ai plus besoin", "confirm": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    file_a.refresh_from_db()
    assert not user.is_active
    assert file_a.user is None
    assert user.closure_requests.get().reason == "Je n’en ai plus besoin"
    assert client_a.get("/fr/portal/").status_code == 302  # logged out
    response = Client().post("/fr/accounts/login/", {"login": user.email, "password": factories.PASSWORD})
    assert "_auth_user_id" not in Client().session


def test_closing_needs_the_confirmation_box(client_a, file_a):
    client_a.post("/fr/accounts/reauthenticate/", {"password": factories.PASSWORD})
    response = client_a.post("/fr/portal/account/close/", {"reason": ""})
    assert response.status_code == 200
    file_a.user.refresh_from_db()
    assert file_a.user.is_active
