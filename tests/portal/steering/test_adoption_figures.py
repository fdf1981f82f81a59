"""Adoption figures against hand-built accounts and files: accounts opened, files linked, accounts
active per week, and today's adoption by population, region, age band and residence.

Instants are chosen where Casablanca's calendar and UTC disagree: 00:30 on 1 April in Casablanca is
still 31 March in UTC, and belongs to April.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model

from portal.models import AuditAction, AuditEvent
from portal.steering.choices import Unit
from portal.steering.models import ActiveWeek
from tests.portal import factories
from tests.portal.steering.data import figures, local

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 15)
MARCH, APRIL = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
# Monday 30 March: 00:30 there is Sunday 29 March 23:30 in UTC.
WEEK_13, WEEK_14 = datetime.date(2026, 3, 23), datetime.date(2026, 3, 30)


def _joined(when, **fields):
    user = factories.UserFactory(**fields)
    get_user_model().objects.filter(pk=user.pk).update(date_joined=when)
    return user


def test_accounts_opened_are_counted_in_the_month_and_week_of_casablanca():
    _joined(local(2026, 3, 31, 23, 30))  # March everywhere
    _joined(local(2026, 4, 1, 0, 30))  # April in Casablanca, still March in UTC
    _joined(local(2026, 4, 10))
    _joined(local(2026, 4, 2), is_staff=True)  # the fund's staff are not the portal's users
    _joined(local(2026, 3, 29, 23, 30))  # Sunday: week 13
    _joined(local(2026, 3, 30, 0, 30))  # Monday in Casablanca, Sunday in UTC: week 14

    months = figures("accounts.created", unit=Unit.MONTH, since=MARCH, today=TODAY)
    assert {key: row.count for key, row in months.items()} == {(MARCH, ""): 3, (APRIL, ""): 2}
    weeks = figures("accounts.created", unit=Unit.WEEK, since=WEEK_13, today=TODAY)
    assert weeks[(WEEK_13, "")].count == 1
    assert weeks[(WEEK_14, "")].count == 3  # Monday 00:30, 31 March 23:30, 1 April 00:30


def test_periods_before_since_are_not_computed():
    _joined(local(2026, 2, 20))
    _joined(local(2026, 4, 2))
    months = figures("accounts.created", unit=Unit.MONTH, since=APRIL, today=TODAY)
    assert {key: row.count for key, row in months.items()} == {(APRIL, ""): 1}


def _linked(member, when):
    event = AuditEvent.objects.create(action=AuditAction.ENROLMENT_SUCCEEDED, member=member)
    AuditEvent.objects.filter(pk=event.pk).update(created_at=when)


def test_files_linked_count_each_file_once_a_period():
    first, second = factories.MemberFactory(), factories.MemberFactory()
    _linked(first, local(2026, 3, 31, 23, 30))
    _linked(second, local(2026, 4, 1, 0, 30))
    # Linked again the same month (unlinked in between): still one file.
    _linked(second, local(2026, 4, 20))
    # Other audit events and a success without a file are not links.
    AuditEvent.objects.create(action=AuditAction.ENROLMENT_SUCCEEDED, member=None)
    AuditEvent.objects.create(action="enrolment_failed", member=first)

    months = figures("accounts.linked", unit=Unit.MONTH, since=MARCH, today=TODAY)
    assert {key: row.count for key, row in months.items()} == {(MARCH, ""): 1, (APRIL, ""): 1}


def test_active_accounts_per_week_by_population():
    retired = factories.MemberFactory(user=factories.UserFactory(), status="retired").user
    contributing = factories.MemberFactory(user=factories.UserFactory(), status="contributing").user
    without_file = factories.UserFactory()
    staff = factories.UserFactory(is_staff=True)
    ActiveWeek.objects.bulk_create(
        [
            ActiveWeek(user=retired, week=WEEK_13),
            ActiveWeek(user=retired, week=WEEK_14),
            ActiveWeek(user=contributing, week=WEEK_14),
            ActiveWeek(user=without_file, week=WEEK_14),
            ActiveWeek(user=staff, week=WEEK_14),
        ]
    )

    weeks = figures("accounts.active", unit=Unit.WEEK, since=WEEK_13, today=TODAY)
    assert {key: row.count for key, row in weeks.items()} == {
        (WEEK_13, "retired"): 1,
        (WEEK_13, ""): 1,
        (WEEK_14, "retired"): 1,
        (WEEK_14, "contributing"): 1,
        (WEEK_14, "none"): 1,
        (WEEK_14, ""): 3,
    }


def test_adoption_segments_today():
    # Turning 30 today: 30-39; turning 30 tomorrow: under 30.
    thirty = factories.MemberFactory(birth_date=datetime.date(1996, 4, 15), region="06", user=factories.UserFactory())
    factories.MemberFactory(birth_date=datetime.date(1996, 4, 16), region="06")
    # 80 today: 80 and over; abroad, no region.
    factories.MemberFactory(
        birth_date=datetime.date(1946, 4, 15), status="retired", country="FR", region="", user=factories.UserFactory()
    )
    factories.MemberFactory(birth_date=datetime.date(1966, 4, 14), status="survivor", region="03")
    assert thirty.user_id

    rows = figures("adoption.segments", unit=Unit.DAY, since=TODAY, today=TODAY)
    got = {key: (row.count, row.part) for (period, key), row in rows.items()}
    assert {period for period, _key in rows} == {TODAY}
    assert got == {
        "population:contributing": (2, 1),
        "population:retired": (1, 1),
        "population:survivor": (1, 0),
        "region:06": (2, 1),
        "region:03": (1, 0),
        "region:unknown": (1, 1),
        "age:under-30": (1, 0),
        "age:30-39": (1, 1),
        "age:60-69": (1, 0),
        "age:80-plus": (1, 1),
        "residence:morocco": (3, 1),
        "residence:abroad": (1, 1),
        "all": (4, 2),
    }


def test_age_bands_on_the_birthday_and_the_day_before():
    # One member on each side of every band's lower boundary.
    for years in (30, 40, 50, 60, 70, 80):
        factories.MemberFactory(birth_date=datetime.date(2026 - years, 4, 15))  # turns ``years`` today
        factories.MemberFactory(birth_date=datetime.date(2026 - years, 4, 16))  # still ``years - 1``
    rows = figures("adoption.segments", unit=Unit.DAY, since=TODAY, today=TODAY)
    ages = {key: row.count for (_period, key), row in rows.items() if key.startswith("age:")}
    assert ages == {
        "age:under-30": 1,
        "age:30-39": 2,
        "age:40-49": 2,
        "age:50-59": 2,
        "age:60-69": 2,
        "age:70-79": 2,
        "age:80-plus": 1,
    }
