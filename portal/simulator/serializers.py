"""JSON shapes of the simulators' API: what is asked (the public simulator's answers, the member's
date and growth) and the estimate sent back, the same for both.

What people type is read as the pages read it: Arabic-Indic digits, 31/12/2030 or 2030-12-31,
"12 400,50" for an amount (``portal.casework.fields``). The accepted ranges are those of the pages
(``portal.simulator.limits``), so that the API and the forms refuse the same values. Amounts are
strings with two decimals, like every amount of the member API.
"""

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal import digits
from portal.casework.fields import AmountField
from portal.simulator import limits
from portal.simulator.engine import first_of_next_month, legal_date

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class TypedDateField(serializers.DateField):
    """A date as people type it, in any digits: 2030-12-31 or 31/12/2030."""

    default_error_messages = {"invalid": _("Enter a date such as 31/03/2026.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if isinstance(value, str):
            value = digits.to_ascii(value).strip()
        elif not isinstance(value, datetime.date):
            self.fail("invalid")
        return super().to_internal_value(value)


class TypedAmountField(serializers.DecimalField):
    """A number as people type it ("12 400,50", "١٢٤٠٠٫٥٠", "-1,5"), or a JSON number."""

    default_error_messages = {"invalid": _("Enter a number, such as 12400 or 12 400,50.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (str, int, float)):
            self.fail("invalid")
        try:
            value = AmountField().to_python(str(data))  # the forms' reading: one way to read an amount
        except forms.ValidationError:
            self.fail("invalid")
        if value is None or not value.is_finite():
            self.fail("invalid")
        # An absurd number is left as typed (rounding 1E+999999 to the centime is impossible): every
        # amount of these serializers has its range checked next, which refuses it with the range.
        return value.quantize(Decimal("0.01")) if abs(value) < 10**9 else value


def check_retirement_date(value, *, birth_date, today, rules):
    """A chosen retirement date from next month to the legal date (after it, the service stops)."""
    first = first_of_next_month(today)
    last = legal_date(birth_date, rules)
    if value < first or value > last:
        raise serializers.ValidationError(
            _("Choose a date from %(first)s to %(last)s (your legal retirement date).")
            % {"first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}
        )
    return value


def in_range(value, low, high):
    """The same message for both ends: it says what is accepted, not only what is not."""
    if not low <= value <= high:
        raise serializers.ValidationError(_("Enter a number from %(min)s to %(max)s.") % {"min": low, "max": high})
    return value


def growth_field():
    return TypedAmountField(
        required=False,
        default=Decimal("0"),
        help_text=f"Yearly salary growth assumed from today, in %, from {limits.GROWTH_MIN} to {limits.GROWTH_MAX} "
        "(decimal comma and Arabic-Indic digits accepted)",
    )


def retirement_date_field():
    return TypedDateField(
        required=False,
        allow_null=True,
        help_text="The date the pension would start, 2030-12-31 or 31/12/2030 (moved to the first of its month); "
        "from next month to the legal date. Empty: the legal and earliest dates only.",
    )


class MemberQuerySerializer(serializers.Serializer):
    """The member simulator's optional questions (GET parameters). Context: ``birth_date`` (the
    file's), ``today``, ``rules``."""

    retirement_date = retirement_date_field()
    growth = growth_field()

    def validate_growth(self, value):
        return in_range(value, limits.GROWTH_MIN, limits.GROWTH_MAX)

    def validate_retirement_date(self, value):
        if value is None:
            return None
        context = self.context
        return check_retirement_date(
            value, birth_date=context["birth_date"], today=context["today"], rules=context["rules"]
        )


class PublicQuerySerializer(serializers.Serializer):
    """What a visitor gives the public simulator: no account, nothing stored. Context: ``today``, ``rules``."""

    birth_date = TypedDateField(help_text="2030-12-31 or 31/12/2030")
    sex = serializers.ChoiceField(
        choices=[("F", "F"), ("M", "M"), ("", "")],
        required=False,
        default="",
        allow_blank=True,
        help_text="F, M, or empty (the general rule: early retirement after the men's service)",
    )
    service_start = TypedDateField(help_text="The start of the service, 2030-12-31 or 31/12/2030")
    salary = TypedAmountField(
        help_text=f"Today's monthly salary in MAD, from {limits.SALARY_MIN} to {limits.SALARY_MAX}"
    )
    growth = growth_field()
    retirement_date = retirement_date_field()

    def validate_salary(self, value):
        return in_range(value, limits.SALARY_MIN, limits.SALARY_MAX)

    def validate_growth(self, value):
        return in_range(value, limits.GROWTH_MIN, limits.GROWTH_MAX)

    def validate_birth_date(self, value):
        today = self.context["today"]
        if value > today:
            raise serializers.ValidationError(_("The birth date cannot be in the future."))
        age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
        if not limits.AGE_MIN_YEARS <= age <= limits.AGE_MAX_YEARS:
            raise serializers.ValidationError(
                _("The simulator is for people aged %(min)s to %(max)s.")
                % {"min": limits.AGE_MIN_YEARS, "max": limits.AGE_MAX_YEARS}
            )
        return value

    def validate_service_start(self, value):
        if value > self.context["today"]:
            raise serializers.ValidationError(_("The start of the service cannot be in the future."))
        return value

    def validate(self, data):
        birth, start = data["birth_date"], data["service_start"]
        earliest = _years_after(birth, limits.SERVICE_START_MIN_AGE)
        if start < earliest:
            raise serializers.ValidationError(
                {
                    "service_start": _("The service starts at %(age)s at the earliest: not before %(date)s.")
                    % {"age": limits.SERVICE_START_MIN_AGE, "date": earliest.strftime("%d/%m/%Y")}
                }
            )
        chosen = data.get("retirement_date")
        if chosen is not None:
            try:
                check_retirement_date(
                    chosen, birth_date=birth, today=self.context["today"], rules=self.context["rules"]
                )
            except serializers.ValidationError as problem:
                raise serializers.ValidationError({"retirement_date": problem.detail}) from None
        return data


def _years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # born on 29 February
        return day.replace(year=day.year + years, day=28)


# --- The answer ---------------------------------------------------------------------------------------


class LineSerializer(serializers.Serializer):
    months = serializers.IntegerField(help_text="Months of service in this line")
    rate = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="Accrual rate per year, in %")
    reference_months = serializers.IntegerField(help_text="Months of salary averaged (1: the last salary)")
    reference_salary = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="months / 12 × rate × reference")
    first_month = serializers.DateField()
    last_month = serializers.DateField()


class ScenarioSerializer(serializers.Serializer):
    retirement_date = serializers.DateField()
    legal_date = serializers.DateField()
    entitled = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why nothing is paid on this date (empty when entitled)")
    reason_label = serializers.CharField(help_text="The reason in the request's language")
    service_months = serializers.IntegerField()
    required_years = serializers.IntegerField(help_text="The service this date needs, in years")
    lines = LineSerializer(many=True)
    accrued = serializers.DecimalField(max_digits=12, decimal_places=2)
    early_months = serializers.IntegerField()
    reduction_rate = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="% a year before the age")
    reduction = serializers.DecimalField(max_digits=12, decimal_places=2)
    minimum_pension = serializers.DecimalField(max_digits=12, decimal_places=2)
    minimum_applied = serializers.BooleanField()
    ceiling = serializers.DecimalField(max_digits=12, decimal_places=2)
    ceiling_applied = serializers.BooleanField()
    gross = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="A month, in MAD")
    health = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Health insurance (AMO)")
    income_tax = serializers.DecimalField(max_digits=12, decimal_places=2)
    net = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="A month, in MAD")
    survivor = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="The survivor's pension")


class ScenariosSerializer(serializers.Serializer):
    legal = ScenarioSerializer(help_text="The pension starting at the legal age")
    earliest = ScenarioSerializer(help_text="The pension starting at the earliest date the service allows")
    chosen = ScenarioSerializer(allow_null=True, help_text="At the date asked for (null when none was)")


class SimulationSerializer(serializers.Serializer):
    estimate_only = serializers.BooleanField(help_text="Always true: an estimate, never a decision of the fund")
    notice = serializers.CharField(help_text="What the estimate is, in the request's language")
    today = serializers.DateField()
    growth = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="Yearly salary growth assumed, %")
    legal_date = serializers.DateField()
    earliest_date = serializers.DateField()
    scenarios = ScenariosSerializer()
