"""A small real site (cms page types, French and Arabic) for the search tests, and the private node."""

import contextlib
import os
import signal
import subprocess
import time

import pytest
from django.conf import settings
from wagtail.models import Locale, Page, Site

from cms.models import (
    Audience,
    Category,
    ContactPage,
    FaqPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProcedureIndexPage,
    ProcedurePage,
    StandardPage,
)
from search import client as search_client
from search import indexes, sync


class SiteBuilder:
    """Creates published pages of the real cms types; every publish goes through the real signals."""

    def __init__(self):
        self.locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("fr", "ar")}
        # Transactional tests flush the tables, the tree's root included: recreate it as the migration does.
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=self.locales["fr"])
        )
        french = HomePage(title="Accueil", slug="accueil", locale=self.locales["fr"])
        root.add_child(instance=french)
        french.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": french}
        )
        # The Arabic home is a translation of the French one, so its pages are served under /ar/.
        arabic = french.copy_for_translation(self.locales["ar"])
        arabic.title = "الرئيسية"
        arabic.save_revision().publish()
        self.homes = {"fr": french, "ar": arabic}
        procedures = self._child(french, ProcedureIndexPage(title="Démarches", slug="demarches"), self.locales["fr"])
        news = self._child(french, NewsIndexPage(title="Actualités", slug="actualites"), self.locales["fr"])
        self.procedures = {"fr": procedures, "ar": self._translate(procedures, "الإجراءات")}
        self.news = {"fr": news, "ar": self._translate(news, "المستجدات")}
        self.categories, self.audiences = {}, {}

    def _translate(self, page, title):
        translation = page.copy_for_translation(self.locales["ar"])
        translation.title = title
        translation.save_revision().publish()
        return translation

    def _child(self, parent, page, locale):
        page.locale = locale
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def category(self, slug, name, language="fr"):
        key = (slug, language)
        if key not in self.categories:
            self.categories[key] = Category.objects.create(name=name, slug=slug, locale=self.locales[language])
        return self.categories[key]

    def audience(self, slug, name, language="fr"):
        key = (slug, language)
        if key not in self.audiences:
            self.audiences[key] = Audience.objects.create(name=name, slug=slug, locale=self.locales[language])
        return self.audiences[key]

    def page(self, kind, title, summary="", body="", *, language="fr", slug=None, category=None, audiences=()):
        locale = self.locales[language]
        paragraph = [("paragraph", f"<p>{body}</p>")] if body else []
        if kind == "procedure":
            page = ProcedurePage(title=title, summary=summary, eligibility=f"<p>{body}</p>")
            parent = self.procedures[language]
        elif kind == "news":
            page = NewsPage(title=title, summary=summary, body=paragraph)
            parent = self.news[language]
        elif kind == "faq":
            question = {"question": title, "answer": f"<p>{body}</p>"}
            page = FaqPage(title=title, intro=summary, themes=[("theme", {"theme": title, "questions": [question]})])
            parent = self.homes[language]
        elif kind == "contact":
            page = ContactPage(title=title, intro=summary, body=paragraph)
            parent = self.homes[language]
        else:
            page = StandardPage(title=title, intro=summary, body=paragraph)
            parent = self.homes[language]
        page.slug = slug or None
        if category is not None and hasattr(page, "category"):
            page.category = category
        page.locale = locale
        parent.add_child(instance=page)
        if audiences:
            page.audiences.set(audiences)
        page.save_revision().publish()
        return page


@pytest.fixture(autouse=True)
def _search_engine_not_paused():
    """A failure in one test must not send the next tests to the database fallback."""
    from search import service

    service._paused_until = 0.0
    yield
    service._paused_until = 0.0


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
