"""How each figure of an estimate is obtained, in words: one home for the page and the PDF.

An estimate is only trusted if a person can redo it on paper, so every amount the simulator shows
comes with the line that produced it ("26 years and 4 months × 2.5 % × last salary 12 400,00 MAD").
The rows are built once here; the page shows them as a table (``Row.html``: numbers isolated left to
right, so that Arabic text around them cannot reorder "12 400,00"), the PDF prints ``Row.text``.

The rows add up as they read: the lines of service, the early-retirement reduction, the minimum
pension's top-up and the ceiling's cut make the gross; the gross minus health insurance and income
tax is the net. The survivor's pension is given for information, outside the sum.

The scenarios the pages and the PDF show (at the legal date, at the earliest date, at the
date the person chose) are put together here too, so that both read the same figures.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats, numberformat
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from portal.attestations import money
from portal.pension_rules.names import Name
from portal.simulator import engine
from portal.simulator.engine import Reason
from portal.templatetags.portal_format import months_text, years_text

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
MINUS = "\u2212"  # a real minus sign: read "minus" by screen readers (the PDF swaps it for a dash)


class Kind:
    """What a row is, for the layout (a total is bold, information is outside the sum)."""

    LINE = "line"
    ADJUSTMENT = "adjustment"
    TOTAL = "total"
    DEDUCTION = "deduction"
    NET = "net"
    INFO = "info"


@dataclass(frozen=True)
class Row:
    template: str  # translated, with %(name)s placeholders for the figures
    values: dict = field(default_factory=dict)  # name -> formatted figure (Latin digits)
    amount: Decimal | None = None  # signed: what the row adds to the sum
    kind: str = Kind.LINE

    @property
    def text(self):
        return self.template % self.values if self.values else self.template

    @property
    def html(self):
        """The label with each figure isolated: left to right when it has no Arabic letter (an amount, a
        rate), else in its own direction (a duration or a month in Arabic words around the digits)."""
        isolated = {name: isolate(value) for name, value in self.values.items()}
        return mark_safe(
            conditional_escape(self.template) % isolated if isolated else conditional_escape(self.template)
        )

    @property
    def shown_amount(self):
        return signed(self.amount) if self.amount is not None else ""

    @property
    def amount_html(self):
        return isolate(self.shown_amount) if self.amount is not None else ""


def isolate(value):
    if ARABIC_LETTER.search(str(value)):
        return format_html("<bdi>{}</bdi>", value)
    return format_html('<bdi dir="ltr">{}</bdi>', value)


def signed(amount):
    """ "12 400,00 MAD", or "− 1 234,00 MAD" for a deduction."""
    if amount < 0:
        return f"{MINUS} {money(-amount)}"
    return money(amount)


def percent(rate):
    """2.5 -> "2,5 %" in French and Arabic (the decimal separator of the language, no useless zeros)."""
    rate = Decimal(rate).normalize()
    places = max(0, -rate.as_tuple().exponent)
    number = numberformat.format(rate, formats.get_format("DECIMAL_SEPARATOR"), decimal_pos=places)
    return pgettext("a percentage", "%(rate)s %%") % {"rate": number}


def length(months):
    """26 years and 4 months, in the words of the language (as the career page says it)."""
    years, rest = divmod(months, 12)
    if years and rest:
        return pgettext("a duration", "%(years)s and %(months)s") % {
            "years": years_text(years),
            "months": months_text(rest),
        }
    return years_text(years) if years else months_text(rest)


def day(date):
    return formats.date_format(date, "DATE_FORMAT")


def month(date):
    return formats.date_format(date, "YEAR_MONTH_FORMAT")


def _reference(line):
    if line.reference_months == 1:
        return _("last salary")
    if line.reference_months % 12 == 0:
        years = line.reference_months // 12
        return ngettext(
            "average salary of the last %(count)s year", "average salary of the last %(count)s years", years
        ) % {"count": years}
    return ngettext(
        "average salary of the last %(count)s month",
        "average salary of the last %(count)s months",
        line.reference_months,
    ) % {"count": line.reference_months}


def _line_row(line):
    return Row(
        _("%(duration)s of service (%(first)s to %(last)s) × %(rate)s a year × %(reference)s %(salary)s"),
        {
            "duration": length(line.months),
            "first": month(line.first_month),
            "last": month(line.last_month),
            "rate": percent(line.rate),
            "reference": _reference(line),
            "salary": money(line.reference_salary),
        },
        line.amount,
    )


def rows(estimate, rules):
    """The explanation of an estimate that pays a pension, row by row (see the module's docstring)."""
    if not estimate.entitled:
        return []
    on = estimate.retirement_date
    result = [_line_row(line) for line in estimate.lines]
    if estimate.early_months:
        if estimate.reduction:
            result.append(
                Row(
                    _("Early retirement: %(rate)s a year × %(duration)s before the legal date"),
                    {"rate": percent(estimate.reduction_rate), "duration": length(estimate.early_months)},
                    -estimate.reduction,
                    Kind.ADJUSTMENT,
                )
            )
        else:
            result.append(
                Row(
                    _("Early retirement, %(duration)s before the legal date: no reduction applies on this date"),
                    {"duration": length(estimate.early_months)},
                    Decimal("0.00"),
                    Kind.ADJUSTMENT,
                )
            )
    amount = estimate.accrued - estimate.reduction
    # The minimum raises the pension first; the ceiling may then bring it down again (it never pays
    # more than the salary it replaces): both rows are shown, so that the sum still reads right.
    if amount < estimate.minimum_pension:
        result.append(
            Row(
                _("Minimum pension applied: the pension is raised to %(minimum)s"),
                {"minimum": money(estimate.minimum_pension)},
                estimate.minimum_pension - amount,
                Kind.ADJUSTMENT,
            )
        )
    if estimate.ceiling_applied:
        result.append(
            Row(
                _("Ceiling: at most %(rate)s of the highest reference salary, %(ceiling)s"),
                {"rate": percent(rules.value(Name.MAX_RATE, on)), "ceiling": money(estimate.ceiling)},
                estimate.gross - max(amount, estimate.minimum_pension),
                Kind.ADJUSTMENT,
            )
        )
    result.append(Row(_("Gross pension a month"), {}, estimate.gross, Kind.TOTAL))
    result.append(
        Row(
            _("Health insurance (AMO): %(rate)s, at least %(floor)s and at most %(ceiling)s"),
            {
                "rate": percent(rules.value(Name.HEALTH_RATE, on)),
                "floor": money(rules.value(Name.HEALTH_FLOOR, on)),
                "ceiling": money(rules.value(Name.HEALTH_CEILING, on)),
            },
            -estimate.health,
            Kind.DEDUCTION,
        )
    )
    result.append(
        Row(
            _("Income tax (a flat estimate): %(rate)s of the gross after health insurance"),
            {"rate": percent(rules.value(Name.INCOME_TAX_RATE, on))},
            -estimate.income_tax,
            Kind.DEDUCTION,
        )
    )
    result.append(Row(_("Net pension a month"), {}, estimate.net, Kind.NET))
    result.append(
        Row(
            _("For information: the survivor's pension (%(rate)s of the gross) a spouse would receive"),
            {"rate": percent(rules.value(Name.SURVIVOR_SHARE, on))},
            estimate.survivor,
            Kind.INFO,
        )
    )
    return result


def no_pension(estimate, rules, *, earliest=None):
    """Why a date gives no pension, and what would: a Row (figures isolated on the page), or None."""
    on = estimate.retirement_date
    service = length(estimate.service_months)
    if estimate.entitled:
        return None
    if estimate.reason == Reason.TOO_LITTLE_SERVICE:
        return Row(
            _(
                "No pension on this date: you would have %(service)s of service, and a pension needs at least "
                "%(years)s. Your contributions would be refunded instead (the refund of contributions)."
            ),
            {"service": service, "years": years_text(rules.whole(Name.MINIMUM_SERVICE_YEARS, on))},
        )
    if estimate.reason == Reason.TOO_EARLY:
        values = {
            "service": service,
            "years": years_text(estimate.required_years),
            "legal": day(estimate.legal_date),
        }
        if earliest is not None and earliest < estimate.legal_date:
            return Row(
                _(
                    "No pension on this date: before the legal date (%(legal)s), a pension needs %(years)s of "
                    "service and you would have %(service)s. The earliest date is %(earliest)s."
                ),
                {**values, "earliest": day(earliest)},
            )
        return Row(
            _(
                "No pension on this date: before the legal date (%(legal)s), a pension needs %(years)s of "
                "service and you would have %(service)s. Your pension can start on the legal date."
            ),
            values,
        )
    if estimate.reason == Reason.AFTER_AGE_LIMIT:
        return Row(
            _("Service ends at the age limit, on %(legal)s: a pension cannot start later."),
            {"legal": day(estimate.legal_date)},
        )
    return Row(_("This date has passed: choose a date from next month on."))


# The scenarios, in the order the page shows them.
LEGAL, EARLIEST, CHOSEN = "legal", "earliest", "chosen"
TITLES = {
    LEGAL: gettext_lazy("At the legal retirement date"),
    EARLIEST: gettext_lazy("At the earliest date"),
    CHOSEN: gettext_lazy("At the date you chose"),
}


@dataclass(frozen=True)
class Scenario:
    key: str
    date: datetime.date
    estimate: engine.Estimate
    rows: list
    why_not: Row | None  # the sentence when the date gives no pension

    @property
    def title(self):
        return TITLES[self.key]

    @property
    def service(self):
        return length(self.estimate.service_months)

    @property
    def gross_html(self):
        return isolate(money(self.estimate.gross))

    @property
    def net_html(self):
        return isolate(money(self.estimate.net))


def scenarios(situation, rules, chosen=None):
    """The scenarios: at the legal date, at the earliest date, and at ``chosen`` when the person chose a
    date (a card "at the date you choose" repeating the legal date would only puzzle them)."""
    legal = engine.legal_date(situation.birth_date, rules)
    career = engine.Career(situation, legal)
    earliest = engine.earliest_date(situation, rules, career=career)
    dates = [(LEGAL, legal), (EARLIEST, earliest)] + ([(CHOSEN, chosen)] if chosen else [])
    result = []
    for key, date in dates:
        estimate = engine.estimate(situation, rules, date, career=career)
        why_not = no_pension(estimate, rules, earliest=earliest)
        result.append(Scenario(key, estimate.retirement_date, estimate, rows(estimate, rules), why_not))
    return result
