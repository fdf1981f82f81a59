"""Human claim references, REC-YYYY-NNNNNN, numbered from 1 each year.

One counter row per year, locked with SELECT ... FOR UPDATE: concurrent
submissions queue on that row for the few milliseconds of their transaction,
so no two claims get the same number and numbers have no gaps other than
those of rolled-back submissions. The row is created with INSERT ... ON
CONFLICT DO NOTHING so that the first two claims of a year cannot collide on
creating it either. (A PostgreSQL sequence would not restart each year.)
"""

from django.db import transaction
from django.utils import timezone

PREFIX = "REC"


def format_reference(year, number):
    return f"{PREFIX}-{year}-{number:06d}"


def next_reference(now=None):
    """Allocate the next reference; must run inside the transaction that saves the claim."""
    from portal.claims.models import ReferenceCounter

    year = timezone.localtime(now or timezone.now()).year
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference() must run inside the claim's transaction")
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year, last_number=0)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_reference(year, counter.last_number)
