"""People, messages and a recording text-message sender for the notification centre's page tests."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from portal.notifications import kinds
from portal.notifications.choices import Channel
from portal.notifications.models import Notification
from portal.proxies import acting
from portal.proxies.models import Proxy
from tests.portal import factories

RECORDING_SENDER = "tests.portal.notifications.conftest.RecordingSender"


class RecordingSender:
    """The SMS provider's stand-in for the page tests: it accepts every message and keeps it."""

    sent = []

    def send(self, *, to, text, message_id):
        from portal.notifications.sms import Answer

        RecordingSender.sent.append({"to": to, "text": text, "message_id": message_id})
        return Answer(accepted=True, provider_id=f"rec-{len(RecordingSender.sent)}", text="recorded")

    def lookup(self, message_id):
        return None


@pytest.fixture
def recorded_sms(settings):
    settings.NOTIFICATIONS_SMS_SENDER = RECORDING_SENDER
    RecordingSender.sent = []
    yield RecordingSender.sent
    RecordingSender.sent = []


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def amina(db):
    """A pensioner with a file, whose file holds a mobile number (the core system's)."""
    user = factories.UserFactory(username="amina@example.org")
    return factories.MemberFactory(user=user, first_name="Amina", status="retired", phone="0612345678")


@pytest.fixture
def karim(db):
    user = factories.UserFactory(username="karim@example.org")
    return factories.MemberFactory(user=user, first_name="Karim", phone="0537123456")  # a landline


@pytest.fixture
def widow(db):
    """An account without a member file of its own."""
    return factories.UserFactory(username="fatima@example.org")


@pytest.fixture
def son(db):
    """Amina's son: someone else's file is opened with a second factor only."""
    return factories.UserFactory(username="youssef@example.org", second_factor=True)


def acting_as_proxy(member, holder, *, scope="act", expires_on=None, revoked=False):
    """``holder``'s client switched to ``member``'s file through an accepted proxy."""
    now = timezone.now()
    proxy = Proxy.objects.create(
        member=member,
        name="Youssef",
        email=holder.email,
        holder=holder,
        scope=scope,
        accepted_at=now,
        expires_on=expires_on or (now.date() + datetime.timedelta(days=30)),
        revoked_at=now if revoked else None,
    )
    client = logged_in(holder)
    session = client.session
    session[acting.SESSION_KEY] = {"kind": "proxy", "id": proxy.pk}
    session.save()
    return client


def told(member=None, *, account=None, title="Pension revalued", title_ar="إعادة تقييم المعاش", read=False, **extra):
    """One announcement-kind notification, as the centre records it."""
    return Notification.objects.create(
        kind="announcement",
        member=member,
        account=account if account is not None else (member.user if member else None),
        params={"title_fr": title, "title_ar": title_ar, "text_fr": f"{title}: details", "text_ar": f"{title_ar}."},
        language="fr",
        read_at=timezone.now() if read else None,
        **extra,
    )


@pytest.fixture
def page_kind():
    """A kind that points to a portal page (payments), registered for the test only."""
    kind = kinds.Kind(
        code="test.payment",
        label="Payments made (test)",
        title="Payment of %(month)s",
        sms="Your pension of %(month)s was paid.",
        url_name="portal:payments",
        params={"month": "septembre 2026"},
    )
    kinds.register(kind)
    yield kind
    kinds._kinds.pop(kind.code, None)


@pytest.fixture
def mandatory_kind():
    kind = kinds.Kind(
        code="test.suspension",
        label="Warnings before a suspension (test)",
        title="Your pension may be suspended",
        sms="Your pension may be suspended: read your space.",
        mandatory=True,
        defaults=(Channel.EMAIL, Channel.SMS),
    )
    kinds.register(kind)
    yield kind
    kinds._kinds.pop(kind.code, None)
