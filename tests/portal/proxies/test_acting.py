"""Switching between "my file" and the files one may open; the banner; access ending at once."""

import datetime

import pytest
from django.utils import timezone

from portal.models import AuditEvent
from portal.proxies.choices import AuditAction, Scope
from tests.portal import factories
from tests.portal.conftest import logged_in
from tests.portal.proxies.conftest import grant, switched
from tests.portal.text import shown, text

ENDED = "Your access to that file has ended. You are back in your own space."


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_son_lists_the_files_and_opens_his_mothers(mother, son, language):
    proxy = grant(mother, son)
    client = logged_in(son)
    own_dashboard = text(client.get(f"/{language}/portal/"))
    assert "/portal/files/" in own_dashboard and "(1)" in own_dashboard
    files = client.get(f"/{language}/portal/files/")
    assert files.status_code == 200
    name = "سلمى العلوي" if language == "ar" else "Salma Alaoui"
    assert name in text(files)

    opened = client.post(f"/{language}/portal/files/{proxy.pk}/open/")
    assert opened.status_code == 302 and opened["Location"] == f"/{language}/portal/"
    event = AuditEvent.objects.get(action=AuditAction.OPENED)
    assert (event.actor, event.member, event.via, event.via_grant) == (son, mother, "proxy", proxy.pk)

    dashboard = text(client.get(f"/{language}/portal/"))
    # The banner names whose file it is, isolated, on every page.
    assert f"<bdi>{name}</bdi>" in dashboard
    assert shown("Back to my file", language) in dashboard
    assert shown("as proxy", language, context="banner") in dashboard
    assert mother.affiliation_number in dashboard  # the mother's file, not his own
    assert f"<bdi>{name}</bdi>" in text(client.get(f"/{language}/portal/payments/"))

    back = client.post(f"/{language}/portal/files/leave/")
    assert back.status_code == 302 and back["Location"] == f"/{language}/portal/"
    assert f"<bdi>{name}</bdi>" not in text(client.get(f"/{language}/portal/"))


def test_a_read_only_proxy_can_still_switch_back(mother, son):
    proxy = grant(mother, son, scope=Scope.READ)
    client = switched(son, proxy)
    assert shown("read only", "fr") in text(client.get("/fr/portal/"))
    assert client.post("/fr/portal/files/leave/").status_code == 302
    assert mother.affiliation_number not in text(client.get("/fr/portal/"))


def test_a_helper_without_a_file_of_their_own_lands_on_the_files_page(mother):
    helper = factories.UserFactory(username="association@example.org", second_factor=True)
    proxy = grant(mother, helper)
    client = switched(helper, proxy)
    assert mother.affiliation_number in text(client.get("/fr/portal/"))
    back = client.post("/fr/portal/files/leave/")
    assert back["Location"] == "/fr/portal/files/"


def test_nobody_opens_a_file_they_hold_no_grant_for(mother, son, file_b, client_b):
    proxy = grant(mother, son)
    assert client_b.post(f"/fr/portal/files/{proxy.pk}/open/").status_code == 404
    assert mother.affiliation_number not in text(client_b.get("/fr/portal/"))
    assert not AuditEvent.objects.filter(action=AuditAction.OPENED).exists()


def test_revocation_ends_an_open_session_at_once(mother, mother_client, son):
    proxy = grant(mother, son)
    client = switched(son, proxy)
    assert mother.affiliation_number in text(client.get("/fr/portal/"))

    assert mother_client.post(f"/fr/portal/helpers/{proxy.pk}/end/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.REVOKED, member=mother).exists()

    page = text(client.get("/fr/portal/"))
    assert mother.affiliation_number not in page  # his own file again
    assert shown(ENDED, "fr") in page
    assert shown("Back to my file", "fr") not in page
    assert client.post(f"/fr/portal/files/{proxy.pk}/open/").status_code == 404
    # A POST in the old session reaches only his own file (or nothing of hers).
    assert shown(ENDED, "fr") not in text(client.get("/fr/portal/"))  # said once


def test_access_ends_at_the_end_date(mother, son):
    proxy = grant(mother, son)
    client = switched(son, proxy)
    assert mother.affiliation_number in text(client.get("/fr/portal/"))
    type(proxy).objects.filter(pk=proxy.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    page = text(client.get("/fr/portal/"))
    assert mother.affiliation_number not in page
    assert shown(ENDED, "fr") in page
    assert "/portal/files/" not in page or "(1)" not in page  # no longer among the files he may open
    assert client.post(f"/fr/portal/files/{proxy.pk}/open/").status_code == 404


def test_an_ended_grant_cannot_be_opened(mother, son):
    proxy = grant(mother, son, expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert logged_in(son).post(f"/fr/portal/files/{proxy.pk}/open/").status_code == 404


def test_the_arabic_name_is_shown_on_arabic_pages_and_wraps(mother, son):
    mother.first_name_ar, mother.last_name_ar = "سلمى", "العلوي بنت محمد بن عبد الله الإدريسي الحسني"
    mother.save()
    proxy = grant(mother, son)
    page = text(switched(son, proxy, "ar").get("/ar/portal/"))
    assert "<bdi>سلمى العلوي بنت محمد بن عبد الله الإدريسي الحسني</bdi>" in page
    assert 'class="result result-ok acting-banner"' in page
