"""Phone numbers as members type them, one E.164 form out; a landline is refused for text messages."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.notifications import phones
from tests.portal.text import shown

MOROCCAN_MOBILE = "+212612345678"


@pytest.mark.parametrize(
    "typed",
    [
        "0612345678",
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "+212612345678",
        "+212 6 12 34 56 78",
        "+212 (0)6 12 34 56 78",
        "00212612345678",
        "00 212 6 12 34 56 78",
        "212612345678",
        " 0612345678 ",
        "٠٦١٢٣٤٥٦٧٨",  # an Arabic keyboard's digits
        "+٢١٢ ٦١٢ ٣٤٥ ٦٧٨",
        "۰۶۱۲۳۴۵۶۷۸",  # a Persian layout's
    ],
)
def test_moroccan_mobile_forms(typed):
    assert phones.mobile(typed) == MOROCCAN_MOBILE


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0712345678", "+212712345678"),  # the 07 range
        ("+33 6 12 34 56 78", "+33612345678"),  # France
        ("0033 7 51 23 45 67", "+33751234567"),
        ("+34 612 34 56 78", "+34612345678"),  # Spain
        ("+32 470 12 34 56", "+32470123456"),  # Belgium
    ],
)
def test_other_mobiles(typed, expected):
    assert phones.mobile(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("0537 12 34 56", "+212537123456"), ("+33 1 42 68 53 00", "+33142685300")],
)
def test_landline_is_a_phone_number_but_not_a_mobile(typed, expected):
    assert phones.parse(typed) == expected
    with pytest.raises(ValidationError) as refused:
        phones.mobile(typed)
    assert refused.value.code == "landline"
    assert phones.mobile_or_empty(typed) == ""


@pytest.mark.parametrize(
    ("typed", "code", "msgid"),
    [
        ("", "required", "Enter a phone number."),
        ("   ", "required", "Enter a phone number."),
        (
            "hello",
            "invalid",
            "This is not a phone number. Foreign numbers start with + and the country code.",
        ),
        ("06123", "invalid", "This number does not exist. Check it, with the country code if it is not Moroccan."),
        ("0612345678901234", "invalid", None),
        ("+999 612345678", "invalid", None),
    ],
)
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_garbage_is_refused_with_a_message(typed, code, msgid, language):
    with pytest.raises(ValidationError) as refused:
        phones.mobile(typed)
    assert refused.value.code == code
    with translation.override(language):
        message = str(refused.value.message)
    assert message
    if msgid:
        assert message == shown(msgid, language)
    assert phones.mobile_or_empty(typed) == ""


def test_masked_keeps_the_country_and_the_last_two_digits():
    assert phones.masked(MOROCCAN_MOBILE).startswith("+2126")
    assert phones.masked(MOROCCAN_MOBILE).endswith("78")
    assert "1234" not in phones.masked(MOROCCAN_MOBILE)
    assert phones.masked("") == ""
