"""One migrated database per test run, which every test database is copied from.

`migrate` takes most of a minute on CI's machine, and each parallel worker, the benchmark smoke test and the
database-restart test each ran it on a database of their own: four to six times the same minute. The run's
first process now migrates one database, as pytest-django would (Django's own `create_test_db`, in a child
process so that this one's settings stay untouched), and the others are made from it:

- each worker's test database with PostgreSQL's ``CREATE DATABASE … TEMPLATE`` (Django's ``TEST["TEMPLATE"]``),
  a file copy in a second or two; pytest-django's `migrate` then finds nothing to apply;
- the benchmark smoke test's database the same way (tests/bench/test_smoke.py);
- the database-restart test's private server from its dump (tests/security/test_database_restart.py).

Its name goes to the workers in the environment (``NAME_VARIABLE``): pytest-xdist starts them after the run's
session has started, from this process. On SQLite nothing changes: each process migrates its own database.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
NAME_VARIABLE = "PORTAL_TEST_TEMPLATE_DATABASE"


def name():
    """The run's template database, or None (SQLite, or a process started outside a test run)."""
    return os.environ.get(NAME_VARIABLE) or None


def build():
    """Create and migrate the template database, and name it in the environment for the workers."""
    if connection.vendor != "postgresql":
        return
    template = f"test_{settings.DATABASES['default']['NAME']}_template"
    # The child process migrates it exactly as pytest-django migrates a test database (same settings, same
    # code path): create_test_db with TEST["NAME"] set to the template's name.
    script = (
        "import django, sys;"
        "from django.conf import settings;"
        "django.setup();"
        "from django.db import connection;"
        "settings.DATABASES['default'].setdefault('TEST', {})['NAME'] = sys.argv[1];"
        "connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    subprocess.run([sys.executable, "-c", script, template], cwd=ROOT, env=environment, check=True)
    os.environ[NAME_VARIABLE] = template


def use_for_test_databases():
    """Make this process's test database from the template (before pytest-django creates it)."""
    template = name()
    if template:
        settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = template


def drop():
    """Remove the template at the end of the run (nothing is connected to it by then)."""
    template = name()
    if not template:
        return
    # Straight through psycopg: pytest-django keeps Django's connections closed outside tests.
    import psycopg

    parameters = {**connection.get_connection_params(), "dbname": "postgres"}
    with psycopg.connect(**parameters, autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)} WITH (FORCE)")
    del os.environ[NAME_VARIABLE]
