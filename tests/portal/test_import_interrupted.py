"""An import killed with SIGKILL mid-way and run again ends with the same table as an uninterrupted run.

The real command runs in a subprocess against the test database (it must see, and we must see,
committed data: hence ``transactional_db``). Batches are atomic, so a kill leaves whole batches
in; the rerun upserts everything again and must converge on exactly the uninterrupted result. On
both paths of the engine: PostgreSQL's COPY (its staging table dies with the killed session) and the ORM's.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from portal.importing import engine
from portal.importing.specs import MEMBERS
from portal.models import Member
from tests.bench.dataset import member_csv

ROOT = Path(__file__).resolve().parents[2]
ROWS = 4000
BATCH = 50
# Every column the export sets; timestamps (created_at/updated_at) are left out on purpose.
COLUMNS = list(MEMBERS.columns)


def _database_url():
    conf = connection.settings_dict
    host, port = conf["HOST"] or "127.0.0.1", conf["PORT"] or 5432
    return f"postgres://{conf['USER']}:{conf['PASSWORD']}@{host}:{port}/{conf['NAME']}"


def _command(path, method):
    return [sys.executable, "manage.py", "import_members", str(path), "--batch-size", str(BATCH), "--method", method]


def _env():
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": _database_url()}


def _dump():
    return list(Member.objects.order_by("core_id").values_list(*COLUMNS))


def _run_to_completion(path, method):
    result = subprocess.run(_command(path, method), cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]


def _run_and_kill(path, method):
    """Start the import, wait until at least one batch is committed, SIGKILL it; return the count then."""
    process = subprocess.Popen(
        _command(path, method), cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and process.poll() is None:
            if Member.objects.count() >= BATCH:
                break
            time.sleep(0.01)
        running = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert running, "the import finished before it could be killed: make the file bigger"
    assert process.returncode == -signal.SIGKILL
    return Member.objects.count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the subprocess needs the PostgreSQL test database")
@pytest.mark.soak
@pytest.mark.parametrize("method", list(engine.METHODS))
def test_import_killed_then_rerun_equals_uninterrupted_run(transactional_db, tmp_path, method):
    path = member_csv(tmp_path / "members.csv", ROWS)

    left = _run_and_kill(path, method)
    # Killed between the first committed batch and the end, and only whole batches are in.
    assert BATCH <= left < ROWS
    assert left % BATCH == 0

    _run_to_completion(path, method)
    after_rerun = _dump()

    Member.objects.all().delete()
    _run_to_completion(path, method)
    uninterrupted = _dump()

    assert len(uninterrupted) == ROWS
    assert after_rerun == uninterrupted
    # And the uninterrupted run is the file itself (spot check of the first and last rows).
    assert uninterrupted[0][:2] == ("M00000001", "A000000001")
    assert uninterrupted[-1][:2] == (f"M{ROWS:08d}", f"A{ROWS:09d}")
