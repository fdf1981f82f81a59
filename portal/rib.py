"""Moroccan bank account numbers (RIB): 24 digits = bank (3) + locality (3) + account (16) + key (2).

The key makes the whole number divisible by 97: key = 97 - (first 22 digits followed by "00") mod 97.
This is the rule the IBAN registry's Moroccan example satisfies (MA64 0115 1900 0001 2050 0053 4921:
RIB 011519000001205000534921, key 21).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal import digits

_SEPARATORS = re.compile(r"[\s.-]")


def normalise(value):
    """Spaces, dots and dashes that people type between groups are dropped; Arabic-Indic digits read as 0-9."""
    return _SEPARATORS.sub("", digits.to_ascii(value))


def check_key(first_22_digits):
    return 97 - int(first_22_digits + "00") % 97


def is_valid(rib):
    return len(rib) == 24 and rib.isascii() and rib.isdigit() and int(rib[22:]) == check_key(rib[:22])


def validate_rib(value):
    rib = normalise(value)
    if len(rib) != 24 or not (rib.isascii() and rib.isdigit()):
        raise ValidationError(_("A bank account number (RIB) has exactly 24 digits."), code="rib_length")
    if not is_valid(rib):
        raise ValidationError(
            _("This bank account number (RIB) is not valid: please check every digit."), code="rib_key"
        )
    return rib


def mask(rib):
    """Only the last four digits are ever shown."""
    return "•" * (len(rib) - 4) + rib[-4:] if rib else ""
