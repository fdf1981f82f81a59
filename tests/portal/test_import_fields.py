"""The export column parsers, called directly: amounts take a fast path for the common shape, same results."""

from decimal import Decimal

import pytest

from portal.importing import fields


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234.5", Decimal("1234.50")),
        ("980.00", Decimal("980.00")),
        ("0", Decimal("0.00")),
        (" 12.30 ", Decimal("12.30")),  # spaces: the full path
        ("1E+2", Decimal("100.00")),  # an exponent: the full path
        (7, Decimal("7.00")),  # a JSON number
        ("9999999999.99", Decimal("9999999999.99")),
    ],
)
def test_amounts_are_read_with_two_decimals(raw, expected):
    parsed = fields.decimal()(raw)
    assert parsed == expected
    assert parsed.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("12.345", "at most 2 decimals"),
        ("-5", "at least 0"),
        ("abc", "is not a number"),
        ("", "is not a number"),
        (None, "is not a number"),
        ("NaN", "at most 2 decimals"),
        ("10000000000", "is too large"),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(raw, reason):
    with pytest.raises(ValueError, match=reason):
        fields.decimal()(raw)


def test_the_minimum_applies_on_the_fast_path_too():
    assert fields.decimal(minimum=Decimal("10"))("10.00") == Decimal("10.00")
    with pytest.raises(ValueError, match="at least 10"):
        fields.decimal(minimum=Decimal("10"))("9.99")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("F", "F"), (" m ", "M"), ("", ""), (None, ""), ("féminin", "F"), ("Homme", "M"), ("أنثى", "F"), ("ذكر", "M")],
)
def test_sex_accepts_the_core_codes_and_the_words(raw, expected):
    assert fields.sex(raw) == expected


@pytest.mark.parametrize("raw", ["X", "female", "1", "F M"])
def test_a_bad_sex_is_refused_with_a_reason(raw):
    with pytest.raises(ValueError, match="must be F, M or empty"):
        fields.sex(raw)
