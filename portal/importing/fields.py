"""Parsers for export columns: each returns the Python value or raises ValueError with a clear reason."""

import datetime
import json
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from portal import rib as rib_rules
from portal.models import DeductionKind, Sex


def text(max_length, *, required=True, upper=False):
    def parse(value):
        value = "" if value is None else str(value).strip()
        if required and not value:
            raise ValueError("is required")
        if len(value) > max_length:
            raise ValueError(f"is longer than {max_length} characters")
        return value.upper() if upper else value

    return parse


def date(*, required=True):
    def parse(value):
        value = "" if value is None else str(value).strip()
        if not value:
            if required:
                raise ValueError("is required")
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"is not a date in the form YYYY-MM-DD: {value!r}") from None

    return parse


def month(value):
    """A month (YYYY-MM, or a full date) stored as its first day."""
    value = "" if value is None else str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}", value):
        value += "-01"
    parsed = date()(value)
    return parsed.replace(day=1)


# The shape of nearly every amount in an export ("1234.5", "980.00"): such a string needs no further
# checks, which matters at 7.7 million payments with four amounts each. Anything else (exponents,
# signs, spaces, too many decimals) takes the full path below, with its precise error messages.
_PLAIN_AMOUNT = re.compile(r"\d{1,10}(?:\.\d{1,2})?")
_CENT = Decimal("0.01")


def decimal(*, minimum=Decimal("0")):
    def parse(value):
        if type(value) is str and _PLAIN_AMOUNT.fullmatch(value):
            number = Decimal(value)
            if number >= minimum:
                return number.quantize(_CENT)
        raw = "" if value is None else str(value).strip()
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise ValueError(f"is not a number: {raw!r}") from None
        if not number.is_finite() or number < minimum or number.as_tuple().exponent < -2:
            raise ValueError(f"is not an amount with at most 2 decimals, at least {minimum}: {raw!r}")
        if abs(number) >= Decimal("1e10"):
            raise ValueError(f"is too large: {raw!r}")
        return number.quantize(_CENT)

    return parse


def integer(minimum, maximum):
    def parse(value):
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(f"is not a whole number: {value!r}") from None
        if not minimum <= number <= maximum:
            raise ValueError(f"must be between {minimum} and {maximum}")
        return number

    return parse


_TRUE = frozenset({"1", "true", "t", "yes", "y", "oui", "o"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "non"})


def boolean(*, default):
    """1/0, true/false, yes/no, oui/non (or a JSON boolean); empty or missing gives ``default``."""

    def parse(value):
        if isinstance(value, bool):
            return value
        raw = "" if value is None else str(value).strip().lower()
        if not raw:
            return default
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        raise ValueError(f"must be 1 or 0 (true or false): {raw!r}")

    return parse


def choice(choices):
    allowed = list(choices)
    allowed_set = frozenset(allowed)

    def parse(value):
        value = "" if value is None else str(value).strip()
        if value not in allowed_set:
            raise ValueError(f"must be one of {', '.join(allowed)}: {value!r}")
        return value

    return parse


# The core system writes F or M; some older extracts spell the word out, in French or Arabic.
_SEX_WORDS = {
    "f": Sex.FEMALE,
    "femme": Sex.FEMALE,
    "féminin": Sex.FEMALE,
    "أنثى": Sex.FEMALE,
    "m": Sex.MALE,
    "homme": Sex.MALE,
    "masculin": Sex.MALE,
    "ذكر": Sex.MALE,
}


def sex(value):
    """F, M or blank (not known: the portal then keeps its neutral wording)."""
    raw = "" if value is None else str(value).strip()
    if not raw:
        return ""
    try:
        return _SEX_WORDS[raw.lower()]
    except KeyError:
        raise ValueError(f"must be F, M or empty: {raw!r}") from None


def country(value):
    """An ISO 3166 alpha-2 code; Morocco when the export leaves it empty (older exports lack the column)."""
    from django_countries import countries

    raw = "" if value is None else str(value).strip().upper()
    if not raw:
        return "MA"
    if raw not in countries:
        raise ValueError(f"is not an ISO 3166 country code: {raw!r}")
    return raw


def email(value):
    value = "" if value is None else str(value).strip()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise ValueError(f"is not an e-mail address: {value!r}") from None
    return value.lower()


def bank_rib(value):
    # An export's RIB is nearly always 24 plain digits already: only the others need normalising (a fifth of the
    # members' checks at 1.6 million rows went into looking for other scripts' digits in plain ones).
    if not (type(value) is str and value.isascii() and value.isdigit()):
        value = rib_rules.normalise("" if value is None else str(value))
    if value and not rib_rules.is_valid(value):
        raise ValueError("is not a valid 24-digit RIB (check key)")
    return value


_DEDUCTION_KINDS = frozenset(DeductionKind.values)
_amount = decimal()


def deductions(value):
    """JSON lines: a list of {"kind", "amount"}. CSV: "amo:123.45;ir:50" (kind:amount pairs)."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("["):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                raise ValueError("is not valid JSON") from None
        else:
            pairs = [part.split(":", 1) for part in value.split(";") if part.strip()]
            if any(len(pair) != 2 for pair in pairs):
                raise ValueError("must be kind:amount pairs separated by ';'")
            value = [{"kind": kind.strip(), "amount": amount.strip()} for kind, amount in pairs]
    if not isinstance(value, list):
        raise ValueError("must be a list")
    items = []
    for item in value:
        if not isinstance(item, dict) or item.get("kind") not in _DEDUCTION_KINDS:
            raise ValueError(f"has an unknown deduction kind (allowed: {', '.join(DeductionKind.values)})")
        items.append({"kind": item["kind"], "amount": str(_amount(item.get("amount")))})
    return items
