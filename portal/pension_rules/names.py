"""The parameters of a pension scheme, what dates each one by, and the values an editor may give it.

Each parameter is a schedule: rows "from this date, this value". What the date is depends on the
parameter, because the law dates them differently: the legal age by the member's birth date, the
accrual rate by the month of service it rewards (the 2016 reform kept 2.5 % for the years served
before it), the contribution rate by the year contributed, and everything else by the date the
pension starts. ``KEYED_BY`` says which, and the admin shows it beside the field.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Name(models.TextChoices):
    LEGAL_AGE_MONTHS = "legal_age_months", _("Legal retirement age (in months)")
    ACCRUAL_RATE = "accrual_rate", _("Accrual rate per year of service (%)")
    REFERENCE_MONTHS = "reference_months", _("Months of salary averaged into the reference salary")
    REFERENCE_MONTHS_MAX = "reference_months_max", _("Reform transition: at most this many months averaged")
    MINIMUM_SERVICE_YEARS = "minimum_service_years", _("Years of service needed for a pension")
    EARLY_SERVICE_YEARS_MEN = "early_service_years_men", _("Years of service needed for early retirement (men)")
    EARLY_SERVICE_YEARS_WOMEN = "early_service_years_women", _("Years of service needed for early retirement (women)")
    EARLY_REDUCTION_PER_YEAR = (
        "early_reduction_per_year",
        _("Early retirement: reduction per year before the legal age (%)"),
    )
    MINIMUM_PENSION = "minimum_pension", _("Minimum pension (MAD a month)")
    MAX_RATE = "max_rate", _("Ceiling: highest pension as a share of the reference salary (%)")
    SURVIVOR_SHARE = "survivor_share", _("Survivor's share of the pension (%)")
    HEALTH_RATE = "health_rate", _("Health insurance (AMO) deducted from the pension (%)")
    HEALTH_FLOOR = "health_floor", _("Health insurance: lowest monthly deduction (MAD)")
    HEALTH_CEILING = "health_ceiling", _("Health insurance: highest monthly deduction (MAD)")
    INCOME_TAX_RATE = "income_tax_rate", _("Income tax on the pension, after health insurance (%)")
    CONTRIBUTION_RATE = "contribution_rate", _("Member's contribution rate on the salary (%)")


class Key(models.TextChoices):
    BIRTH = "birth", _("the member's birth date")
    SERVICE = "service", _("the month of service")
    CONTRIBUTION = "contribution", _("the year contributed")
    PENSION_START = "pension_start", _("the date the pension starts")


KEYED_BY = {
    Name.LEGAL_AGE_MONTHS: Key.BIRTH,
    Name.ACCRUAL_RATE: Key.SERVICE,
    Name.REFERENCE_MONTHS: Key.SERVICE,
    Name.CONTRIBUTION_RATE: Key.CONTRIBUTION,
}


def keyed_by(name):
    return KEYED_BY.get(name, Key.PENSION_START)


@dataclass(frozen=True)
class Bounds:
    """What a value may be: outside these, the admin refuses it (a typo of a zero must not reach the
    simulator). ``whole``: a count of months or years."""

    low: Decimal
    high: Decimal
    whole: bool = False


_PERCENT = Bounds(Decimal("0"), Decimal("100"))
_MONEY = Bounds(Decimal("0"), Decimal("1000000"))

BOUNDS = {
    Name.LEGAL_AGE_MONTHS: Bounds(Decimal(40 * 12), Decimal(75 * 12), whole=True),
    Name.ACCRUAL_RATE: Bounds(Decimal("0"), Decimal("10")),
    Name.REFERENCE_MONTHS: Bounds(Decimal("1"), Decimal(40 * 12), whole=True),
    Name.REFERENCE_MONTHS_MAX: Bounds(Decimal("1"), Decimal(40 * 12), whole=True),
    Name.MINIMUM_SERVICE_YEARS: Bounds(Decimal("0"), Decimal("45"), whole=True),
    Name.EARLY_SERVICE_YEARS_MEN: Bounds(Decimal("0"), Decimal("45"), whole=True),
    Name.EARLY_SERVICE_YEARS_WOMEN: Bounds(Decimal("0"), Decimal("45"), whole=True),
    Name.EARLY_REDUCTION_PER_YEAR: _PERCENT,
    Name.MINIMUM_PENSION: _MONEY,
    Name.MAX_RATE: Bounds(Decimal("1"), Decimal("100")),
    Name.SURVIVOR_SHARE: _PERCENT,
    Name.HEALTH_RATE: _PERCENT,
    Name.HEALTH_FLOOR: _MONEY,
    Name.HEALTH_CEILING: _MONEY,
    Name.INCOME_TAX_RATE: _PERCENT,
    Name.CONTRIBUTION_RATE: _PERCENT,
}
