"""No text message at night: an SMS due in quiet hours waits for 08:00; an e-mail goes at once."""

import datetime
import zoneinfo

import pytest

from portal.notifications import delivery, quiet_hours
from portal.notifications.choices import Channel, DeliveryStatus
from tests.portal.notifications.test_delivery import reload, sms_delivery
from tests.support.sms_gateway import LocalGateway, configure

CASABLANCA = zoneinfo.ZoneInfo("Africa/Casablanca")


def local(day, clock):
    # November: outside Ramadan, when Morocco's clock moves back an hour.
    return datetime.datetime.combine(datetime.date(2026, 11, day), datetime.time.fromisoformat(clock), CASABLANCA)


@pytest.fixture
def quiet(settings):
    settings.NOTIFICATIONS_QUIET_HOURS = "21:00-08:00"
    settings.TIME_ZONE = "Africa/Casablanca"


@pytest.fixture
def gateway(settings, quiet):
    with LocalGateway() as running:
        configure(settings, running)
        yield running


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (local(10, "20:59:59"), local(10, "20:59:59")),
        (local(10, "21:00"), local(11, "08:00")),
        (local(10, "22:30"), local(11, "08:00")),
        (local(10, "23:59:59"), local(11, "08:00")),
        (local(11, "00:00"), local(11, "08:00")),
        (local(11, "07:59:59"), local(11, "08:00")),
        (local(11, "08:00"), local(11, "08:00")),
        (local(11, "12:00"), local(11, "12:00")),
    ],
)
def test_next_allowed_across_midnight(quiet, moment, allowed):
    assert quiet_hours.next_allowed(moment) == allowed
    # The same instant given in UTC (as the worker's clock is) gives the same answer.
    assert quiet_hours.next_allowed(moment.astimezone(datetime.UTC)) == allowed


def test_a_window_within_one_day_and_none(settings):
    settings.NOTIFICATIONS_QUIET_HOURS = "12:00-14:00"
    assert quiet_hours.next_allowed(local(10, "13:00")) == local(10, "14:00")
    assert quiet_hours.next_allowed(local(10, "14:00")) == local(10, "14:00")
    assert quiet_hours.next_allowed(local(10, "11:59")) == local(10, "11:59")
    settings.NOTIFICATIONS_QUIET_HOURS = ""
    assert quiet_hours.next_allowed(local(10, "23:00")) == local(10, "23:00")


@pytest.mark.django_db
def test_sms_at_22_30_waits_for_08_00_and_email_goes_at_once(gateway, mailoutbox):
    evening, morning = local(10, "22:30"), local(11, "08:00")
    sms = sms_delivery(now=evening, channels=("email", "sms"))
    email = sms.notification.deliveries.get(channel=Channel.EMAIL)
    assert sms.next_attempt_at == morning  # planned for the morning from the start
    assert email.next_attempt_at == evening

    outcome = delivery.attempt(sms.pk, now=evening)
    assert outcome == delivery.Outcome("quiet hours", retry_at=morning)
    assert delivery.attempt(sms.pk, now=local(11, "07:59")).retry_at == morning
    assert gateway.calls == []
    sms = reload(sms)
    assert sms.status == DeliveryStatus.PENDING and sms.attempts == 0

    assert delivery.attempt(email.pk, now=evening).status == "sent"
    assert len(mailoutbox) == 1

    assert delivery.attempt(sms.pk, now=morning).status == "sent"
    assert reload(sms).status == DeliveryStatus.SENT
    assert len(gateway.messages) == 1


@pytest.mark.django_db
def test_a_retry_that_would_fall_at_night_waits_for_the_morning(gateway):
    gateway.queue("error")
    sms = sms_delivery(now=local(10, "20:59:30"))
    outcome = delivery.attempt(sms.pk, now=local(10, "20:59:30"))  # +60 s would be 21:00:30
    assert outcome.status == "no answer" and outcome.retry_at == local(11, "08:00")
    assert reload(sms).next_attempt_at == local(11, "08:00")
    assert delivery.attempt(sms.pk, now=local(11, "08:00")).status == "sent"
    assert len(gateway.messages) == 1
