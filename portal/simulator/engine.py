"""How much, and from when: the estimate as a pure function of a situation and the rules.

The computation follows the civil scheme as the 2016 reform left it, with every figure a rule of
``portal.pension_rules`` (none is written here):

- Service is counted in whole calendar months, each month a period touches, overlaps once (as the
  career page counts it, ``portal.career``). A period still open runs until the pension starts.
- Each month of service earns the accrual rate of *that month* (2.5 % a year before 2017, 2 % after)
  on the reference salary of *that month's* rule (the last salary before 2017, the average of the
  last eight years after; during the reform's transition, fewer years). Months with the same rate and
  reference form one line of the explanation: "18 years × 2 % × 12,400.00 MAD".
- Before the legal age, a pension needs the early-retirement service and may be reduced per year
  missing; with too little service there is no pension but the refund of the contributions.
- Then the minimum pension, then the ceiling (a share of the highest reference salary): the minimum
  never pays more than the salary it replaces.
- Net is gross minus health insurance (a rate between a floor and a ceiling) and income tax.

Money is ``Decimal`` rounded to the centime at each line shown, so that the explanation adds up
exactly as a person would redo it on paper.
"""

import bisect
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal.career import month_index, month_start
from portal.pension_rules.names import Name

CENT = Decimal("0.01")
ZERO = Decimal("0")


class Reason:
    """Why an estimate pays nothing (``Estimate.reason``)."""

    TOO_LITTLE_SERVICE = "too_little_service"  # below the minimum service: refund of contributions
    TOO_EARLY = "too_early"  # before the legal age without the early-retirement service
    AFTER_AGE_LIMIT = "after_age_limit"  # the service ends at the age limit
    PAST = "past"  # before today


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date | None  # None: still in service, until the pension starts
    salary: Decimal  # monthly salary (the contribution base) during the period


@dataclass(frozen=True)
class Situation:
    birth_date: datetime.date
    sex: str  # "F", "M", or "" when unknown (the general rule, the men's, applies)
    periods: tuple[Period, ...]
    today: datetime.date
    growth: Decimal = ZERO  # yearly salary growth assumed from today, in %


@dataclass(frozen=True)
class Line:
    months: int
    rate: Decimal  # accrual rate per year, in %
    reference_months: int  # how many months of salary were averaged (1: the last salary)
    reference_salary: Decimal
    amount: Decimal
    first_month: datetime.date
    last_month: datetime.date

    @property
    def years(self):
        return divmod(self.months, 12)


@dataclass(frozen=True)
class Estimate:
    retirement_date: datetime.date
    legal_date: datetime.date
    entitled: bool
    reason: str  # a ``Reason`` when not entitled
    service_months: int
    lines: tuple[Line, ...] = ()
    accrued: Decimal = ZERO  # the sum of the lines
    early_months: int = 0  # months before the legal date
    reduction_rate: Decimal = ZERO  # % a year before the legal age
    reduction: Decimal = ZERO
    minimum_pension: Decimal = ZERO
    minimum_applied: bool = False
    ceiling: Decimal = ZERO
    ceiling_applied: bool = False
    gross: Decimal = ZERO
    health: Decimal = ZERO
    income_tax: Decimal = ZERO
    net: Decimal = ZERO
    survivor: Decimal = ZERO
    required_years: int = 0  # the service the date needs (minimum or early retirement)

    @property
    def early(self):
        return self.entitled and self.early_months > 0


def money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def first_of_next_month(day):
    return month_start(month_index(day) + 1)


def legal_date(birth_date, rules):
    """The day the pension starts at the legal age: the first day of the month after the birthday
    at that age (the birthday itself when it is the first of a month)."""
    months = rules.whole(Name.LEGAL_AGE_MONTHS, birth_date)
    birthday = month_start(month_index(birth_date) + months)
    # Birth on the 31st and a shorter month: the birthday is in that month all the same.
    return birthday if birth_date.day == 1 else month_start(month_index(birthday) + 1)


class Career:
    """The months served and their salaries, computed once for every date tried."""

    def __init__(self, situation, horizon):
        """``horizon``: the first month not served by an open period (the legal date)."""
        today_index = month_index(situation.today)
        growth = Decimal(1) + Decimal(situation.growth) / 100
        salaries = {}
        for period in situation.periods:
            last = month_index(period.end) if period.end else month_index(horizon) - 1
            for index in range(month_index(period.start), last + 1):
                salary = Decimal(period.salary)
                if index > today_index and period.end is None:
                    salary = money(salary * growth ** ((index - today_index) // 12))
                # Two posts at once: the month counts once, at the higher salary.
                salaries[index] = max(salary, salaries.get(index, ZERO))
        self.months = sorted(salaries)
        self.salaries = salaries

    def served_before(self, date):
        """The months of service before ``date`` (a first of the month)."""
        return self.months[: bisect.bisect_left(self.months, month_index(date))]

    def count_before(self, date):
        return bisect.bisect_left(self.months, month_index(date))


def _required_years(situation, rules, retirement, legal):
    if retirement >= legal:
        return rules.whole(Name.MINIMUM_SERVICE_YEARS, retirement)
    name = Name.EARLY_SERVICE_YEARS_WOMEN if situation.sex == "F" else Name.EARLY_SERVICE_YEARS_MEN
    return max(rules.whole(name, retirement), rules.whole(Name.MINIMUM_SERVICE_YEARS, retirement))


def _lines(served, career, rules, retirement):
    cap = rules.whole(Name.REFERENCE_MONTHS_MAX, retirement)
    groups = []  # [(rate, reference months, [month indexes])], in order of service
    for index in served:
        start = month_start(index)
        key = (rules.value(Name.ACCRUAL_RATE, start), min(rules.whole(Name.REFERENCE_MONTHS, start), cap))
        if groups and groups[-1][:2] == key:
            groups[-1][2].append(index)
        else:
            groups.append((*key, [index]))
    lines = []
    for rate, reference_months, indexes in groups:
        last = served[-reference_months:]
        reference = money(sum(career.salaries[index] for index in last) / len(last))
        amount = money(Decimal(len(indexes)) * rate * reference / 1200)
        lines.append(
            Line(
                months=len(indexes),
                rate=rate,
                reference_months=reference_months,
                reference_salary=reference,
                amount=amount,
                first_month=month_start(indexes[0]),
                last_month=month_start(indexes[-1]),
            )
        )
    return tuple(lines)


def _health(gross, rules, on):
    """The health-insurance deduction: a rate, between a floor and a ceiling, never above the pension."""
    health = money(gross * rules.rate(Name.HEALTH_RATE, on))
    health = max(rules.value(Name.HEALTH_FLOOR, on), min(health, rules.value(Name.HEALTH_CEILING, on)))
    return min(gross, health)


def estimate(situation, rules, retirement, *, career=None):
    """The estimate for a pension starting on ``retirement`` (moved to the first of its month)."""
    retirement = month_start(month_index(retirement))
    legal = legal_date(situation.birth_date, rules)
    career = career or Career(situation, legal)
    served = career.served_before(min(retirement, legal))
    base = {"retirement_date": retirement, "legal_date": legal, "service_months": len(served)}
    if retirement > legal:
        return Estimate(entitled=False, reason=Reason.AFTER_AGE_LIMIT, **base)
    if retirement < first_of_next_month(situation.today):
        return Estimate(entitled=False, reason=Reason.PAST, **base)
    required = _required_years(situation, rules, retirement, legal)
    # At least one month, whatever the admin sets the service needed to (0 is allowed): no pension
    # is computed on no service.
    if len(served) < max(1, required * 12):
        reason = Reason.TOO_EARLY if retirement < legal else Reason.TOO_LITTLE_SERVICE
        minimum_years = rules.whole(Name.MINIMUM_SERVICE_YEARS, retirement)
        if len(served) < minimum_years * 12 and career.count_before(legal) < minimum_years * 12:
            reason = Reason.TOO_LITTLE_SERVICE
        return Estimate(entitled=False, reason=reason, required_years=required, **base)

    lines = _lines(served, career, rules, retirement)
    accrued = sum((line.amount for line in lines), start=ZERO)
    early_months = month_index(legal) - month_index(retirement)
    reduction_rate = rules.value(Name.EARLY_REDUCTION_PER_YEAR, retirement) if early_months else ZERO
    reduction = min(accrued, money(accrued * reduction_rate * early_months / 1200))
    amount = accrued - reduction
    minimum = rules.value(Name.MINIMUM_PENSION, retirement)
    ceiling = money(rules.rate(Name.MAX_RATE, retirement) * max(line.reference_salary for line in lines))
    gross = min(max(amount, minimum), ceiling)
    health = _health(gross, rules, retirement)
    income_tax = money((gross - health) * rules.rate(Name.INCOME_TAX_RATE, retirement))
    return Estimate(
        entitled=True,
        reason="",
        lines=lines,
        accrued=accrued,
        early_months=early_months,
        reduction_rate=reduction_rate,
        reduction=reduction,
        minimum_pension=minimum,
        minimum_applied=amount < minimum and gross == minimum,
        ceiling=ceiling,
        ceiling_applied=gross < max(amount, minimum),
        gross=gross,
        health=health,
        income_tax=income_tax,
        net=gross - health - income_tax,
        survivor=money(gross * rules.rate(Name.SURVIVOR_SHARE, retirement)),
        required_years=required,
        **base,
    )


def earliest_date(situation, rules, *, career=None):
    """The first date a pension can start: the first month from next month where the service
    allows early retirement, else the legal date."""
    legal = legal_date(situation.birth_date, rules)
    career = career or Career(situation, legal)
    index = month_index(first_of_next_month(situation.today))
    while index < month_index(legal):
        candidate = month_start(index)
        if career.count_before(candidate) >= max(1, _required_years(situation, rules, candidate, legal) * 12):
            return candidate
        index += 1
    return legal


def by_date(situation, rules):
    """[(date, Estimate)] from the earliest date to the legal date, one a year on the month of the
    legal date, for the chart of the amount by retirement date."""
    legal = legal_date(situation.birth_date, rules)
    career = Career(situation, legal)
    earliest = earliest_date(situation, rules, career=career)
    dates = []
    index = month_index(legal)
    while index >= month_index(earliest):
        dates.append(month_start(index))
        index -= 12
    if earliest not in dates:
        dates.append(earliest)
    return [(date, estimate(situation, rules, date, career=career)) for date in sorted(dates)]
