"""Browser journeys: Debian's Chromium driven by Playwright against a live server.

What runs for real: the site (pytest-django's live server, in this process, on
loopback), PostgreSQL, Elasticsearch (through `es_client` where search is
involved) and a `manage.py db_worker` subprocess that runs the queued tasks.
No browser is ever downloaded: Playwright drives /usr/bin/chromium.
"""

import io
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, connections, transaction
from wagtail.models import Page

from tests import run_folder, table_copies
from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Nothing but loopback: no update checks, no sync, no component downloads.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FAILURES = ROOT / "test-artifacts" / "failures"
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOURNEYS_DEMO = "journeys-demo"  # the snapshot's name in the run's shared folder (tests/run_folder.py)

# The live server listens on loopback only (its default, "localhost", may
# resolve to an IPv6 address the ALLOWED_HOSTS list does not name).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture(scope="package", autouse=True)
def _async_unsafe_allowed():
    """Playwright's sync API keeps an event loop in this thread; Django's ORM must still be usable.

    Scoped to this package so the rest of the suite keeps Django's async-safety check.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo site and member files, built once per run for all the journeys: {table: its rows as COPY output}.

    Each journey is a transactional test (its live server commits for real); `site_content` puts these rows
    back before it, with PostgreSQL's COPY, in well under a second (Django's serialized rollback, an ORM save
    per row, took 10 to 20 s per journey on CI's machine). The pages are indexed into Elasticsearch once per
    worker: the restored rows keep their ids, so the index still matches them.
    """
    from search.client import OK, get_client, state

    if connection.vendor != "postgresql":
        require_service("the browser journeys need PostgreSQL (set DATABASE_URL)")
    with django_db_blocker.unblock():
        # The database as `migrate` left it (tests/conftest.py): earlier transactional tests on this worker may
        # have emptied it.
        restore(django_db_setup)
        # With --reuse-db the snapshot is taken from a database an earlier run left empty.
        assert Page.objects.filter(depth=1).exists(), "the browser journeys need a fresh test database: no --reuse-db"
        if state() == OK:  # start from empty indices: earlier tests of this run may have left pages there
            client = get_client()
            # The node refuses wildcard deletes: name each index.
            for index in client.indices.get(index=f"{settings.ELASTICSEARCH['INDEX_PREFIX']}-*"):
                client.indices.delete(index=index)
        # The first worker of the run to get here loads the demo; the others put its rows back and index them
        # (tests/run_folder.py: their databases are copies of the same template, so the rows fit).
        with run_folder.one_at_a_time(JOURNEYS_DEMO):
            snapshot = run_folder.read(JOURNEYS_DEMO)
            if snapshot is None:
                call_command("load_demo", "accounts", "pages", "members", "claims", stdout=io.StringIO())
                with connection.cursor() as cursor:
                    snapshot = table_copies.copy_out_everything(cursor)
                run_folder.keep(JOURNEYS_DEMO, snapshot)
            else:
                restore(snapshot)
                if state() == OK:
                    call_command("search_index", "rebuild", stdout=io.StringIO())
        connections.close_all()
    return snapshot


@pytest.fixture(scope="package")
def browser(_async_unsafe_allowed, demo_snapshot, django_db_blocker):
    if not CHROMIUM.exists():
        require_service(f"Chromium is not installed at {CHROMIUM} (Debian package: chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        with django_db_blocker.unblock():
            connections.close_all()  # the per-context connections, before the test database is dropped
    # Leave the database as any transactional test leaves it (emptied, then what `migrate`'s hooks make:
    # content types, permissions, groups), for the transactional tests that follow on this worker.
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()


@pytest.fixture
def site_content(transactional_db, live_server, browser, demo_snapshot):
    """The demo site and member files (`demo_snapshot`'s rows, put back before each journey)."""
    # While Playwright's event loop runs in this thread, Django (asgiref's Local) keeps database connections per
    # context instead of per thread: `connection` here is the test's own.
    restore(demo_snapshot)
    cache.clear()  # rate-limit counters live in the database cache, which is not flushed


def restore(snapshot):
    """Put a whole database's rows back (`table_copies.copy_out_everything`), in one transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        table_copies.copy_in(cursor, snapshot, truncate=True)
    # The rows' content-type ids may differ from those the last flush's post_migrate created and cached.
    ContentType.objects.clear_cache()
    reset_sequences()


def reset_sequences():
    """Restored rows keep their ids but PostgreSQL's sequences start again at 1: move them past the rows."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class BrowserErrors(list):
    """Scripts that fail or are refused by the Content Security Policy break the page for real users."""

    def watch(self, page):
        page.on("pageerror", lambda error: self.append(f"uncaught error: {error}"))
        page.on(
            "console",
            lambda message: (
                self.append(f"console: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )


@pytest.fixture
def browser_errors():
    errors = BrowserErrors()
    yield errors
    assert errors == [], "the browser reported script or CSP errors"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture
def new_page(request, browser, live_server, browser_errors):
    """Open a fresh browser (own cookies) on the live server: new_page() for a visitor, again for another user."""
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        browser_errors.watch(page)
        return page

    yield open_page
    if getattr(request.node, "e2e_failed", False):
        # What the browser showed when the test failed, for whoever reads the CI log.
        FAILURES.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "-", request.node.name)
        for number, context in enumerate(contexts):
            for tab in context.pages:
                tab.screenshot(path=FAILURES / f"{name}-{number}.png", full_page=True)
    for context in contexts:
        for tab in context.pages:
            tab.goto("about:blank")  # lets the pages' unload requests (e.g. Wagtail's editing-session release) go now
        context.close()
    _wait_for_requests_in_flight()


def _wait_for_requests_in_flight(timeout=30):
    """Let the live server finish the requests it is still serving before the database is emptied.

    A request still reading while the test database is truncated deadlocks PostgreSQL.
    """
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "process_request_thread" in thread.name:
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture
def page(new_page):
    return new_page()


def _database_url_for_subprocess():
    conf = connection.settings_dict
    host, port = conf["HOST"] or "127.0.0.1", conf["PORT"] or 5432
    return f"postgres://{conf['USER']}:{conf['PASSWORD']}@{host}:{port}/{conf['NAME']}"


class TaskWorker:
    def __init__(self, process, mail_dir, log_path):
        self.process, self.mail_dir, self.log_path = process, mail_dir, log_path

    def log(self):
        return self.log_path.read_text(errors="replace")

    def wait_for_tasks(self, timeout=60):
        """Wait until the worker has run every queued task; fail with its log if one failed."""
        from django_tasks_db.models import DBTaskResult

        deadline = time.monotonic() + timeout
        while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            assert self.process.poll() is None, f"the task worker stopped:\n{self.log()}"
            assert time.monotonic() < deadline, f"tasks still queued after {timeout}s:\n{self.log()}"
            time.sleep(0.2)
        failed = list(DBTaskResult.objects.filter(status="FAILED").values_list("task_path", "exception_class_path"))
        assert failed == [], f"tasks failed: {failed}\n{self.log()}"
        self._refresh_indices()

    @staticmethod
    def _refresh_indices():
        """Make what the worker wrote visible to searches now.

        Elasticsearch shows a written document after its next refresh (every second); a
        journey that searches right after the worker finished would otherwise race it (a
        CI run lost that race once, on a loaded machine). The product does not wait:
        a published page becomes findable within a second, which is what editors expect.
        """
        from search import indexes
        from search.client import get_client

        client = get_client()
        if client is not None:
            for base in indexes.DOCUMENTS:
                client.options(ignore_status=404).indices.refresh(index=indexes.alias(base))

    def emails(self):
        """The messages the worker sent, oldest first, parsed."""
        from email import message_from_bytes, policy

        files = sorted(self.mail_dir.glob("*.log"), key=lambda path: path.stat().st_mtime)
        messages = []
        for path in files:
            # The file backend separates messages with a line of 79 dashes.
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    messages.append(message_from_bytes(chunk.lstrip(), policy=policy.default))
        return messages


@pytest.fixture
def task_worker(site_content, live_server, settings, tmp_path):
    """A real `manage.py db_worker` against the test database; the live server queues into it.

    The demo content is in place before (see demo_snapshot), indexed in-process:
    it is the scenery. The worker runs what the journey itself changes.
    """
    settings.TASKS = DB_QUEUE
    mail_dir = tmp_path / "worker-mail"
    mail_dir.mkdir()
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.e2e.worker_settings",
        "DATABASE_URL": _database_url_for_subprocess(),
        "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH["INDEX_PREFIX"],
        "E2E_EMAIL_FILE_PATH": str(mail_dir),
        "E2E_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "E2E_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    worker = TaskWorker(process, mail_dir, log_path)
    yield worker
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


PASSWORD = "Keyboard-Only-2026!"


@pytest.fixture
def verified_account(site_content):
    """A person with an account and a confirmed e-mail address, not (yet) linked to a member file."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    email = "amina.e2e@example.org"
    user = get_user_model().objects.create_user(username="amina-e2e", email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.raw_password = PASSWORD
    return user


@pytest.fixture
def search_site(es_client, site_content, task_worker):
    """The demo site indexed into the real Elasticsearch node, and a real task worker for what comes next."""
    return es_client


@pytest.fixture
def accessibility():
    from tests.e2e.support import AccessibilityLog

    return AccessibilityLog()


@pytest.fixture
def demo_members(site_content):
    """The demo member files and accounts (demo/members.py): part of the snapshot, named for the journeys' sake."""


@pytest.fixture
def agent_secret(demo_members):
    """The demo agent (Case agents) with TOTP set up, as every staff account has; returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model

    from demo.accounts import AGENT

    agent = get_user_model().objects.get(email=AGENT)
    secret = generate_totp_secret()
    TOTP.activate(agent, secret)
    return secret
