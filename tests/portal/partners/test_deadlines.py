"""The nine-months rule and the delays, as plain functions of fixed dates (no clock, no database
except for the age limit, which the pension rules give)."""

import datetime

import pytest

from portal.partners import deadlines
from portal.partners.deadlines import DossierDates

D = datetime.date


def test_due_nine_months_before_the_retirement():
    assert deadlines.due_on(D(2027, 6, 15)) == D(2026, 9, 15)


@pytest.mark.parametrize(
    ("retirement", "due"),
    [
        (D(2027, 3, 31), D(2026, 6, 30)),  # no 31 June: the last day of the month
        (D(2027, 5, 31), D(2026, 8, 31)),
        (D(2027, 11, 30), D(2027, 2, 28)),  # no 30 February
        (D(2028, 11, 29), D(2028, 2, 29)),  # a leap year keeps its 29th
        (D(2027, 2, 28), D(2026, 5, 28)),
    ],
)
def test_due_date_at_the_end_of_a_month(retirement, due):
    assert deadlines.due_on(retirement) == due


def test_on_time_up_to_and_including_the_due_day():
    retirement = D(2027, 6, 15)
    assert deadlines.on_time(sent_on=D(2026, 9, 14), retirement=retirement)
    assert deadlines.on_time(sent_on=D(2026, 9, 15), retirement=retirement)  # the due day itself
    assert not deadlines.on_time(sent_on=D(2026, 9, 16), retirement=retirement)


def test_late_when_sent_late_or_due_and_not_sent():
    retirement = D(2027, 6, 15)
    assert deadlines.is_late(sent_on=D(2026, 9, 16), retirement=retirement, today=D(2026, 9, 16))
    assert not deadlines.is_late(sent_on=D(2026, 9, 15), retirement=retirement, today=D(2027, 1, 1))
    # Not sent: late only once the due day has passed.
    assert not deadlines.is_late(sent_on=None, retirement=retirement, today=D(2026, 9, 15))
    assert deadlines.is_late(sent_on=None, retirement=retirement, today=D(2026, 9, 16))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("birth", "retirement"),
    [
        (D(1964, 6, 15), D(2027, 6, 15)),
        (D(1964, 2, 29), D(2027, 2, 28)),  # born on 29 February: the 28th in a common year
        (D(1964, 10, 31), D(2027, 10, 31)),
    ],
)
def test_retirement_date_from_the_age_limit(birth, retirement):
    assert deadlines.retirement_date(birth) == retirement


def _dates(retirement, sent=None, decided=None):
    return DossierDates(retirement=retirement, sent_on=sent, decided_on=decided)


def test_delays_count_on_time_late_and_the_median_of_an_odd_count():
    today = D(2027, 1, 1)
    retirement = D(2027, 6, 15)  # due 2026-09-15
    found = deadlines.delays(
        [
            _dates(retirement, D(2026, 9, 1), D(2026, 9, 11)),  # on time, decided in 10 days
            _dates(retirement, D(2026, 9, 15), D(2026, 10, 15)),  # on the due day, 30 days
            _dates(retirement, D(2026, 10, 1), D(2026, 10, 21)),  # late, 20 days
            _dates(retirement, D(2026, 12, 1)),  # late, not decided
            _dates(retirement),  # not sent and due: late
            _dates(D(2028, 6, 15)),  # not sent, not due yet
        ],
        today=today,
    )
    assert (found.sent, found.on_time, found.late, found.decided) == (4, 2, 3, 3)
    assert found.median_days_to_decide == 20
    assert found.on_time_share == 0.5


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    retirement = D(2027, 6, 15)
    found = deadlines.delays(
        [
            _dates(retirement, D(2026, 9, 1), D(2026, 9, 11)),  # 10
            _dates(retirement, D(2026, 9, 1), D(2026, 9, 21)),  # 20
            _dates(retirement, D(2026, 9, 1), D(2026, 10, 1)),  # 30
            _dates(retirement, D(2026, 9, 1), D(2026, 12, 10)),  # 100
        ],
        today=D(2027, 1, 1),
    )
    assert found.median_days_to_decide == 25


def test_no_dossier_sent_has_no_share_and_no_median():
    found = deadlines.delays([_dates(D(2028, 6, 15))], today=D(2027, 1, 1))
    assert found.sent == 0 and found.on_time_share is None and found.median_days_to_decide is None
    assert deadlines.delays([], today=D(2027, 1, 1)).late == 0
