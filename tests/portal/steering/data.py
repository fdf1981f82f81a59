"""Hand-built data for the steering figures' tests: instants in the fund's zone, claims, requests.

Rows are written with their timestamps as given (``bulk_create`` or ``.update()``): the figures are
about when things happened, and ``auto_now_add`` fields would otherwise say "now".
"""

import datetime
import itertools
import zoneinfo

from portal.casework.models import Case, CaseEvent
from portal.claims.models import Claim

CASABLANCA = zoneinfo.ZoneInfo("Africa/Casablanca")
UTC = datetime.UTC

_numbers = itertools.count(1)


def local(year, month, day, hour=12, minute=0):
    """An instant at this wall-clock time in Casablanca (UTC+1 outside Ramadan)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CASABLANCA)


def days(n, hours=0):
    return datetime.timedelta(days=n, hours=hours)


def claim(
    member, *, created, category="payments", channel="web", status="submitted", due=None, first=None, answered=None
):
    """A claim received at ``created``; ``first`` and ``answered``: when the fund first replied, answered."""
    return Claim.objects.bulk_create(
        [
            Claim(
                reference=f"STEER-{next(_numbers):06d}",
                member=member,
                category=category,
                subject="Question",
                description="Question",
                channel=channel,
                status=status,
                created_at=created,
                due_at=due or created + days(10),
                first_response_at=first,
                answered_at=answered,
            )
        ]
    )[0]


def case(member, *, submitted, procedure="survivor_pension", channel="web", status="submitted", due=None, decided=None):
    """A request submitted at ``submitted`` (None: a draft never sent)."""
    return Case.objects.bulk_create(
        [
            Case(
                reference=f"STEER-C-{next(_numbers):06d}",
                procedure=procedure,
                member=member,
                status=status,
                channel=channel,
                created_at=submitted or local(2026, 1, 1),
                submitted_at=submitted,
                due_at=due if due is not None else (submitted + days(30) if submitted else None),
                decided_at=decided,
            )
        ]
    )[0]


def event(case, kind, at, *, internal=False):
    return CaseEvent.objects.create(case=case, kind=kind, created_at=at, is_internal=internal)


def figures(series, *, unit, since, today):
    """{(period, key): Row} of a series computed directly."""
    from portal.steering import series as registry

    rows = registry.get(series).compute(unit=unit, since=since, today=today)
    return {(row.period, row.key): row for row in rows}
