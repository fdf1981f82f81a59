"""Issue 24 item 13: with secure cookies, the session and CSRF cookies carry the "__Host-" prefix.

The browser then refuses them unless they are Secure, for "/" and without a Domain, so a
sibling sub-domain cannot plant or overwrite a session. The settings are read in a subprocess
with production-like variables, as an operator would start the site.
"""

import subprocess
import sys

import pytest
from django.test import Client

from tests.portal import factories
from tests.security.test_startup import PRODUCTION_ENV, ROOT, _environment_without_settings

pytestmark = pytest.mark.django_db


def _cookie_names(**env):
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)"
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env={**_environment_without_settings(), **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_production_cookies_have_the_host_prefix():
    assert _cookie_names() == ["__Host-sessionid", "__Host-csrftoken"]


def test_without_secure_cookies_the_plain_names_stay():
    # A "__Host-" cookie without Secure would be dropped by the browser: plain http development.
    assert _cookie_names(SECURE_COOKIES="0") == ["sessionid", "csrftoken"]


def test_the_host_prefixed_cookies_meet_the_prefix_rules(settings):
    settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME = "__Host-sessionid", "__Host-csrftoken"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    user = factories.UserFactory()
    client = Client()
    client.get("/fr/accounts/login/")
    client.post("/fr/accounts/login/", {"login": user.email, "password": factories.PASSWORD})
    for name in ("__Host-sessionid", "__Host-csrftoken"):
        cookie = client.cookies[name]
        assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"], name
    assert client.get("/fr/portal/enrol/").status_code == 200  # the session works under its new name
