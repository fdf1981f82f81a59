"""The explanation rows: they add up as they read, they say what each figure is, and they isolate
the figures in Arabic. Pure: the published parameters (``schedule.from_fixture``), no database."""

import datetime
from decimal import Decimal

import pytest
from defusedxml import ElementTree as ET
from django.utils import translation

from portal.pension_rules import schedule
from portal.simulator import explain
from portal.simulator.engine import Period, Reason, Situation, estimate, legal_date
from tests.portal.text import shown

RULES = schedule.from_fixture()
TODAY = datetime.date(2026, 12, 2)


def situation(*, birth=datetime.date(1970, 5, 20), start=datetime.date(1990, 9, 1), salary="12400", sex="", growth="0"):
    return Situation(
        birth_date=birth,
        sex=sex,
        periods=(Period(start=start, end=None, salary=Decimal(salary)),),
        today=TODAY,
        growth=Decimal(growth),
    )


def total(rows, *kinds):
    return sum((row.amount for row in rows if row.kind in kinds), start=Decimal(0))


def check_adds_up(result, rows):
    gross = next(row for row in rows if row.kind == explain.Kind.TOTAL)
    net = next(row for row in rows if row.kind == explain.Kind.NET)
    assert gross.amount == result.gross and net.amount == result.net
    assert total(rows, explain.Kind.LINE, explain.Kind.ADJUSTMENT) == result.gross
    assert result.gross + total(rows, explain.Kind.DEDUCTION) == result.net


@pytest.mark.parametrize(
    "case",
    [
        {},  # a whole career before and after the reform, at the legal date
        {"retirement": datetime.date(2030, 9, 1)},  # early: 30 years, with the reduction
        {"salary": "1100", "start": datetime.date(2010, 1, 1)},  # the minimum pension
        {"start": datetime.date(1960, 1, 1), "birth": datetime.date(1944, 5, 20)},  # never: age limit passed
        {"growth": "3"},
    ],
)
def test_rows_add_up_to_the_gross_and_the_net(case):
    case = dict(case)
    retirement = case.pop("retirement", None)
    start = situation(**case)
    legal = legal_date(start.birth_date, RULES)
    result = estimate(start, RULES, retirement or legal)
    with translation.override("fr"):
        rows = explain.rows(result, RULES)
    if not result.entitled:
        assert rows == []
        return
    check_adds_up(result, rows)


def test_the_ceiling_and_the_minimum_are_said():
    # A short career on a low salary: the minimum pension, above the salary itself, is capped by the ceiling.
    start = situation(salary="1000", start=datetime.date(2010, 1, 1))
    result = estimate(start, RULES, legal_date(start.birth_date, RULES))
    with translation.override("fr"):
        rows = explain.rows(result, RULES)
    check_adds_up(result, rows)
    labels = [row.template for row in rows]
    with translation.override("fr"):
        assert shown("Minimum pension applied: the pension is raised to %(minimum)s") in labels
        assert shown("Ceiling: at most %(rate)s of the highest reference salary, %(ceiling)s") in labels
    assert result.ceiling_applied and result.gross == result.ceiling


def test_a_line_reads_as_on_paper():
    start = situation()
    result = estimate(start, RULES, legal_date(start.birth_date, RULES))
    with translation.override("fr"):
        first = explain.rows(result, RULES)[0]
        line = result.lines[0]
        assert first.values["rate"] == explain.percent(line.rate)
        assert first.values["salary"] == explain.money(line.reference_salary)
        assert first.values["reference"] == shown("last salary")
        assert first.amount == line.amount
        assert "×" in first.text and "12" in first.text
    assert line.rate == Decimal("2.5") and line.reference_months == 1


def test_in_arabic_the_figures_are_isolated():
    start = situation()
    result = estimate(start, RULES, legal_date(start.birth_date, RULES))
    with translation.override("ar"):
        rows = explain.rows(result, RULES)
        html = str(rows[0].html)
        amount = str(rows[0].amount_html)
    # Well-formed, and every figure in a <bdi>: the rate (Latin) left to right.
    ET.fromstring(f"<p>{html}</p>")
    assert f'<bdi dir="ltr">{explain.percent(result.lines[0].rate)}</bdi>' in html
    assert amount.startswith("<bdi")


@pytest.mark.parametrize(
    ("kwargs", "retirement", "reason"),
    [
        ({"start": datetime.date(2020, 1, 1)}, None, Reason.TOO_LITTLE_SERVICE),
        ({"start": datetime.date(2000, 1, 1)}, datetime.date(2027, 6, 1), Reason.TOO_EARLY),
        ({}, datetime.date(2040, 1, 1), Reason.AFTER_AGE_LIMIT),
        ({}, datetime.date(2020, 1, 1), Reason.PAST),
    ],
)
def test_a_date_without_pension_says_why(kwargs, retirement, reason):
    start = situation(**kwargs)
    result = estimate(start, RULES, retirement or legal_date(start.birth_date, RULES))
    assert result.reason == reason
    with translation.override("fr"):
        row = explain.no_pension(result, RULES, earliest=datetime.date(2030, 9, 1))
        assert row is not None and row.text
        if reason == Reason.TOO_LITTLE_SERVICE:
            assert "15" in row.text  # the years a pension needs
        if reason == Reason.TOO_EARLY:
            assert "2030" in row.text  # from when
        assert explain.rows(result, RULES) == []


def test_three_scenarios_in_order():
    start = situation()
    with translation.override("fr"):
        legal, earliest, chosen = explain.scenarios(start, RULES, datetime.date(2031, 3, 17))
    assert (legal.key, earliest.key, chosen.key) == ("legal", "earliest", "chosen")
    assert legal.date == legal_date(start.birth_date, RULES)
    assert earliest.date < legal.date
    assert chosen.date == datetime.date(2031, 3, 1)  # the first day of the month chosen
    assert chosen.estimate == estimate(start, RULES, datetime.date(2031, 3, 1))
