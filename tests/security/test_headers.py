"""Security headers on every response, public and personal, in both languages.

Each test walks a list of URLs (rather than one test per URL): the failures
are collected and reported together.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from config.security import NO_STORE, is_personal

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "ar")
PUBLIC_PATHS = [
    *(f"/{lang}/" for lang in LANGUAGES),
    *(f"/{lang}/search/?q=retraite" for lang in LANGUAGES),
    *(f"/{lang}/verify/" for lang in LANGUAGES),
    *(f"/{lang}/no-such-page/" for lang in LANGUAGES),
    "/healthz",
    "/api/v2/pages/",
    "/api/search/?q=pension",
    "/api/search/autocomplete/?q=pen",
    "/api/schema/",
]
PERSONAL_PATHS = [
    *(f"/{lang}/portal/" for lang in LANGUAGES),
    *(f"/{lang}/portal/enrol/" for lang in LANGUAGES),
    *(f"/{lang}/portal/claims/" for lang in LANGUAGES),
    *(f"/{lang}/accounts/login/" for lang in LANGUAGES),
    *(f"/{lang}/accounts/signup/" for lang in LANGUAGES),
    *(f"/{lang}/accounts/password/reset/" for lang in LANGUAGES),
    *(f"/{lang}/accounts/email/" for lang in LANGUAGES),
    *(f"/{lang}/accounts/2fa/" for lang in LANGUAGES),
    "/api/portal/",
    "/api/portal/me/",
    "/api/portal/claims/",
    "/admin/",
]


@pytest.fixture
def site(demo_content, db):
    """The demo content, loaded once for this module (see tests/conftest.py)."""


@pytest.fixture(params=["anonymous", "logged-in"])
def visitor(request, client, site):
    if request.param == "logged-in":
        user = get_user_model().objects.create_user("visitor@example.org", "visitor@example.org", "x" * 16)
        client.force_login(user)
    return client


class _InlineCode(HTMLParser):
    """Finds what a strict CSP would block: inline <script> bodies and on*="" handlers."""

    def __init__(self):
        super().__init__()
        self.found, self._in_inline_script = [], False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        self.found += [f"{tag} {name}=" for name in names if name.startswith("on")]
        self.found += [f"{tag} href=javascript:" for v in [names.get("href") or ""] if v.startswith("javascript:")]
        self._in_inline_script = tag == "script" and "src" not in names and names.get("type") != "application/json"

    def handle_endtag(self, tag):
        self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append(f"inline <script>: {data.strip()[:60]}")


def _problems(response, path, *, personal):
    problems = []

    def expect(condition, what):
        if not condition:
            problems.append(f"{path} ({response.status_code}): {what}")

    expect(response.status_code < 500, "server error")
    expect(response.get("X-Content-Type-Options") == "nosniff", "nosniff")
    expect(response.get("Referrer-Policy") == "same-origin", "Referrer-Policy")
    # Over HTTPS (browsers ignore it on HTTP): a year, subdomains, preload.
    expect(response.get("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload", "HSTS")
    if personal:
        expect(response.get("Cache-Control") == NO_STORE, f"Cache-Control {response.get('Cache-Control')!r}")
    elif path != "/healthz":  # the health check is never cached, by design
        expect("no-store" not in response.get("Cache-Control", ""), "public page made uncacheable")
    if 300 <= response.status_code < 400:
        # A redirect has no content to frame or script (LocaleMiddleware's language
        # redirects are made after the inner middleware ran).
        return problems
    expect(response.get("X-Frame-Options") == "DENY", "X-Frame-Options")
    if path.startswith("/admin/"):
        return problems  # the Wagtail admin ships inline scripts: excluded from the CSP on purpose
    policy = response.get("Content-Security-Policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())
    scripts = directives.get("script-src", directives.get("default-src", ""))
    expect(scripts and "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, f"script-src {scripts!r}")
    expect(directives.get("frame-ancestors") == "'none'", "frame-ancestors")
    expect(directives.get("object-src") == "'none'", "object-src")
    if response.get("Content-Type", "").startswith("text/html"):
        parser = _InlineCode()
        parser.feed(response.content.decode())
        expect(parser.found == [], f"blocked by the CSP: {parser.found}")
    return problems


def test_public_responses_carry_the_site_wide_headers(visitor):
    problems = []
    for path in PUBLIC_PATHS:
        assert not is_personal(path)
        problems += _problems(visitor.get(path, secure=True), path, personal=False)
    assert problems == []


def test_personal_responses_are_never_stored(visitor):
    problems = []
    for path in PERSONAL_PATHS:
        assert is_personal(path), path
        problems += _problems(visitor.get(path, secure=True), path, personal=True)
    assert problems == []


def test_personal_answers_to_writes_are_never_stored_either(site, client):
    problems = []
    for path in ["/fr/accounts/login/", "/ar/accounts/password/reset/", "/api/portal/claims/", "/fr/portal/enrol/"]:
        response = client.post(path, {"login": "nobody@example.org", "password": "wrong-password"}, secure=True)
        problems += _problems(response, path, personal=True)
    assert problems == []


def test_the_home_pages_are_checked_for_inline_code(site, client):
    # Guards the check itself: the pages it parses are real HTML with the site's scripts and links.
    html = client.get("/fr/", secure=True).content.decode()
    assert re.search(r"<html lang=\"fr\"", html)
    parser = _InlineCode()
    parser.feed('<a href="#" onclick="x()">x</a><script>alert(1)</script><script src="/s.js"></script>')
    assert parser.found == ["a onclick=", "inline <script>: alert(1)"]


def test_hsts_is_not_sent_over_plain_http(site, client):
    # Django sends HSTS only on HTTPS responses; behind the proxy BEHIND_TLS_PROXY makes requests secure.
    assert "Strict-Transport-Security" not in client.get("/fr/")
