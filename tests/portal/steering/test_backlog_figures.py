"""Backlogs, snapshots of the day: claims and requests waiting, by age in days of the fund's calendar
(0-7, 8-30, 31-90, 91 and more; age 0 is received today), and how many are past their due date."""

import datetime

import pytest

from tests.portal import factories
from tests.portal.steering.data import case, claim, figures, local

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 15)


def _snapshot(series):
    rows = figures(series, unit="day", since=TODAY, today=TODAY)
    assert {period for period, _key in rows} == {TODAY}
    return {key: (row.count, row.part) for (_period, key), row in rows.items()}


def test_claims_backlog_by_age_on_the_bucket_boundaries():
    member = factories.MemberFactory()
    not_due = local(2026, 5, 30)
    for created in (
        local(2026, 4, 15, 0, 30),  # age 0 (14 April in UTC)
        local(2026, 4, 8, 0, 30),  # age 7 (7 April 23:30 in UTC)
        local(2026, 4, 7, 23, 59),  # age 8
        local(2026, 3, 16, 0, 0),  # age 30
        local(2026, 3, 15, 23, 30),  # age 31
        local(2026, 1, 15, 0, 0),  # age 90
        local(2026, 1, 14, 23, 59),  # age 91
        local(2025, 6, 1),  # long forgotten
    ):
        claim(member, created=created, due=not_due, status="in_progress")
    # Answered or closed claims are no longer waiting.
    claim(member, created=local(2026, 4, 1), status="answered")
    claim(member, created=local(2026, 4, 1), status="closed")

    assert _snapshot("backlog.claims") == {
        "0-7": (2, 0),
        "8-30": (2, 0),
        "31-90": (2, 0),
        "91-plus": (2, 0),
        "": (8, 0),
    }


def test_overdue_means_due_before_today_began():
    member = factories.MemberFactory()
    received = local(2026, 4, 1)
    claim(member, created=received, due=local(2026, 4, 14, 23, 59))  # overdue
    claim(member, created=received, due=local(2026, 4, 15, 0, 30))  # due today: not yet
    claim(member, created=local(2026, 2, 1), due=local(2026, 2, 11), status="waiting_member")  # overdue, 31-90
    assert _snapshot("backlog.claims") == {"8-30": (2, 1), "31-90": (1, 1), "": (3, 2)}


def test_requests_backlog_counts_those_with_the_fund():
    member = factories.MemberFactory()
    case(member, submitted=local(2026, 4, 15, 0, 30), status="submitted")
    case(member, submitted=local(2026, 4, 7, 23, 59), status="under_review", due=local(2026, 4, 10))
    case(member, submitted=local(2025, 12, 1), status="under_review", due=local(2026, 1, 1))
    # Waiting for the member's documents, decided, withdrawn, a draft: not the fund's backlog.
    case(member, submitted=local(2026, 4, 1), status="info_requested")
    case(member, submitted=local(2026, 4, 1), status="accepted", decided=local(2026, 4, 2))
    case(member, submitted=local(2026, 4, 1), status="withdrawn")
    case(member, submitted=None, status="draft")

    assert _snapshot("backlog.cases") == {"0-7": (1, 0), "8-30": (1, 1), "91-plus": (1, 1), "": (3, 2)}


def test_an_empty_backlog_still_says_zero():
    assert _snapshot("backlog.claims") == {"": (0, 0)}
