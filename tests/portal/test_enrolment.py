"""Linking an account to a member file: success, one message for every wrong field, lock, one file one account."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation
from django.utils.html import escape

from portal import enrolment
from portal.models import AuditAction, AuditEvent, EnrolmentChallenge, Member
from portal.views.enrol import MESSAGES
from tests.portal import factories
from tests.portal.conftest import logged_in

pytestmark = pytest.mark.django_db

GENERIC = {
    "fr": "Nous n’avons pas pu rattacher de dossier avec ces informations",
    "ar": "تعذر ربط ملف بهذه المعطيات",
}


@pytest.fixture
def unlinked():
    return factories.MemberFactory(
        affiliation_number="AF2008113377", national_id="JC587412", birth_date="1984-11-02", email="file@example.org"
    )


@pytest.fixture
def newcomer():
    return factories.UserFactory(username="newcomer@example.org")


def details(member, **wrong):
    data = {
        "identifier": member.affiliation_number,
        "national_id": member.national_id,
        "birth_date": str(member.birth_date),
    }
    data.update(wrong)
    return data


@pytest.fixture(autouse=True)
def _commit_each_request(monkeypatch, django_capture_on_commit_callbacks):
    """The code e-mail is enqueued on commit (config.tasks): each request's callbacks run as a commit would."""
    from django.test import Client

    original = Client.post

    def post(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, *args, **kwargs)

    monkeypatch.setattr(Client, "post", post)


def sent_code():
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_new_account_links_its_file_with_the_emailed_code(newcomer, unlinked, lang):
    client = logged_in(newcomer)
    response = client.post(f"/{lang}/portal/enrol/", details(unlinked))
    assert response.status_code == 302 and response["Location"] == f"/{lang}/portal/enrol/code/"
    assert mail.outbox[-1].to == ["file@example.org"]  # the address on file, not the account's
    challenge = EnrolmentChallenge.objects.get(user=newcomer)
    assert sent_code() not in challenge.code_hash  # only a hash is stored
    response = client.post(f"/{lang}/portal/enrol/code/", {"code": sent_code()})
    assert response.status_code == 302 and response["Location"] == f"/{lang}/portal/"
    unlinked.refresh_from_db()
    assert unlinked.user == newcomer
    assert AuditEvent.objects.filter(action=AuditAction.ENROLMENT_SUCCEEDED, member=unlinked, actor=newcomer).exists()
    assert client.get(f"/{lang}/portal/").status_code == 200


def test_the_pension_number_works_too(newcomer, unlinked):
    unlinked.pension_number = "PR2024000001"
    unlinked.save()
    client = logged_in(newcomer)
    response = client.post("/fr/portal/enrol/", details(unlinked, identifier="pr2024000001"))
    assert response["Location"] == "/fr/portal/enrol/code/"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_each_wrong_field_gives_the_same_message(newcomer, unlinked, lang):
    client = logged_in(newcomer)
    wrong_ones = [
        {"identifier": "AF0000000000"},
        {"national_id": "ZZ999999"},
        {"birth_date": "1984-11-03"},
    ]
    bodies = []
    for wrong in wrong_ones:
        response = client.post(f"/{lang}/portal/enrol/", details(unlinked, **wrong))
        assert response.status_code == 200
        body = response.content.decode()
        assert GENERIC[lang] in body
        # Strip the echoed input: what remains must be identical whichever field was wrong.
        bodies.append(re.sub(r'value="[^"]*"', "", re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)))
    assert bodies[0] == bodies[1] == bodies[2]
    assert not mail.outbox
    unlinked.refresh_from_db()
    assert unlinked.user is None
    assert AuditEvent.objects.filter(action=AuditAction.ENROLMENT_FAILED, actor=newcomer).count() == 3


def test_after_five_failures_the_account_is_locked_even_with_the_right_details(newcomer, unlinked):
    client = logged_in(newcomer)
    for _ in range(5):
        client.post("/fr/portal/enrol/", details(unlinked, national_id="WRONG1"))
    response = client.post("/fr/portal/enrol/", details(unlinked))
    assert "Trop de tentatives" in response.content.decode()
    assert not mail.outbox
    assert AuditEvent.objects.filter(action=AuditAction.ENROLMENT_LOCKED, actor=newcomer).exists()
    # Another account is not affected by this one's lock.
    other = logged_in(factories.UserFactory())
    assert other.post("/fr/portal/enrol/", details(unlinked))["Location"] == "/fr/portal/enrol/code/"


@override_settings(PORTAL_ENROLMENT_LOCK_MINUTES=0)
def test_the_lock_lasts_only_for_the_configured_while(newcomer, unlinked):
    client = logged_in(newcomer)
    for _ in range(5):
        client.post("/fr/portal/enrol/", details(unlinked, national_id="WRONG1"))
    assert not enrolment.is_locked(newcomer)


def test_wrong_codes_count_towards_the_lock(newcomer, unlinked):
    client = logged_in(newcomer)
    client.post("/fr/portal/enrol/", details(unlinked))
    right = sent_code()
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _ in range(5):
        client.post("/fr/portal/enrol/code/", {"code": wrong})
    client.post("/fr/portal/enrol/code/", {"code": right}, follow=True)
    unlinked.refresh_from_db()
    assert unlinked.user is None
    assert enrolment.is_locked(newcomer)


def test_a_file_already_linked_cannot_be_linked_again(file_a, newcomer):
    client = logged_in(newcomer)
    response = client.post("/fr/portal/enrol/", details(file_a))
    assert response.status_code == 200
    assert "déjà rattaché" in response.content.decode()
    assert not mail.outbox
    assert Member.objects.get(pk=file_a.pk).user == file_a.user


def test_a_code_for_a_file_linked_meanwhile_is_refused(newcomer, unlinked):
    client = logged_in(newcomer)
    client.post("/fr/portal/enrol/", details(unlinked))
    code = sent_code()
    rival = factories.UserFactory()
    Member.objects.filter(pk=unlinked.pk).update(user=rival)
    client.post("/fr/portal/enrol/code/", {"code": code})
    assert Member.objects.get(pk=unlinked.pk).user == rival


def test_an_expired_code_is_refused(newcomer, unlinked):
    client = logged_in(newcomer)
    client.post("/fr/portal/enrol/", details(unlinked))
    EnrolmentChallenge.objects.update(expires_at="2000-01-01T00:00Z")
    response = client.post("/fr/portal/enrol/code/", {"code": sent_code()})
    assert response["Location"] == "/fr/portal/enrol/"
    unlinked.refresh_from_db()
    assert unlinked.user is None


def test_bad_input_is_a_clear_error(newcomer, unlinked):
    response = logged_in(newcomer).post("/fr/portal/enrol/", {"identifier": "", "national_id": "", "birth_date": "x"})
    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_anonymous_visitors_log_in_first(client):
    assert "/accounts/login/" in client.get("/fr/portal/enrol/")["Location"]


def test_the_console_sender_prints_instead_of_mailing(newcomer, unlinked, settings, caplog):
    settings.PORTAL_CODE_SENDER = "console"
    logged_in(newcomer).post("/fr/portal/enrol/", details(unlinked))
    assert not mail.outbox
    assert re.search(r"Enrolment code for member AF2008113377: \d{6}", caplog.text)


# --- Staff accounts and the staff unlock (issue 24 items 3 and 13) -------------------------


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_staff_accounts_are_refused_with_a_clear_message(officer, unlinked, lang):
    client = logged_in(officer)
    with translation.override(lang):
        message = MESSAGES[enrolment.Outcome.STAFF_ACCOUNT]()
    page = client.get(f"/{lang}/portal/enrol/")
    assert page.status_code == 200 and escape(message) in page.content.decode()
    response = client.post(f"/{lang}/portal/enrol/", details(unlinked))
    assert response.status_code == 200 and escape(message) in response.content.decode()
    assert not mail.outbox and not EnrolmentChallenge.objects.exists()
    unlinked.refresh_from_db()
    assert unlinked.user is None


def test_the_rule_refuses_staff_whatever_the_view(officer, unlinked, rf):
    request = rf.post("/fr/portal/enrol/")
    request.user = officer
    assert enrolment.start(request, **details(unlinked)).outcome is enrolment.Outcome.STAFF_ACCOUNT


@pytest.fixture
def locked(unlinked):
    Member.objects.filter(pk=unlinked.pk).update(enrolment_failures=3, enrolment_locked_until="2999-01-01T00:00Z")
    unlinked.refresh_from_db()
    return unlinked


def test_member_services_see_locked_files_and_unlock_them(officer, locked, newcomer):
    client = logged_in(officer)
    page = client.get("/admin/enrolment-locks/")
    assert page.status_code == 200 and locked.affiliation_number in page.content.decode()
    response = client.post(f"/admin/enrolment-locks/{locked.pk}/unlock/")
    assert response.status_code == 302
    locked.refresh_from_db()
    assert locked.enrolment_locked_until is None and locked.enrolment_failures == 0
    event = AuditEvent.objects.get(action=enrolment.FILE_UNLOCKED)
    assert event.member == locked and event.actor == officer
    # The holder can link it at once.
    assert logged_in(newcomer).post("/fr/portal/enrol/", details(locked))["Location"] == "/fr/portal/enrol/code/"


def test_only_member_services_may_unlock(auditor, locked, file_a):
    for client in (logged_in(auditor), logged_in(file_a.user)):
        assert client.post(f"/admin/enrolment-locks/{locked.pk}/unlock/").status_code in (302, 403)
        locked.refresh_from_db()
        assert locked.enrolment_locked_until is not None
    page = logged_in(auditor).get("/admin/enrolment-locks/")
    assert page.status_code in (302, 403) and locked.affiliation_number not in page.content.decode()
    assert not AuditEvent.objects.filter(action=enrolment.FILE_UNLOCKED).exists()


def test_unlocking_needs_a_post(officer, locked):
    assert logged_in(officer).get(f"/admin/enrolment-locks/{locked.pk}/unlock/").status_code == 405
