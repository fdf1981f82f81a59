"""Digits of every script read as ASCII digits, for what members type.

A phone keyboard set to Arabic types Arabic-Indic digits (٠١٢٣…) or, in Persian layouts, extended
ones (۰۱۲۳…). A RIB or a phone number typed that way is the same number: it is read as such
instead of being refused with a message about its length.
"""

import unicodedata


def to_ascii(value):
    """Every decimal digit (Unicode category Nd, whatever its script) becomes 0-9; the rest is kept."""
    if not value:
        return value or ""
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in value)
