"""The pension rules as dated rows that the fund edits in the admin (``portal.pension_rules.names``)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.pension_rules.names import BOUNDS, Name, keyed_by


class Parameter(models.Model):
    name = models.CharField(_("parameter"), max_length=40, choices=Name.choices)
    applies_from = models.DateField(
        _("applies from"),
        help_text=_(
            "The value applies from this date until the next row of the same parameter. What the date is "
            "(birth, month of service, year contributed, start of the pension) is shown in the list."
        ),
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4)
    # Where the value comes from (the law, the decree, the fund's decision): the README and the
    # simulator's page send people to it, so an estimate can always be traced to a text.
    source = models.CharField(_("source"), max_length=300)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "applies_from"]
        verbose_name = _("pension rule")
        verbose_name_plural = _("pension rules")
        constraints = [models.UniqueConstraint(fields=["name", "applies_from"], name="pension_rule_one_value_per_date")]

    def __str__(self):
        return f"{self.get_name_display()} — {self.applies_from:%Y-%m-%d}: {self.value.normalize()}"

    @property
    def keyed_by(self):
        return keyed_by(self.name).label

    def clean(self):
        bounds = BOUNDS.get(self.name)
        if bounds is None or self.value is None:
            return
        if not bounds.low <= self.value <= bounds.high:
            raise ValidationError(
                {"value": _("Enter a value between %(low)s and %(high)s.") % {"low": bounds.low, "high": bounds.high}}
            )
        if bounds.whole and self.value != self.value.to_integral_value():
            raise ValidationError({"value": _("Enter a whole number.")})
        if self.applies_from and self.applies_from < datetime.date(1900, 1, 1):
            raise ValidationError({"applies_from": _("Enter a date from 1900.")})
