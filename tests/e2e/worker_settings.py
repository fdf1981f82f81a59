"""Settings for the `db_worker` subprocess the browser journeys start.

The worker is a separate process, so Django's in-memory test mailbox cannot
reach the test: it writes its e-mails as files instead, and uses the same
media folders and Elasticsearch index prefix as the test that started it.
"""

import os
from pathlib import Path

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["E2E_EMAIL_FILE_PATH"]
MEDIA_ROOT = Path(os.environ["E2E_MEDIA_ROOT"])
PRIVATE_MEDIA_ROOT = Path(os.environ["E2E_PRIVATE_MEDIA_ROOT"])
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
