"""The life control's daily work, in one function: ``manage.py run_life_control`` (hourly from the scheduler).

For every open campaign: the notice due today (``services.send_due_notices``), then the day's
changes of status (``services.advance``: notified, overdue, suspended only as ``rules.may_suspend``
allows); then the files of old decisions deleted (``services.delete_old_files``); then the
suspensions and reinstatements written for the core system (``exports.export_all``).

Idempotent: every step is keyed or marked (one notice per check and kind, statuses moved only
forward, rows marked exported in the transaction that writes them), so running it every hour, or
twice after a crash, sends and exports nothing twice. Runs hourly rather than daily so that a day
missed by a stopped scheduler is caught up within the hour, and the first run after midnight does
the day's work. Two runs at once would only wait for each other's locks; a session advisory lock
makes the second one return at once instead.
"""

import contextlib

from django.db import connection
from django.utils import timezone

from portal.lifecontrol import exports, services
from portal.lifecontrol.models import Campaign

# pg_try_advisory_lock key: "LIFE" in ASCII; any fixed number the rest of the portal does not use.
LOCK_KEY = 0x4C494645


@contextlib.contextmanager
def _only_one_run():
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        taken = cursor.fetchone()[0]
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def run(*, today=None, now=None, outdir=None):
    """Do the day's work; return a summary (JSON-serialisable: the task stores it).

    ``{"campaigns": {id: {"notices": n, "notified": n, "overdue": n, "suspended": n}}, "files_deleted": n,
    "suspensions_exported": n, "reinstatements_exported": n, "files": [paths]}``, or ``{"skipped": ...}``
    when another run holds the lock.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    with _only_one_run() as taken:
        if not taken:
            return {"skipped": "another run of the life control is in progress"}
        campaigns = {}
        for campaign in Campaign.objects.filter(opened_at__isnull=False).order_by("pk"):
            sent = services.send_due_notices(campaign, today=today, now=now)
            moved = services.advance(campaign, today=today, now=now)
            campaigns[str(campaign.pk)] = {"notices": sent, **moved}
        deleted = services.delete_old_files(now=now)
        written = exports.export_all(outdir, now=now)
    return {
        "date": today.isoformat(),
        "campaigns": campaigns,
        "files_deleted": deleted,
        "suspensions_exported": written["suspensions"][0],
        "reinstatements_exported": written["reinstatements"][0],
        "files": [str(path) for _count, path in written.values() if path is not None],
    }
