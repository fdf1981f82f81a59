"""Delivery guarantees of text messages, with the real GatewaySender against a local gateway.

Each test plays the provider's behaviour (accepts, refuses, answers too late, fails) and checks
what a phone receives: ``gateway.messages`` holds one line per message the provider took.
Time is passed to ``delivery.attempt`` (``now=``), as the worker's clock would be.
"""

import contextlib
import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from portal.notifications import announcements, centre, delivery, rendering
from portal.notifications.choices import Channel, DeliveryStatus
from portal.notifications.models import Contact, Delivery, Notification
from tests.portal import factories
from tests.support.sms_gateway import LocalGateway, configure

MOBILE = "+212612345678"
TEXT = "La CMR vous informe : les pensions de décembre sont versées le 28."


@pytest.fixture
def gateway(settings):
    with LocalGateway() as running:
        configure(settings, running)
        yield running


def sms_delivery(*, now=None, channels=("sms",), mobile=MOBILE):
    """A member who chose text messages for announcements, told one: their SMS delivery."""
    user = factories.UserFactory()
    member = factories.MemberFactory(user=user, phone="0537000000")
    Contact.objects.create(
        account=user, mobile=mobile, mobile_verified_at=timezone.now(), channels={"announcement": list(channels)}
    )
    notification = centre.notify(
        announcements.ANNOUNCEMENT,
        member=member,
        params={"title_fr": "Pensions", "title_ar": "المعاشات", "text_fr": TEXT, "text_ar": "تصرف المعاشات يوم 28."},
        now=now,
    )
    return notification.deliveries.get(channel=Channel.SMS)


def reload(item):
    item.refresh_from_db()
    return item


@pytest.mark.django_db
def test_accepted_message_is_sent_once_with_the_providers_answer(gateway):
    sms = sms_delivery()
    outcome = delivery.attempt(sms.pk)

    assert outcome.status == "sent" and outcome.retry_at is None
    sms = reload(sms)
    assert sms.status == DeliveryStatus.SENT and sms.attempts == 1 and sms.sent_at is not None
    assert sms.provider_id == str(sms.message_id)
    assert "PENDING" in sms.provider_answer
    assert gateway.messages == [
        {
            **gateway.messages[0],
            "to": "212612345678",
            "text": rendering.render(sms.notification).text,  # in the member's language
            "message_id": str(sms.message_id),
            "from": "CMR",
        }
    ]
    # Done is done: another attempt (a task run twice) sends nothing.
    assert delivery.attempt(sms.pk) == delivery.DONE
    assert gateway.sends() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("refusal", ["refuse", "bad-request"])
def test_refused_message_is_retried_then_failed_with_the_answer(gateway, settings, refusal):
    gateway.mode = refusal
    sms = sms_delivery()
    now = timezone.now()
    for number in range(1, settings.NOTIFICATIONS_MAX_ATTEMPTS):
        outcome = delivery.attempt(sms.pk, now=now)
        assert outcome.status == "refused"
        delay = settings.NOTIFICATIONS_RETRY_DELAYS[min(number, len(settings.NOTIFICATIONS_RETRY_DELAYS)) - 1]
        assert outcome.retry_at == now + datetime.timedelta(seconds=delay)
        sms = reload(sms)
        assert (sms.status, sms.attempts, sms.next_attempt_at) == (DeliveryStatus.PENDING, number, outcome.retry_at)
        # Before its time, a retry is not taken (a task or sweep running early sends nothing).
        assert delivery.attempt(sms.pk, now=outcome.retry_at - datetime.timedelta(seconds=1)) == delivery.DONE
        assert gateway.sends() == number
        now = outcome.retry_at

    outcome = delivery.attempt(sms.pk, now=now)
    assert outcome.status == "refused" and outcome.retry_at is None
    sms = reload(sms)
    assert sms.status == DeliveryStatus.FAILED and sms.attempts == settings.NOTIFICATIONS_MAX_ATTEMPTS
    assert ("REJECTED" if refusal == "refuse" else "HTTP 400") in sms.provider_answer
    assert gateway.messages == [] and gateway.sends() == settings.NOTIFICATIONS_MAX_ATTEMPTS
    assert delivery.attempt(sms.pk, now=now + datetime.timedelta(days=1)) == delivery.DONE


@pytest.mark.django_db
def test_wrong_key_is_a_refusal_recorded_not_a_crash(gateway, settings):
    settings.NOTIFICATIONS_SMS_GATEWAY_KEY = "not-the-key"
    sms = sms_delivery()
    outcome = delivery.attempt(sms.pk)
    assert outcome.status == "refused"
    assert "HTTP 401" in reload(sms).provider_answer and "UNAUTHORIZED" in sms.provider_answer
    assert gateway.messages == []


@pytest.mark.django_db
def test_time_out_when_the_provider_took_it_asks_the_log_and_does_not_send_again(gateway):
    gateway.queue("timeout")
    gateway.timeout_records = True
    sms = sms_delivery()
    now = timezone.now()

    outcome = delivery.attempt(sms.pk, now=now)
    assert outcome.status == "no answer" and outcome.retry_at is not None
    sms = reload(sms)
    assert sms.status == DeliveryStatus.PENDING and sms.uncertain

    outcome = delivery.attempt(sms.pk, now=outcome.retry_at)
    assert outcome.status == "sent"
    sms = reload(sms)
    assert sms.status == DeliveryStatus.SENT and not sms.uncertain and sms.attempts == 2
    assert "DELIVERED" in sms.provider_answer  # the log's line, not a second send's answer
    assert gateway.sends() == 1 and len(gateway.messages) == 1
    assert ("GET", "/sms/1/logs", "") in gateway.calls


@pytest.mark.django_db
def test_time_out_when_the_provider_lost_it_sends_it_again_once(gateway):
    gateway.queue("timeout")
    gateway.timeout_records = False
    sms = sms_delivery()

    outcome = delivery.attempt(sms.pk, now=timezone.now())
    assert outcome.status == "no answer"
    assert gateway.messages == []

    outcome = delivery.attempt(sms.pk, now=outcome.retry_at)
    assert outcome.status == "sent"
    assert reload(sms).status == DeliveryStatus.SENT
    assert gateway.sends() == 2 and len(gateway.messages) == 1


@pytest.mark.django_db
def test_server_error_then_accepted(gateway):
    gateway.queue("error")
    sms = sms_delivery()

    outcome = delivery.attempt(sms.pk, now=timezone.now())
    assert outcome.status == "no answer"  # a 500 says nothing about whether the message was taken
    assert "HTTP 500" in reload(sms).provider_answer

    assert delivery.attempt(sms.pk, now=outcome.retry_at).status == "sent"
    assert reload(sms).status == DeliveryStatus.SENT
    assert len(gateway.messages) == 1


@pytest.mark.django_db
def test_gateway_unreachable_is_retried(settings):
    with LocalGateway() as stopped:
        configure(settings, stopped)
    sms = sms_delivery()  # the gateway above is gone: connection refused
    outcome = delivery.attempt(sms.pk, now=timezone.now())
    assert outcome.status == "no answer" and outcome.retry_at is not None
    sms = reload(sms)
    assert sms.status == DeliveryStatus.PENDING and sms.uncertain and "ConnectionError" in sms.provider_answer


@pytest.mark.django_db
def test_a_delivery_left_sending_by_a_dead_worker_is_taken_back_without_a_duplicate(gateway, settings):
    from portal.notifications import sms as sms_module

    sent_before_dying, never_sent = sms_delivery(), sms_delivery(mobile="+212698765432")
    # The first worker sent one of them, then died before recording anything.
    sms_module.GatewaySender().send(
        to=sent_before_dying.destination, text=TEXT, message_id=sent_before_dying.message_id
    )
    now = timezone.now()
    long_ago = now - datetime.timedelta(seconds=settings.NOTIFICATIONS_STALE_SECONDS + 1)
    Delivery.objects.filter(pk__in=[sent_before_dying.pk, never_sent.pk]).update(
        status=DeliveryStatus.SENDING, started_at=long_ago, attempts=1
    )

    for item in (sent_before_dying, never_sent):
        assert delivery.attempt(item.pk, now=now).status == "sent"
        item = reload(item)
        assert item.status == DeliveryStatus.SENT and item.attempts == 2
    assert gateway.sends() == 2  # the dead worker's one, and the never-sent one's
    assert sorted(message["to"] for message in gateway.messages) == ["212612345678", "212698765432"]


@pytest.mark.django_db
def test_a_delivery_being_sent_by_a_live_worker_is_left_alone(gateway):
    sms = sms_delivery()
    now = timezone.now()
    Delivery.objects.filter(pk=sms.pk).update(status=DeliveryStatus.SENDING, started_at=now, attempts=1)
    assert delivery.attempt(sms.pk, now=now + datetime.timedelta(seconds=30)) == delivery.DONE
    assert gateway.calls == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_message(gateway, settings):
    # Nothing sent by the queue: the two "workers" below are the only senders.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    deliveries = [sms_delivery(mobile=f"+2126123456{n:02d}") for n in range(5)]
    start = threading.Barrier(2)
    outcomes = []

    def worker():
        try:
            start.wait()
            outcomes.extend(delivery.attempt(item.pk).status for item in deliveries)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["done"] * 5 + ["sent"] * 5
    assert gateway.sends() == 5 and len(gateway.messages) == 5
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


@pytest.mark.django_db
def test_email_and_sms_of_one_notification_each_go_once(gateway, mailoutbox):
    sms = sms_delivery(channels=("email", "sms"))
    email = Delivery.objects.get(notification=sms.notification, channel=Channel.EMAIL)
    for item in (sms, email, sms, email):
        delivery.attempt(item.pk)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [email.destination]
    assert mailoutbox[0].extra_headers["X-Message-Id"] == str(email.message_id)
    assert len(gateway.messages) == 1
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_delivery_that_cannot_be_rendered_ends_failed_not_retaken_for_ever(gateway, settings):
    sms = sms_delivery()
    Notification.objects.filter(pk=sms.notification_id).update(kind="a.kind.since.removed")
    now = timezone.now()
    for _ in range(settings.NOTIFICATIONS_MAX_ATTEMPTS + 1):
        with contextlib.suppress(Exception):  # what the worker records as a failed task
            delivery.attempt(sms.pk, now=now)
        now += datetime.timedelta(days=1)  # past any retry delay and any stale worker's time
    assert reload(sms).status == DeliveryStatus.FAILED
    assert gateway.sends() == 0
