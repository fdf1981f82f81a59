"""PostgreSQL restarted while members file claims: errors only while it is down, no partial records.

The suite's database server is shared, so this test starts one of its own: Debian's initdb in a
temporary folder, loopback port 5442. It loads the run's migrated database there (a dump of the template
every test database is copied from: tests/template_database.py; `migrate` when the run has none) and serves
the site from it with gunicorn, as in production. Four members then file claims with a PDF attachment in
a loop, as browsers do. In the middle the server is stopped (`pg_ctl -m fast`: connections are cut, open
transactions roll back) and started again a few seconds later. Nothing is mocked.
"""

import contextlib
import glob
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import requests

from tests import template_database
from tests.bench.claim_load import form_token, member_session, post_claim
from tests.bench.run import ROOT, Gunicorn
from tests.conftest import require_service

DB_PORT = int(os.environ.get("RESTART_TEST_PG_PORT", "5442"))
# Outside the benchmarks' ports (BENCH_PORT and the next few: the bench smoke test runs in the same suite).
WEB_PORT = int(os.environ.get("RESTART_TEST_WEB_PORT", "8778"))
MEMBERS = 4
DOWN_SECONDS = 3
# After the restart, a worker's first request may still find its old, dead connection (Django replaces
# it at the start of the next request: CONN_HEALTH_CHECKS); no error may come later than this.
RECOVERY_SECONDS = 5


class PrivateServer:
    """A PostgreSQL server for this test alone, in a temporary folder."""

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            require_service("the PostgreSQL server programs are missing (Debian package 'postgresql')")
        self.bin = Path(found[-1]).parent
        self.folder = Path(tempfile.mkdtemp(prefix="portal-pg-restart-"))
        self.data = self.folder / "data"
        self.as_root = os.geteuid() == 0
        if self.as_root:  # PostgreSQL refuses to run as root
            shutil.chown(self.folder, "postgres")
        self.url = f"postgres://portal@127.0.0.1:{DB_PORT}/site"

    def _run(self, program, *args):
        command = [str(self.bin / program), *map(str, args)]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def create(self):
        self._run("initdb", "-D", self.data, "-U", "portal", "--auth=trust", "-E", "UTF8", "--no-locale")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", DB_PORT, "-U", "portal", "site")

    def restore(self, dump):
        """Load a pg_dump archive (custom format) into the site's database."""
        command = [self.bin / "pg_restore", "--no-owner", "--no-privileges", "-h", "127.0.0.1", "-p", DB_PORT]
        subprocess.run([*map(str, command), "-U", "portal", "-d", "site"], input=dump, check=True, capture_output=True)

    def start(self):
        options = f"-p {DB_PORT} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run("pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-w", "-o", options, "start")

    def stop(self):
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=600
    )


def _dump(bin, database):
    """The suite's server's `database`, as pg_dump's custom format."""
    from django.db import connection

    conf = connection.settings_dict
    command = [bin / "pg_dump", "-Fc", "-h", conf["HOST"] or "127.0.0.1", "-p", conf["PORT"] or 5432]
    command += ["-U", conf["USER"], database]
    environment = {**os.environ, "PGPASSWORD": conf["PASSWORD"]}
    return subprocess.run(list(map(str, command)), env=environment, check=True, capture_output=True).stdout


@pytest.fixture(scope="module")
def private_site():
    """The site, migrated, on the private server, with members logged in: (server, env, cookies)."""
    server = PrivateServer()
    try:
        server.create()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": server.url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "STATIC_ROOT": str(server.folder / "static"),
            "PRIVATE_MEDIA_ROOT": str(server.folder / "private"),
            "MEDIA_ROOT": str(server.folder / "media"),
            "ELASTICSEARCH_URL": "",
            "LOG_LEVEL": "CRITICAL",
            "DEBUG": "0",
            # A few members file claims without pause: the members' write budget (config/throttle.py) is not
            # what this test is about.
            "MEMBER_WRITES_PER_MINUTE": "0",
            "MEMBER_WRITES_PER_HOUR": "0",
        }
        template = template_database.name()
        if template:
            server.restore(_dump(server.bin, template))
        else:
            _manage(env, "manage.py", "migrate", "--no-input", "-v0")
            _manage(env, "manage.py", "createcachetable")
        _manage(env, "manage.py", "collectstatic", "--no-input", "-v0")
        cookies = _manage(env, "-m", "tests.security.restart_site", str(MEMBERS)).stdout.split()
        yield server, env, cookies
    finally:
        server.destroy()


@dataclass
class Outcome:
    started: float
    finished: float
    status: object  # an HTTP status, or "no answer"
    subject: str = ""  # set when the claim was acknowledged
    reason: str = ""  # what the client library said when no answer came

    @property
    def ok(self):
        return bool(self.subject)


def file_claims(base, cookie, member, stop, outcomes):
    """One member filing claims one after the other until told to stop, recording each answer."""
    session = member_session(cookie)
    number = 0
    while not stop.is_set():
        number += 1
        subject = f"Coupure {member}-{number}"
        started = time.monotonic()
        try:
            status, token = form_token(session, base)
            if status != 200 or token is None:
                outcomes.append(Outcome(started, time.monotonic(), status))
                time.sleep(0.2)
                continue
            response = post_claim(session, base, token, subject)
        except requests.RequestException as error:
            outcomes.append(Outcome(started, time.monotonic(), "no answer", reason=repr(error)))
            continue
        acknowledged = response.status_code == 302 and "/claims/" in response.headers.get("Location", "")
        outcomes.append(Outcome(started, time.monotonic(), response.status_code, subject if acknowledged else ""))


def stored_claims(url, private_root):
    """What the database holds after the run: claims with their parts, and the files on disk."""
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as connection:
        rows = connection.execute(
            """
            SELECT c.subject,
                   (SELECT count(*) FROM claims_claimevent e WHERE e.claim_id = c.id AND e.kind = 'created'),
                   (SELECT array_agg(a.file) FROM claims_claimattachment a WHERE a.claim_id = c.id)
            FROM claims_claim c
            """
        ).fetchall()
    files_on_disk = {str(p.relative_to(private_root)) for p in Path(private_root).rglob("*") if p.is_file()}
    return rows, files_on_disk


@pytest.mark.soak
def test_a_database_restart_under_load_loses_nothing(private_site):
    server, env, cookies = private_site
    outcomes = []
    stop = threading.Event()
    with Gunicorn(port=WEB_PORT, **env):
        base = f"http://127.0.0.1:{WEB_PORT}"
        threads = [
            threading.Thread(target=file_claims, args=(base, cookie, i, stop, outcomes))
            for i, cookie in enumerate(cookies)
        ]
        for thread in threads:
            thread.start()
        time.sleep(6)
        went_down = time.monotonic()
        server.stop()
        time.sleep(DOWN_SECONDS)
        server.start()
        came_back = time.monotonic()
        time.sleep(RECOVERY_SECONDS + 8)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    failures = [o for o in outcomes if not o.ok]
    acknowledged = {o.subject for o in outcomes if o.ok}
    print(f"{len(outcomes)} filings, {len(acknowledged)} acknowledged, {len(failures)} refused while down")
    assert any(o.ok and o.finished < went_down for o in outcomes), "no claim was filed before the restart"
    assert any(o.ok and o.started > came_back + RECOVERY_SECONDS for o in outcomes), "no claim after it"
    assert failures, "no request met the outage: the test proved nothing"
    # Errors only while it was down: each failed request was under way during the outage (or the
    # few seconds a worker needs to replace its dead connection), and it said "try again" (503).
    for failure in failures:
        assert failure.finished >= went_down and failure.started <= came_back + RECOVERY_SECONDS, failure
        assert failure.status == 503, failure

    rows, files_on_disk = stored_claims(server.url, env["PRIVATE_MEDIA_ROOT"])
    stored = {subject for subject, _events, _files in rows}
    # Every claim the site acknowledged is there; every stored claim is whole (its "created" event,
    # its one attachment and that attachment's file); no file is left without its claim.
    assert acknowledged <= stored, acknowledged - stored
    attachment_files = set()
    for subject, created_events, files in rows:
        assert created_events == 1 and files is not None and len(files) == 1, subject
        assert files[0] in files_on_disk, (subject, files[0])
        attachment_files.add(files[0])
    assert files_on_disk == attachment_files
    print(f"{len(rows)} claims stored, each whole; {len(files_on_disk)} files, none orphaned")
