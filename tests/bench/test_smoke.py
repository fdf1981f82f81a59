"""The benchmark harness on a tiny dataset, so that it cannot rot between benchmark runs.

It runs the real `make bench` code path (import, dataset, index rebuild,
gunicorn, wrk, report) against a database of its own on the same PostgreSQL
server, and checks that every benchmark produced a figure and a ceiling. It
asserts nothing about speed: timings belong to `make bench`, not to tests.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests import template_database
from tests.conftest import require_service, sized

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "import",
    "import_again",
    "import_payments",
    "import_payments_again",
    "rebuild",
    "procedure_page",
    "page_uncached",
    "search",
    "search_fallback",
    "dashboard",
    "payments",
    "claims_queue",
    "file_claim",
    "submit_request",
    "sms_throughput",
    "fan_out",
    "life_open",
    "life_notices",
    "simulator",
    "public_simulator",
    "partners_list",
    "partners_unit",
    "partners_csv",
    "steering_refresh",
    "steering_incremental",
    "steering_dashboard",
}


@pytest.fixture
def bench_database_url(django_db_blocker):
    if connection.vendor != "postgresql":
        require_service("the benchmarks need PostgreSQL (set DATABASE_URL)")
    if not shutil.which("wrk"):
        require_service("the benchmarks need wrk (Debian package 'wrk')")
    conf = connection.settings_dict
    name = f"{conf['NAME']}_bench_smoke"
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        # Migrated already when the run has a template (tests/template_database.py): the harness's `migrate`
        # then has nothing to apply.
        template = template_database.name()
        cursor.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    host, port = conf["HOST"] or "127.0.0.1", conf["PORT"] or 5432
    yield f"postgres://{conf['USER']}:{conf['PASSWORD']}@{host}:{port}/{name}"
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.soak
@pytest.mark.long
def test_bench_harness_runs_end_to_end_on_a_tiny_dataset(bench_database_url, es_client, settings):
    env = {
        **os.environ,
        "DATABASE_URL": bench_database_url,
        "ELASTICSEARCH_URL": settings.ELASTICSEARCH["URL"],
        "ELASTICSEARCH_INDEX_PREFIX": f"{settings.ELASTICSEARCH['INDEX_PREFIX']}-bench",
        "BENCH_PORT": "8766",
        # Figures are not the point here: two workers per server start in a third of the time of the five
        # a deployment on this machine would run (tests/bench/run.py, WORKERS).
        "BENCH_WORKERS": "2",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    completed = subprocess.run(
        # Three seconds per load run: on a busy machine a search can take a second, and a run must complete
        # some requests. Under `make soak`, 5 s each.
        [
            sys.executable,
            "-m",
            "tests.bench.run",
            "--scale",
            "0.00002",
            "--duration",
            sized("3", "5"),
            "--connections",
            "2",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    results = json.loads((ROOT / "var" / "bench" / "results.json").read_text())["results"]
    assert set(results) == EXPECTED
    for name, row in results.items():
        assert row["value"] > 0 and row["ceiling"] > 0, (name, row)
        assert not row.get("errors"), (name, row)
    assert (ROOT / "var" / "bench" / "results.png").stat().st_size > 0
