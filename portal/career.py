"""The career as the member sees it: periods in order and the total time served.

Overlapping periods (two posts at once, a secondment) are counted once. Time is
counted in whole calendar months, the unit the core system uses for pension rights:
a period counts every month it touches, from its start month to its end month.
A period without an end runs to today.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Duration:
    years: int
    months: int

    @property
    def total_months(self):
        return self.years * 12 + self.months


def month_index(day):
    """Months since year 0: the unit of service (a period counts every month it touches)."""
    return day.year * 12 + (day.month - 1)


def month_start(index):
    """The first day of the month ``month_index`` numbers."""
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, 1)


def total_service(periods, today=None):
    """Whole years and months covered by at least one period."""
    today = today or datetime.date.today()
    months = set()
    for period in periods:
        end = period.end_date or today
        if end < period.start_date:
            continue
        months.update(range(month_index(period.start_date), month_index(end) + 1))
    return Duration(*divmod(len(months), 12))


def period_duration(period, today=None):
    return total_service([period], today=today)
