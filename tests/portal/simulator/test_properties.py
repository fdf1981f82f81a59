"""Properties of the estimate for any situation the simulators accept (Hypothesis).

Dates are drawn from 2020 on, after the reform's transition: while the transition lengthened the
average (24, 48, 72 then 96 months) and brought in the reduction for early retirement (2017), a
later pension could rightly pay less (the law's doing, shown by the worked examples), so "later
never pays less" is a property of the settled rules only. For the same reason the monotonicity in
the pension date is drawn with salaries that never go down: the average of the last eight years
falls, as the law wants, when a higher salary leaves the window.
"""

import dataclasses
import datetime
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from portal.pension_rules import schedule
from portal.pension_rules.names import Name
from portal.simulator import limits
from portal.simulator.engine import (
    Period,
    Reason,
    Situation,
    by_date,
    earliest_date,
    estimate,
    first_of_next_month,
    legal_date,
    month_index,
    month_start,
)

RULES = schedule.from_fixture()
TODAY = datetime.date(2026, 1, 1)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

salaries = st.decimals(limits.SALARY_MIN, limits.SALARY_MAX, places=2)
growths = st.decimals(limits.GROWTH_MIN, limits.GROWTH_MAX, places=1)


def add_months(day, months):
    return month_start(month_index(day) + months)


@st.composite
def situations(draw, *, rising=False, growth=growths, since=datetime.date(2020, 1, 1), oldest=62):
    """A person between 18 and ``oldest`` today (62: their legal date is still ahead), with one to four
    periods from 16 on, the last one still open or not; ``rising``: salaries that never go down."""
    today = draw(st.dates(since, datetime.date(2035, 12, 31)))
    age_days = draw(st.integers(limits.AGE_MIN_YEARS * 366, oldest * 365))
    birth = today - datetime.timedelta(days=age_days)
    if oldest < limits.AGE_MAX_YEARS:  # a legal date still ahead (61 for a birth in 1958)
        assume(legal_date(birth, RULES) > first_of_next_month(today))
    start = add_months(birth, 16 * 12 + draw(st.integers(0, 12 * 12)))
    periods = []
    salary = draw(salaries)
    for _ in range(draw(st.integers(1, 4))):
        if start > today:
            break
        months = draw(st.integers(1, 12 * 30))
        end = add_months(start, months) - datetime.timedelta(days=draw(st.integers(1, 20)))
        salary = min(limits.SALARY_MAX, salary + draw(salaries) - limits.SALARY_MIN) if rising else draw(salaries)
        periods.append(Period(start, min(end, today), salary))
        start = add_months(end, draw(st.integers(0, 12)))
    if periods and draw(st.sampled_from([True, True, True, False])):  # still in service: the last post is open
        last = periods[-1]
        periods[-1] = Period(last.start, None, last.salary)
    return Situation(
        birth_date=birth,
        sex=draw(st.sampled_from(["F", "M", ""])),
        periods=tuple(periods),
        today=today,
        growth=draw(growth),
    )


def dates_until_legal(draw, situation):
    first = first_of_next_month(situation.today)
    legal = legal_date(situation.birth_date, RULES)
    return add_months(first, draw(st.integers(0, max(0, month_index(legal) - month_index(first)))))


@SETTINGS
@given(st.data(), situations(rising=True, growth=st.decimals(0, limits.GROWTH_MAX, places=1)))
def test_a_later_pension_never_pays_less(data, situation):
    legal = legal_date(situation.birth_date, RULES)
    first = dates_until_legal(data.draw, situation)
    second = add_months(first, data.draw(st.integers(1, 60)))
    second = min(second, legal)
    assert estimate(situation, RULES, second).gross >= estimate(situation, RULES, first).gross


@SETTINGS
@given(st.data(), situations(), st.integers(1, 120))
def test_more_service_at_the_start_never_pays_less(data, situation, months):
    if not situation.periods:
        return
    first = situation.periods[0]
    longer = Period(max(add_months(first.start, -months), situation.birth_date), first.end, first.salary)
    more = dataclasses.replace(situation, periods=(longer, *situation.periods[1:]))
    retirement = dates_until_legal(data.draw, situation)
    assert estimate(more, RULES, retirement).gross >= estimate(situation, RULES, retirement).gross


@SETTINGS
@given(st.data(), situations())
def test_the_explanation_adds_up(data, situation):
    retirement = dates_until_legal(data.draw, situation)
    result = estimate(situation, RULES, retirement)
    if not result.entitled:
        assert (result.gross, result.net, result.lines) == (0, 0, ())
        return
    # (b) the ceiling is never passed; the minimum is paid unless the ceiling is lower.
    assert result.gross <= result.ceiling
    assert result.gross >= min(result.minimum_pension, result.ceiling)
    # (c) lines, then the reduction, then the minimum, then the ceiling.
    assert result.accrued == sum(line.amount for line in result.lines)
    assert sum(line.months for line in result.lines) == result.service_months
    assert result.gross == min(max(result.accrued - result.reduction, result.minimum_pension), result.ceiling)
    assert result.reduction == 0 or result.early_months > 0
    # (d) net = gross - health - income tax; health between its floor and ceiling (never above the pension).
    assert result.net == result.gross - result.health - result.income_tax
    floor = RULES.value(Name.HEALTH_FLOOR, result.retirement_date)
    ceiling = RULES.value(Name.HEALTH_CEILING, result.retirement_date)
    assert floor <= result.health <= ceiling or result.health == result.gross
    assert result.net >= 0 and result.income_tax >= 0


@SETTINGS
@given(situations())
def test_the_earliest_date_is_entitled_and_not_after_the_legal_date(situation):
    legal = legal_date(situation.birth_date, RULES)
    earliest = earliest_date(situation, RULES)
    assert first_of_next_month(situation.today) <= earliest <= legal
    at_earliest = estimate(situation, RULES, earliest)
    if estimate(situation, RULES, legal).entitled:
        assert at_earliest.entitled
    if earliest > first_of_next_month(situation.today):  # the month before is too early
        assert not estimate(situation, RULES, add_months(earliest, -1)).entitled


@SETTINGS
@given(
    st.data(),
    situations(since=datetime.date(2000, 1, 1), oldest=limits.AGE_MAX_YEARS),
    st.dates(datetime.date(1990, 1, 1), datetime.date(2080, 12, 31)),
)
def test_no_input_within_the_limits_raises(data, situation, retirement):
    """Any date, before today or after the legal date too: an estimate with a reason, never an error."""
    estimate(situation, RULES, retirement)
    for date, result in by_date(situation, RULES):
        assert result.retirement_date == date
    assert earliest_date(situation, RULES) <= legal_date(situation.birth_date, RULES)


def test_a_man_and_a_person_of_unknown_sex_follow_the_same_rule():
    """The general rule (the men's) applies when the sex is unknown: 30 years for early retirement."""
    periods = (Period(datetime.date(1997, 1, 1), None, Decimal("9000")),)
    today = datetime.date(2025, 12, 10)
    man = Situation(datetime.date(1965, 2, 1), "M", periods, today)
    unknown = Situation(datetime.date(1965, 2, 1), "", periods, today)
    woman = Situation(datetime.date(1965, 2, 1), "F", periods, today)
    assert earliest_date(man, RULES) == earliest_date(unknown, RULES) == datetime.date(2027, 1, 1)
    assert earliest_date(woman, RULES) == datetime.date(2026, 1, 1)


def test_no_service_is_no_pension_even_when_the_rules_ask_for_none():
    """The admin may set the service needed to 0: a person with no month served before the date still
    gets a reason, not an error (the ceiling is a share of a reference salary that does not exist)."""
    rows = [
        (row["name"], datetime.date.fromisoformat(row["applies_from"]), row["value"])
        for row in schedule.fixture_rows()
        if row["name"] != Name.MINIMUM_SERVICE_YEARS
    ]
    rules = schedule.Rules([*rows, (Name.MINIMUM_SERVICE_YEARS, datetime.date(1900, 1, 1), "0")])
    later = Situation(
        datetime.date(1970, 1, 1), "M", (Period(datetime.date(2040, 1, 1), None, Decimal("5000")),), today=TODAY
    )
    result = estimate(later, rules, legal_date(later.birth_date, rules))
    assert (result.entitled, result.reason, result.service_months) == (False, Reason.TOO_LITTLE_SERVICE, 0)
    assert earliest_date(later, rules) == legal_date(later.birth_date, rules)
