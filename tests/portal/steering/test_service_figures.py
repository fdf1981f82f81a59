"""Service levels against durations worked out by hand: median and 90th percentile in days, how many
within the service level, for claims (first answer, answer) and requests (first move, decision).

With five durations of 1, 2, 3, 4 and 10 days, the median is 3 and the 90th percentile, interpolated
between the 4th and 5th values as PostgreSQL's ``percentile_cont`` does, is 4 + 0.6 x (10 - 4) = 7.6.
Durations are elapsed time: the examples sit after 22 March 2026, when Casablanca's clocks went back
to UTC+1 after Ramadan (a day across that change lasts 23 hours).
"""

import datetime

import pytest

from portal.casework.choices import EventKind
from portal.steering import durations
from portal.steering.choices import Unit
from tests.portal import factories
from tests.portal.steering.data import case, claim, days, event, figures, local

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 15)
MARCH, APRIL = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
DURATIONS = (1, 2, 3, 4, 10)


def _rows(series, since=MARCH):
    return figures(series, unit=Unit.MONTH, since=since, today=TODAY)


def test_claims_first_answer_median_p90_and_within_the_service_level():
    member = factories.MemberFactory()
    received = local(2026, 4, 1, 9)
    for n in DURATIONS:
        # Due in 5 days: the claim answered after 10 days is late.
        claim(member, created=received, category="payments", due=received + days(5), first=received + days(n))
    # Another category, first answered after two and a half days; one never answered (not counted).
    claim(member, created=local(2026, 4, 1, 9), category="career", first=local(2026, 4, 3, 21))
    claim(member, created=local(2026, 4, 1, 9), category="career")

    rows = _rows("service.claims.first_answer", since=APRIL)
    payments = rows[(APRIL, "payments")]
    assert (payments.count, payments.part, payments.median_days, payments.p90_days) == (5, 4, 3.0, 7.6)
    career = rows[(APRIL, "career")]
    assert (career.count, career.part, career.median_days, career.p90_days) == (1, 1, 2.5, 2.5)
    total = rows[(APRIL, "")]
    assert (total.count, total.part) == (6, 5)
    # Sorted 1, 2, 2.5, 3, 4, 10: median (2.5 + 3) / 2; p90 at 4.5: 4 + 0.5 x 6.
    assert (total.median_days, total.p90_days) == (2.8, 7.0)


def test_a_claim_counts_in_the_month_of_its_answer_in_casablanca():
    member = factories.MemberFactory()
    claim(member, created=local(2026, 3, 25), first=local(2026, 4, 1, 0, 30), answered=local(2026, 4, 1, 0, 30))
    claim(member, created=local(2026, 3, 25), first=local(2026, 3, 31, 23, 30), answered=local(2026, 3, 31, 23, 30))
    for series in ("service.claims.first_answer", "service.claims.answer"):
        rows = _rows(series)
        assert rows[(MARCH, "")].count == 1
        assert rows[(APRIL, "")].count == 1


def test_claims_answer_uses_the_answer_not_the_first_reply():
    member = factories.MemberFactory()
    received = local(2026, 4, 2, 10)
    claim(member, created=received, due=received + days(10), first=received + days(1), answered=received + days(12))
    rows = _rows("service.claims.answer", since=APRIL)
    answered = rows[(APRIL, "payments")]
    assert (answered.count, answered.part, answered.median_days, answered.p90_days) == (1, 0, 12.0, 12.0)


def test_requests_first_answer_is_the_funds_first_visible_move():
    member = factories.MemberFactory()
    submitted = local(2026, 4, 1, 9)
    moves = (
        (EventKind.STATUS, 2),
        (EventKind.DOCUMENT_REQUESTED, 3),
        (EventKind.DECISION, 4),
        (EventKind.CORRECTION_ASKED, 5),
        (EventKind.CORE, 6),
    )
    for kind, n in moves:
        request = case(member, submitted=submitted, procedure="survivor_pension")
        # What the fund does without the member seeing it, or what the member does, is not a move.
        event(request, EventKind.NOTE, submitted + days(1), internal=True)
        event(request, EventKind.ASSIGNED, submitted + days(1))
        event(request, EventKind.DOCUMENT_SENT, submitted + days(1))
        event(request, kind, submitted + days(n))
        event(request, EventKind.STATUS, submitted + days(n + 1))
    case(member, submitted=submitted, procedure="survivor_pension")  # not moved yet: not counted

    rows = _rows("service.cases.first_answer", since=APRIL)
    moved = rows[(APRIL, "survivor_pension")]
    # 2, 3, 4, 5, 6 days: median 4, p90 5 + 0.6 x 1.
    assert (moved.count, moved.part, moved.median_days, moved.p90_days) == (5, None, 4.0, 5.6)
    assert rows[(APRIL, "")].count == 5


def test_requests_decision_by_procedure_within_the_service_level():
    member = factories.MemberFactory()
    submitted = local(2026, 4, 2, 9)
    for n in DURATIONS:
        case(
            member,
            submitted=submitted,
            procedure="pension_age_limit",
            status="accepted" if n % 2 else "refused",
            due=submitted + days(4),
            decided=submitted + days(n),
        )
    # Still under review or withdrawn: no decision.
    case(member, submitted=submitted, procedure="pension_age_limit", status="under_review")
    case(member, submitted=submitted, procedure="death_report", status="withdrawn", decided=submitted + days(1))

    rows = _rows("service.cases.decision", since=APRIL)
    decided = rows[(APRIL, "pension_age_limit")]
    assert (decided.count, decided.part, decided.median_days, decided.p90_days) == (5, 4, 3.0, 7.6)
    assert set(rows) == {(APRIL, "pension_age_limit"), (APRIL, "")}


def test_the_python_path_gives_what_postgresql_computes():
    """SQLite (``make run``) sorts the durations in Python: the same numbers as ``percentile_cont``."""
    from portal.claims.models import Claim

    member = factories.MemberFactory()
    received = local(2026, 4, 2, 8)
    uneven = (0.25, 1, 1.5, 2, 3.75, 4, 9, 13, 21, 30.5, 31)
    for n, category in zip(uneven, ["payments", "career", "other"] * 4, strict=False):
        claim(member, created=received, category=category, first=received + datetime.timedelta(days=n))
    claim(member, created=received, category="other")  # not answered: no duration
    answered = Claim.objects.filter(first_response_at__isnull=False).annotate(
        _duration=durations.ExpressionWrapper(
            durations.F("first_response_at") - durations.F("created_at"), output_field=durations.DurationField()
        )
    )
    within = durations.within_q("first_response_at", "due_at")

    in_sql = durations.grouped(
        Claim.objects.filter(first_response_at__isnull=False),
        groups=["category"],
        start="created_at",
        end="first_response_at",
        within=within,
    )
    in_python = durations._in_python(answered.order_by(), groups=["category"], within=within)
    assert in_python == in_sql
    # payments: 0.25, 2, 9, 30.5: median 5.5, p90 at 2.7: 9 + 0.7 x 21.5 = 24.05; within 10 days: 3.
    assert in_sql[("payments",)] == (4, 3, 5.5, 24.1)
