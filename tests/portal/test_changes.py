"""Change requests: the member asks, an officer decides in the admin, approved changes are exported as CSV."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from portal import changes, rib
from portal.file_notifications import change_decided
from portal.models import AuditAction, AuditEvent, ChangeRequest, ChangeStatus, Member
from portal.notifications.models import Contact, Notification
from tests.portal import factories
from tests.portal.conftest import logged_in
from tests.portal.text import shown

pytestmark = pytest.mark.django_db

NEW_ADDRESS = {"address_line": "5, avenue Mohammed V", "postal_code": "20000", "city": "Casablanca"}


def test_valid_and_invalid_ribs():
    assert rib.is_valid("011519000001205000534921")  # the IBAN registry's Moroccan example
    assert not rib.is_valid("011519000001205000534922")
    assert rib.validate_rib("0115 1900 0001 2050 0053 4921") == "011519000001205000534921"
    for bad in ("01151900000120500053492", "0115190000012050005349211", "01151900000120500053492A", ""):
        with pytest.raises(ValidationError):
            rib.validate_rib(bad)
    assert rib.mask("011519000001205000534921") == "••••••••••••••••••••4921"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_an_address_change_is_pending_then_approved_by_an_officer(client_a, file_a, officer, lang):
    response = client_a.post(f"/{lang}/portal/changes/address/", NEW_ADDRESS)
    assert response.status_code == 302
    change = ChangeRequest.objects.get(member=file_a)
    assert change.status == ChangeStatus.PENDING
    assert change.old_value["city"] == "Rabat"
    assert Member.objects.get(pk=file_a.pk).city == "Rabat"  # nothing changes before the decision
    assert ("En attente" if lang == "fr" else "في الانتظار") in client_a.get(
        f"/{lang}/portal/changes/"
    ).content.decode()

    staff = logged_in(officer)
    assert staff.get("/admin/member-changes/").status_code == 200
    response = staff.post(
        f"/admin/member-changes/{change.pk}/", {"decision": "approve", "note": ""}, REMOTE_ADDR="198.51.100.4"
    )
    assert response.status_code == 302
    file_a.refresh_from_db()
    assert (file_a.address_line, file_a.postal_code, file_a.city) == tuple(NEW_ADDRESS.values())
    event = AuditEvent.objects.get(action=AuditAction.CHANGE_APPROVED)
    assert (event.actor, event.member, event.ip_address) == (officer, file_a, "198.51.100.4")

    out = io.StringIO()
    call_command("export_changes", stdout=out, stderr=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["member_core_id"], r["kind"]) for r in rows] == [(file_a.core_id, "address")]
    assert "Casablanca" in rows[0]["new_value"]
    # Exported once only.
    out = io.StringIO()
    call_command("export_changes", stdout=out, stderr=io.StringIO())
    assert len(list(csv.DictReader(io.StringIO(out.getvalue())))) == 0


def test_a_rejection_needs_a_note_and_changes_nothing(client_a, file_a, officer):
    client_a.post("/fr/portal/changes/phone/", {"phone": "06 11 22 33 44"})
    change = ChangeRequest.objects.get()
    assert change.new_value == {"phone": "0611223344"}
    staff = logged_in(officer)
    response = staff.post(f"/admin/member-changes/{change.pk}/", {"decision": "reject", "note": ""})
    assert response.status_code == 200
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING
    staff.post(f"/admin/member-changes/{change.pk}/", {"decision": "reject", "note": "Numéro injoignable"})
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED
    assert Member.objects.get(pk=file_a.pk).phone == "0612345678"
    assert "Numéro injoignable" in client_a.get("/fr/portal/changes/").content.decode()


def test_a_decided_request_cannot_be_decided_again(client_a, file_a, officer):
    from portal.audit import AuditContext

    client_a.post("/fr/portal/changes/address/", NEW_ADDRESS)
    change = ChangeRequest.objects.get()
    context = AuditContext.none()
    changes.decide(change_id=change.pk, approve=False, note="non", actor=officer, context=context)
    with pytest.raises(changes.AlreadyDecided):
        changes.decide(change_id=change.pk, approve=True, actor=officer, context=context)
    assert Member.objects.get(pk=file_a.pk).city == "Rabat"


def test_one_pending_request_per_kind(client_a, file_a):
    client_a.post("/fr/portal/changes/address/", NEW_ADDRESS)
    response = client_a.post("/fr/portal/changes/address/", {**NEW_ADDRESS, "city": "Salé"})
    assert response.status_code == 200
    assert "déjà une demande en attente" in response.content.decode()
    assert ChangeRequest.objects.count() == 1


@pytest.mark.parametrize(
    "kind,data,message",
    [
        ("address", {"address_line": "", "postal_code": "123", "city": ""}, "Un code postal comporte 5 chiffres."),
        ("phone", {"phone": "12345"}, "Saisissez un numéro de téléphone marocain"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_recorded(client_a, kind, data, message):
    response = client_a.post(f"/fr/portal/changes/{kind}/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_bank_and_email_changes_ask_for_the_password_again(client_a):
    for kind in ("bank_rib", "email"):
        response = client_a.get(f"/fr/portal/changes/{kind}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/fr/accounts/reauthenticate/")


def test_after_reauthentication_a_bank_change_is_validated(client_a, file_a):
    response = client_a.post("/fr/accounts/reauthenticate/", {"password": factories.PASSWORD})
    assert response.status_code == 302
    bad = "011519000001205000534922"
    response = client_a.post("/fr/portal/changes/bank_rib/", {"bank_rib": bad})
    assert response.status_code == 200
    assert "RIB n’est pas valide" in response.content.decode()
    assert not ChangeRequest.objects.exists()
    response = client_a.post("/fr/portal/changes/bank_rib/", {"bank_rib": "0115 1900 0001 2050 0053 4921"})
    assert response.status_code == 302
    assert ChangeRequest.objects.get().new_value == {"bank_rib": "011519000001205000534921"}
    # The member's page never shows the whole new or old RIB.
    assert "011519000001205000534921" not in client_a.get("/fr/portal/changes/").content.decode()


def test_another_member_cannot_see_or_decide_requests(client_a, client_b, file_a, file_b):
    client_a.post("/fr/portal/changes/address/", NEW_ADDRESS)
    change = ChangeRequest.objects.get()
    assert "Casablanca" not in client_b.get("/fr/portal/changes/").content.decode()
    assert client_b.get(f"/admin/member-changes/{change.pk}/").status_code in (302, 403)


def test_staff_without_the_permission_cannot_decide(client_a, file_a):
    client_a.post("/fr/portal/changes/address/", NEW_ADDRESS)
    change = ChangeRequest.objects.get()
    comms = logged_in(factories.UserFactory(is_staff=True))
    assert comms.post(f"/admin/member-changes/{change.pk}/", {"decision": "approve"}).status_code in (302, 403)
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING


def test_the_admin_csv_download_marks_changes_exported(client_a, file_a, officer):
    client_a.post("/fr/portal/changes/address/", NEW_ADDRESS)
    change = ChangeRequest.objects.get()
    staff = logged_in(officer)
    staff.post(f"/admin/member-changes/{change.pk}/", {"decision": "approve", "note": ""})
    response = staff.post("/admin/member-changes/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert file_a.core_id in response.content.decode()
    change.refresh_from_db()
    assert change.exported_at is not None


ABROAD = {"country": "FR", "address_line": "12, rue de la Paix", "postal_code": "75002", "city": "Paris"}


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize(("decision", "outcome"), [("approve", "approved"), ("reject", "not accepted")])
def test_the_decision_is_told_once_in_the_members_language(
    client_a, file_a, officer, mailoutbox, django_capture_on_commit_callbacks, decision, outcome, language
):
    Contact.objects.create(account=file_a.user, language=language)
    client_a.post("/fr/portal/changes/address/", ABROAD)
    change = ChangeRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(officer).post(f"/admin/member-changes/{change.pk}/", {"decision": decision, "note": "Vu au guichet"})
    [notification] = Notification.objects.all()
    assert (notification.kind, notification.member, notification.account) == ("change.decided", file_a, file_a.user)
    assert list(notification.deliveries.values_list("channel", flat=True)) == ["email"]
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [file_a.user.email]
    assert mail.subject == shown("Your change request: %(outcome)s", language, outcome=shown(outcome, language))
    assert f"/{language}/portal/changes/" in mail.body
    # What was asked and the fund's note stay behind the login.
    for private in ("Paris", "rue de la Paix", "Vu au guichet"):
        assert private not in mail.body and private not in mail.subject
    # Told again (a retried task): nothing more.
    change.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert change_decided(change) == notification
    assert Notification.objects.count() == 1 and len(mailoutbox) == 1


def test_a_rolled_back_decision_sends_nothing(
    client_a, file_a, officer, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from portal.audit import AuditContext

    client_a.post("/fr/portal/changes/phone/", {"phone": "0611223344"})
    change = ChangeRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        changes.decide(change_id=change.pk, approve=True, actor=officer, context=AuditContext.none())
        raise RuntimeError("the database write failed after the decision")
    assert mailoutbox == []
    assert not Notification.objects.exists()
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_pensioner_abroad_gives_a_country(client_a, file_a, officer, lang):
    page = client_a.get(f"/{lang}/portal/changes/address/").content.decode()
    assert ('value="MA" selected' in page) and ("France" in page or "فرنسا" in page)
    response = client_a.post(f"/{lang}/portal/changes/address/", ABROAD)
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.new_value == ABROAD
    assert change.old_value["country"] == "MA"
    logged_in(officer).post(f"/admin/member-changes/{change.pk}/", {"decision": "approve", "note": ""})
    file_a.refresh_from_db()
    assert (file_a.address_line, file_a.postal_code, file_a.city) == ("12, rue de la Paix", "75002", "Paris")
    out = io.StringIO()
    call_command("export_changes", stdout=out, stderr=io.StringIO())
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert '"country": "FR"' in row["new_value"]


def test_an_unknown_country_or_a_moroccan_postal_code_of_4_digits_is_refused(client_a):
    for data, message in (
        ({**ABROAD, "country": "XX"}, "Sélectionnez un choix valide"),
        ({**ABROAD, "country": "MA", "postal_code": "1000"}, "Un code postal comporte 5 chiffres."),
    ):
        response = client_a.post("/fr/portal/changes/address/", data)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_the_member_cancels_a_pending_request(client_a, file_a, officer):
    client_a.post("/fr/portal/changes/phone/", {"phone": "0611223344"})
    change = ChangeRequest.objects.get()
    assert f"/fr/portal/changes/{change.pk}/cancel/" in client_a.get("/fr/portal/changes/").content.decode()
    response = client_a.post(f"/fr/portal/changes/{change.pk}/cancel/", follow=True)
    assert "Votre demande a été annulée." in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeStatus.CANCELLED
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_CANCELLED, member=file_a, actor=file_a.user).exists()
    # Cancelled is final: staff cannot approve it, the member cannot cancel it twice.
    logged_in(officer).post(f"/admin/member-changes/{change.pk}/", {"decision": "approve", "note": ""})
    change.refresh_from_db()
    assert change.status == ChangeStatus.CANCELLED
    assert Member.objects.get(pk=file_a.pk).phone != "0611223344"
    response = client_a.post(f"/fr/portal/changes/{change.pk}/cancel/", follow=True)
    assert "ne peut plus être annulée" in response.content.decode()
    # A new request for the same thing can be made again.
    assert client_a.post("/fr/portal/changes/phone/", {"phone": "0611223344"}).status_code == 302


def test_another_member_cannot_cancel_a_request(client_a, client_b, file_a, file_b):
    client_a.post("/fr/portal/changes/phone/", {"phone": "0611223344"})
    change = ChangeRequest.objects.get()
    assert client_b.post(f"/fr/portal/changes/{change.pk}/cancel/").status_code == 404
    assert client_a.get(f"/fr/portal/changes/{change.pk}/cancel/").status_code == 405
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING
