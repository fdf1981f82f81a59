"""Weeks and months in the fund's time zone (``TIME_ZONE``), the same in SQL and in Python.

A claim filed at 23:30 on the last day of a month in Casablanca belongs to that month, even though
it is already the next day in UTC: every truncation here is done in the fund's zone.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils import timezone

from portal.steering.choices import Unit

_TRUNC = {Unit.WEEK: TruncWeek, Unit.MONTH: TruncMonth, Unit.DAY: TruncDay}


def zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def today(now=None):
    return timezone.localtime(now or timezone.now(), zone()).date()


def start_of(day, unit):
    """The first day of the week (Monday) or month that holds ``day``."""
    if unit == Unit.WEEK:
        return day - datetime.timedelta(days=day.weekday())
    if unit == Unit.MONTH:
        return day.replace(day=1)
    return day


def shift(start, unit, count):
    """The start of the period ``count`` periods after (negative: before) the one starting on ``start``."""
    if unit == Unit.WEEK:
        return start + datetime.timedelta(weeks=count)
    if unit == Unit.DAY:
        return start + datetime.timedelta(days=count)
    months = start.year * 12 + start.month - 1 + count
    return datetime.date(months // 12, months % 12 + 1, 1)


def back(day, unit, count):
    """The start of the period ``count`` periods before the one holding ``day``."""
    return shift(start_of(day, unit), unit, -count)


def starts(first, last, unit):
    """Every period start from the one holding ``first`` to the one holding ``last``, oldest first."""
    current, end = start_of(first, unit), start_of(last, unit)
    out = []
    while current <= end:
        out.append(current)
        current = shift(current, unit, 1)
    return out


def moment(day):
    """Midnight at the start of ``day`` in the fund's zone (for filtering datetimes)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone())


def trunc(field, unit):
    """The SQL expression truncating the datetime ``field`` to its period's first day (a date)."""
    from django.db.models import DateField

    return _TRUNC[unit](field, tzinfo=zone(), output_field=DateField())


def as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


# Age bands of the adoption figures: (label key, youngest age, oldest age or None).
AGE_BANDS = (
    ("under-30", 0, 29),
    ("30-39", 30, 39),
    ("40-49", 40, 49),
    ("50-59", 50, 59),
    ("60-69", 60, 69),
    ("70-79", 70, 79),
    ("80-plus", 80, None),
)


def years_before(day, years):
    """The same day ``years`` earlier (28 February for a 29 February that year lacks)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def born_between(on, youngest, oldest):
    """(earliest birth date or None, latest birth date) of the people aged youngest..oldest on ``on``."""
    latest = years_before(on, youngest)
    earliest = None if oldest is None else years_before(on, oldest + 1) + datetime.timedelta(days=1)
    return earliest, latest
