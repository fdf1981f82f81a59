"""Public and member pages against hello-worlds of the same run (issue 23).

    DATABASE_URL=postgres://…/portal_bench python -m tests.bench.pages_load [--duration 10]
    DATABASE_URL=postgres://…/portal_bench_pages python -m tests.bench.pages_load --build --scale 0.02

procedure_page  the cached procedure page (req/s); ceiling: a bare Django hello-world (tests/bench/hello_wsgi.py
                ``bare``: no middleware, no database) on a gunicorn of its own with the same workers. Goal ≥ 0.5.
page_uncached   the same page on a server with PAGE_CACHE_SECONDS=0 (req/s); ceiling: a hello-world through the
                site's whole middleware stack (``stack``: a view that renders nothing). Goal ≥ 0.3.
dashboard       a member's dashboard and payments pages, members drawn at random: p95 at a fixed 100 req/s (a
payments        paced loop that sends on schedule and counts latency from the scheduled moment, so a slow answer
                delays no later request's clock), and the req/s wrk reaches (the ratio: to the hello-world through
                the middleware, as for page_uncached); their SQL queries per request.
                Goal: p95 ≤ 100 ms at 100 req/s, ≤ 12 queries.

The caches are whatever the environment says (REDIS_URL set: Redis; unset: the database cache).
"""

import argparse
import http.client
import json
import random
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

from tests.bench import loadgen

QUIET = {"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}
MEMBERS = 300


def build(scale, log):
    """Empty the database, then the demo pages, members, careers, payments, employers, accounts and claims at
    ``scale``: the harness's dataset (tests/bench/run.py) without its search pages and index."""
    from tests.bench import dataset, run

    started = time.monotonic()
    run.reset_database()
    run.manage("migrate", "--no-input", "-v0", env=QUIET)
    run.manage("createcachetable", env=QUIET)
    run.manage("load_demo", "pages", env=QUIET)
    run.OUT.mkdir(parents=True, exist_ok=True)  # where the members' CSV is written
    run.bench_import(scale, {}, log)
    dataset.generate_rest(scale, log=log)
    log(f"built in {time.monotonic() - started:.0f} s")


def paced(base, items, *, rate=100, duration=10, threads=16):
    """Requests at a fixed rate, each sent at its scheduled moment by one of ``threads`` keep-alive clients;
    latency counted from that moment (a queue behind a slow answer counts as waiting)."""
    parts = urlsplit(base)
    interval = 1 / rate
    total = int(rate * duration)
    latencies, errors, missed = [], [], []
    lock = threading.Lock()
    start = time.perf_counter() + 0.2
    # A server slower than the rate would otherwise keep the loop running for minutes: what is not sent
    # by then is counted as missed.
    deadline = start + duration + 5

    def client(index):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        for n in range(index, total, threads):
            scheduled = start + n * interval
            if time.perf_counter() > deadline:
                with lock:
                    missed.append(n)
                continue
            pause = scheduled - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            method, path, cookie = items[n % len(items)][:3]
            try:
                connection.request(method, path, headers={"Cookie": cookie} if cookie else {})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                ok = False
            with lock:
                latencies.append(time.perf_counter() - scheduled)
                if not ok:
                    errors.append(n)
        connection.close()

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return {
        "rate": rate,
        "achieved_rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        "errors": len(errors),
        "missed": len(missed),
    }


def _row(value, ceiling, label, run_result, ratio_fn):
    return {
        "figure": f"{value:,.0f} req/s, p95 {run_result['p95_ms']:.1f} ms",
        "value": value,
        "ceiling": ceiling,
        "ceiling_label": label,
        "ratio": ratio_fn(value, ceiling),
        "errors": run_result["errors"] + run_result["non_2xx"],
    }


def members():
    from django.contrib.auth import get_user_model

    from portal.models import Member

    linked = list(Member.objects.filter(user__isnull=False).values_list("user_id", flat=True)[:200_000])
    chosen = random.Random(23).sample(linked, min(MEMBERS, len(linked)))
    return list(get_user_model().objects.filter(pk__in=chosen))


def bench(results, log, *, base=None, duration=10, connections=8):
    """The four rows. ``base``: the harness's server (cached pages, members), already warm; otherwise one of
    its own. The hello-worlds and the uncached server are always started here, with the same worker count."""
    from contextlib import nullcontext

    from tests.bench import run

    page = run.benchmarked_page()
    users = members()
    cookies = run.sessions_for(users)

    def load(server_base, items, seconds=duration):
        loadgen.run(server_base, items, duration=max(1, seconds // 5), connections=connections)  # warm
        return loadgen.run(server_base, items, duration=seconds, connections=connections)

    with nullcontext() if base else run.Gunicorn(port=run.PORT + 10) as server:
        base = base or server.base
        cached = load(base, [("GET", page.url, "")])
        member_runs = {
            name: (
                load(base, [("GET", path, c) for c in cookies]),
                paced(base, [("GET", path, c) for c in cookies], duration=duration),
            )
            for name, path in (("dashboard", "/fr/portal/"), ("payments", "/fr/portal/payments/"))
        }
    with run.Gunicorn(port=run.PORT + 11, PAGE_CACHE_SECONDS="0") as uncached_server:
        uncached = load(uncached_server.base, [("GET", page.url, "")])
    with hello_server("stack", run.PORT + 12) as stack:
        stack_run = load(stack.base, [("GET", "/bench-hello", "")])
    with hello_server("bare", run.PORT + 13) as bare:
        bare_run = load(bare.base, [("GET", "/", "")])

    results["procedure_page"] = _row(
        cached["rps"],
        bare_run["rps"],
        f"bare Django hello-world {bare_run['rps']:,.0f} req/s, p95 {bare_run['p95_ms']:.1f} ms",
        cached,
        run.ratio,
    )
    results["page_uncached"] = {
        **_row(
            uncached["rps"],
            stack_run["rps"],
            f"hello-world through the middleware {stack_run['rps']:,.0f} req/s, p95 {stack_run['p95_ms']:.1f} ms",
            uncached,
            run.ratio,
        ),
        "queries": queries_per_request(page.url, None),
    }
    stack_label = f"hello-world through the middleware {stack_run['rps']:,.0f} req/s"
    for name, (loaded, at_rate) in member_runs.items():
        path = "/fr/portal/" if name == "dashboard" else "/fr/portal/payments/"
        results[name] = {
            "figure": (
                f"{loaded['rps']:,.0f} req/s, p95 {loaded['p95_ms']:.1f} ms with {connections} connections; "
                f"p95 {at_rate['p95_ms']:.1f} ms at {at_rate['achieved_rps']:.0f} req/s paced (goal ≤ 100 ms at "
                f"100 req/s; {at_rate['missed']} of {at_rate['rate'] * duration} not sent in time); "
                f"{queries_per_request(path, users)}"
            ),
            "value": loaded["rps"],
            "ceiling": stack_run["rps"],
            "ceiling_label": stack_label,
            "ratio": run.ratio(loaded["rps"], stack_run["rps"]),
            "paced_p95_ms": at_rate["p95_ms"],
            "errors": at_rate["errors"] + loaded["errors"] + loaded["non_2xx"],
        }
    for name in ("procedure_page", "page_uncached", "dashboard", "payments"):
        log(f"{name}: {results[name]}")
    return results


def queries_per_request(path, users):
    """SQL queries of a request (the second, caches warm), the database cache's own left out (Redis in
    production). ``users``: members (least-most over three of them); None: an anonymous visitor."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    cache_tables = [f'"{c["LOCATION"]}"' for c in settings.CACHES.values() if c["BACKEND"].endswith("DatabaseCache")]
    counts = []
    with override_settings(PAGE_CACHE_SECONDS=0):
        for user in list(users or [None])[:3]:
            client = Client(HTTP_HOST="127.0.0.1")
            if user is not None:
                client.force_login(user)
            client.get(path)
            with CaptureQueriesContext(connection) as context:
                client.get(path)
            counts.append(sum(not any(t in q["sql"] for t in cache_tables) for q in context.captured_queries))
    return f"{min(counts)}-{max(counts)} SQL queries/request"


def hello_server(application, port):
    """A gunicorn serving one of tests/bench/hello_wsgi.py's applications, run as the site's."""
    from tests.bench import run

    probe = "/bench-hello" if application == "stack" else "/"
    return run.Gunicorn(port=port, application=f"tests.bench.hello_wsgi:{application}", probe=probe)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="store_true", help="empty the database and write pages and members")
    parser.add_argument("--scale", type=float, default=0.02, help="with --build: 1.0 = 1.6 million members")
    parser.add_argument("--duration", type=int, default=10, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args(argv)
    from tests.bench import run

    run.configure_environment()
    if not loadgen.available():
        sys.exit("bench: wrk is missing (Debian package 'wrk')")
    run.manage("collectstatic", "--no-input", "-v0", env=QUIET)
    log = run.start_alone()
    if args.build:
        build(args.scale, log)
    results = bench({}, log, duration=args.duration, connections=args.connections)
    print(json.dumps({"results": results}, indent=2, default=str))
    return results


if __name__ == "__main__":
    main()
