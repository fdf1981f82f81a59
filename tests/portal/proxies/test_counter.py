"""Help at the counter: no consent, no session; the session ends with the agent's login session."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.utils import timezone

from portal.models import AuditEvent
from portal.notifications import sms
from portal.notifications.models import Notification
from portal.proxies import acting, permissions
from portal.proxies import signals as _logout_receiver  # noqa: F401  (connects the user_logged_out receiver)
from portal.proxies.choices import AuditAction, Basis, Scope, Via
from portal.proxies.models import CounterSession, Proxy
from tests.portal import factories
from tests.portal import sample_files as files
from tests.portal.text import NOT_ACCEPTED, shown, text


class RecordingSender:
    """The SMS gateway of these tests: what would have been sent, in memory."""

    sent = []

    def send(self, *, to, text, message_id):
        RecordingSender.sent.append({"to": to, "text": text, "message_id": message_id})
        return sms.Answer(accepted=True, provider_id=str(message_id), text="recorded")

    def lookup(self, message_id):
        return None


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_recording"),
]


@pytest.fixture
def _recording(settings):
    settings.NOTIFICATIONS_SMS_SENDER = f"{__name__}.RecordingSender"
    RecordingSender.sent = []
    permissions.ensure_groups()


@pytest.fixture
def member():
    user = factories.UserFactory(username="fatima@example.org")
    return factories.MemberFactory(
        user=user, status="retired", pension_number="PR0000042", phone="0612345678", last_name="Zerhouni"
    )


def _agent(username="agent@cmr.example", groups=("Member services",)):
    return factories.UserFactory(username=username, groups=list(groups), first_name="Karim")


@pytest.fixture
def agent():
    return _agent()


@pytest.fixture
def desk(agent):
    client = Client()
    client.force_login(agent)
    return client


def _start_url(member):
    return f"/admin/members/{member.pk}/counter/"


def _send_code(desk, member):
    # The code leaves through a task queued when the transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = desk.post(_start_url(member), {"consent": "code"})
    assert response.status_code == 302, response.content[:500]
    session = CounterSession.objects.filter(member=member, started_at__isnull=True).latest("pk")
    assert response["Location"] == f"/admin/counter/{session.pk}/code/"
    return session


def _code_sent():
    return re.search(r"\b(\d{6})\b", RecordingSender.sent[-1]["text"]).group(1)


def _wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _denied(response):
    """403, or Wagtail's answer to a PermissionDenied for someone who may enter the admin: back to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def _portal_member(client):
    """Whose file /fr/portal/ shows to this client (None: not a member's dashboard)."""
    response = client.get("/fr/portal/")
    return response.context["member"] if response.status_code == 200 else None


def _started(member):
    return CounterSession.objects.filter(member=member, started_at__isnull=False)


def _start_with_code(desk, member):
    session = _send_code(desk, member)
    response = desk.post(f"/admin/counter/{session.pk}/code/", {"code": _code_sent()})
    assert response.status_code == 302
    assert response["Location"] == "/fr/portal/"
    return CounterSession.objects.get(pk=session.pk)


# --- no consent, no session --------------------------------------------------------------------


def test_the_code_is_sent_by_sms_never_stored_and_the_page_is_rendered_in_both_languages(desk, member, agent):
    page = desk.get(_start_url(member))
    assert page.status_code == 200
    assert shown("Help this member at the counter") in text(page)
    session = _send_code(desk, member)
    assert RecordingSender.sent[-1]["to"] == "+212612345678"
    code = _code_sent()
    assert code not in str(CounterSession.objects.filter(pk=session.pk).values().get())
    assert sms.segments(RecordingSender.sent[-1]["text"]) == 1
    event = AuditEvent.objects.get(action=AuditAction.COUNTER_CODE)
    assert (event.member, event.actor, event.target) == (member, agent, f"counter:{session.pk}")
    assert not _started(member).exists()
    # The Wagtail admin speaks the agent's chosen language.
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(agent).__class__.objects.filter(user=agent).update(preferred_language="ar")
    page = desk.get(f"/admin/counter/{session.pk}/code/")
    assert page.status_code == 200
    assert shown("Type the member's code", "ar") in text(page)


def test_a_wrong_code_starts_nothing(desk, member):
    session = _send_code(desk, member)
    response = desk.post(f"/admin/counter/{session.pk}/code/", {"code": _wrong(_code_sent())})
    assert response.status_code == 400
    assert shown("This is not the code sent to the member. Tries left: %(count)d.", count=4) in text(response)
    assert not _started(member).exists()
    assert _portal_member(desk) is None
    assert not AuditEvent.objects.filter(action=AuditAction.COUNTER_STARTED).exists()


def test_a_malformed_code_is_refused_without_counting_a_try(desk, member):
    session = _send_code(desk, member)
    response = desk.post(f"/admin/counter/{session.pk}/code/", {"code": "12ab"})
    assert response.status_code == 400
    assert shown("The code has 6 digits.") in text(response)
    assert CounterSession.objects.get(pk=session.pk).code_failures == 0


def test_an_expired_code_is_refused(desk, member):
    session = _send_code(desk, member)
    code = _code_sent()
    CounterSession.objects.filter(pk=session.pk).update(code_expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = desk.post(f"/admin/counter/{session.pk}/code/", {"code": code})
    assert response.status_code == 400
    assert shown("This code has expired: send a new code.") in text(response)
    assert not _started(member).exists()


def test_five_wrong_codes_lock_the_code(desk, member):
    session = _send_code(desk, member)
    code = _code_sent()
    for _ in range(5):
        assert desk.post(f"/admin/counter/{session.pk}/code/", {"code": _wrong(code)}).status_code == 400
    response = desk.post(f"/admin/counter/{session.pk}/code/", {"code": code})
    assert response.status_code == 400
    assert shown("Too many wrong codes: send a new code or use the signed form.") in text(response)
    assert not _started(member).exists()
    assert CounterSession.objects.get(pk=session.pk).code_failures == 5


def test_no_signed_form_or_a_bad_one_starts_nothing(desk, member):
    response = desk.post(_start_url(member), {"consent": "signed_form"})
    assert response.status_code == 400
    assert shown("This field is required.") in text(response)
    bad = SimpleUploadedFile("consent.pdf", files.HTML, content_type="application/pdf")
    response = desk.post(_start_url(member), {"consent": "signed_form", "signed_form": bad})
    assert response.status_code == 400
    assert shown(NOT_ACCEPTED, name="consent.pdf") in text(response)
    assert not CounterSession.objects.exists()
    assert _portal_member(desk) is None


def test_another_agents_code_request_is_not_found(desk, member):
    session = _send_code(desk, member)
    other = Client()
    other.force_login(_agent("other-agent@cmr.example"))
    assert other.get(f"/admin/counter/{session.pk}/code/").status_code == 404
    assert other.post(f"/admin/counter/{session.pk}/code/", {"code": _code_sent()}).status_code == 404
    assert not _started(member).exists()


def test_codes_are_limited_per_member(desk, member):
    for _ in range(3):
        _send_code(desk, member)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = desk.post(_start_url(member), {"consent": "code"})
    assert response.status_code == 400
    assert shown("Several codes were sent in the last hour: use the signed form.") in text(response)
    assert len(RecordingSender.sent) == 3


def test_without_mobile_the_code_goes_by_email_and_without_either_only_the_form(desk, member):
    member.phone = "0537123456"  # a landline: no SMS
    member.save()
    session = _send_code(desk, member)
    assert RecordingSender.sent == []
    assert mail.outbox[-1].to == ["fatima@example.org"]
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    assert desk.post(f"/admin/counter/{session.pk}/code/", {"code": code}).status_code == 302

    lonely = factories.MemberFactory(user=factories.UserFactory(username=""), phone="", email="")
    lonely.user.email = ""
    lonely.user.save()
    page = desk.get(_start_url(lonely))
    message = shown("This member has neither a mobile number nor an e-mail address: use the signed form.")
    assert message in text(page)
    response = desk.post(_start_url(lonely), {"consent": "code"})
    assert response.status_code == 400
    assert not CounterSession.objects.filter(member=lonely).exists()


# --- who may help ------------------------------------------------------------------------------


def test_only_agents_with_the_permission_and_never_anonymous(member):
    anonymous = Client()
    response = anonymous.get(_start_url(member))
    assert response.status_code == 302 and "/login/" in response["Location"]
    auditor = Client()
    auditor.force_login(factories.UserFactory(username="auditor@cmr.example", groups=["Auditors"]))
    assert _denied(auditor.get(_start_url(member)))
    assert _denied(auditor.post(_start_url(member), {"consent": "code"}))
    assert not CounterSession.objects.exists()


def test_an_agent_who_is_the_members_proxy_cannot_help_them_at_the_counter(desk, agent, member):
    Proxy.objects.create(
        member=member,
        basis=Basis.INVITATION,
        scope=Scope.ACT,
        name="Karim",
        email=agent.email,
        holder=agent,
        accepted_at=timezone.now(),
    )
    message = shown("You act for this member as their proxy or representative: ask a colleague to help them.")
    assert message in text(desk.get(_start_url(member)))
    response = desk.post(_start_url(member), {"consent": "code"})
    assert response.status_code == 400
    assert not CounterSession.objects.exists() and RecordingSender.sent == []


# --- the session --------------------------------------------------------------------------------


def test_with_the_code_the_agent_acts_in_the_members_portal_and_everything_is_recorded(desk, agent, member):
    session = _start_with_code(desk, member)
    assert session.session_key == desk.session.session_key
    assert _portal_member(desk) == member
    started = AuditEvent.objects.get(action=AuditAction.COUNTER_STARTED)
    assert (started.actor, started.member, started.via, started.via_grant) == (agent, member, Via.COUNTER, session.pk)

    response = desk.post("/fr/portal/attestations/download/", {"language": "fr"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    issued = AuditEvent.objects.filter(member=member, via=Via.COUNTER).exclude(action__startswith="counter.")
    assert issued.exists()
    assert {(event.actor, event.via_grant) for event in issued} == {(agent, session.pk)}

    response = desk.post("/fr/portal/counter/end/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/members/{member.pk}/"
    assert CounterSession.objects.get(pk=session.pk).ended_at is not None
    ended = AuditEvent.objects.get(action=AuditAction.COUNTER_ENDED)
    assert (ended.actor, ended.member, ended.via) == (agent, member, Via.COUNTER)
    told = Notification.objects.get(kind="counter.helped")
    assert (told.member, told.key) == (member, f"counter:{session.pk}")
    assert _portal_member(desk) is None
    assert acting.SESSION_KEY not in desk.session
    # A second click on "End" changes nothing and tells nobody twice.
    desk.post("/fr/portal/counter/end/")
    assert Notification.objects.filter(kind="counter.helped").count() == 1


def test_with_the_signed_form_the_agent_reaches_the_members_dashboard(desk, member):
    form = SimpleUploadedFile("consentement.pdf", files.pdf_bytes("Je consens"), content_type="application/pdf")
    response = desk.post(_start_url(member), {"consent": "signed_form", "signed_form": form})
    assert response.status_code == 302 and response["Location"] == "/fr/portal/"
    session = _started(member).get()
    assert session.consent == "signed_form" and session.consent_form.name
    assert session.consent_form.read().startswith(b"%PDF-")
    assert _portal_member(desk) == member


def test_logging_out_ends_the_session_and_a_new_login_does_not_resume_it(desk, agent, member):
    session = _start_with_code(desk, member)
    old_key = desk.session.session_key
    desk.logout()
    assert CounterSession.objects.get(pk=session.pk).ended_at is not None
    assert Notification.objects.filter(key=f"counter:{session.pk}").count() == 1
    desk.force_login(agent)
    stored = desk.session
    stored[acting.SESSION_KEY] = {"kind": "counter", "id": session.pk}
    stored.save()
    assert desk.session.session_key != old_key
    assert _portal_member(desk) is None


def test_after_counter_session_minutes_it_is_refused(desk, member):
    session = _start_with_code(desk, member)
    late = timezone.now() - datetime.timedelta(minutes=settings.COUNTER_SESSION_MINUTES, seconds=1)
    CounterSession.objects.filter(pk=session.pk).update(started_at=late)
    assert _portal_member(desk) is None
    assert desk.post("/fr/portal/attestations/download/", {"language": "fr"}).status_code != 200


def test_another_agent_or_another_login_session_cannot_use_it(desk, agent, member):
    session = _start_with_code(desk, member)
    for user in (_agent("other@cmr.example"), agent):  # another agent; the same agent in another browser
        intruder = Client()
        intruder.force_login(user)
        stored = intruder.session
        stored[acting.SESSION_KEY] = {"kind": "counter", "id": session.pk}
        stored.save()
        assert _portal_member(intruder) is None
    assert _portal_member(desk) == member


def test_starting_for_another_member_ends_the_previous_help(desk, member):
    first = _start_with_code(desk, member)
    other = factories.MemberFactory(user=factories.UserFactory(username="omar@example.org"), phone="0698765432")
    _start_with_code(desk, other)
    assert CounterSession.objects.get(pk=first.pk).ended_at is not None
    assert _portal_member(desk) == other


@override_settings(LANGUAGE_CODE="fr")
def test_the_member_file_in_the_admin_offers_the_counter(desk, member):
    page = desk.get(f"/admin/members/{member.pk}/")
    assert page.status_code == 200
    assert shown("Help this member at the counter") in text(page)


def test_a_timed_out_session_is_written_down_as_ended_and_the_member_told(desk, member):
    from portal.proxies import counter

    session = _start_with_code(desk, member)
    assert counter.close_timed_out() == 0
    late = timezone.now() + datetime.timedelta(minutes=settings.COUNTER_SESSION_MINUTES)
    assert counter.close_timed_out(now=late) == 1
    assert CounterSession.objects.get(pk=session.pk).ended_at == late
    assert Notification.objects.filter(key=f"counter:{session.pk}").count() == 1
    assert counter.close_timed_out(now=late) == 0
