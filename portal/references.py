"""Human references numbered from 1 each year: PREFIX-YYYY-NNNNNN (claims REC-, requests DEM-).

One counter row per year, locked with SELECT ... FOR UPDATE: concurrent
submissions queue on that row for the few milliseconds of their transaction,
so no two records get the same number and numbers have no gaps other than
those of rolled-back submissions. The row is created with INSERT ... ON
CONFLICT DO NOTHING so that the first two records of a year cannot collide on
creating it either. (A PostgreSQL sequence would not restart each year.)

Each app keeps its own counter model (a ``year`` primary key and a
``last_number``), so that each series runs without gaps of its own.
"""

from django.db import transaction
from django.utils import timezone


def format_reference(prefix, year, number):
    return f"{prefix}-{year}-{number:06d}"


def next_reference(counter_model, prefix, now=None):
    """Allocate the next reference of ``prefix``; must run inside the transaction that saves the record."""
    return next_references(counter_model, prefix, 1, now)[0]


def next_references(counter_model, prefix, count, now=None):
    """Allocate ``count`` consecutive references at once (a campaign opens thousands of requests in
    one transaction: one locked row update instead of one per request)."""
    year = timezone.localtime(now or timezone.now()).year
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_references() must run inside the transaction that saves the records")
    counter_model.objects.bulk_create([counter_model(year=year, last_number=0)], ignore_conflicts=True)
    counter = counter_model.objects.select_for_update().get(year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return [format_reference(prefix, year, number) for number in range(first, first + count)]
