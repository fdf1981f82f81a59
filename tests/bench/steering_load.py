"""Benchmarks 18 to 20: the steering figures at national scale, against ceilings of the same run.

    DATABASE_URL=postgres://…/portal_bench python -m tests.bench.steering_load [--repeat 3]
    DATABASE_URL=postgres://…/portal_bench_steering python -m tests.bench.steering_load --build --scale 1.0

18 steering_refresh      a full refresh of every registered series (``refresh.refresh(full=True)``), in seconds;
                         its ceiling is the database reading the same large tables once: one plain GROUP BY per
                         table the series read (members by status, claims by channel, audit events, sign-ins,
                         searches), fetched raw through the same connection. The ratio (ceiling ÷ refresh) says
                         how close the refresh is to the cost of merely visiting its data.
19 steering_incremental  the next refresh (only the recent periods and today's snapshots), same ceiling.
20 steering_dashboard    the dashboard page over HTTP (gunicorn, a Management user's session), in requests per
                         second, against /healthz on the same server (the stack's floor).

History the bench dataset lacks is added first, in SQL (idempotent): accounts opened over two years, the
enrolment audit event of every linked file, a quarter of the accounts signing in each week for 26 weeks,
and three searches per linked account over 90 days.
"""

import argparse
import json
import statistics
import sys
import time

from tests.bench import loadgen

QUIET = {"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}
ACTIVE_WEEKS = 26

# The ceiling: what visiting the series' large tables costs the database (one aggregate each).
CEILING_SQL = [
    "SELECT status, region, count(*), count(user_id) FROM portal_member GROUP BY status, region",
    "SELECT channel, category, count(*) FROM claims_claim GROUP BY channel, category",
    "SELECT action, count(*) FROM portal_auditevent GROUP BY action",
    "SELECT week, count(*) FROM steering_activeweek GROUP BY week",
    "SELECT language, count(*) FROM search_querylog GROUP BY language",
    "SELECT is_staff, count(*) FROM auth_user GROUP BY is_staff",
]


def build(scale, log):
    """Empty the database, then members, accounts and claims (the dataset builder's COPY) at ``scale``."""
    from tests.bench import dataset, partners_load

    started = time.monotonic()
    partners_load.build(scale, log)
    from portal.models import Member

    wanted = dataset.sizes(scale)
    first = Member.objects.order_by("pk").values_list("pk", flat=True).first()
    now = dataset.datetime.now(tz=dataset.utc)
    linked = dataset._accounts(wanted["accounts"], first, now)
    log(f"accounts linked: {linked:,}")
    log(f"claims: {dataset._claims(wanted['claims'], first, linked, now):,}")
    seconds = time.monotonic() - started
    log(f"built in {seconds:.0f} s")
    return seconds


def add_history(log):
    """The history the steering figures read, added once (a second call finds it and does nothing)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM steering_activeweek LIMIT 1")
        if cursor.fetchone():
            return
        started = time.monotonic()
        cursor.execute(
            "UPDATE auth_user SET date_joined = now() - (id %% 730) * interval '1 day' WHERE username LIKE 'bench%%'",
            [],
        )
        cursor.execute(
            """
            INSERT INTO portal_auditevent (created_at, actor_id, actor_label, actor_is_staff, action, member_id,
                                           target, details, path, via)
            SELECT u.date_joined + interval '1 hour', u.id, '', false, 'enrolment_succeeded', m.id, '', '{}', '', ''
            FROM portal_member m JOIN auth_user u ON u.id = m.user_id
            """,
            [],
        )
        cursor.execute(
            """
            INSERT INTO steering_activeweek (user_id, week)
            SELECT u.id, date_trunc('week', now())::date - 7 * w
            FROM auth_user u CROSS JOIN generate_series(0, %s) AS w
            WHERE u.username LIKE 'bench%%' AND (u.id + w) %% 4 = 0
            """,
            [ACTIVE_WEEKS - 1],
        )
        cursor.execute(
            """
            INSERT INTO search_querylog (query, language, results, backend, visitor, created_at)
            SELECT (ARRAY['pension', 'retraite', 'attestation', 'معاش', 'تقاعد', 'certificat de vie'])[1 + n %% 6],
                   CASE WHEN n %% 3 = 0 THEN 'ar' ELSE 'fr' END, CASE WHEN n %% 11 = 0 THEN 0 ELSE 7 END,
                   'elasticsearch', md5((n %% 50000)::text), now() - (n %% 90) * interval '1 day'
            FROM generate_series(1, (SELECT 3 * count(*) FROM portal_member WHERE user_id IS NOT NULL)) AS n
            """,
            [],
        )
        cursor.execute("ANALYZE")
    log(f"steering history added in {time.monotonic() - started:.0f} s")


def sql_ceiling():
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in CEILING_SQL:
            cursor.execute(sql)
            cursor.fetchall()
    return time.perf_counter() - started


def measure_refresh(results, log, *, repeat=3):
    """Benchmarks 18 and 19 (no web server)."""
    from portal.steering import refresh
    from portal.steering.models import Figure
    from tests.bench import run

    sql_ceiling()  # once for the cache, as the refresh's first query would
    ceiling = statistics.median(sql_ceiling() for _ in range(repeat))
    full_times, incremental_times = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        refresh.refresh(actor="bench", full=True)
        full_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        done = refresh.refresh(actor="bench")
        incremental_times.append(time.perf_counter() - started)
    rows = Figure.objects.count()
    for name, times, what in (
        ("steering_refresh", full_times, "full refresh"),
        ("steering_incremental", incremental_times, f"incremental refresh (from {done.since})"),
    ):
        value = statistics.median(times)
        results[name] = {
            "figure": f"{what}: {value:,.1f} s ({rows:,} figures)",
            "value": value,
            "ceiling": ceiling,
            "ceiling_label": f"one GROUP BY per large table, raw: {ceiling:,.1f} s",
            "ratio": run.ratio(value, ceiling, higher_is_better=False),
        }
        log(f"{name}: {results[name]}")


def manager():
    """A member of the Management group with a second factor on file (the admin asks staff for one)."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from portal.steering import permissions

    email = "bench-management@example.org"
    user, _created = get_user_model().objects.get_or_create(username=email, defaults={"email": email, "is_staff": True})
    user.groups.add(Group.objects.get(name=permissions.MANAGEMENT))
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": ""}})
    return user


def dashboard_path():
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("steering_admin:dashboard")
    except NoReverseMatch:
        return None


def measure_dashboard(results, log, *, duration=10, connections=8, base=None):
    """Benchmark 20: the dashboard over HTTP against /healthz on the same server: ``base`` (the harness's
    server, already warm), or a gunicorn of its own when run alone."""
    from contextlib import nullcontext

    from tests.bench import run

    path = dashboard_path()
    if path is None:
        log("steering_dashboard: skipped (no steering_admin:dashboard page in this checkout)")
        return
    cookie = run.sessions_for([manager()])[0]
    with nullcontext() if base else run.Gunicorn(port=run.PORT + 4) as server:
        base = base or server.base
        pages, floor = [("GET", path, cookie)], [("GET", "/healthz", "")]
        loadgen.run(base, pages + floor, duration=max(1, duration // 5), connections=connections)
        shown = loadgen.run(base, pages, duration=duration, connections=connections)
        health = loadgen.run(base, floor, duration=duration, connections=connections)
    results["steering_dashboard"] = {
        "figure": f"{shown['rps']:,.1f} req/s, p95 {shown['p95_ms']:.0f} ms",
        "value": shown["rps"],
        "ceiling": health["rps"],
        "ceiling_label": f"/healthz {health['rps']:,.0f} req/s, p95 {health['p95_ms']:.1f} ms",
        "ratio": run.ratio(shown["rps"], health["rps"]),
        "errors": shown["errors"] + shown["non_2xx"],
    }
    log(f"steering_dashboard: {results['steering_dashboard']}")


def bench(results, log, *, repeat=3, duration=10, connections=8, http=True, base=None):
    add_history(log)
    measure_refresh(results, log, repeat=repeat)
    if http:
        measure_dashboard(results, log, duration=duration, connections=connections, base=base)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="store_true", help="empty the database and write members, accounts, claims")
    parser.add_argument("--scale", type=float, default=1.0, help="with --build: 1.0 = 1.6 million members")
    parser.add_argument("--repeat", type=int, default=3, help="timed refreshes of each kind (the median is reported)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--refresh-only", action="store_true", help="benchmarks 18 and 19 only (no web server)")
    args = parser.parse_args(argv)
    from tests.bench import run

    run.configure_environment()
    run.manage("collectstatic", "--no-input", "-v0", env=QUIET)
    log = run.start_alone()
    results = {}
    if args.build:
        results["build"] = {"seconds": build(args.scale, log), "scale": args.scale}
    if not args.refresh_only and not loadgen.available():
        sys.exit("bench: wrk is missing (Debian package 'wrk')")
    bench(
        results,
        log,
        repeat=args.repeat,
        duration=args.duration,
        connections=args.connections,
        http=not args.refresh_only,
    )
    print(json.dumps({"results": results}, indent=2, default=str))
    return results


if __name__ == "__main__":
    main()
