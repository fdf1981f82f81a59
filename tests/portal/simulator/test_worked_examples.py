"""The engine's worked examples: each one computed by hand from the published parameters.

Every example is a function whose docstring is the computation a person would redo on paper
(the rules from ``fixtures/pension_rules/civil_scheme.json``, money rounded to the centime at each
line, half up); it returns the situation, the pension date (``None``: the legal date) and the
figures expected. One parametrized test compares them with the engine; ``write_table`` turns
them into the Markdown table of the README (/tmp/brief18/worked_examples.md).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from portal.pension_rules import schedule
from portal.simulator.engine import Period, Reason, Situation, earliest_date, estimate, legal_date

D = Decimal
date = datetime.date


@dataclass(frozen=True)
class Example:
    situation: Situation
    retirement: datetime.date | None  # None: at the legal date
    expected: dict  # Estimate fields; "lines": (months, rate %, reference months, reference salary, amount)
    earliest: datetime.date | None = None  # the expected ``earliest_date``, when the example is about it
    notes: dict = field(default_factory=dict)


def person(birth, periods, today, *, sex="M", growth="0"):
    return Situation(
        birth_date=birth,
        sex=sex,
        periods=tuple(Period(start, end, D(salary)) for start, end, salary in periods),
        today=today,
        growth=D(growth),
    )


WORKED_EXAMPLES = {}


def worked(function):
    WORKED_EXAMPLES[function.__name__] = function
    return function


@worked
def before_the_reform_only():
    """Born 1956-02-15, in service since 1980-09-01 at 9,000 MAD, pension at the legal age; today 2015-06-15.

    Legal age for a birth before 1957: 720 months (60 years): birthday 2016-02-15, pension 2016-03-01.
    Service 1980-09 to 2016-02: 35 years 6 months = 426 months, all before 2017: 2.5 % a year on the
    last salary.
    426 × 2.5 % / 12 × 9,000.00 = 7,987.50 MAD.
    No reduction (legal age). Minimum 1,000 (2016), ceiling 100 % × 9,000 = 9,000: gross 7,987.50.
    Health 2.5 % × 7,987.50 = 199.6875 -> 199.69 (between 70 and 400).
    Income tax 10 % × (7,987.50 − 199.69 = 7,787.81) = 778.781 -> 778.78.
    Net 7,987.50 − 199.69 − 778.78 = 7,009.03. Survivor 50 % = 3,993.75.
    """
    return Example(
        person(date(1956, 2, 15), [(date(1980, 9, 1), None, "9000")], date(2015, 6, 15)),
        None,
        {
            "legal_date": date(2016, 3, 1),
            "entitled": True,
            "service_months": 426,
            "lines": [(426, D("2.5"), 1, D("9000.00"), D("7987.50"))],
            "reduction": D("0"),
            "gross": D("7987.50"),
            "health": D("199.69"),
            "income_tax": D("778.78"),
            "net": D("7009.03"),
            "survivor": D("3993.75"),
        },
    )


@worked
def across_the_reform():
    """Born 1962-05-20, in service since 1990-01-01 at 10,000 MAD, pension at the legal age; today 2024-01-10.

    Legal age from 1962: 756 months (63 years): birthday 2025-05-20, pension 2025-06-01.
    Line 1, months before 2017 (1990-01 to 2016-12, 324 months): 2.5 % on the last salary:
    324 × 2.5 % / 12 × 10,000.00 = 6,750.00.
    Line 2, months from 2017 (2017-01 to 2025-05, 101 months): 2 % on the average of the last 96 months
    (all at 10,000): 101 × 2 % / 12 × 10,000.00 = 1,683.333 -> 1,683.33.
    Gross 6,750.00 + 1,683.33 = 8,433.33 (minimum 1,500 and ceiling 10,000 do not apply).
    Health 2.5 % = 210.83325 -> 210.83. Income tax 2025: 5 % × 8,222.50 = 411.125 -> 411.13.
    Net 8,433.33 − 210.83 − 411.13 = 7,811.37. Survivor 4,216.665 -> 4,216.67.
    """
    return Example(
        person(date(1962, 5, 20), [(date(1990, 1, 1), None, "10000")], date(2024, 1, 10)),
        None,
        {
            "legal_date": date(2025, 6, 1),
            "service_months": 425,
            "lines": [
                (324, D("2.5"), 1, D("10000.00"), D("6750.00")),
                (101, D("2"), 96, D("10000.00"), D("1683.33")),
            ],
            "accrued": D("8433.33"),
            "gross": D("8433.33"),
            "health": D("210.83"),
            "income_tax": D("411.13"),
            "net": D("7811.37"),
            "survivor": D("4216.67"),
        },
    )


@worked
def transition_2018_average_of_48_months():
    """Born 1957-07-01; 1985-01-01 to 2014-12-31 at 8,000, from 2015-01-01 at 12,000; today 2017-06-15.

    Legal age for 1957: 726 months (60 years 6 months): pension 2018-01-01 (born on the 1st: the birthday).
    A pension starting in 2018 averages at most 48 months (reform transition).
    Line 1, 1985-01 to 2016-12 (384 months), 2.5 % on the last salary: 384 × 2.5 % / 12 × 12,000 = 9,600.00.
    Line 2, 2017-01 to 2017-12 (12 months), 2 % on the last 48 months (2014-01 to 2017-12):
    (12 × 8,000 + 36 × 12,000) / 48 = 528,000 / 48 = 11,000.00; 12 × 2 % / 12 × 11,000 = 220.00.
    Gross 9,820.00 (ceiling 100 % × 12,000, the highest reference). Health 245.50.
    Income tax 2018: 10 % × 9,574.50 = 957.45. Net 8,617.05. Survivor 4,910.00.
    """
    return Example(
        person(
            date(1957, 7, 1),
            [(date(1985, 1, 1), date(2014, 12, 31), "8000"), (date(2015, 1, 1), None, "12000")],
            date(2017, 6, 15),
        ),
        None,
        {
            "legal_date": date(2018, 1, 1),
            "service_months": 396,
            "lines": [
                (384, D("2.5"), 1, D("12000.00"), D("9600.00")),
                (12, D("2"), 48, D("11000.00"), D("220.00")),
            ],
            "ceiling": D("12000.00"),
            "gross": D("9820.00"),
            "health": D("245.50"),
            "income_tax": D("957.45"),
            "net": D("8617.05"),
            "survivor": D("4910.00"),
        },
    )


@worked
def transition_2019_average_of_72_months():
    """Born 1958-01-01; 1990-03-01 to 2016-12-31 at 9,000, from 2017-01-01 at 10,800; today 2018-03-01.

    Legal age for 1958: 732 months (61 years): pension 2019-01-01. In 2019 at most 72 months are averaged.
    Line 1, 1990-03 to 2016-12 (322 months): 322 × 2.5 % / 12 × 10,800 (last salary) = 7,245.00.
    Line 2, 2017-01 to 2018-12 (24 months), average of 2013-01 to 2018-12:
    (48 × 9,000 + 24 × 10,800) / 72 = 691,200 / 72 = 9,600.00; 24 × 2 % / 12 × 9,600 = 384.00.
    Gross 7,629.00. Health 2.5 % = 190.725 -> 190.73. Income tax 10 % × 7,438.27 = 743.827 -> 743.83.
    Net 7,629.00 − 190.73 − 743.83 = 6,694.44. Survivor 3,814.50.
    """
    return Example(
        person(
            date(1958, 1, 1),
            [(date(1990, 3, 1), date(2016, 12, 31), "9000"), (date(2017, 1, 1), None, "10800")],
            date(2018, 3, 1),
        ),
        None,
        {
            "legal_date": date(2019, 1, 1),
            "lines": [
                (322, D("2.5"), 1, D("10800.00"), D("7245.00")),
                (24, D("2"), 72, D("9600.00"), D("384.00")),
            ],
            "gross": D("7629.00"),
            "health": D("190.73"),
            "income_tax": D("743.83"),
            "net": D("6694.44"),
        },
    )


@worked
def rising_salary_average_below_last_salary():
    """Born 1966-03-01; 1995-09-01 to 2022-12-31 at 10,000, 2023 to 2025 at 12,000, from 2026-01-01 at
    15,000; today 2026-01-15.

    Legal age 63: pension 2029-03-01. Service 1995-09 to 2029-02: 402 months.
    Line 1, 1995-09 to 2016-12 (256 months): 256 × 2.5 % / 12 × 15,000 (the last salary) = 8,000.00.
    Line 2, 2017-01 to 2029-02 (146 months), average of the last 96 months (2021-03 to 2029-02):
    (22 × 10,000 + 36 × 12,000 + 38 × 15,000) / 96 = 1,222,000 / 96 = 12,729.1666 -> 12,729.17;
    146 × 2 % / 12 × 12,729.17 = 3,097.431 -> 3,097.43.
    Gross 11,097.43. Health 2.5 % = 277.43575 -> 277.44. Income tax 2029: 0.
    Net 10,819.99. Survivor 5,548.715 -> 5,548.72.
    """
    return Example(
        person(
            date(1966, 3, 1),
            [
                (date(1995, 9, 1), date(2022, 12, 31), "10000"),
                (date(2023, 1, 1), date(2025, 12, 31), "12000"),
                (date(2026, 1, 1), None, "15000"),
            ],
            date(2026, 1, 15),
        ),
        None,
        {
            "legal_date": date(2029, 3, 1),
            "service_months": 402,
            "lines": [
                (256, D("2.5"), 1, D("15000.00"), D("8000.00")),
                (146, D("2"), 96, D("12729.17"), D("3097.43")),
            ],
            "gross": D("11097.43"),
            "health": D("277.44"),
            "income_tax": D("0.00"),
            "net": D("10819.99"),
            "survivor": D("5548.72"),
        },
    )


def _legal_age(birth):
    return Example(person(birth, [(date(1985, 1, 1), None, "8000")], date(2010, 1, 1)), None, {})


@worked
def legal_age_born_1956_on_the_31st():
    """Born 1956-12-31: 720 months (60 years) -> birthday 2016-12-31, pension the first of the next
    month, 2017-01-01."""
    example = _legal_age(date(1956, 12, 31))
    return Example(example.situation, None, {"legal_date": date(2017, 1, 1)})


@worked
def legal_age_born_1957():
    """Born 1957-04-15: 726 months (60 years 6 months) -> birthday 2017-10-15, pension 2017-11-01."""
    example = _legal_age(date(1957, 4, 15))
    return Example(example.situation, None, {"legal_date": date(2017, 11, 1)})


@worked
def legal_age_born_1960():
    """Born 1960-08-31: 744 months (62 years) -> birthday 2022-08-31, pension 2022-09-01."""
    example = _legal_age(date(1960, 8, 31))
    return Example(example.situation, None, {"legal_date": date(2022, 9, 1)})


@worked
def legal_age_born_1962():
    """Born 1962-12-01: 756 months (63 years) -> birthday 2025-12-01, the first of a month: pension 2025-12-01."""
    example = _legal_age(date(1962, 12, 1))
    return Example(example.situation, None, {"legal_date": date(2025, 12, 1)})


@worked
def early_retirement_man_30_years():
    """A man born 1966-06-10, in service since 1996-01-01 at 12,000, asks for 2026-01-01; today 2025-11-20.

    Legal date 2029-07-01 (63 years). On 2026-01-01 he has served 1996-01 to 2025-12 = 360 months = the
    30 years of early retirement for men: it is his earliest date. 42 months before the legal date.
    Line 1, 252 months before 2017: 252 × 2.5 % / 12 × 12,000 = 6,300.00.
    Line 2, 108 months from 2017: 108 × 2 % / 12 × 12,000 = 2,160.00. Sum 8,460.00.
    Reduction 2 % a year × 42/12 years = 7 %: 8,460.00 × 7 % = 592.20. Gross 7,867.80.
    Health 2.5 % = 196.695 -> 196.70. Income tax 2026: 0. Net 7,671.10. Survivor 3,933.90.
    """
    return Example(
        person(date(1966, 6, 10), [(date(1996, 1, 1), None, "12000")], date(2025, 11, 20)),
        date(2026, 1, 1),
        {
            "legal_date": date(2029, 7, 1),
            "entitled": True,
            "service_months": 360,
            "required_years": 30,
            "early_months": 42,
            "accrued": D("8460.00"),
            "reduction_rate": D("2"),
            "reduction": D("592.20"),
            "gross": D("7867.80"),
            "health": D("196.70"),
            "income_tax": D("0.00"),
            "net": D("7671.10"),
            "survivor": D("3933.90"),
        },
        earliest=date(2026, 1, 1),
    )


@worked
def early_retirement_woman_25_years():
    """A woman born 1965-02-01, in service since 2001-01-01 at 9,000, asks for 2026-01-01; today 2025-12-10.

    Legal date 2028-02-01. On 2026-01-01 she has served 2001-01 to 2025-12 = 300 months = the 25 years
    of early retirement for women. 25 months before the legal date.
    Line 1, 192 months before 2017: 192 × 2.5 % / 12 × 9,000 = 3,600.00.
    Line 2, 108 months from 2017: 108 × 2 % / 12 × 9,000 = 1,620.00. Sum 5,220.00.
    Reduction 2 % × 25/12 years: 5,220.00 × 2 × 25 / 1,200 = 217.50. Gross 5,002.50.
    Health 2.5 % = 125.0625 -> 125.06. Income tax 0. Net 4,877.44. Survivor 2,501.25.
    """
    return Example(
        person(date(1965, 2, 1), [(date(2001, 1, 1), None, "9000")], date(2025, 12, 10), sex="F"),
        date(2026, 1, 1),
        {
            "entitled": True,
            "service_months": 300,
            "required_years": 25,
            "early_months": 25,
            "lines": [
                (192, D("2.5"), 1, D("9000.00"), D("3600.00")),
                (108, D("2"), 96, D("9000.00"), D("1620.00")),
            ],
            "reduction": D("217.50"),
            "gross": D("5002.50"),
            "health": D("125.06"),
            "net": D("4877.44"),
            "survivor": D("2501.25"),
        },
        earliest=date(2026, 1, 1),
    )


@worked
def early_retirement_refused_too_early():
    """A man born 1965-02-01, in service since 1997-07-01 at 9,000, asks for 2026-01-01; today 2025-12-10.

    On 2026-01-01 he has served 1997-07 to 2025-12 = 342 months, less than the 30 years (360 months)
    early retirement needs: no pension on that date (TOO_EARLY). He reaches 360 months at the end of
    2027-06: the earliest date is 2027-07-01, before his legal date 2028-02-01.
    """
    return Example(
        person(date(1965, 2, 1), [(date(1997, 7, 1), None, "9000")], date(2025, 12, 10)),
        date(2026, 1, 1),
        {
            "legal_date": date(2028, 2, 1),
            "entitled": False,
            "reason": Reason.TOO_EARLY,
            "service_months": 342,
            "required_years": 30,
            "gross": D("0"),
        },
        earliest=date(2027, 7, 1),
    )


@worked
def too_little_service_for_any_pension():
    """Born 1963-09-01, in service since 2014-01-01 at 8,000; today 2025-03-01.

    Legal date 2026-09-01 (63 years). Service 2014-01 to 2026-08 = 152 months, less than the 15 years
    (180 months) of the minimum service: no pension but the refund of the contributions
    (TOO_LITTLE_SERVICE). The earliest date is the legal date.
    """
    return Example(
        person(date(1963, 9, 1), [(date(2014, 1, 1), None, "8000")], date(2025, 3, 1)),
        None,
        {
            "legal_date": date(2026, 9, 1),
            "entitled": False,
            "reason": Reason.TOO_LITTLE_SERVICE,
            "service_months": 152,
            "required_years": 15,
            "net": D("0"),
        },
        earliest=date(2026, 9, 1),
    )


@worked
def minimum_pension_and_health_floor():
    """Born 1964-01-01, in service since 2012-01-01 at 3,000; today 2026-06-01.

    Legal date 2027-01-01. Service 2012-01 to 2026-12 = 180 months: exactly the 15 years needed.
    Line 1, 60 months before 2017: 60 × 2.5 % / 12 × 3,000 = 375.00.
    Line 2, 120 months from 2017: 120 × 2 % / 12 × 3,000 = 600.00. Sum 975.00.
    Below the minimum pension (1,500 from 2018): gross 1,500.00 (ceiling 3,000 does not bite).
    Health 2.5 % = 37.50, below the floor: 70.00. Income tax 2027: 0. Net 1,430.00. Survivor 750.00.
    """
    return Example(
        person(date(1964, 1, 1), [(date(2012, 1, 1), None, "3000")], date(2026, 6, 1)),
        None,
        {
            "service_months": 180,
            "accrued": D("975.00"),
            "minimum_pension": D("1500"),
            "minimum_applied": True,
            "ceiling_applied": False,
            "gross": D("1500.00"),
            "health": D("70"),
            "net": D("1430.00"),
            "survivor": D("750.00"),
        },
    )


@worked
def minimum_pension_capped_by_the_salary():
    """As above at 1,000 MAD a month: lines 60 × 2.5 % / 12 × 1,000 = 125.00 and 120 × 2 % / 12 × 1,000
    = 200.00, sum 325.00. The minimum (1,500) would pay more than the salary it replaces: the ceiling,
    100 % × 1,000, wins. Gross 1,000.00, health floor 70.00, net 930.00.
    """
    return Example(
        person(date(1964, 1, 1), [(date(2012, 1, 1), None, "1000")], date(2026, 6, 1)),
        None,
        {
            "accrued": D("325.00"),
            "minimum_applied": False,
            "ceiling_applied": True,
            "ceiling": D("1000.00"),
            "gross": D("1000.00"),
            "health": D("70"),
            "net": D("930.00"),
        },
    )


@worked
def ceiling_of_a_long_career():
    """Born 1949-06-01, in service from 16, 1965-06-01, at 6,000; today 2009-01-15.

    Legal date 2009-06-01 (60 years). Service 1965-06 to 2009-05 = 44 years = 528 months at 2.5 %: 110 %.
    528 × 2.5 % / 12 × 6,000 = 6,600.00, above the ceiling 100 % × 6,000: gross 6,000.00.
    Health 150.00. Income tax 10 % × 5,850.00 = 585.00. Net 5,265.00. Survivor 3,000.00.
    """
    return Example(
        person(date(1949, 6, 1), [(date(1965, 6, 1), None, "6000")], date(2009, 1, 15)),
        None,
        {
            "legal_date": date(2009, 6, 1),
            "service_months": 528,
            "accrued": D("6600.00"),
            "ceiling": D("6000.00"),
            "ceiling_applied": True,
            "gross": D("6000.00"),
            "health": D("150.00"),
            "income_tax": D("585.00"),
            "net": D("5265.00"),
            "survivor": D("3000.00"),
        },
    )


@worked
def health_ceiling_of_a_high_pension():
    """Born 1964-01-01, in service since 1990-01-01 at 30,000; today 2025-06-01.

    Legal date 2027-01-01. Line 1, 324 months: 324 × 2.5 % / 12 × 30,000 = 20,250.00.
    Line 2, 120 months: 120 × 2 % / 12 × 30,000 = 6,000.00. Gross 26,250.00.
    Health 2.5 % = 656.25, above the ceiling: 400.00. Income tax 2027: 0. Net 25,850.00.
    """
    return Example(
        person(date(1964, 1, 1), [(date(1990, 1, 1), None, "30000")], date(2025, 6, 1)),
        None,
        {"gross": D("26250.00"), "health": D("400"), "income_tax": D("0.00"), "net": D("25850.00")},
    )


@worked
def income_tax_in_2025():
    """Born 1962-03-01, in service since 2000-01-01 at 10,000; today 2024-06-01. Pension 2025-03-01.

    Line 1, 204 months: 204 × 2.5 % / 12 × 10,000 = 4,250.00. Line 2, 98 months: 98 × 2 % / 12 × 10,000
    = 1,633.333 -> 1,633.33. Gross 5,883.33. Health 147.08325 -> 147.08.
    Income tax 2025 (half exempt): 5 % × 5,736.25 = 286.8125 -> 286.81. Net 5,449.44.
    """
    return Example(
        person(date(1962, 3, 1), [(date(2000, 1, 1), None, "10000")], date(2024, 6, 1)),
        None,
        {
            "legal_date": date(2025, 3, 1),
            "gross": D("5883.33"),
            "health": D("147.08"),
            "income_tax": D("286.81"),
            "net": D("5449.44"),
        },
    )


@worked
def income_tax_from_2026():
    """Born 1963-03-01, in service since 2001-01-01 at 10,000; today 2025-06-01. Pension 2026-03-01.

    Line 1, 192 months: 4,000.00. Line 2, 110 months: 110 × 2 % / 12 × 10,000 = 1,833.333 -> 1,833.33.
    Gross 5,833.33. Health 145.83325 -> 145.83. Income tax from 2026: 0 (exempt). Net 5,687.50.
    Survivor 2,916.665 -> 2,916.67.
    """
    return Example(
        person(date(1963, 3, 1), [(date(2001, 1, 1), None, "10000")], date(2025, 6, 1)),
        None,
        {
            "legal_date": date(2026, 3, 1),
            "gross": D("5833.33"),
            "health": D("145.83"),
            "income_tax": D("0.00"),
            "net": D("5687.50"),
            "survivor": D("2916.67"),
        },
    )


@worked
def salary_growth_raises_future_salaries():
    """Born 1964-07-01, in service since 2000-07-01 at 10,000, growth 2 % a year; today 2025-07-01.

    Legal date 2027-07-01. The salary stays 10,000 until 2026-06 and is 10,200 from 2026-07 (one year
    after today, × 1.02). Service 2000-07 to 2027-06 = 324 months.
    Line 1, 198 months before 2017: 198 × 2.5 % / 12 × 10,200 (the last salary) = 4,207.50.
    Line 2, 126 months from 2017, average of 2019-07 to 2027-06: (84 × 10,000 + 12 × 10,200) / 96
    = 962,400 / 96 = 10,025.00; 126 × 2 % / 12 × 10,025 = 2,105.25.
    Gross 6,312.75 (without growth: 4,125.00 + 2,100.00 = 6,225.00). Health 157.81875 -> 157.82.
    Income tax 0. Net 6,154.93. Survivor 3,156.375 -> 3,156.38.
    """
    return Example(
        person(date(1964, 7, 1), [(date(2000, 7, 1), None, "10000")], date(2025, 7, 1), growth="2"),
        None,
        {
            "service_months": 324,
            "lines": [
                (198, D("2.5"), 1, D("10200.00"), D("4207.50")),
                (126, D("2"), 96, D("10025.00"), D("2105.25")),
            ],
            "gross": D("6312.75"),
            "health": D("157.82"),
            "net": D("6154.93"),
            "survivor": D("3156.38"),
        },
    )


@worked
def overlapping_periods_count_once_at_the_higher_salary():
    """Born 1961-01-01; 1990-01-01 to 2010-06-30 at 9,000 and, seconded, from 2008-01-01 at 7,000 (still
    open); today 2023-01-01.

    Legal age for 1961: 750 months (62 years 6 months): pension 2023-07-01.
    2008-01 to 2010-06 is in both periods: 30 months counted once, at 9,000. Service 1990-01 to 2023-06
    = 402 months (not 432). From 2010-07 the salary is 7,000.
    Line 1, 1990-01 to 2016-12 (324 months): 324 × 2.5 % / 12 × 7,000 (the last salary) = 4,725.00.
    Line 2, 2017-01 to 2023-06 (78 months), the last 96 months (2015-07 to 2023-06) all at 7,000:
    78 × 2 % / 12 × 7,000 = 910.00. Gross 5,635.00. Health 140.875 -> 140.88.
    Income tax 2023: 10 % × 5,494.12 = 549.412 -> 549.41. Net 4,944.71.
    """
    return Example(
        person(
            date(1961, 1, 1),
            [(date(1990, 1, 1), date(2010, 6, 30), "9000"), (date(2008, 1, 1), None, "7000")],
            date(2023, 1, 1),
        ),
        None,
        {
            "legal_date": date(2023, 7, 1),
            "service_months": 402,
            "lines": [
                (324, D("2.5"), 1, D("7000.00"), D("4725.00")),
                (78, D("2"), 96, D("7000.00"), D("910.00")),
            ],
            "gross": D("5635.00"),
            "health": D("140.88"),
            "income_tax": D("549.41"),
            "net": D("4944.71"),
        },
    )


@worked
def open_period_runs_to_the_pension_date():
    """Born 1962-05-20 (pension at the legal age 2025-06-01) as in "across the reform", but asking for
    2025-01-01, early; today 2024-01-10.

    The open period counts until the pension starts: 1990-01 to 2024-12 = 420 months, 35 years (more than
    the 30 needed), although today only 1990-01 to 2024-01 has been served. 5 months early.
    Line 1: 324 × 2.5 % / 12 × 10,000 = 6,750.00. Line 2, 2017-01 to 2024-12 (96 months): 96 × 2 % / 12
    × 10,000 = 1,600.00. Sum 8,350.00. Reduction 8,350.00 × 2 × 5 / 1,200 = 69.583 -> 69.58.
    Gross 8,280.42. Health 207.0105 -> 207.01. Income tax 2025: 5 % × 8,073.41 = 403.6705 -> 403.67.
    Net 7,669.74.
    """
    return Example(
        person(date(1962, 5, 20), [(date(1990, 1, 1), None, "10000")], date(2024, 1, 10)),
        date(2025, 1, 1),
        {
            "service_months": 420,
            "early_months": 5,
            "accrued": D("8350.00"),
            "reduction": D("69.58"),
            "gross": D("8280.42"),
            "health": D("207.01"),
            "income_tax": D("403.67"),
            "net": D("7669.74"),
        },
    )


@worked
def closed_career_keeps_its_last_salary():
    """Born 1964-01-01; served 1990-01-01 to 2015-12-31 at 8,000 then left; today 2025-06-01.

    Legal date 2027-01-01; nothing is served after 2015: 312 months, all before 2017, one line on the
    last salary: 312 × 2.5 % / 12 × 8,000 = 5,200.00. Gross 5,200.00, health 130.00, income tax 2027 0,
    net 5,070.00.
    """
    return Example(
        person(date(1964, 1, 1), [(date(1990, 1, 1), date(2015, 12, 31), "8000")], date(2025, 6, 1)),
        None,
        {
            "service_months": 312,
            "lines": [(312, D("2.5"), 1, D("8000.00"), D("5200.00"))],
            "gross": D("5200.00"),
            "health": D("130.00"),
            "net": D("5070.00"),
        },
    )


@worked
def transition_a_month_later_can_pay_less():
    """A man born 1959-01-01; 1985-01-01 to 2013-12-31 at 8,000, from 2014-01-01 at 16,000; today
    2019-06-01. Early pension on 2020-01-01 compared with 2019-12-01 (legal date 2020-07-01, 61 y 6 m).

    2019-12-01 (average of 72 months, 2013-12 to 2019-11): (1 × 8,000 + 71 × 16,000) / 72 = 15,888.89.
    Lines 384 × 2.5 % / 12 × 16,000 = 12,800.00 and 35 × 2 % / 12 × 15,888.89 = 926.85: 13,726.85;
    7 months early: − 13,726.85 × 2 × 7 / 1,200 = 160.15: gross 13,566.70.
    2020-01-01 (average of 96 months, 2012-01 to 2019-12): (24 × 8,000 + 72 × 16,000) / 96 = 14,000.00.
    Lines 12,800.00 and 36 × 2 % / 12 × 14,000 = 840.00: 13,640.00; 6 months early: − 136.40:
    gross 13,503.60, 63.10 less than a month earlier: the transition's longer average outweighs the
    month gained. Health 337.59; income tax 10 % × 13,166.01 = 1,316.60; net 11,849.41.
    """
    return Example(
        person(
            date(1959, 1, 1),
            [(date(1985, 1, 1), date(2013, 12, 31), "8000"), (date(2014, 1, 1), None, "16000")],
            date(2019, 6, 1),
        ),
        date(2020, 1, 1),
        {
            "legal_date": date(2020, 7, 1),
            "lines": [
                (384, D("2.5"), 1, D("16000.00"), D("12800.00")),
                (36, D("2"), 96, D("14000.00"), D("840.00")),
            ],
            "early_months": 6,
            "reduction": D("136.40"),
            "gross": D("13503.60"),
            "health": D("337.59"),
            "income_tax": D("1316.60"),
            "net": D("11849.41"),
        },
        notes={"month_before": (date(2019, 12, 1), D("13566.70"))},
    )


RULES = schedule.from_fixture()


def computed(name):
    example = WORKED_EXAMPLES[name]()
    retirement = example.retirement or legal_date(example.situation.birth_date, RULES)
    return example, estimate(example.situation, RULES, retirement)


def _field(result, name):
    if name == "lines":
        return [
            (line.months, line.rate, line.reference_months, line.reference_salary, line.amount) for line in result.lines
        ]
    return getattr(result, name)


@pytest.mark.parametrize("name", list(WORKED_EXAMPLES))
def test_worked_example(name):
    example, result = computed(name)
    for field_name, expected in example.expected.items():
        assert _field(result, field_name) == expected, field_name
    if example.earliest:
        assert earliest_date(example.situation, RULES) == example.earliest
    if result.entitled:  # the explanation adds up as written in the docstring
        assert result.net == result.gross - result.health - result.income_tax
    if "month_before" in example.notes:
        before, gross = example.notes["month_before"]
        assert estimate(example.situation, RULES, before).gross == gross > result.gross


def test_there_are_at_least_twelve_examples_and_each_is_explained():
    assert len(WORKED_EXAMPLES) >= 12
    assert all(function.__doc__ and len(function.__doc__) > 60 for function in WORKED_EXAMPLES.values())


def _shown(value):
    if isinstance(value, list):
        return "; ".join(
            f"{months} m × {rate} % × {salary} ({reference} m) = {amount}"
            for months, rate, reference, salary, amount in value
        )
    return str(value)


def write_table(path):
    """The README's table of worked examples, from a run of the engine (see the module docstring)."""
    rows = [
        "| Example | Inputs | Expected by hand | Computed by the engine |",
        "|---|---|---|---|",
    ]
    for name, function in WORKED_EXAMPLES.items():
        example, result = computed(name)
        situation = example.situation
        periods = ", ".join(f"{period.start}–{period.end or 'open'} at {period.salary}" for period in situation.periods)
        inputs = (
            f"born {situation.birth_date}, sex {situation.sex}, today {situation.today}, growth {situation.growth} %; "
            f"{periods}; pension {example.retirement or 'at the legal date'}"
        )
        expected = "<br>".join(f"{key}: {_shown(value)}" for key, value in example.expected.items())
        engine = "<br>".join(f"{key}: {_shown(_field(result, key))}" for key in example.expected)
        if example.earliest:
            expected += f"<br>earliest: {example.earliest}"
            engine += f"<br>earliest: {earliest_date(situation, RULES)}"
        if "month_before" in example.notes:
            before, gross = example.notes["month_before"]
            expected += f"<br>gross on {before}: {gross}"
            engine += f"<br>gross on {before}: {estimate(situation, RULES, before).gross}"
        title = " ".join(line.strip() for line in function.__doc__.strip().split("\n\n")[0].splitlines())
        rows.append(f"| **{name.replace('_', ' ')}** — {title} | {inputs} | {expected} | {engine} |")
    with open(path, "w", encoding="utf-8") as out:
        out.write("# Worked examples of the pension estimate\n\n")
        out.write("Generated from tests/portal/simulator/test_worked_examples.py (published parameters).\n\n")
        out.write("\n".join(rows) + "\n")
        out.write("\n## The computations by hand\n")
        for name, function in WORKED_EXAMPLES.items():
            body = "\n".join(line.strip() for line in function.__doc__.strip().splitlines())
            out.write(f"\n### {name.replace('_', ' ').capitalize()}\n\n{body}\n")
