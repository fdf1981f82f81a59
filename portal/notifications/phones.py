"""Phone numbers as members type them, kept in one form: E.164 (+212612345678).

Parsing is the ``phonenumbers`` library's (Google's libphonenumber metadata): a Moroccan number
typed the local way (06 12 34 56 78), with its country code (+212 6..., 00212 6...) or a foreign
one with its own code all come out the same. Digits typed on an Arabic keyboard are read as such.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.digits import to_ascii

DEFAULT_REGION = "MA"
MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def parse(raw, *, region=DEFAULT_REGION):
    """The number as E.164, or ValidationError with a message a person can act on."""
    return _format(_parsed(raw, region))


def _format(number):
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _parsed(raw, region):
    text = to_ascii(raw or "").strip()
    if not text:
        raise ValidationError(_("Enter a phone number."), code="required")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("This is not a phone number. Foreign numbers start with + and the country code."), code="invalid"
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This number does not exist. Check it, with the country code if it is not Moroccan."), code="invalid"
        )
    return number


def mobile(raw, *, region=DEFAULT_REGION):
    """A number that can receive text messages (a landline cannot), as E.164."""
    number = _parsed(raw, region)
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(_("This is a landline: text messages need a mobile number."), code="landline")
    return _format(number)


def mobile_or_empty(raw):
    """The core system's "phone on file", if it is a mobile; else nothing (it is not the member's choice)."""
    try:
        return mobile(raw)
    except ValidationError:
        return ""


def masked(e164):
    """+212 6•• ••• •78: enough for the owner to recognise it, not enough to read it over a shoulder."""
    if not e164:
        return ""
    return f"{e164[:5]}{'•' * max(len(e164) - 7, 3)}{e164[-2:]}"
