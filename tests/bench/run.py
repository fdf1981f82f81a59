"""`make bench`: national-scale benchmarks, each figure next to its ceiling measured in the same run.

    DATABASE_URL=postgres://…/portal_bench python -m tests.bench.run [--scale 1.0] [--duration 10]

The database named by DATABASE_URL is emptied and refilled: give it a database
of its own (its name must contain "bench"). Elasticsearch comes from
ELASTICSEARCH_URL (`make bench` starts the test node). Results: a table on
stdout, var/bench/results.json and var/bench/results.png.

What each ceiling means:
  1 procedure page      cached: a bare Django hello-world (no middleware) on a gunicorn of its own; uncached: a
                      hello-world through the site's whole middleware stack (tests/bench/pages_load.py)
  2 search              the raw Elasticsearch round trip for the very query bodies the site sends; the database
                      fallback on a server without Elasticsearch (tests/bench/search_load.py)
  3 dashboard/payments  the hello-world through the middleware (req/s), and p95 at a paced 100 req/s (pages_load.py)
  4 claims queue        the same
  5 import              COPY of the same CSV into a scratch table (the database's raw write speed): the members
                      and their payments, each imported then imported again unchanged (tests/bench/imports.py)
  6 index rebuild       bulk-writing the same built documents into a scratch index (Elasticsearch's write speed)
  7 filing a claim      the same multipart post to the health endpoint (the stack's cost of the upload)
  8 submitting a request the same two posts (two documents, then submit) to the health endpoint
  9 SMS throughput      the same number of raw POSTs to the same local gateway from one Python loop
 10 announcement fan-out COPY of the same notification and delivery rows into scratch tables
                      (9 and 10: tests/bench/notification_load.py, also runnable alone)
 11 life-control opening COPY of the same request, event and check rows into scratch tables (open_campaign for
                      40,000 pensioners abroad; peak memory of the child process that ran it)
 12 life-control notices COPY of the same notification, delivery and notice rows (the first notices queued)
                      (11 and 12: tests/bench/life_control_load.py, also runnable alone)
 13 simulator         the member dashboard of the same members, loaded just before on the same server
                      (req/s; the ratio is simulator req/s ÷ dashboard req/s)
 14 public simulator  the same JSON POST to the health endpoint
                      (13 and 14: tests/bench/simulator_load.py, also runnable alone)
 15 partners list     the very SQL of the list's member query fetched raw (an HR officer of the largest ministry,
                      about 50,000 civil servants at scale 1.0: its coming retirements, median of 5 runs)
 16 partners unit     the same for an officer limited to one regional unit of that ministry
 17 partners CSV      the same CSV served as a static file by the same stack (req/s)
                      (15 to 17: tests/bench/partners_load.py, also runnable alone, with --build for a
                      dataset of members and employers only)
"""

import argparse
import json
import os
import random
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"


def configure_environment():
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["SECURE_COOKIES"] = "0"
    os.environ["STATIC_ROOT"] = str(OUT / "static")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def timed_log():
    """A log function that prefixes each line with the seconds since it was made."""
    started = time.monotonic()

    def log(message):
        print(f"[{time.monotonic() - started:7.1f}s] {message}", flush=True)

    return log


def start_alone():
    """The start of a benchmark module run on its own (python -m tests.bench.<module>) on the database of a
    previous run: the environment, the migrations, Django, a database whose name says it is for benchmarks.
    Returns the log function."""
    configure_environment()
    manage("migrate", "--no-input", "-v0", env={"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"})
    import django

    django.setup()
    from django.db import connection

    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("bench: DATABASE_URL must name a database whose name contains 'bench'")
    return timed_log()


def manage(*args, env=None, measure=False):
    """Run manage.py in a child process; with measure=True return (seconds, peak RSS in MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **(env or {})}, check=True)
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (seconds, max(peak, before) / 1024) if measure else None


def reset_database():
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or "bench" not in name:
        sys.exit(f"bench: DATABASE_URL must name a PostgreSQL database whose name contains 'bench' (got {name!r})")
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()


# As docs/DEPLOYMENT.md runs the site: 2 x cores + 1 processes of one thread each (two threads of a process
# share its interpreter lock, and the slowest answers wait for it). Every server of a run uses it, ceilings too.
# BENCH_WORKERS overrides it: the suite's smoke run (tests/bench/test_smoke.py) starts two per server, as each
# worker takes seconds of CPU to load the site and the suite shares the machine.
WORKERS = int(os.environ.get("BENCH_WORKERS") or 2 * (os.cpu_count() or 1) + 1)
THREADS = 1


def gunicorn_command(application, port, workers=None):
    return [
        sys.executable,
        "-m",
        "gunicorn",
        application,
        "-c",
        "python:tests.bench.gunicorn_ready",
        "-w",
        str(workers or WORKERS),
        "--threads",
        str(THREADS),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]


class Gunicorn:
    """A server run as the site is (gunicorn_command), entered once every worker has loaded `application` and
    `probe` answers: the site, or one of the hello-world ceilings (tests/bench/pages_load.py)."""

    def __init__(self, workers=None, port=PORT, application="config.wsgi", probe="/healthz", **env):
        self.workers = workers
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.application, self.probe = application, probe
        self.env = env

    def __enter__(self):
        env = {
            **os.environ,
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            # A benchmark measures capacity: a few simulated members file many claims, beyond one person's budget.
            "MEMBER_WRITES_PER_MINUTE": "0",
            "MEMBER_WRITES_PER_HOUR": "0",
            **self.env,
        }
        # Another server on the port would answer the health check below in gunicorn's place (it fails
        # to bind and exits), and the caller would measure or test the wrong site.
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise RuntimeError(f"port {self.port} is already in use")
        self.ready = tempfile.mkdtemp(prefix="bench-workers-")
        self.process = subprocess.Popen(
            gunicorn_command(self.application, self.port, self.workers),
            cwd=ROOT,
            env={**env, "BENCH_READY_DIR": self.ready},
        )
        wait_for_workers(self.process, f"{self.base}{self.probe}", self.ready, self.workers or WORKERS)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.ready, ignore_errors=True)


def wait_for_workers(process, url, ready, workers):
    """Return once `url` answers and each of the `workers` has loaded the application (tests/bench/gunicorn_ready.py
    marks it in the folder `ready`)."""
    import urllib.request

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        # Exited: it could not bind its port, and whatever answers there is another server.
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; {url} is not served by it")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            if len(os.listdir(ready)) >= workers:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start its {workers} workers for {url}")


def sessions_for(users):
    """Session cookies for existing users, made the way Django's login makes them."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    cookies = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={store.session_key}")
    return cookies


def ratio(value, ceiling, higher_is_better=True):
    if not ceiling or not value:
        return None
    return value / ceiling if higher_is_better else ceiling / value


def bench_import(scale, results, log):
    """The members, then their payments, each imported twice (the second time nothing changes)."""
    from tests.bench import dataset, imports

    results.update(imports.bench(dataset.sizes(scale)["members"], log))


def bench_rebuild(results, log):
    from search import client as search_client

    es = search_client.get_client()
    seconds, _ = manage("search_index", "rebuild", measure=True)
    documents = es.count(index=f"{search_client.index_name('')}*")["count"]
    # Ceiling: bulk-writing the very same, already built documents (no database, no analysis).
    from elasticsearch import helpers

    scratch = search_client.index_name("bench-bulk-ceiling")
    es.options(ignore_status=404).indices.delete(index=scratch)
    built = [hit["_source"] for hit in helpers.scan(es, index=f"{search_client.index_name('')}*")]
    started = time.monotonic()
    copied, _ = helpers.bulk(
        es.options(request_timeout=600), ({"_index": scratch, "_source": doc} for doc in built), refresh=True
    )
    ceiling_rate = copied / (time.monotonic() - started)
    es.indices.delete(index=scratch)
    results["rebuild"] = {
        "figure": f"{documents / seconds:,.0f} docs/s ({documents} docs)",
        "value": documents / seconds,
        "ceiling": ceiling_rate,
        "ceiling_label": f"ES bulk {ceiling_rate:,.0f} docs/s",
        "ratio": ratio(documents / seconds, ceiling_rate),
    }
    log(f"rebuild: {results['rebuild']['figure']}")


def run_benchmarks(args, results, log):
    from django.contrib.auth import get_user_model

    from portal.models import Member
    from tests.bench import loadgen

    duration, conns = args.duration, args.connections
    # 1 and 3: public pages and member pages against hello-worlds of the same run (tests/bench/pages_load.py)
    from tests.bench import pages_load

    pages_load.bench(results, log, base=BASE, duration=duration, connections=conns)

    # 2 search vs. the raw Elasticsearch round trip, and the database fallback (tests/bench/search_load.py)
    from search.models import IndexedPage
    from tests.bench import search_load

    scale_label = f"{IndexedPage.objects.count():,} pages"
    search_load.bench(results, log, base=BASE, duration=duration, connections=conns, scale_label=scale_label)

    health = loadgen.run(BASE, [("GET", "/healthz", "")], duration=duration, connections=conns)
    linked = list(Member.objects.filter(user__isnull=False).values_list("user_id", flat=True)[:200_000])
    cookies = sessions_for(get_user_model().objects.filter(pk__in=random.Random(3).sample(linked, min(4, len(linked)))))

    # 4 claims back-office queue with filters
    agent_cookie = sessions_for([bench_agent()])[0]
    filters = [
        "",
        "?status=submitted",
        "?category=payments&status=in_progress",
        "?overdue=1",
        "?channel=phone",
        "?unassigned=1",
        "?mine=1",
        "?status=waiting_member&category=career",
    ]
    run = loadgen.run(
        BASE, [("GET", f"/admin/claims/{f}", agent_cookie) for f in filters], duration=duration, connections=conns
    )
    results["claims_queue"] = {
        "figure": f"p95 {run['p95_ms']:.1f} ms, {run['rps']:,.0f} req/s",
        "value": run["p95_ms"],
        "ceiling": health["p95_ms"],
        "ceiling_label": f"/healthz p95 {health['p95_ms']:.1f} ms",
        "ratio": ratio(run["p95_ms"], health["p95_ms"], higher_is_better=False),
        "errors": run["errors"],
    }
    log(f"claims queue: {results['claims_queue']}")

    # 7 filing a claim with one attachment
    cookie_file = OUT / "claim-cookies.txt"
    cookie_file.write_text("\n".join(cookies[:4]), encoding="utf-8")
    filing = claim_load(cookie_file, duration)
    ceiling = claim_load(cookie_file, duration, path="/healthz")
    results["file_claim"] = {
        "figure": f"{filing['rps']:,.1f} claims/s, p95 {filing['p95_ms']:.0f} ms",
        "value": filing["rps"],
        "ceiling": ceiling["rps"],
        "ceiling_label": f"same post to /healthz {ceiling['rps']:,.1f} req/s",
        "ratio": ratio(filing["rps"], ceiling["rps"]),
        "errors": filing["errors"],
    }
    log(f"file claim: {results['file_claim']}")

    # 8 submitting a request with two documents through the API, vs. the same two posts to /healthz
    from tests.bench import case_load

    results["submit_request"] = case_load.bench(duration, log)
    log(f"submit request: {results['submit_request']}")


def benchmarked_page():
    from cms.models import ProcedurePage

    return ProcedurePage.objects.live().public().filter(locale__language_code="fr").order_by("pk").first()


def claim_load(cookie_file, duration, path="/fr/portal/claims/new/"):
    completed = subprocess.run(
        [sys.executable, "-m", "tests.bench.claim_load", BASE, str(cookie_file), str(duration), path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 120,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def bench_agent():
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench-agent@example.org", defaults={"email": "bench-agent@example.org", "is_staff": True}
    )
    user.is_staff = user.is_superuser = True
    user.save()
    # Staff must have a second factor; the benchmark's agent has one on file.
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": ""}})
    return user


def queries_per_request(path, users):
    """SQL queries for the same page for members with the least and the most data: must not grow."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = []
    for user in list(users)[:3]:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        with CaptureQueriesContext(connection) as context:
            client.get(path)
        counts.append(len(context.captured_queries))
    return f"{min(counts)}-{max(counts)} SQL queries/request"


def report(results, args, log):
    OUT.mkdir(parents=True, exist_ok=True)
    before = _before(args.before)
    (OUT / "results.json").write_text(json.dumps({"scale": args.scale, "results": results}, indent=2, default=str))
    lines = [f"{'benchmark':<20} {'figure':<58} {'ceiling':<42} {'ratio':>6}  before"]
    for name, row in results.items():
        label = f"{name}*" if row.get("reused") else name
        earlier = before.get(name)
        then = f"{earlier['figure']} ({_shown(earlier.get('ratio'))})" if earlier else "-"
        ratio_shown = _shown(row.get("ratio"))
        lines.append(f"{label:<20} {row['figure']:<58} {row['ceiling_label']:<42} {ratio_shown:>6}  {then}")
    for source in dict.fromkeys(row["reused"] for row in results.values() if row.get("reused")):
        by = "the run that built the dataset" if source == "dataset" else f"`python -m tests.bench.imports` ({source})"
        lines.append(f"* {', '.join(n for n, r in results.items() if r.get('reused') == source)}: measured by {by}")
    if before:
        lines.append(f"before: {args.before} (its figure and, in brackets, its ratio to its own ceiling)")
    table = "\n".join(lines)
    log(table)
    (OUT / "results.txt").write_text(table + "\n", encoding="utf-8")
    chart(results, OUT / "results.png")


def _shown(ratio):
    return f"{ratio:.2f}" if ratio else "-"


def _before(path):
    """The results of an earlier run (--before results.json), for the before/after column."""
    if not path:
        return {}
    return json.loads(Path(path).read_text(encoding="utf-8"))["results"]


def chart(results, path):
    """A bar per benchmark: its figure as a fraction of its ceiling."""
    from PIL import Image, ImageDraw

    rows = [(name, row.get("ratio") or 0) for name, row in results.items()]
    width, bar_height = 900, 36
    image = Image.new("RGB", (width, 60 + bar_height * len(rows)), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 10), "Each figure as a fraction of its ceiling (1.0 = as fast as the ceiling)", fill="black")
    for i, (name, value) in enumerate(rows):
        top = 40 + i * bar_height
        draw.text((10, top + 10), name, fill="black")
        length = int(min(value, 1.0) * (width - 260))
        draw.rectangle([180, top + 6, 180 + length, top + bar_height - 6], fill=(11, 79, 138))
        draw.text((190 + length, top + 10), f"{value:.2f}", fill="black")
    image.save(path)


def build_dataset(args, log):
    """Empty the database and fill it at the given scale; measures the import and the index rebuild."""
    reset_database()
    quiet = {"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    manage("migrate", "--no-input", "-v0", env=quiet)
    manage("createcachetable", env=quiet)
    manage("load_demo", "pages", env=quiet)
    results = {}
    bench_import(args.scale, results, log)
    from tests.bench import dataset, pages

    dataset.generate_rest(args.scale, log=log)
    pages.generate(dataset.sizes(args.scale)["pages"], log=log)
    bench_rebuild(results, log)
    return results


# The figures of the run that built the dataset, kept by --reuse-dataset.
REUSED = ("import", "import_again", "import_payments", "import_payments_again", "rebuild")


def reused_results(log):
    """--reuse-dataset: the database of the previous run as it is; its import and rebuild figures, the import's
    replaced by those of a later `python -m tests.bench.imports` run when there is one (var/bench/imports.json)."""
    previous = json.loads((OUT / "results.json").read_text(encoding="utf-8"))["results"]
    manage("migrate", "--no-input", "-v0", env={"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"})
    kept = {name: {**previous[name], "reused": "dataset"} for name in REUSED if name in previous}
    imports = OUT / "imports.json"
    if imports.exists() and imports.stat().st_mtime > (OUT / "results.json").stat().st_mtime:
        measured = json.loads(imports.read_text(encoding="utf-8"))
        kept.update(
            {
                name: {**row, "reused": f"imports of {measured['members']:,} members"}
                for name, row in measured["results"].items()
            }
        )
    log(f"reusing the dataset and these figures of earlier runs: {', '.join(kept)}")
    return kept


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1.6 million members")
    parser.add_argument("--duration", type=int, default=10, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--reuse-dataset",
        action="store_true",
        help="keep the database of the previous run (no import, no rebuild) and run the load benchmarks only",
    )
    parser.add_argument(
        "--before", metavar="RESULTS_JSON", help="an earlier run's results.json: printed beside each row (before/after)"
    )
    args = parser.parse_args(argv)
    configure_environment()
    if not shutil.which("wrk"):
        sys.exit("bench: wrk is missing (Debian package 'wrk')")
    OUT.mkdir(parents=True, exist_ok=True)
    # Before django.setup(): this process loads the static files manifest once, when its storage is first
    # used, so the manifest must exist by then (a fresh checkout has none).
    manage("collectstatic", "--no-input", "-v0", env={"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"})
    import django

    django.setup()
    log = timed_log()
    results = reused_results(log) if args.reuse_dataset else build_dataset(args, log)
    from tests.bench import steering_load

    with Gunicorn():
        run_benchmarks(args, results, log)
        # 18 to 20: the steering figures' refresh, and the dashboard on the same server. A tiny dataset (the
        # suite's smoke run) times each refresh once: its figure is not the point there.
        repeat = 3 if args.scale >= 0.01 else 1
        steering_load.bench(
            results, log, repeat=repeat, duration=args.duration, connections=args.connections, base=BASE
        )
    # 13 and 14: the simulator, on a server of its own whose public API has no hourly budget per address
    # (all the load comes from one address).
    from tests.bench import simulator_load

    with Gunicorn(port=PORT + 2, **simulator_load.SERVER_ENV) as server:
        simulator_load.bench(server.base, results, log, duration=args.duration, connections=args.connections)
    # 15 to 17: an employer's coming retirements (the lists in this process, the CSV export on a server of its own).
    from tests.bench import partners_load

    partners_load.bench(results, log, duration=args.duration, connections=args.connections)
    # 9 and 10: the notification centre (no web server: the worker and the fan-out).
    from tests.bench import notification_load

    notification_load.bench(args.scale, results, log)
    # 11 and 12: the life control (a campaign for the pensioners abroad, and its first notices).
    from tests.bench import life_control_load

    life_control_load.bench(args.scale, results, log)
    report(results, args, log)
    return results


if __name__ == "__main__":
    main()
