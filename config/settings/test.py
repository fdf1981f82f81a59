"""Settings for the test suite: the real services, with fast, deterministic edges."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
# The suite may run on SQLite when DATABASE_URL is unset (CI sets PostgreSQL).
os.environ.setdefault("ALLOW_SQLITE", "1")
from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, REDIS_URL

# With Redis (CI), each parallel worker gets two databases of its own, like its own PostgreSQL database: emptying
# a cache (FLUSHDB) between tests must not wipe another worker's keys. Databases 0 and 1 stay for `make run`.
# Read from PYTEST_XDIST_WORKER, which the servers and workers a test starts inherit: they share its databases.
if REDIS_URL:
    _first = 2 + 2 * int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    CACHES["default"]["LOCATION"] = f"{REDIS_URL}/{_first}"
    CACHES["pages"]["LOCATION"] = f"{REDIS_URL}/{_first + 1}"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run tasks immediately by default; the queue tests switch to the
# database backend and run the real db_worker in a subprocess.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"
LIFE_CONTROL_EXPORT_DIR = BASE_DIR / "var" / "test-exports" / "lifecontrol"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests log staff in with force_login (no password, no second factor); the staff-MFA tests
# (tests/portal/test_staff_mfa.py) turn the requirement back on.
STAFF_MFA_REQUIRED = False
# Tests choose their hour: quiet hours are tested by turning them on (tests/portal/notifications/).
NOTIFICATIONS_QUIET_HOURS = ""
NOTIFICATIONS_SMS_TIMEOUT = 1.0
