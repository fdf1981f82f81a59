"""Notification centre at national scale: text messages sent by the real worker, and one announcement's fan-out.

    DATABASE_URL=postgres://…/portal_bench… python -m tests.bench.notification_load [--scale 0.1]

(also run by ``python -m tests.bench.run``, after the page benchmarks, on the same database).

1 sms_throughput  N = 2,000 x scale (at least 200) SMS deliveries queued by ``centre.schedule`` on the
                  database queue and sent by the real ``manage.py db_worker --batch`` through the real
                  ``GatewaySender`` to the local gateway (tests/support/sms_gateway.py, a thread of this
                  process). Figure: messages per second between the gateway's first and last send request
                  (the worker's start-up is shown apart). Ceiling: the same number of POSTs of the same body
                  shape to the same gateway from one Python loop with requests: the most one sender
                  process could do against that gateway.
2 fan_out         one announcement to 100,000 x scale members (one in three has an account that chose text
                  messages and a confirmed mobile; the others are reached by e-mail, their phone on file a
                  landline): seconds for ``announcements.fan_out``, which writes the notifications, their
                  deliveries and the delivery tasks. Ceiling: COPY of the same notification and delivery rows
                  into unlogged scratch tables without constraints (the database's raw write speed for them).

The fan-out's audience is a filter on this benchmark's members (added to ``announcements.AUDIENCES``
for the run and removed after): the rest of ``fan_out`` is the production code, batch for batch. The
rows it wrote and the delivery tasks it queued are removed afterwards, so that no later worker sends them.
"""

import argparse
import datetime
import io
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "NB-"  # core_id of this benchmark's members, username "nb-…" of their accounts
SMS_KEY = "bench-sms:"
AUDIENCE = "bench-notifications"


def sizes(scale):
    return {"sms": max(200, int(2_000 * scale)), "members": max(1_000, int(100_000 * scale))}


def clean():
    """Remove what a previous run of this benchmark left (members, notifications, queued deliveries)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django_tasks_db.models import DBTaskResult

    from portal.models import Member
    from portal.notifications.models import Contact

    ours = [SMS_KEY + "%", PREFIX + "%"]
    # Plain DELETEs: the ORM's cascade would load a hundred thousand rows to delete them.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM notifications_delivery WHERE notification_id IN (SELECT id FROM notifications_notification"
            " WHERE key LIKE %s OR member_id IN (SELECT id FROM portal_member WHERE core_id LIKE %s))",
            ours,
        )
        cursor.execute(
            "DELETE FROM notifications_notification WHERE key LIKE %s OR member_id IN"
            " (SELECT id FROM portal_member WHERE core_id LIKE %s)",
            ours,
        )
        cursor.execute("DELETE FROM notifications_announcement WHERE audience = %s", [AUDIENCE])
        Contact.objects.filter(account__username__startswith=PREFIX.lower()).delete()
        cursor.execute("DELETE FROM portal_member WHERE core_id LIKE %s", [PREFIX + "%"])
        get_user_model().objects.filter(username__startswith=PREFIX.lower()).delete()
        # Tasks still waiting to send a benchmark's deliveries: their rows are gone, nobody must run them.
        DBTaskResult.objects.filter(status="READY", task_path__endswith=".deliver").delete()
    assert not Member.objects.filter(core_id__startswith=PREFIX).exists()


# --- 1 SMS throughput ------------------------------------------------------------------------------------


def queue_sms(count):
    """``count`` SMS deliveries (half in Arabic), queued on the database queue as ``notify`` queues them."""
    from django.db import transaction
    from django.test import override_settings

    from portal.notifications import centre
    from portal.notifications.choices import Channel
    from portal.notifications.models import Delivery, Notification

    params = {
        "title_fr": "Pensions",
        "title_ar": "المعاشات",
        "text_fr": "CMR : votre pension de décembre est versée le 28.",
        "text_ar": "الصندوق المغربي للتقاعد: يصرف معاش دجنبر يوم 28.",
    }
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}), transaction.atomic():
        notifications = Notification.objects.bulk_create(
            [
                Notification(kind="announcement", params=params, language="ar" if i % 2 else "fr", key=f"{SMS_KEY}{i}")
                for i in range(count)
            ],
            batch_size=5_000,
        )
        deliveries = Delivery.objects.bulk_create(
            [
                Delivery(notification=notification, channel=Channel.SMS, destination=f"+21261{i:07d}")
                for i, notification in enumerate(notifications)
            ],
            batch_size=5_000,
        )
        centre.schedule(deliveries)
    return deliveries


def raw_posts(gateway, count):
    """The ceiling: ``count`` POSTs of the provider's request shape, one after the other, from one loop."""
    import requests

    headers = {"Authorization": f"App {gateway.key}", "Accept": "application/json"}
    started = time.monotonic()
    for i in range(count):
        body = {
            "messages": [
                {
                    "destinations": [{"to": f"21262{i:07d}", "messageId": str(uuid.uuid4())}],
                    "from": "CMR",
                    "text": "CMR : votre pension de décembre est versée le 28.",
                }
            ]
        }
        response = requests.post(f"{gateway.url}/sms/2/text/advanced", json=body, headers=headers, timeout=10)
        response.raise_for_status()
    return count / (time.monotonic() - started)


def bench_sms(count, log):
    from portal.notifications.choices import DeliveryStatus
    from portal.notifications.models import Delivery
    from tests.support.sms_gateway import LocalGateway, environment

    deliveries = queue_sms(count)
    ids = [delivery.pk for delivery in deliveries]
    with LocalGateway(key="bench-key") as gateway:
        env = {
            **os.environ,
            **environment(gateway),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "NOTIFICATIONS_QUIET_HOURS": "",  # the benchmark may run at night
            "NOTIFICATIONS_SMS_TIMEOUT": "10",
        }
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=3_600,
        )
        wall = time.monotonic() - started
        times = gateway.send_times
        sent = Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.SENT).count()
        received = len(gateway.messages)
        span = times[-1] - times[0] if len(times) > 1 else wall
        rate = (len(times) - 1) / span if len(times) > 1 else 0.0
        # The worker's start-up, and any task queued before ours (run.py's earlier benchmarks queue some).
        startup = times[0] - started if times else wall
        gateway.messages.clear()
        ceiling = raw_posts(gateway, count)
    if sent != count or received != count:
        log(f"sms throughput: {sent} deliveries sent, {received} messages received, {count} expected")
    return {
        "figure": f"{rate:,.0f} SMS/s ({received:,} of {count:,} sent once; 1st after {startup:.1f} s)",
        "worker_seconds": wall,
        "value": rate,
        "ceiling": ceiling,
        "ceiling_label": f"raw POSTs, one loop {ceiling:,.0f}/s",
        "ratio": rate / ceiling if ceiling and rate else None,
        "errors": count - min(sent, received),
    }


# --- 2 fan-out ----------------------------------------------------------------------------------------------


def create_members(count, log):
    """``count`` member files; one in three with an account that chose text messages and a confirmed mobile."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from portal.models import Member
    from portal.notifications.models import Contact

    now = timezone.now()
    started = time.monotonic()
    with transaction.atomic():
        users = get_user_model().objects.bulk_create(
            [
                get_user_model()(username=f"nb-{i}@example.org", email=f"nb-{i}@example.org", password="!")
                for i in range(0, count, 3)
            ],
            batch_size=5_000,
        )
        Contact.objects.bulk_create(
            [
                Contact(
                    account=user,
                    mobile=f"+21261{n:07d}",
                    mobile_verified_at=now,
                    language="ar" if n % 2 else "fr",
                    channels={"announcement": ["email", "sms"]},
                )
                for n, user in enumerate(users)
            ],
            batch_size=5_000,
        )
        accounts = iter(users)
        Member.objects.bulk_create(
            [
                Member(
                    core_id=f"{PREFIX}{i:07d}",
                    affiliation_number=f"NBA{i:09d}",
                    national_id=f"NB{i:07d}",
                    first_name="Fatima",
                    last_name="Bennani",
                    birth_date=datetime.date(1955, 1 + i % 12, 1 + i % 28),
                    status="retired",
                    email=f"nb-file{i}@example.org",
                    phone="" if i % 3 == 0 else f"0537{i % 1_000_000:06d}",  # on file: a landline
                    user=next(accounts) if i % 3 == 0 else None,
                )
                for i in range(count)
            ],
            batch_size=5_000,
        )
    log(f"fan-out: {count:,} members created in {time.monotonic() - started:.1f} s")


# (source rows, scratch table) of each table the fan-out writes; the scratch tables have no constraints.
CEILING_TABLES = (
    (
        "COPY (SELECT * FROM notifications_notification WHERE announcement_id = %s) TO STDOUT",
        "CREATE UNLOGGED TABLE bench_ceiling_notification AS SELECT * FROM notifications_notification WITH NO DATA",
        "COPY bench_ceiling_notification FROM STDIN",
        "DROP TABLE IF EXISTS bench_ceiling_notification",
    ),
    (
        "COPY (SELECT d.* FROM notifications_delivery d JOIN notifications_notification n ON n.id = d.notification_id"
        " WHERE n.announcement_id = %s) TO STDOUT",
        "CREATE UNLOGGED TABLE bench_ceiling_delivery AS SELECT * FROM notifications_delivery WITH NO DATA",
        "COPY bench_ceiling_delivery FROM STDIN",
        "DROP TABLE IF EXISTS bench_ceiling_delivery",
    ),
)


def copy_ceiling(announcement_id):
    """Seconds to COPY the fan-out's own notification and delivery rows into unlogged scratch tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        raw = cursor.cursor
        dumps = []
        for read, create, write, drop in CEILING_TABLES:  # read out first: only the writing is timed
            buffer = io.BytesIO()
            with raw.copy(read, (announcement_id,)) as copy:
                for data in copy:
                    buffer.write(data)
            cursor.execute(drop)
            cursor.execute(create)
            dumps.append((write, buffer.getvalue()))
        started = time.monotonic()
        for write, data in dumps:
            with raw.copy(write) as copy:
                copy.write(data)
        seconds = time.monotonic() - started
        for _read, _create, _write, drop in CEILING_TABLES:
            cursor.execute(drop)
    return seconds


def bench_fan_out(count, log):
    from portal.models import Member
    from portal.notifications import announcements
    from portal.notifications.models import Announcement, Delivery

    create_members(count, log)
    announcement = Announcement.objects.create(
        title_fr="Revalorisation des pensions",
        title_ar="مراجعة المعاشات",
        text_fr="CMR : vos pensions sont revalorisées à compter du 1er janvier.",
        text_ar="الصندوق المغربي للتقاعد: تتم مراجعة معاشاتكم ابتداء من فاتح يناير.",
        audience=AUDIENCE,
    )
    announcements.AUDIENCES[AUDIENCE] = (AUDIENCE, lambda: Member.objects.filter(core_id__startswith=PREFIX))
    try:
        started = time.monotonic()
        told = announcements.fan_out(announcement.pk)
        seconds = time.monotonic() - started
    finally:
        del announcements.AUDIENCES[AUDIENCE]
    deliveries = Delivery.objects.filter(notification__announcement=announcement)
    sms = deliveries.filter(channel="sms").count()
    rows = told + deliveries.count()
    ceiling = copy_ceiling(announcement.pk)
    if told != count:
        log(f"fan-out: {told} told, {count} expected")
    return {
        "figure": f"{seconds:.1f} s, {told:,} members ({told / seconds:,.0f}/s; {rows:,} rows, {sms:,} SMS)",
        "value": seconds,
        "ceiling": ceiling,
        "ceiling_label": f"COPY same rows {ceiling:.1f} s",
        "ratio": ceiling / seconds if seconds else None,
        "errors": count - told,
    }


def bench(scale, results, log):
    """Both benchmarks; their rows go into ``results`` (the table of tests.bench.run)."""
    wanted = sizes(scale)
    clean()
    try:
        results["sms_throughput"] = bench_sms(wanted["sms"], log)
        log(f"sms throughput: {results['sms_throughput']}")
        results["fan_out"] = bench_fan_out(wanted["members"], log)
        log(f"fan-out: {results['fan_out']}")
    finally:
        clean()
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 2,000 text messages, 100,000 members")
    args = parser.parse_args(argv)
    from tests.bench import run

    log = run.start_alone()
    results = bench(args.scale, {}, log)
    print(json.dumps({"scale": args.scale, "results": results}, indent=2, default=str))
    return results


if __name__ == "__main__":
    main()
