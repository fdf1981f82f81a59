"""The real worker (``manage.py db_worker``) sends what ``notify`` queued, once, and nothing rolled back.

The deliveries are queued with the database queue in the caller's transaction, then the worker runs
in a subprocess, as in production, with the local gateway's URL in its environment.
"""

import datetime
import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.notifications import announcements, centre, rendering
from portal.notifications.choices import Channel, DeliveryStatus
from portal.notifications.models import Contact, Delivery, Notification
from tests.foundation.test_task_queue import DB_QUEUE, ROOT, _database_url_for_subprocess
from tests.portal import factories
from tests.support.sms_gateway import LocalGateway, configure, environment

PARAMS = {
    "title_fr": "Avis",
    "title_ar": "إشعار",
    "text_fr": "Votre attestation est prête.",
    "text_ar": "شهادتكم جاهزة.",
}


class Rollback(Exception):
    pass


@pytest.fixture
def gateway(settings):
    settings.TASKS = DB_QUEUE
    with LocalGateway() as running:
        configure(settings, running)
        yield running


def run_worker(gateway, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url_for_subprocess(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        **environment(gateway),
        **extra,
    }
    completed = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        timeout=180,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]


def texting_member(n, *, channels=("sms",)):
    user = factories.UserFactory()
    member = factories.MemberFactory(user=user, phone="0537000000")
    Contact.objects.create(
        account=user,
        mobile=f"+2126{n:08d}",
        mobile_verified_at=timezone.now(),
        language="ar" if n % 2 else "fr",
        channels={"announcement": list(channels)},
    )
    return member


@pytest.mark.django_db(transaction=True)
def test_worker_sends_every_queued_sms_once(gateway, mailoutbox):
    members = [texting_member(n) for n in range(6)] + [texting_member(99, channels=("sms", "email"))]
    with transaction.atomic():
        for member in members:
            centre.notify(announcements.ANNOUNCEMENT, member=member, params=PARAMS, key=f"worker-test:{member.pk}")
        assert DBTaskResult.objects.count() == len(members)  # queued with the transaction, not after it

    run_worker(gateway)

    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(gateway.messages) == gateway.sends() == 7
    mobiles = Contact.objects.values_list("mobile", flat=True)
    assert sorted(message["to"] for message in gateway.messages) == sorted(mobile.lstrip("+") for mobile in mobiles)
    arabic = Notification.objects.get(member=members[1])
    assert arabic.language == "ar"
    # Each in the reader's language.
    assert gateway.texts_to(members[1].user.contact.mobile) == [rendering.render(arabic).text]
    assert Delivery.objects.filter(channel=Channel.EMAIL, status=DeliveryStatus.SENT).count() == 1

    # The same events told again (a re-run import): nothing new is queued or sent.
    for member in members:
        centre.notify(announcements.ANNOUNCEMENT, member=member, params=PARAMS, key=f"worker-test:{member.pk}")
    run_worker(gateway)
    assert gateway.sends() == 7 and Notification.objects.count() == len(members)


@pytest.mark.django_db(transaction=True)
def test_rolled_back_notify_queues_and_sends_nothing(gateway):
    member = texting_member(1)
    with pytest.raises(Rollback), transaction.atomic():
        centre.notify(announcements.ANNOUNCEMENT, member=member, params=PARAMS)
        raise Rollback

    assert Notification.objects.count() == 0 and Delivery.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    run_worker(gateway)
    assert gateway.calls == []


@pytest.mark.django_db(transaction=True)
def test_worker_retries_a_failed_send_and_the_sweep_takes_back_an_abandoned_one(gateway, settings):
    first, second, abandoned = texting_member(1), texting_member(2), texting_member(3)
    gateway.queue("error", "timeout")  # the first two sends fail: a 500, then no answer in time
    gateway.timeout_records = True
    with transaction.atomic():
        for member in (first, second):
            centre.notify(announcements.ANNOUNCEMENT, member=member, params=PARAMS)
    # A retry after 0 s, so that the one batch run of the worker also runs the retries it queues.
    run_worker(gateway, NOTIFICATIONS_RETRY_DELAYS="0")
    assert list(Delivery.objects.values_list("status", flat=True).distinct()) == [DeliveryStatus.SENT]
    assert len(gateway.messages) == 2 and gateway.sends() == 3  # the timed-out one was found in the log

    # A worker died while sending: no task left for it; the sweep queues it and the worker sends it once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    notification = centre.notify(announcements.ANNOUNCEMENT, member=abandoned, params=PARAMS)
    settings.TASKS = DB_QUEUE
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.NOTIFICATIONS_STALE_SECONDS + 60)
    notification.deliveries.update(status=DeliveryStatus.SENDING, started_at=long_ago, attempts=1)
    assert DBTaskResult.objects.filter(status="READY").count() == 0
    out = io.StringIO()
    call_command("send_due_notifications", stdout=out)
    assert "1 deliveries queued" in out.getvalue()
    run_worker(gateway)
    assert notification.deliveries.get().status == DeliveryStatus.SENT
    assert len(gateway.messages) == 3
