"""The simulators' forms: what a member may change, and what a visitor types.

The accepted ranges are ``portal.simulator.limits`` (shared with the API). Dates and amounts are read
as people type them on any keyboard (Arabic-Indic digits, a decimal comma: ``portal.casework.fields``).
A retirement date is any day of a month: the pension starts on the first day of that month, as the
engine counts it, so the limits are checked on the month.
"""

import datetime
from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.casework.fields import AmountField, DateField
from portal.models import Sex
from portal.simulator import engine, limits


class GrowthField(AmountField):
    """A yearly growth in %, as typed: "1,5", "-1", "٢", "2 %" (a minus sign from a phone keyboard too)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Salary growth a year, in %"))
        kwargs.setdefault(
            "help_text",
            gettext_lazy(
                "Optional. How much your salary rises each year until you leave (for example 1,5). 0 if unsure."
            ),
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", limits.GROWTH_MIN)
        kwargs.setdefault("max_value", limits.GROWTH_MAX)
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        message = gettext_lazy("Enter a yearly growth from -5 to 10 (per cent), for example 1,5.")
        kwargs.setdefault(
            "error_messages",
            {"min_value": message, "max_value": message, "invalid": message, "max_digits": message},
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(size=6)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u2212", "-").replace("\u2013", "-").replace("%", "").replace("\u066a", "")
        value = super().to_python(value)
        return Decimal("0") if value is None else value


class ShownDateField(DateField):
    """A date that a re-shown form gives back to the date picker in the only form it reads (2030-12-31):
    "31/12/2030" or Arabic-Indic digits as typed would leave the picker empty."""

    def bound_data(self, data, initial):
        try:
            return self.to_python(data) or data
        except forms.ValidationError:
            return data


def _retirement_field(**kwargs):
    return ShownDateField(
        required=False,
        label=gettext_lazy("Date you would leave"),
        help_text=gettext_lazy(
            "Optional. The pension starts on the first day of the month you choose, at the latest on the legal date."
        ),
        **kwargs,
    )


def check_retirement(date, *, today, legal):
    """The error for a retirement date outside [next month, legal date], or None."""
    start = engine.month_start(engine.month_index(date))
    first = engine.first_of_next_month(today)
    if start < first or start > legal:
        return _("Choose a date from %(first)s to %(legal)s (the legal retirement date).") % {
            "first": formats.date_format(first, "DATE_FORMAT"),
            "legal": formats.date_format(legal, "DATE_FORMAT"),
        }
    return None


class MemberSimulationForm(forms.Form):
    """The member's what-ifs (a GET form: the page can be bookmarked and the PDF has the same address)."""

    retirement_date = _retirement_field()
    growth = GrowthField()

    def __init__(self, *args, legal, today, **kwargs):
        self.legal, self.today = legal, today
        super().__init__(*args, **kwargs)

    def clean_retirement_date(self):
        date = self.cleaned_data.get("retirement_date")
        if date is not None:
            error = check_retirement(date, today=self.today, legal=self.legal)
            if error:
                raise forms.ValidationError(error, code="out_of_range")
        return date


def years_before(date, years):
    """The same day ``years`` earlier (29 February -> 28 February)."""
    try:
        return date.replace(year=date.year - years)
    except ValueError:
        return date.replace(year=date.year - years, day=28)


def _birthday(birth, age):
    """The day one turns ``age`` (born on 29 February: 1 March)."""
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return datetime.date(birth.year + age, 3, 1)


class PublicSimulationForm(forms.Form):
    """What a visitor types: no file, one career from the start of service at today's salary."""

    SEX_CHOICES = (
        ("", gettext_lazy("I prefer not to say (the general rule applies)")),
        (Sex.FEMALE, gettext_lazy("Woman")),
        (Sex.MALE, gettext_lazy("Man")),
    )

    birth_date = ShownDateField(
        label=gettext_lazy("Your birth date"), help_text=gettext_lazy("For example 17/04/1968.")
    )
    sex = forms.ChoiceField(
        label=gettext_lazy("You are"),
        help_text=gettext_lazy("Optional: women may retire early after fewer years of service."),
        choices=SEX_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    service_start = ShownDateField(
        label=gettext_lazy("Start of your service in the civil service"),
        help_text=gettext_lazy("For example 01/09/1992."),
    )
    salary = AmountField(
        label=gettext_lazy("Your monthly salary today, in dirhams"),
        help_text=gettext_lazy("The gross salary on your pay slip, for example 12 400."),
        min_value=limits.SALARY_MIN,
        max_value=limits.SALARY_MAX,
        error_messages={
            "min_value": gettext_lazy("Enter a monthly salary from 1 000 to 300 000 dirhams."),
            "max_value": gettext_lazy("Enter a monthly salary from 1 000 to 300 000 dirhams."),
            "invalid": gettext_lazy("Enter the salary in figures, for example 12 400."),
            "max_digits": gettext_lazy("Enter a monthly salary from 1 000 to 300 000 dirhams."),
            "max_decimal_places": gettext_lazy("Enter the salary in figures, for example 12 400."),
        },
    )
    growth = GrowthField()
    retirement_date = _retirement_field()

    GROUPS = (
        (gettext_lazy("You"), ("birth_date", "sex")),
        (gettext_lazy("Your career"), ("service_start", "salary", "growth")),
        (gettext_lazy("When you would leave"), ("retirement_date",)),
    )

    def __init__(self, *args, rules, today, **kwargs):
        self.rules, self.today = rules, today
        self.legal = None
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].widget.attrs.update(autocomplete="bday")

    def groups(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_birth_date(self):
        birth = self.cleaned_data["birth_date"]
        if birth > self.today:
            raise forms.ValidationError(_("The birth date cannot be in the future."), code="future")
        if birth > years_before(self.today, limits.AGE_MIN_YEARS) or birth <= years_before(
            self.today, limits.AGE_MAX_YEARS + 1
        ):
            raise forms.ValidationError(
                _("The simulator is for people aged %(min)s to %(max)s: check the birth date.")
                % {"min": limits.AGE_MIN_YEARS, "max": limits.AGE_MAX_YEARS},
                code="age",
            )
        legal = engine.legal_date(birth, self.rules)
        if legal < engine.first_of_next_month(self.today):
            raise forms.ValidationError(
                _(
                    "With this birth date, the legal retirement date (%(legal)s) has passed: the simulator "
                    "estimates a pension that has not started yet. The fund can tell you about your file."
                )
                % {"legal": formats.date_format(legal, "DATE_FORMAT")},
                code="retired",
            )
        self.legal = legal
        return birth

    def clean_service_start(self):
        start = self.cleaned_data["service_start"]
        if start > self.today:
            raise forms.ValidationError(_("The start of service cannot be in the future."), code="future")
        return start

    def clean(self):
        data = super().clean()
        birth, start, retirement = data.get("birth_date"), data.get("service_start"), data.get("retirement_date")
        if birth is not None and start is not None and start < _birthday(birth, limits.SERVICE_START_MIN_AGE):
            self.add_error(
                "service_start",
                forms.ValidationError(
                    _("A career starts at %(age)s at the earliest: check the start of service and the birth date.")
                    % {"age": limits.SERVICE_START_MIN_AGE},
                    code="too_young",
                ),
            )
        if retirement is not None and self.legal is not None:
            error = check_retirement(retirement, today=self.today, legal=self.legal)
            if error:
                self.add_error("retirement_date", forms.ValidationError(error, code="out_of_range"))
        return data
