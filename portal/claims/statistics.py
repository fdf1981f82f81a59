"""Aggregate claim figures: the public transparency page and the supervisor's view.

Only counts and medians leave this module: no reference, name, subject or text.
Medians are computed in Python over one month's durations (a few thousand
numbers at most), the same way on PostgreSQL and SQLite.
"""

import statistics
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from portal.claims.choices import Status
from portal.claims.models import Claim


@dataclass
class Month:
    month: object  # date of the first day
    received: int = 0
    answered: int = 0
    median_days: float | None = None


def median_days(durations):
    """The median of timedeltas, in days rounded to one decimal; None when there is none."""
    durations = [d.total_seconds() for d in durations if d is not None]
    if not durations:
        return None
    return round(statistics.median(durations) / 86400, 1)


def _first_of_month(moment):
    return timezone.localtime(moment).date().replace(day=1)


def _months_back(count, now):
    first = _first_of_month(now)
    months = [first]
    for _i in range(count - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return months


def monthly_figures(months=12, now=None):
    """The last ``months`` months, newest first: received, answered, median days to answer.

    "Answered" counts the claims that reached "answered" (or were closed) for the
    first time in that month; the median is over those claims, from receipt to answer.
    """
    now = now or timezone.now()
    wanted = _months_back(months, now)
    start = timezone.make_aware(datetime.combine(wanted[-1], time.min))
    figures = {month: Month(month=month) for month in wanted}
    received = (
        Claim.objects.filter(created_at__gte=start)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    for row in received:
        month = _as_date(row["month"])
        if month in figures:
            figures[month].received = row["n"]
    durations = {}
    for created_at, answered_at in Claim.objects.filter(answered_at__gte=start).values_list(
        "created_at", "answered_at"
    ):
        durations.setdefault(_first_of_month(answered_at), []).append(answered_at - created_at)
    for month, values in durations.items():
        if month in figures:
            figures[month].answered = len(values)
            figures[month].median_days = median_days(values)
    return [figures[month] for month in wanted]


def _as_date(value):
    return value.date() if hasattr(value, "date") else value


def supervision(now=None):
    """Counts by status, overdue and unassigned open claims, median time to the first answer (90 days)."""
    now = now or timezone.now()
    counts = dict(Claim.objects.values_list("status").annotate(n=Count("pk")))
    by_status = [(status, counts.get(status.value, 0)) for status in Status]
    open_claims = Claim.objects.exclude(status=Status.CLOSED)
    recent = Claim.objects.filter(first_response_at__isnull=False, created_at__gte=now - timedelta(days=90))
    return {
        "by_status": by_status,
        "total": sum(counts.values()),
        "overdue": Claim.objects.overdue(now).count(),
        "unassigned": open_claims.filter(assigned_to__isnull=True).count(),
        "median_first_answer_days": median_days(
            first - created for created, first in recent.values_list("created_at", "first_response_at")
        ),
        "awaiting_first_answer": open_claims.filter(first_response_at__isnull=True).count(),
    }
