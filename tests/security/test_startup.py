"""Production start-up: `check --deploy` is clean, and a missing setting is one clear line.

These run manage.py as a subprocess with production-like environment
variables (DEBUG unset), as an operator would, so they test the real
settings module and entry point, not the test settings.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "retraite.example",
    "DATABASE_URL": "postgres://portal:portal@127.0.0.1:5432/portal",
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
}


# What the test settings put in os.environ (and the runner may have set): none of it exists in production.
_TEST_ONLY = {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "ALLOW_SQLITE"}


def _environment_without_settings():
    return {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k not in _TEST_ONLY}


def _manage(*args, env):
    # Keep PATH and the like, drop every setting the test runner itself uses.
    base = _environment_without_settings()
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_a_missing_required_setting_stops_start_up_with_one_line(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: ") and missing in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_wsgi_entry_point_stops_the_same_way():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    base = _environment_without_settings()
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [result.stderr.strip()] and "SECRET_KEY" in result.stderr


def test_a_web_process_imports_its_views_and_freezes_its_start_up_objects_before_serving():
    # What a visitor served first by a new gunicorn worker would otherwise wait for (config/startup.py).
    script = (
        "import gc, sys; import config.wsgi; "
        "print('config.urls' in sys.modules, 'portal.api' in sys.modules, gc.get_freeze_count() > 50_000)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**_environment_without_settings(), **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]


def test_production_defaults_are_the_safe_ones():
    # The test settings only relax the HTTPS redirect and cookie flags (the test client speaks HTTP).
    assert settings.SECURE_HSTS_SECONDS >= 31_536_000
    assert settings.X_FRAME_OPTIONS == "DENY"
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF
    assert settings.SESSION_COOKIE_HTTPONLY
    assert not settings.DEBUG
