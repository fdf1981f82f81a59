"""Presentation of a member's data in either language: isolated identifiers, durations, amounts.

`{{ value|ltr }}` keeps Latin or numeric data (identifiers, RIB, phone numbers, references, e-mail
addresses) in its own left-to-right order inside Arabic text: without it "12, rue Oued Ziz, Agdal"
is reordered by the surrounding right-to-left text into "rue Oued Ziz, Agdal, ,12".

`{% duration value %}` says "18 years and 10 months" with the plural forms of each language (Arabic
has six: "سنتان", "10 أشهر", "11 شهرا"…), joined as the language joins them ("18 سنة و10 أشهر").
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import ngettext, pgettext

register = template.Library()


@register.filter
def ltr(value):
    """The value isolated and laid out left to right (`<bdi dir="ltr">`); empty values stay empty."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


def years_text(years):
    return ngettext("%(count)s year", "%(count)s years", years) % {"count": years}


def months_text(months):
    return ngettext("%(count)s month", "%(count)s months", months) % {"count": months}


@register.simple_tag
def duration(value):
    """A length of service (anything with `years` and `months`), as a phrase; a zero part is left out."""
    years, months = value.years, value.months
    if years and months:
        return pgettext("a duration", "%(years)s and %(months)s") % {
            "years": years_text(years),
            "months": months_text(months),
        }
    if years:
        return years_text(years)
    return months_text(months)
