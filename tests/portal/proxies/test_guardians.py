"""Legal representatives, recorded by an agent from a court decision (the Wagtail admin)."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.utils import timezone

from portal.audit import AuditContext
from portal.models import AuditAction as PortalAction
from portal.models import AuditEvent
from portal.proxies import acting, invitations, permissions
from portal.proxies.choices import AuditAction, Basis, Scope, Via
from portal.proxies.models import Proxy
from tests.portal import factories
from tests.portal import sample_files as files
from tests.portal.text import NOT_ACCEPTED, REQUIRED, shown, text

pytestmark = pytest.mark.django_db

REPRESENTATIVE = "tuteur@example.org"


@pytest.fixture(autouse=True)
def _groups():
    permissions.ensure_groups()


@pytest.fixture
def member():
    user = factories.UserFactory(username="hajja@example.org")
    return factories.MemberFactory(user=user, status="retired", pension_number="PR0000077", last_name="Alaoui")


@pytest.fixture
def agent():
    return factories.UserFactory(username="registry@cmr.example", groups=[permissions.LEGAL_REPRESENTATION])


@pytest.fixture
def desk(agent):
    client = Client()
    client.force_login(agent)
    return client


def _new_url(member):
    return f"/admin/members/{member.pk}/representative/"


def _decision(content=None, name="jugement.pdf"):
    return SimpleUploadedFile(name, content or files.pdf_bytes("Jugement n° 412/2026"), content_type="application/pdf")


def _form(**changes):
    data = {
        "name": "Youssef Alaoui",
        "email": REPRESENTATIVE,
        "court_reference": "412/2026",
        "decided_on": "2026-03-02",
        "decision": _decision(),
        "expires_on": "",
        "language": "fr",
    }
    data.update(changes)
    return data


def _record(desk, member, **changes):
    # The invitation leaves through a task queued when the transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return desk.post(_new_url(member), _form(**changes))


def _denied(response):
    """403, or Wagtail's answer to a PermissionDenied for someone who may enter the admin: back to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def _portal_member(client):
    response = client.get("/fr/portal/")
    return response.context["member"] if response.status_code == 200 else None


def _private_files(tmp_root):
    return sorted(path for path in tmp_root.rglob("*") if path.is_file())


def test_an_agent_records_a_representative_from_the_court_decision(desk, agent, member):
    page = desk.get(_new_url(member))
    assert page.status_code == 200
    assert shown("Record a legal representative") in text(page)
    response = _record(desk, member)
    assert response.status_code == 302 and response["Location"] == f"/admin/members/{member.pk}/"
    proxy = Proxy.objects.get(member=member)
    assert (proxy.basis, proxy.scope, proxy.created_by, proxy.email) == (
        Basis.GUARDIAN,
        Scope.ACT,
        agent,
        REPRESENTATIVE,
    )
    assert proxy.court_reference == "412/2026" and proxy.expires_on is None and proxy.holder is None
    assert proxy.court_decision.read().startswith(b"%PDF-")
    event = AuditEvent.objects.get(action=AuditAction.GUARDIAN_SET)
    assert (event.actor, event.member, event.target) == (agent, member, f"proxy:{proxy.pk}")
    assert event.details["decided_on"] == "2026-03-02"
    assert [message.to for message in mail.outbox] == [[REPRESENTATIVE]]
    assert "/fr/proxy/accept/" in mail.outbox[0].body
    # The member's file shows the representative, the decision and the way to end it.
    file_page = text(desk.get(f"/admin/members/{member.pk}/"))
    assert "Youssef Alaoui" in file_page and f"/admin/representatives/{proxy.pk}/decision/" in file_page


def test_a_bad_decision_file_is_refused_and_nothing_is_written(desk, member, settings):
    before = _private_files(settings.PRIVATE_MEDIA_ROOT) if settings.PRIVATE_MEDIA_ROOT.exists() else []
    response = _record(desk, member, decision=_decision(files.HTML, name="jugement.pdf"))
    assert response.status_code == 400
    assert shown(NOT_ACCEPTED, name="jugement.pdf") in text(response)
    response = _record(desk, member, decision="")
    assert response.status_code == 400 and shown(REQUIRED) in text(response)
    response = _record(desk, member, decided_on=(timezone.localdate() + datetime.timedelta(days=3)).isoformat())
    assert response.status_code == 400
    assert shown("The date of the decision cannot be in the future.") in text(response)
    assert not Proxy.objects.exists() and not AuditEvent.objects.filter(action=AuditAction.GUARDIAN_SET).exists()
    assert mail.outbox == []
    after = _private_files(settings.PRIVATE_MEDIA_ROOT) if settings.PRIVATE_MEDIA_ROOT.exists() else []
    assert after == before


def test_the_same_person_cannot_be_recorded_twice(desk, member):
    assert _record(desk, member).status_code == 302
    response = _record(desk, member, email=REPRESENTATIVE.upper())
    assert response.status_code == 400
    assert shown("This person can already act for this member, or has an invitation waiting.") in text(response)
    assert Proxy.objects.count() == 1


def test_the_representative_accepts_acts_and_loses_access_as_soon_as_it_ends(desk, agent, member):
    _record(desk, member)
    proxy = Proxy.objects.get(member=member)
    guardian = factories.UserFactory(username=REPRESENTATIVE, second_factor=True)
    invitations.accept(proxy=proxy, actor=guardian, context=AuditContext.none())

    family = Client()
    family.force_login(guardian)
    stored = family.session
    stored[acting.SESSION_KEY] = {"kind": "proxy", "id": proxy.pk}
    stored.save()
    assert _portal_member(family) == member
    response = family.post("/fr/portal/attestations/download/", {"language": "fr"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(member=member, actor=guardian, via=Via.GUARDIAN, via_grant=proxy.pk).exists()

    end_url = f"/admin/representatives/{proxy.pk}/end/"
    response = desk.post(end_url, {"reason": "   "})
    assert response.status_code == 400
    assert Proxy.objects.get(pk=proxy.pk).revoked_at is None
    response = desk.post(end_url, {"reason": "Mainlevée de la tutelle (jugement 77/2027)"})
    assert response.status_code == 302
    ended = Proxy.objects.get(pk=proxy.pk)
    assert ended.revoked_at is not None and ended.revoked_by == agent
    event = AuditEvent.objects.get(action=AuditAction.REVOKED, target=f"proxy:{proxy.pk}")
    assert event.details["reason"].startswith("Mainlevée")
    # The representative's very next request no longer reaches the file.
    assert _portal_member(family) is None
    assert family.post("/fr/portal/attestations/download/", {"language": "fr"}).status_code != 200


def test_the_court_decision_is_for_the_registry_only(desk, member):
    _record(desk, member)
    proxy = Proxy.objects.get(member=member)
    url = f"/admin/representatives/{proxy.pk}/decision/"
    response = desk.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment")
    viewed = AuditEvent.objects.get(action=PortalAction.STAFF_VIEWED_FILE, target=f"proxy:{proxy.pk}")
    assert viewed.member == member
    services = Client()
    services.force_login(factories.UserFactory(username="guichet@cmr.example", groups=["Member services"]))
    assert _denied(services.get(url))
    assert _denied(services.get(_new_url(member)))
    assert _denied(services.post(_new_url(member), _form()))
    assert _denied(services.post(f"/admin/representatives/{proxy.pk}/end/", {"reason": "x"}))
    assert Proxy.objects.get(pk=proxy.pk).revoked_at is None
    member_client = Client()
    member_client.force_login(member.user)
    assert member_client.get(url).status_code in (302, 403)
    anonymous = Client()
    response = anonymous.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    response = anonymous.get(_new_url(member))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Proxy.objects.count() == 1


def test_unknown_or_invited_proxies_are_not_found(desk, member):
    invited = Proxy.objects.create(member=member, basis=Basis.INVITATION, name="Fils", email="fils@example.org")
    assert desk.get(f"/admin/representatives/{invited.pk}/end/").status_code == 404
    assert desk.get(f"/admin/representatives/{invited.pk}/decision/").status_code == 404
    assert desk.get("/admin/representatives/999999/end/").status_code == 404
    assert desk.get("/admin/members/999999/representative/").status_code == 404


def test_the_form_is_rendered_in_arabic(desk, agent, member):
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(agent)
    UserProfile.objects.filter(user=agent).update(preferred_language="ar")
    page = desk.get(_new_url(member))
    assert page.status_code == 200
    assert shown("Record a legal representative", "ar") in text(page)
    assert re.search(r'<html[^>]*dir="rtl"', page.content.decode())
