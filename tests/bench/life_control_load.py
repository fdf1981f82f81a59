"""Life control at national scale: a campaign opened for 40,000 pensioners abroad and its first notices queued.

    DATABASE_URL=postgres://…/portal_bench… python -m tests.bench.life_control_load [--scale 0.1]

(also run by ``python -m tests.bench.run``, after the notification benchmarks, on the same database).

1 life_open     ``services.open_campaign`` for 40,000 x scale pensioners abroad (at least 100): each gets a
                request (case core), its two events and a check with its letter code, 2,000 to a
                transaction. Ceiling: COPY of the very rows it wrote (cases, events, checks) into unlogged
                scratch tables without constraints (the database's raw write speed for them).
2 life_notices  ``services.send_due_notices`` on the opening day: the opening notice for every one of them
                through the notification centre (a notification, an e-mail and a text message each, the
                delivery tasks on the database queue, the ``Notice`` rows). Ceiling: COPY of the same
                notification, delivery and notice rows.

Each phase runs in a child process (``--phase``, the production settings, the database queue), so that its
peak memory (the kernel's high-water mark of the child, VmHWM) is its own: shown next to the child's memory
after Django's start-up ("start_mb" in the JSON).

The pensioners abroad are the bench dataset's own pensioners, flagged abroad once (``prepare``: the first
40,000 x scale pensioners by id get a country among FR, ES, BE, IT, NL, DE, CA, US; they stay flagged for
the next runs); on a database without enough pensioners (this module run alone on an empty database) the
missing ones are created (core_id "LB-…"). The campaign, its checks, requests, notices, notifications and
queued delivery tasks are removed afterwards, so that no later worker sends them.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "LB-"  # core_id of the pensioners this benchmark had to create
CAMPAIGN = "bench-life-control"
COUNTRIES = ["FR", "ES", "BE", "IT", "NL", "DE", "CA", "US"]


def sizes(scale):
    return {"abroad": max(100, int(40_000 * scale))}


# --- The data ------------------------------------------------------------------------------------------------


def prepare(count, log):
    """Exactly ``count`` pensioners abroad (the campaign draws them all): flag pensioners at home, create the
    missing ones; a previous run at a larger scale left more: the surplus goes back home."""
    from django.db import connection, transaction

    from portal.lifecontrol.services import PENSIONERS
    from portal.models import Member

    statuses = [str(status) for status in PENSIONERS]
    abroad = Member.objects.filter(status__in=PENSIONERS).exclude(country="MA")
    missing = count - abroad.count()
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        if missing < 0:
            cursor.execute(
                "UPDATE portal_member SET country = 'MA' WHERE id IN (SELECT id FROM portal_member"
                " WHERE status = ANY(%s) AND country <> 'MA' ORDER BY id DESC LIMIT %s)",
                [statuses, -missing],
            )
        elif missing > 0:
            cursor.execute(
                "UPDATE portal_member SET country = (%s::text[])[1 + id %% %s] WHERE id IN (SELECT id FROM"
                " portal_member WHERE status = ANY(%s) AND country = 'MA' ORDER BY id LIMIT %s)",
                [COUNTRIES, len(COUNTRIES), statuses, missing],
            )
            if missing > cursor.rowcount:
                create_pensioners(missing - cursor.rowcount)
    log(f"life control: {count:,} pensioners abroad ready in {time.monotonic() - started:.1f} s")


def create_pensioners(count):
    import datetime

    from portal.models import Member

    first = Member.objects.filter(core_id__startswith=PREFIX).count()  # those of the previous runs stay
    Member.objects.bulk_create(
        [
            Member(
                core_id=f"{PREFIX}{i:07d}",
                affiliation_number=f"LBA{i:09d}",
                pension_number=f"LBP{i:09d}",
                national_id=f"LB{i:07d}",
                first_name="Fatima",
                last_name="Bennani",
                birth_date=datetime.date(1945 + i % 20, 1 + i % 12, 1 + i % 28),
                status="retired" if i % 10 else "survivor",
                email=f"lb-file{i}@example.org",
                phone=f"06{i % 100_000_000:08d}",
                country=COUNTRIES[i % len(COUNTRIES)],
            )
            for i in range(first, first + count)
        ],
        batch_size=5_000,
    )


# What the benchmark's campaigns wrote (the parameter: the list of their ids), children first.
CLEAN = (
    "CREATE TEMPORARY TABLE bench_life_notifications ON COMMIT DROP AS SELECT notification_id FROM lifecontrol_notice"
    " WHERE life_check_id IN (SELECT id FROM lifecontrol_lifecheck WHERE campaign_id = ANY(%s))",
    "CREATE TEMPORARY TABLE bench_life_cases ON COMMIT DROP AS SELECT case_id FROM lifecontrol_lifecheck"
    " WHERE campaign_id = ANY(%s)",
    "DELETE FROM lifecontrol_notice WHERE life_check_id IN"
    " (SELECT id FROM lifecontrol_lifecheck WHERE campaign_id = ANY(%s))",
    "DELETE FROM notifications_delivery WHERE notification_id IN"
    " (SELECT notification_id FROM bench_life_notifications)",
    "DELETE FROM notifications_notification WHERE id IN (SELECT notification_id FROM bench_life_notifications)",
    "DELETE FROM lifecontrol_lifecheck WHERE campaign_id = ANY(%s)",
    "DELETE FROM casework_caseevent WHERE case_id IN (SELECT case_id FROM bench_life_cases)",
    "DELETE FROM casework_case WHERE id IN (SELECT case_id FROM bench_life_cases)",
    "DELETE FROM lifecontrol_campaign WHERE id = ANY(%s)",
)


def clean():
    """Remove the benchmark's campaigns and all they wrote (plain DELETEs: the ORM would load every row)."""
    from django.db import connection, transaction
    from django_tasks_db.models import DBTaskResult

    from portal.lifecontrol.models import Campaign

    ids = list(Campaign.objects.filter(name=CAMPAIGN).values_list("pk", flat=True))
    if not ids:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in CLEAN:
            cursor.execute(statement, [ids] if "%s" in statement else None)
        # Tasks still waiting to send the benchmark's deliveries: their rows are gone, nobody must run them.
        DBTaskResult.objects.filter(status="READY", task_path__endswith=".deliver").delete()


# --- The ceilings --------------------------------------------------------------------------------------------

# (rows the phase wrote, for a campaign id; the scratch table without constraints; writing into it; dropping it)
CEILINGS = {
    "life_open": (
        (
            "COPY (SELECT c.* FROM casework_case c JOIN lifecontrol_lifecheck l ON l.case_id = c.id"
            " WHERE l.campaign_id = %s) TO STDOUT",
            "CREATE UNLOGGED TABLE bench_ceiling_case AS SELECT * FROM casework_case WITH NO DATA",
            "COPY bench_ceiling_case FROM STDIN",
            "DROP TABLE IF EXISTS bench_ceiling_case",
        ),
        (
            "COPY (SELECT e.* FROM casework_caseevent e JOIN lifecontrol_lifecheck l ON l.case_id = e.case_id"
            " WHERE l.campaign_id = %s) TO STDOUT",
            "CREATE UNLOGGED TABLE bench_ceiling_event AS SELECT * FROM casework_caseevent WITH NO DATA",
            "COPY bench_ceiling_event FROM STDIN",
            "DROP TABLE IF EXISTS bench_ceiling_event",
        ),
        (
            "COPY (SELECT * FROM lifecontrol_lifecheck WHERE campaign_id = %s) TO STDOUT",
            "CREATE UNLOGGED TABLE bench_ceiling_check AS SELECT * FROM lifecontrol_lifecheck WITH NO DATA",
            "COPY bench_ceiling_check FROM STDIN",
            "DROP TABLE IF EXISTS bench_ceiling_check",
        ),
    ),
    "life_notices": (
        (
            "COPY (SELECT n.* FROM notifications_notification n JOIN lifecontrol_notice o ON o.notification_id = n.id"
            " JOIN lifecontrol_lifecheck l ON l.id = o.life_check_id WHERE l.campaign_id = %s) TO STDOUT",
            "CREATE UNLOGGED TABLE bench_ceiling_notification AS SELECT * FROM notifications_notification WITH NO DATA",
            "COPY bench_ceiling_notification FROM STDIN",
            "DROP TABLE IF EXISTS bench_ceiling_notification",
        ),
        (
            "COPY (SELECT d.* FROM notifications_delivery d JOIN lifecontrol_notice o"
            " ON o.notification_id = d.notification_id JOIN lifecontrol_lifecheck l ON l.id = o.life_check_id"
            " WHERE l.campaign_id = %s) TO STDOUT",
            "CREATE UNLOGGED TABLE bench_ceiling_delivery AS SELECT * FROM notifications_delivery WITH NO DATA",
            "COPY bench_ceiling_delivery FROM STDIN",
            "DROP TABLE IF EXISTS bench_ceiling_delivery",
        ),
        (
            "COPY (SELECT o.* FROM lifecontrol_notice o JOIN lifecontrol_lifecheck l ON l.id = o.life_check_id"
            " WHERE l.campaign_id = %s) TO STDOUT",
            "CREATE UNLOGGED TABLE bench_ceiling_notice AS SELECT * FROM lifecontrol_notice WITH NO DATA",
            "COPY bench_ceiling_notice FROM STDIN",
            "DROP TABLE IF EXISTS bench_ceiling_notice",
        ),
    ),
}


def copy_ceiling(name, campaign_id):
    """Seconds to COPY the rows phase ``name`` wrote into unlogged scratch tables, and how many rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        raw = cursor.cursor
        dumps = []
        for read, create, write, drop in CEILINGS[name]:  # read out first: only the writing is timed
            buffer = io.BytesIO()
            lines = 0
            with raw.copy(read, (campaign_id,)) as copy:
                for data in copy:
                    buffer.write(data)
                    lines += bytes(data).count(b"\n")
            cursor.execute(drop)
            cursor.execute(create)
            dumps.append((write, buffer.getvalue(), lines))
        started = time.monotonic()
        for write, data, _lines in dumps:
            with raw.copy(write) as copy:
                copy.write(data)
        seconds = time.monotonic() - started
        for _read, _create, _write, drop in CEILINGS[name]:
            cursor.execute(drop)
    return seconds, sum(lines for _write, _data, lines in dumps)


# --- One phase, in a child process ---------------------------------------------------------------------------


def _rss_mb():
    """This process's peak resident memory. getrusage's ru_maxrss survives exec (a child starts with its
    parent's peak), so the kernel's high-water mark of this address space is read instead where there is one."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase(name, campaign_id):
    """Run one phase on the campaign; return its seconds, what it did and the peak memory (this process)."""
    from django.utils import timezone

    from portal.lifecontrol import services
    from portal.lifecontrol.models import Campaign

    campaign = Campaign.objects.get(pk=campaign_id)
    start_mb = _rss_mb()
    started = time.monotonic()
    if name == "life_open":
        count = services.open_campaign(campaign, actor=None)
    else:
        count = services.send_due_notices(campaign, today=campaign.opens_on, now=timezone.now())
    seconds = time.monotonic() - started
    return {"seconds": seconds, "count": count, "start_mb": start_mb, "peak_mb": _rss_mb()}


def _database_url():
    from django.db import connection

    conf = connection.settings_dict
    host, port = conf["HOST"] or "127.0.0.1", conf["PORT"] or 5432
    return f"postgres://{conf['USER']}:{conf['PASSWORD']}@{host}:{port}/{conf['NAME']}"


def run_phase(name, campaign_id):
    """``phase`` in a child process with the production settings and the database queue."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "NOTIFICATIONS_QUIET_HOURS": "",  # the benchmark may run at night: the text messages are queued now
    }
    env.setdefault("SECRET_KEY", "bench-life-control")
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    completed = subprocess.run(
        [sys.executable, "-m", "tests.bench.life_control_load", "--phase", name, "--campaign", str(campaign_id)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=3_600,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"life control {name}: {completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- The benchmark -------------------------------------------------------------------------------------------


def _row(measured, ceiling, rows, what):
    seconds = measured["seconds"]
    return {
        # Short enough for the table of tests.bench.run; the row count and the start-up memory are in the JSON.
        "figure": (
            f"{seconds:.1f} s, {measured['count']:,} {what} ({measured['count'] / seconds:,.0f}/s),"
            f" peak {measured['peak_mb']:,.0f} MB"
        ),
        "rows": rows,
        "value": seconds,
        "ceiling": ceiling,
        "ceiling_label": f"COPY same rows {ceiling:.1f} s",
        "ratio": ceiling / seconds if seconds else None,
        "peak_mb": measured["peak_mb"],
        "start_mb": measured["start_mb"],
        "errors": 0,
    }


def bench(scale, results, log):
    """Both phases; their rows go into ``results`` (the table of tests.bench.run)."""
    import datetime

    from django.utils import timezone

    from portal.lifecontrol.choices import CheckStatus
    from portal.lifecontrol.models import Campaign, LifeCheck, Notice

    wanted = sizes(scale)["abroad"]
    clean()
    prepare(wanted, log)
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name=CAMPAIGN, year=today.year, opens_on=today, deadline=today + datetime.timedelta(days=90), grace_days=30
    )
    try:
        opened = run_phase("life_open", campaign.pk)
        checks = LifeCheck.objects.filter(campaign=campaign)
        population = checks.count()
        errors = abs(population - opened["count"]) + (0 if population >= wanted else wanted - population)
        seconds, rows = copy_ceiling("life_open", campaign.pk)
        results["life_open"] = {**_row(opened, seconds, rows, "pensioners"), "errors": errors}
        log(f"life control open: {results['life_open']}")

        told = run_phase("life_notices", campaign.pk)
        seconds, rows = copy_ceiling("life_notices", campaign.pk)
        noticed = Notice.objects.filter(life_check__campaign=campaign).count()
        errors = abs(noticed - population) + abs(told["count"] - population)
        errors += checks.exclude(status=CheckStatus.NOT_CONTACTED).count()
        results["life_notices"] = {**_row(told, seconds, rows, "notices"), "errors": errors}
        log(f"life control notices: {results['life_notices']}")
    finally:
        clean()
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 40,000 pensioners abroad")
    parser.add_argument("--phase", choices=["life_open", "life_notices"], help=argparse.SUPPRESS)
    parser.add_argument("--campaign", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:  # the child process of ``run_phase``
        import django

        django.setup()
        print(json.dumps(phase(args.phase, args.campaign)), flush=True)
        return None
    from tests.bench import run

    log = run.start_alone()
    results = bench(args.scale, {}, log)
    print(json.dumps({"scale": args.scale, "results": results}, indent=2, default=str))
    return results


if __name__ == "__main__":
    main()
