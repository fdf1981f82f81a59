"""Benchmarks 13 and 14: the pension simulator, against pages measured in the same run.

    DATABASE_URL=postgres://…/portal_bench python -m tests.bench.simulator_load [--duration 10] [--connections 8]

13 simulator         the member simulator page (GET with a chosen retirement date), for members in service with
                     30-year careers, in requests per second; its ceiling is the member dashboard of the same
                     members, loaded just before on the same server. The ratio (simulator ÷ dashboard) says
                     what an estimate costs on top of an ordinary member page (the engine walks the career
                     month by month, for three dates and the chart's yearly dates), whatever the machine.
14 public_simulator  the public simulator's JSON API (POST /api/simulator/, no account, nothing stored) for
                     a visitor's answers; its ceiling is the very same POST to /healthz (the stack's cost of
                     receiving it).

The members: MEMBERS files in service with accounts, made by ``prepare`` next to the dataset's, each with a
career of four periods over 30 years. Run alone, the module expects a database the main run filled
(`make bench` first).
"""

import argparse
import datetime
import json
import sys
from decimal import Decimal

from tests.bench import loadgen

MEMBERS = 60
# The public simulator gives each address a budget of estimates an hour (portal/simulator/budget.py); the whole
# load comes from one address.
SERVER_ENV = {"SIMULATOR_ESTIMATES_PER_HOUR": "1000000000"}
CAREER_YEARS = 30
# Four posts over the 30 years, each better paid than the one before (monthly contribution base, MAD).
POSTS = [
    ("Ministère de l'Éducation nationale", "Professeur", Decimal("4800.00")),
    ("Académie régionale de Fès-Meknès", "Professeur principal", Decimal("7200.00")),
    ("Direction provinciale de Meknès", "Inspecteur", Decimal("10400.00")),
    ("Académie régionale de Rabat-Salé-Kénitra", "Inspecteur principal", Decimal("13900.00")),
]
PUBLIC_ANSWERS = [
    {"birth_date": "1970-03-14", "sex": "F", "service_start": "1996-09-01", "salary": "11800", "growth": "1"},
    {"birth_date": "20/11/1968", "sex": "M", "service_start": "01/02/1992", "salary": "9400"},
    {"birth_date": "1975-06-30", "sex": "", "service_start": "2001-01-01", "salary": "15200,50", "growth": "0"},
    {"birth_date": "١٩٧٢-٠١-١٥", "sex": "M", "service_start": "١٩٩٨-٠٩-٠١", "salary": "١٢٤٠٠"},
]


def months_before(day, months):
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def prepare(count=MEMBERS, today=None):
    """``count`` members in service with 30-year careers and accounts; returns [(user, chosen retirement date)].

    Files of their own (core ids SIMBENCH-…), made once and kept by ``--reuse-dataset``: the dataset's linked
    accounts are mostly pensioners', and a tiny dataset may have no member in service at all. Their careers
    are written again on each run, from today. Born 55 to 62 years ago: the legal date (63) is ahead. The
    chosen date is a year before the legal date (an early retirement with its reduction, the case that costs
    the most), or next month when the legal date is nearer.
    """
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from portal.models import CareerPeriod, Member
    from portal.pension_rules import schedule
    from portal.simulator import engine

    today = today or timezone.localdate()
    rules = schedule.load()
    start = datetime.date(today.year - CAREER_YEARS, 9, 1)
    bounds = [start.replace(year=start.year + step * CAREER_YEARS // len(POSTS)) for step in range(len(POSTS))]
    members = []
    with transaction.atomic():
        for number in range(count):
            email = f"simbench{number}@example.org"
            user, _created = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
            member, _created = Member.objects.update_or_create(
                core_id=f"SIMBENCH-{number}",
                defaults={
                    "user": user,
                    "affiliation_number": f"SIMB{number:08d}",
                    "national_id": f"SB{number:06d}",
                    "first_name": "Nadia" if number % 2 else "Omar",
                    "last_name": "Simulation",
                    "birth_date": datetime.date(today.year - 55 - number % 8, 1 + number % 12, 1 + number % 28),
                    "affiliation_date": start,
                    "status": "contributing",
                    "sex": "F" if number % 2 else "M",
                },
            )
            members.append(member)
        CareerPeriod.objects.filter(member__in=members).delete()
        CareerPeriod.objects.bulk_create(
            CareerPeriod(
                member=member,
                core_id=f"SIMBENCH-{member.pk}-{number}",
                administration=administration,
                grade=grade,
                start_date=bounds[number],
                end_date=bounds[number + 1] - datetime.timedelta(days=1) if number + 1 < len(POSTS) else None,
                contribution_base=salary,
            )
            for member in members
            for number, (administration, grade, salary) in enumerate(POSTS)
        )
    first = engine.first_of_next_month(today)
    return [
        (member.user, max(first, months_before(engine.legal_date(member.birth_date, rules), 12))) for member in members
    ]


def bench(base, results, log, *, duration=10, connections=8):
    from tests.bench import run

    chosen = prepare()
    cookies = run.sessions_for([user for user, _date in chosen])
    pages = [
        ("GET", f"/fr/portal/simulator/?retirement_date={date.isoformat()}", cookie)
        for (_user, date), cookie in zip(chosen, cookies, strict=True)
    ]
    dashboards = [("GET", "/fr/portal/", cookie) for cookie in cookies]
    # Both pages once through the workers before either is measured: the first requests of a worker pay
    # for its imports and template loading, which would count against whichever page went first.
    loadgen.run(base, dashboards + pages, duration=max(1, duration // 5), connections=connections)
    dashboard = loadgen.run(base, dashboards, duration=duration, connections=connections)
    simulator = loadgen.run(base, pages, duration=duration, connections=connections)
    results["simulator"] = {
        "figure": f"{simulator['rps']:,.0f} req/s, p95 {simulator['p95_ms']:.1f} ms ({len(pages)} careers of 30 years)",
        "value": simulator["rps"],
        "ceiling": dashboard["rps"],
        "ceiling_label": f"dashboard {dashboard['rps']:,.0f} req/s, p95 {dashboard['p95_ms']:.1f} ms",
        "ratio": run.ratio(simulator["rps"], dashboard["rps"]),
        "errors": simulator["errors"] + dashboard["errors"],
    }
    log(f"simulator: {results['simulator']}")

    bodies = [json.dumps(answers, ensure_ascii=False) for answers in PUBLIC_ANSWERS]
    public = loadgen.run(
        base, [("POST", "/api/simulator/", "", body) for body in bodies], duration=duration, connections=connections
    )
    received = loadgen.run(
        base, [("POST", "/healthz", "", body) for body in bodies], duration=duration, connections=connections
    )
    results["public_simulator"] = {
        "figure": f"{public['rps']:,.0f} req/s, p95 {public['p95_ms']:.1f} ms",
        "value": public["rps"],
        "ceiling": received["rps"],
        "ceiling_label": f"same POST to /healthz {received['rps']:,.0f} req/s",
        "ratio": run.ratio(public["rps"], received["rps"]),
        "errors": public["errors"],
    }
    log(f"public simulator: {results['public_simulator']}")
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args(argv)
    from tests.bench import run

    run.configure_environment()
    # The pages need the static files' manifest, which this process reads once: before Django starts.
    run.manage("collectstatic", "--no-input", "-v0", env={"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"})
    log = run.start_alone()
    run.manage("createcachetable", env={"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"})
    if not loadgen.available():
        sys.exit("bench: wrk is missing (Debian package 'wrk')")
    with run.Gunicorn(**SERVER_ENV) as server:
        results = bench(server.base, {}, log, duration=args.duration, connections=args.connections)
    print(json.dumps({"results": results}, indent=2, default=str))
    return results


if __name__ == "__main__":
    main()
