"""A small real site (cms page types, French and Arabic) for the search tests, and the private node."""

import contextlib
import os
import signal
import subprocess
import time

import pytest
from django.conf import settings

from search import client as search_client
from search import indexes, sync
from tests.cms.builders import SiteBuilder


@pytest.fixture(autouse=True)
def _search_engine_not_paused():
    """A failure in one test must not send the next tests to the database fallback."""
    from search import engines

    engines.reset()
    yield
    engines.reset()


@pytest.fixture
def site_builder(db):
    return SiteBuilder()


@pytest.fixture
def search_index(es_client):
    """An empty, freshly built pair of indices for this test (the run's prefix keeps them private)."""
    for base in (indexes.PAGES, indexes.CLAIMS):
        sync.rebuild(base)
    yield es_client


def refresh():
    client = search_client.get_client()
    client.indices.refresh(index=[indexes.alias(indexes.PAGES), indexes.alias(indexes.CLAIMS)], ignore_unavailable=True)


# Not 9350: that is the transport port of the suite's own node (HTTP port + 100).
PRIVATE_PORT = int(os.environ.get("SEARCH_OUTAGE_ES_PORT", "9270"))
PRIVATE_STATE = f"/tmp/pension-portal-search-outage-{PRIVATE_PORT}.state"


class PrivateNode:
    """A second Elasticsearch node that a test may freeze, kill and start again (never the shared one)."""

    script = settings.BASE_DIR / "scripts" / "elasticsearch.sh"
    env = {**os.environ, "ES_TEST_PORT": str(PRIVATE_PORT), "ES_STATE_FILE": PRIVATE_STATE}

    def _run(self, verb):
        return subprocess.run([str(self.script), verb], env=self.env, capture_output=True, text=True, check=False)

    def start(self):
        started = self._run("start")
        if started.returncode:
            from tests.conftest import require_service

            require_service(f"could not start a private Elasticsearch node: {started.stderr[-300:]}")
        self.url = started.stdout.strip()

    @property
    def pid(self):
        with open(PRIVATE_STATE, encoding="utf-8") as state, open(f"{state.read().strip()}/es.pid") as pid_file:
            return int(pid_file.read().strip())

    def signal(self, number):
        os.kill(self.pid, number)

    def kill(self):
        """Kill -9: what a crash or the kernel's out-of-memory killer does."""
        pid = self.pid
        os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        # Not our child (the start script daemonised it): wait until it is gone.
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)

    def revive(self):
        revived = self._run("revive")
        assert revived.returncode == 0, revived.stderr[-500:]

    def stop(self):
        with contextlib.suppress(ProcessLookupError, FileNotFoundError):
            self.signal(signal.SIGCONT)
        self._run("stop")


@pytest.fixture(scope="module")
def private_node():
    node = PrivateNode()
    node.start()
    try:
        yield node
    finally:
        node.stop()
