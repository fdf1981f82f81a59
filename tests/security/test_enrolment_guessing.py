"""Issue 24 item 3: enrolment codes guessed by spreading attempts over many accounts and files.

The reviewer's scenario: three accounts from one address sent 15 wrong codes for one member
file, and a fourth got a new code at once. Wrong codes now count per file across every
account (the file locks, its holder is told, staff can unlock it) and failures count per
client address too. No answer tells whether a file exists.
"""

import pytest
from django.core import mail
from django.test import Client

from portal import enrolment
from portal.models import AuditEvent, EnrolmentChallenge, Member
from tests.portal import factories
from tests.portal.test_enrolment import details, sent_code

pytestmark = pytest.mark.django_db

FILE_LOCKED_FR = "Trop de codes erronés ont été saisis pour ce dossier"
NO_MATCH_FR = "Nous n\u2019avons pas pu rattacher de dossier"
ADDRESS = "203.0.113.40"


@pytest.fixture
def unlinked():
    return factories.MemberFactory(
        affiliation_number="AF2008113377", national_id="JC587412", birth_date="1984-11-02", email="file@example.org"
    )


@pytest.fixture(autouse=True)
def _commit_each_request(monkeypatch, django_capture_on_commit_callbacks):
    """Codes and notices are e-mailed on commit (config.tasks): each request's callbacks run as a commit would."""
    original = Client.post

    def post(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, *args, **kwargs)

    monkeypatch.setattr(Client, "post", post)


def account(address=ADDRESS):
    client = Client(REMOTE_ADDR=address)
    client.force_login(factories.UserFactory())
    return client


def wrong_codes(client, member, count):
    """Ask for a code with the right details, then type ``count`` wrong ones; return the last page."""
    client.post("/fr/portal/enrol/", details(member))
    right = sent_code()
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    response = None
    for _ in range(count):
        response = client.post("/fr/portal/enrol/code/", {"code": wrong}, follow=True)
    return response


def test_wrong_codes_from_many_accounts_lock_the_file_and_tell_its_holder(unlinked, settings):
    assert settings.PORTAL_ENROLMENT_FILE_MAX_FAILURES == 10
    wrong_codes(account(), unlinked, 5)
    wrong_codes(account("198.51.100.1"), unlinked, 4)
    last = wrong_codes(account("198.51.100.2"), unlinked, 1)  # the tenth, from a third account
    assert FILE_LOCKED_FR in last.content.decode()
    unlinked.refresh_from_db()
    assert unlinked.enrolment_locked_until is not None and unlinked.user is None
    assert not EnrolmentChallenge.objects.filter(member=unlinked, used_at__isnull=True).exists()
    notice = mail.outbox[-1]
    assert notice.to == ["file@example.org"] and "24 heures" in notice.body
    assert AuditEvent.objects.filter(action=enrolment.FILE_LOCKED, member=unlinked).count() == 1

    # A fourth account with the right details gets no code.
    mail.outbox.clear()
    fourth = account("192.0.2.77")
    response = fourth.post("/fr/portal/enrol/", details(unlinked))
    assert response.status_code == 200 and FILE_LOCKED_FR in response.content.decode()
    assert not mail.outbox


def test_a_code_sent_before_the_lock_dies_with_it(unlinked):
    early = account("192.0.2.1")
    early.post("/fr/portal/enrol/", details(unlinked))
    code = sent_code()
    wrong_codes(account("192.0.2.2"), unlinked, 5)
    wrong_codes(account("192.0.2.3"), unlinked, 5)
    early.post("/fr/portal/enrol/code/", {"code": code})
    unlinked.refresh_from_db()
    assert unlinked.user is None


def test_the_file_lock_ends_after_its_time(unlinked, settings):
    settings.PORTAL_ENROLMENT_FILE_LOCK_HOURS = 0
    wrong_codes(account("192.0.2.2"), unlinked, 5)
    wrong_codes(account("192.0.2.3"), unlinked, 5)
    client = account("192.0.2.4")
    assert client.post("/fr/portal/enrol/", details(unlinked))["Location"] == "/fr/portal/enrol/code/"
    client.post("/fr/portal/enrol/code/", {"code": sent_code()})
    unlinked.refresh_from_db()
    assert unlinked.user is not None
    assert unlinked.enrolment_failures == 0 and unlinked.enrolment_locked_until is None


def test_failures_from_one_address_lock_every_account_there(unlinked, settings):
    assert settings.PORTAL_ENROLMENT_ADDRESS_MAX_FAILURES == 20
    for _ in range(5):  # five accounts, four failures each: no account reaches its own limit
        client = account()
        for attempt in range(4):
            client.post("/fr/portal/enrol/", details(unlinked, national_id=f"WRONG{attempt}"))
    response = account().post("/fr/portal/enrol/", details(unlinked))
    assert response.status_code == 200 and "Trop de tentatives" in response.content.decode()
    assert not EnrolmentChallenge.objects.exists()
    # Another address is not affected.
    assert account("192.0.2.99").post("/fr/portal/enrol/", details(unlinked))["Location"] == "/fr/portal/enrol/code/"


def test_a_locked_file_answers_only_to_whoever_knows_all_three_facts(unlinked):
    Member.objects.filter(pk=unlinked.pk).update(enrolment_locked_until="2999-01-01T00:00Z")
    client = account()
    wrong = client.post("/fr/portal/enrol/", details(unlinked, national_id="ZZ999999")).content.decode()
    assert FILE_LOCKED_FR not in wrong and NO_MATCH_FR in wrong
