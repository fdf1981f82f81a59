"""Benchmarks 15 to 17: an employer's upcoming retirements at national scale, against ceilings of the same run.

    DATABASE_URL=postgres://…/portal_bench python -m tests.bench.partners_load [--repeat 5] [--duration 10]
    DATABASE_URL=postgres://…/portal_bench_partners python -m tests.bench.partners_load --build --scale 1.0

15 partners_list     ``selectors.upcoming_retirements`` for an HR officer of the largest ministry (its whole
                     tree: about 50,000 civil servants at scale 1.0), median of ``--repeat`` runs after a
                     first (cold) one, in seconds; its ceiling is the very SQL of the list's member query
                     fetched raw through the same connection (the database's share). The ratio (raw ÷ list)
                     says how much of the list's time the database is, whatever the machine. (A plain count
                     of the ministry's civil servants is no ceiling: it visits all 50,000 rows, the list's
                     birth-date window a fiftieth of them.)
16 partners_unit     the same for an officer limited to one regional unit of that ministry (a few thousand).
17 partners_csv      the CSV export of the ministry's list over HTTP (gunicorn, the officer's session), in
                     requests per second; its ceiling is the very same CSV served as a static file by the same
                     stack (whitenoise), as benchmark 1 does for a procedure page.

Each run also EXPLAINs the list's member query and reports the plan: it must use ``member_employer_birth``
(employer, birth date), whatever the size of the tree.

The members and employers come from ``tests/bench/dataset.py`` (``make bench`` builds them). ``--build``
instead empties the database and writes only what these benchmarks read: the members (the dataset
builder's COPY, not the import command, so that scale 1.0 takes minutes) and the employers' tree; it
reports how long that took.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from tests.bench import loadgen

MINISTRY = "MEN"  # tests/bench/dataset.py's largest ministry
UNIT = "MEN-R01"  # one of its regional units (and its local units)
CSV_STATIC_NAME = "bench-retirements.csv"
QUIET = {"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}


def build(scale, log):
    """Empty the database, then members (COPY) and employers at ``scale``; returns the seconds it took."""
    from tests.bench import dataset, run

    started = time.monotonic()
    run.reset_database()
    run.manage("migrate", "--no-input", "-v0", env=QUIET)
    run.manage("createcachetable", env=QUIET)
    from portal.models import Member

    now = dataset.datetime.now(tz=dataset.utc)
    count = dataset.sizes(scale)["members"]
    # The columns the import command fills with their defaults, which COPY does not know about.
    extra = ("", "MA", 0)
    written = dataset._copy(
        Member,
        [*dataset.MEMBER_COLUMNS, "sex", "country", "enrolment_failures"],
        (row + extra for row in dataset.member_rows(count, now)),
    )
    log(f"members (COPY): {written:,} in {time.monotonic() - started:.0f} s")
    dataset.employers(log=log)
    seconds = time.monotonic() - started
    log(f"built in {seconds:.0f} s")
    return seconds


def officers():
    """An HR officer of the ministry (its whole tree) and one limited to a regional unit, each with a second
    factor on file (the partners' gate asks for one). Made once, kept between runs."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model

    from portal.partners.models import Officer, Organisation

    ministry, unit = Organisation.objects.get(core_id=MINISTRY), Organisation.objects.get(core_id=UNIT)
    made = []
    for email, units in (("bench-hr-ministry@example.org", []), ("bench-hr-unit@example.org", [unit])):
        user, _created = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
        Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": ""}})
        officer, _created = Officer.objects.update_or_create(
            user=user, defaults={"organisation": ministry, "role": "reader", "revoked_at": None}
        )
        officer.units.set(units)
        made.append(officer)
    return made


def timings(function, repeat):
    """(what the first call returned, its seconds, median seconds of ``repeat`` calls after it): the first pays
    for cold caches, the median is a page in use."""
    started = time.perf_counter()
    returned = function()
    first = time.perf_counter() - started
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return returned, first, statistics.median(times)


def fetch_rows(queryset):
    """The ceiling: the database's cost of the list's rows, i.e. the very SQL the list sends, fetched raw
    (no model instances, no Python dates, no dossiers)."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def member_query(scope, today):
    """The list's member query, as ``selectors.upcoming_retirements`` builds it."""
    from portal.partners import deadlines, selectors
    from portal.pension_rules import schedule

    end = deadlines.add_months(today, deadlines.LOOK_AHEAD_MONTHS)
    window = selectors._birth_window(schedule.load(), today, end)
    return scope.in_service().filter(window).select_related("employer")


def plan(queryset):
    """(index names the plan uses, its nodes joined by ' > ') from EXPLAIN ANALYZE."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        root = cursor.fetchone()[0][0]["Plan"]
    nodes, indexes = [], set()

    def walk(node):
        name = node.get("Index Name")
        nodes.append(node["Node Type"] + (f"[{name}]" if name else ""))
        if name:
            indexes.add(name)
        for child in node.get("Plans", []):
            walk(child)

    walk(root)
    return indexes, " > ".join(nodes)


def measure_lists(results, log, *, repeat=5, today=None):
    """Benchmarks 15 and 16 (no web server)."""
    from django.utils import timezone

    from portal.partners import scope as scopes
    from portal.partners import selectors
    from tests.bench import run

    today = today or timezone.localdate()
    for name, officer in zip(("partners_list", "partners_unit"), officers(), strict=True):
        scope = scopes.of_officer(officer)
        rows, first, listed = timings(lambda scope=scope: selectors.upcoming_retirements(scope, today=today), repeat)
        query = member_query(scope, today)
        _rows, _first, fetched = timings(lambda query=query: fetch_rows(query), repeat)
        civil_servants = scope.in_service().count()
        indexes, nodes = plan(query)
        results[name] = {
            "figure": f"{listed * 1000:,.1f} ms (first call {first * 1000:,.0f} ms): {len(rows):,} of "
            f"{civil_servants:,} in {len(scope.unit_ids)} units",
            "value": listed,
            "ceiling": fetched,
            "ceiling_label": f"same SQL fetched raw {fetched * 1000:,.1f} ms",
            "ratio": run.ratio(listed, fetched, higher_is_better=False),
            "first_seconds": first,
            "retirements": len(rows),
            "civil_servants": civil_servants,
            "units": len(scope.unit_ids),
            "plan": nodes,
            "uses_index": "member_employer_birth" in indexes,
        }
        log(f"{name}: {results[name]}")
        if not results[name]["uses_index"]:
            log(f"{name}: the member query does not use member_employer_birth (a tiny dataset may not need it)")


def csv_path():
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    try:
        with translation.override("fr"):
            return reverse("partners:retirements_csv")
    except NoReverseMatch:
        return None


def write_static_csv(officer, path):
    """The ministry's CSV as a static file, the ceiling of benchmark 17. Written before gunicorn starts:
    whitenoise only serves the files it found at start-up."""
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer.user)
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    (Path(settings.STATIC_ROOT) / CSV_STATIC_NAME).write_bytes(body)
    return len(body)


def measure_csv(results, log, *, duration=10, connections=8):
    """Benchmark 17: the CSV export over HTTP against the same bytes as a static file (its own gunicorn)."""
    from tests.bench import run

    path = csv_path()
    if path is None:
        log("partners_csv: skipped (no partners:retirements_csv page in this checkout)")
        return
    ministry_officer = officers()[0]
    size = write_static_csv(ministry_officer, path)
    cookie = run.sessions_for([ministry_officer.user])[0]
    with run.Gunicorn(port=run.PORT + 3) as server:
        pages = [("GET", path, cookie)]
        static = [("GET", f"/static/{CSV_STATIC_NAME}", "")]
        # Both once through the workers first: a worker's first requests pay for its imports.
        loadgen.run(server.base, pages + static, duration=max(1, duration // 5), connections=connections)
        exported = loadgen.run(server.base, pages, duration=duration, connections=connections)
        served = loadgen.run(server.base, static, duration=duration, connections=connections)
    results["partners_csv"] = {
        "figure": f"{exported['rps']:,.1f} req/s, p95 {exported['p95_ms']:.0f} ms ({size / 1024:,.0f} KB)",
        "value": exported["rps"],
        "ceiling": served["rps"],
        "ceiling_label": f"static copy {served['rps']:,.0f} req/s, p95 {served['p95_ms']:.1f} ms",
        "ratio": run.ratio(exported["rps"], served["rps"]),
        "errors": exported["errors"] + exported["non_2xx"],
    }
    log(f"partners_csv: {results['partners_csv']}")


def bench(results, log, *, repeat=5, duration=10, connections=8, http=True):
    measure_lists(results, log, repeat=repeat)
    if http:
        measure_csv(results, log, duration=duration, connections=connections)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="store_true", help="empty the database and write members and employers")
    parser.add_argument("--scale", type=float, default=1.0, help="with --build: 1.0 = 1.6 million members")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each list (the median is reported)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--lists-only", action="store_true", help="benchmarks 15 and 16 only (no web server)")
    args = parser.parse_args(argv)
    from tests.bench import run

    run.configure_environment()
    # The pages need the static files' manifest, which this process reads once: before Django starts.
    run.manage("collectstatic", "--no-input", "-v0", env=QUIET)
    log = run.start_alone()
    results = {}
    if args.build:
        built = build(args.scale, log)
        results["build"] = {"seconds": built, "scale": args.scale}
    if not args.lists_only and not loadgen.available():
        sys.exit("bench: wrk is missing (Debian package 'wrk')")
    bench(
        results,
        log,
        repeat=args.repeat,
        duration=args.duration,
        connections=args.connections,
        http=not args.lists_only,
    )
    print(json.dumps({"results": results}, indent=2, default=str))
    return results


if __name__ == "__main__":
    main()
