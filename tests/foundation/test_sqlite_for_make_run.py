"""`make run`'s SQLite file survives parallel requests: WAL, a busy timeout, write locks taken at BEGIN.

Runs the real settings module in a subprocess with DEBUG=1 and an SQLite URL, as `make run` does
(the suite's own database may be PostgreSQL).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    busy = cursor.fetchone()[0]
print(json.dumps({"journal": journal, "busy_ms": busy, "mode": connection.transaction_mode}))
"""


def test_the_sqlite_file_is_in_wal_mode_with_a_busy_timeout(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ALLOW_SQLITE"}}
    env.update(
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["journal"] == "wal"
    assert found["busy_ms"] >= 10_000
    assert found["mode"] == "IMMEDIATE"
