"""The Wagtail admin under its own Content Security Policy, in Chromium.

Agents read member-written claims in the admin, so it has a policy too
(``ADMIN_CONTENT_SECURITY_POLICY``, applied by ``config.security``): scripts, frames,
connections and form targets of the site only, no eval. This test opens the screens
staff use most, in Debian's Chromium, makes their scripts work (date pickers, an
inline panel's "add" button), and fails on any violation the browser reports or any
script error, so that a policy too strict for the admin is caught here rather than
by an agent.
"""

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from wagtail.models import Page

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.security import world as world_module

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chromium(monkeypatch, django_db_blocker):
    if not CHROMIUM.exists():
        from tests.conftest import require_service

        require_service(f"Chromium is not installed at {CHROMIUM} (Debian package: chromium)")
    # Playwright's sync API keeps an event loop in this thread; Django's ORM is still used from it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright's event loop runs in this thread, Django's connections are per context: close
        # this context's too, or the test database cannot be dropped at the end of the run.
        with django_db_blocker.unblock():
            connections.close_all()


def _staff_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"}])
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"{page.url}: uncaught error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}")
            if message.type == "error"
            and ("Content Security Policy" in message.text or "Permissions-Policy" in message.text)
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.url}: no admin policy")
            if response.request.resource_type == "document"
            and "/admin/" in response.url
            and "connect-src 'self'" not in (response.headers.get("content-security-policy") or "")
            else None
        ),
    )
    return page, problems


def _site_pages():
    """A home page (an inline panel of featured procedures) and a news index (news have a date field)."""
    from wagtail.models import Locale

    from cms.models import HomePage, NewsIndexPage

    # An earlier transactional test on this worker may have emptied the tables, Wagtail's root page too.
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = root.add_child(instance=HomePage(title="Accueil CSP", slug="accueil-csp", locale=locale))
    news = home.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))
    return home, news


def test_the_admin_screens_load_without_a_policy_violation(chromium, live_server):
    world = world_module.build()
    home, news = _site_pages()
    page, problems = _staff_page(chromium, live_server, world.users["administrator"])
    screens = [
        "/admin/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/add/cms/newspage/{news.pk}/",
        "/admin/claims/",
        f"/admin/claims/{world.a['claim'].pk}/",
        "/admin/images/",
        "/admin/documents/",
        f"/admin/pages/{home.pk}/edit/",
    ]
    for screen in screens:
        response = page.goto(screen)
        assert response.status == 200, screen
        page.wait_for_load_state("networkidle")
    # The editor's scripts ran: the date pickers of the publishing schedule are set up, and the inline
    # panel's "add" button adds a child form (with a page chooser, started by an inline script).
    assert page.locator(".xdsoft_datetimepicker").count() >= 2
    children = page.locator("#id_featured_procedures-FORMS > *")
    before = children.count()
    page.locator("#id_featured_procedures-ADD").click()
    page.wait_for_function(f"document.querySelectorAll('#id_featured_procedures-FORMS > *').length > {before}")
    assert problems == [], "\n".join(problems)
