"""Median and 90th percentile of a duration per group, computed by the database.

PostgreSQL (production, CI) computes them in SQL with ``percentile_cont`` over intervals: nothing is
read row by row, whatever the number of claims. SQLite (``make run``, for trying the site) has no such
function: there the durations of each group are read and sorted in Python, which is fine for the demo.
"""

import statistics
from collections import defaultdict

from django.db import connection
from django.db.models import Aggregate, Case, Count, DurationField, ExpressionWrapper, F, Q, When

DAY_SECONDS = 86400


class Percentile(Aggregate):
    """``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)`` (PostgreSQL)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, expression, fraction, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def _days(value):
    if value is None:
        return None
    return round(value.total_seconds() / DAY_SECONDS, 1)


def grouped(queryset, *, groups, start, end, within=None):
    """{group values tuple: (count, count within, median days, p90 days)} of ``end - start``.

    ``groups`` are the names (already annotated or fields) to group by; ``within`` is a Q that says
    which rows met their service level (None: not counted).
    """
    duration = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    queryset = queryset.annotate(_duration=duration).order_by()
    within_count = Count("pk", filter=within) if within is not None else None
    if connection.vendor == "postgresql":
        aggregates = {
            "n": Count("pk"),
            "median": Percentile("_duration", 0.5),
            "p90": Percentile("_duration", 0.9),
        }
        if within_count is not None:
            aggregates["within"] = within_count
        rows = queryset.values(*groups).annotate(**aggregates)
        return {
            tuple(row[g] for g in groups): (row["n"], row.get("within"), _days(row["median"]), _days(row["p90"]))
            for row in rows
        }
    return _in_python(queryset, groups=groups, within=within)


def _in_python(queryset, *, groups, within):
    flagged = queryset.annotate(_within=Case(When(within, then=1), default=0)) if within is not None else queryset
    values = defaultdict(list)
    counts = defaultdict(int)
    fields = [*groups, "_duration"] + (["_within"] if within is not None else [])
    for row in flagged.values_list(*fields):
        key = tuple(row[: len(groups)])
        values[key].append(row[len(groups)].total_seconds())
        if within is not None:
            counts[key] += row[-1]
    out = {}
    for key, seconds in values.items():
        seconds.sort()
        out[key] = (
            len(seconds),
            counts[key] if within is not None else None,
            _days_of(statistics.median(seconds)),
            _days_of(_percentile(seconds, 0.9)),
        )
    return out


def _days_of(seconds):
    return round(seconds / DAY_SECONDS, 1)


def _percentile(ordered, fraction):
    """Linear interpolation between closest ranks: what ``percentile_cont`` computes."""
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def within_q(moment, limit):
    """Rows whose ``moment`` came no later than ``limit`` (both field names)."""
    return Q(**{f"{moment}__lte": F(limit)})
