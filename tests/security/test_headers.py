"""Security headers on every response, public and personal, in both languages.

Each test walks a list of URLs (rather than one test per URL): the failures
are collected and reported together.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from config.security import NO_STORE

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
# Account pages are about one person even before signing in (an e-mail confirmation link shows the address).
ACCOUNT_PATHS = [
    *(f"/{lang}/accounts/login/" for lang in LANGUAGES),
    *(f"/{lang}/accounts/signup/" for lang in LANGUAGES),
    *(f"/{lang}/accounts/password/reset/" for lang in LANGUAGES),
    *(f"/{lang}/accounts/email/" for lang in LANGUAGES),
    *(f"/{lang}/accounts/2fa/" for lang in LANGUAGES),
]
MEMBER_PATHS = [
    *(f"/{lang}/portal/" for lang in LANGUAGES),
    *(f"/{lang}/portal/enrol/" for lang in LANGUAGES),
    *(f"/{lang}/portal/claims/" for lang in LANGUAGES),
    *(f"/{lang}/search/my-claims/?q=REC" for lang in LANGUAGES),
    "/api/portal/",
    "/api/portal/me/",
    "/api/portal/claims/",
    "/api/search/my-claims/?q=REC",
    "/admin/",
]


# Browser features no page may use without saying so (config/security.py).
OFF_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "display-capture")


@pytest.fixture
def site(demo_content, db):
    """The demo content, loaded once for this module (see tests/conftest.py)."""


@pytest.fixture
def signed_in(client, site):
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


def _admin_policy_problems(path, response, directives):
    """The Wagtail admin's own policy: inline scripts (Wagtail needs them), but nothing from or to another site."""
    self_only = ("script-src", "connect-src", "frame-src", "form-action", "base-uri", "default-src")
    problems = [
        f"{path}: {name} {directives.get(name)!r}" for name in self_only if "'self'" not in directives.get(name, "")
    ]
    problems += [
        f"{path}: {name} allows another site or eval: {value!r}"
        for name, value in directives.items()
        if "http" in value or "*" in value or "'unsafe-eval'" in value
    ]
    if directives.get("object-src") != "'none'" or directives.get("frame-ancestors") != "'self'":
        problems.append(f"{path}: object-src/frame-ancestors {directives}")
    return problems


def _problems(response, path, *, personal):
    problems = []

    def expect(condition, what):
        if not condition:
            problems.append(f"{path} ({response.status_code}): {what}")

    expect(response.status_code < 500, "server error")
    features = dict(item.split("=") for item in response.get("Permissions-Policy", "").split(", ") if "=" in item)
    expect(all(features.get(name) == "()" for name in OFF_FEATURES), f"Permissions-Policy {features}")
    expect(response.get("X-Content-Type-Options") == "nosniff", "nosniff")
    expect(response.get("Referrer-Policy") == "same-origin", "Referrer-Policy")
    # Over HTTPS (browsers ignore it on HTTP): a year, subdomains, preload.
    expect(response.get("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload", "HSTS")
    if personal:
        expect(response.get("Cache-Control") == NO_STORE, f"Cache-Control {response.get('Cache-Control')!r}")
        expect("Cookie" in response.get("Vary", ""), "Vary: Cookie")
    elif path != "/healthz":  # the health check is never cached, by design
        expect("no-store" not in response.get("Cache-Control", ""), "public page made uncacheable")
    if 300 <= response.status_code < 400:
        # A redirect has no content to frame or script (LocaleMiddleware's language
        # redirects are made after the inner middleware ran).
        return problems
    expect(response.get("X-Frame-Options") == "DENY", "X-Frame-Options")
    policy = response.get("Content-Security-Policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())
    if path.startswith("/admin/"):
        problems += _admin_policy_problems(path, response, directives)
        return problems
    scripts = directives.get("script-src", directives.get("default-src", ""))
    expect(scripts and "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, f"script-src {scripts!r}")
    expect(directives.get("frame-ancestors") == "'none'", "frame-ancestors")
    expect(directives.get("object-src") == "'none'", "object-src")
    if response.get("Content-Type", "").startswith("text/html"):
        parser = _InlineCode()
        parser.feed(response.content.decode())
        expect(parser.found == [], f"blocked by the CSP: {parser.found}")
    return problems


def test_public_responses_to_anonymous_visitors_stay_cacheable(site, client):
    problems = []
    for path in PUBLIC_PATHS:
        problems += _problems(client.get(path, secure=True), path, personal=False)
    assert problems == []


def test_account_pages_are_never_stored_even_before_signing_in(site, client):
    problems = []
    for path in ACCOUNT_PATHS:
        problems += _problems(client.get(path, secure=True), path, personal=True)
    assert problems == []


def test_nothing_shown_to_a_signed_in_visitor_is_stored(signed_in):
    # Public pages included: they greet the visitor and link to their space (config/security.py).
    problems = []
    for path in PUBLIC_PATHS + ACCOUNT_PATHS + MEMBER_PATHS:
        problems += _problems(signed_in.get(path, secure=True), path, personal=True)
    assert problems == []


def test_personal_answers_to_writes_are_never_stored_either(site, client):
    problems = []
    data = {"login": "nobody@example.org", "password": "wrong-password"}
    for path in ["/fr/accounts/login/", "/ar/accounts/password/reset/"]:
        problems += _problems(client.post(path, data, secure=True), path, personal=True)
    client.force_login(get_user_model().objects.create_user("writer@example.org", "writer@example.org", "x" * 16))
    for path in ["/api/portal/claims/", "/fr/portal/enrol/"]:
        problems += _problems(client.post(path, data, secure=True), path, personal=True)
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


def test_the_admin_has_a_policy_of_its_own(site, client):
    from tests.security.world import make_user

    client.force_login(make_user("staff-headers@example.org", is_staff=True, is_superuser=True))
    problems = []
    for path in ["/admin/", "/admin/pages/", "/admin/claims/", "/admin/no-such-screen/"]:
        response = client.get(path, secure=True)
        problems += _problems(response, path, personal=True)
        if not response.get("Content-Security-Policy"):
            problems.append(f"{path}: no Content-Security-Policy")
    assert problems == []


def test_one_view_may_allow_a_browser_feature_for_the_site_itself(rf):
    # How the life-control page will use the camera: on its own responses only, for the site's origin only.
    from django.http import HttpResponse

    from config.security import PermissionsPolicyMiddleware, allow_browser_features

    @allow_browser_features("camera")
    def photo(request):
        return HttpResponse("photo")

    policy = PermissionsPolicyMiddleware(photo)(rf.get("/")).get("Permissions-Policy")
    assert "camera=(self)" in policy.split(", ")
    assert "microphone=()" in policy.split(", ")
    default = PermissionsPolicyMiddleware(lambda request: HttpResponse())(rf.get("/")).get("Permissions-Policy")
    assert "camera=()" in default.split(", ")
    with pytest.raises(ValueError):
        allow_browser_features("no-such-feature")
