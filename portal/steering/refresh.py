"""Recompute the steering figures into their summary tables (run by a periodic task).

Incremental: after a first full run, a refresh recomputes, for each series, the period that held the
previous refresh and the one before it (an event is counted in the period it happened, so nothing
older can have changed; the period before is a margin for rows that arrive late, such as imports).
A series without any figure yet (registered since) is computed over the whole history kept.
Snapshots (backlogs, today's adoption) are taken for today and replace today's earlier ones.
Idempotent: a refresh deletes the periods it recomputes and writes them again, in one transaction,
so a second run with no new data leaves the same rows, and readers never see half a refresh.
Two refreshes never overlap: the second waits for the first's lock (PostgreSQL; SQLite writes one
transaction at a time anyway).
"""

import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from portal.steering import periods
from portal.steering import series as registry
from portal.steering.choices import Unit
from portal.steering.models import ActiveWeek, Figure, Refresh

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key: "steering" in ASCII, any number would do as long as it is ours alone.
_LOCK = 0x7374656572696E67


def history_start(today):
    """The first month kept: older figures and activity traces are deleted."""
    return periods.back(today, Unit.MONTH, settings.STEERING_HISTORY_MONTHS)


def last_refresh():
    return Refresh.objects.filter(finished_at__isnull=False).order_by("-started_at").first()


def _since(unit, *, today, previous, oldest):
    if unit == Unit.DAY:
        return today
    if previous is None:
        return periods.start_of(oldest, unit)
    start = periods.back(periods.today(previous.started_at), unit, 1)
    return max(start, periods.start_of(oldest, unit))


def refresh(*, actor=None, full=False, now=None):
    """Recompute every registered series; returns the ``Refresh`` row. ``actor`` is who asked (None:
    the periodic task), for the log only: the figures are the same whoever asks."""
    started = now or timezone.now()
    today = periods.today(started)
    oldest = history_start(today)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        previous = None if full else last_refresh()
        written = 0
        for one in registry.registered():
            for unit in one.units:
                # A series registered since the previous refresh (a feature just deployed) has no
                # history yet: it gets all of it, the others their recent periods.
                known = previous is not None and Figure.objects.filter(series=one.name, unit=unit).exists()
                since = _since(unit, today=today, previous=previous if known else None, oldest=oldest)
                rows = [row for row in one.compute(unit=unit, since=since, today=today) if row.period >= since]
                Figure.objects.filter(series=one.name, unit=unit, period__gte=since).delete()
                Figure.objects.bulk_create(Figure(series=one.name, unit=unit, **row._asdict()) for row in rows)
                written += len(rows)
        Figure.objects.filter(period__lt=oldest).delete()
        ActiveWeek.objects.filter(week__lt=oldest).delete()
        done = Refresh.objects.create(
            started_at=started,
            finished_at=timezone.now(),
            since=oldest if previous is None else periods.today(previous.started_at),
            full=previous is None,
            rows=written,
        )
    logger.info("steering figures refreshed by %s: %s rows", actor or "the periodic task", written)
    return done
