"""How a member's data reads in either language: isolated identifiers, one calendar, durations, typed digits."""

import datetime

import pytest
from django.utils import formats, translation

from portal import digits, rib
from portal.career import Duration
from portal.models import ChangeRequest, ChangeStatus
from portal.templatetags.portal_format import duration
from tests.portal import factories

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
MOROCCAN_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
]


def test_digits_of_any_script_read_as_ascii():
    assert digits.to_ascii("٠٦١٢ ٣٤٥٦٧٨") == "0612 345678"
    assert digits.to_ascii("۰۶۱۲") == "0612"  # extended Arabic-Indic (Persian keyboards)
    assert digits.to_ascii("AF-12") == "AF-12"
    assert digits.to_ascii(None) == ""


def test_a_rib_typed_with_arabic_indic_digits_is_the_same_rib():
    typed = "0115 1900 0001 2050 0053 4921".translate(ARABIC_INDIC)
    assert rib.validate_rib(typed) == "011519000001205000534921"


@pytest.mark.django_db
def test_a_bank_change_typed_in_arabic_indic_digits_is_accepted(client_a, file_a):
    new_rib = factories.valid_rib(424242)
    assert client_a.post("/ar/accounts/reauthenticate/", {"password": factories.PASSWORD}).status_code == 302
    response = client_a.post("/ar/portal/changes/bank_rib/", {"bank_rib": new_rib.translate(ARABIC_INDIC)})
    assert response.status_code == 302
    change = ChangeRequest.objects.get(member=file_a)
    assert change.status == ChangeStatus.PENDING
    assert change.new_value == {"bank_rib": new_rib}


@pytest.mark.parametrize(
    ("lang", "years", "months", "expected"),
    [
        ("ar", 18, 10, "18 سنة و10 أشهر"),
        ("ar", 1, 2, "سنة واحدة وشهران"),
        ("ar", 2, 0, "سنتان"),
        ("ar", 0, 11, "11 شهرا"),
        ("ar", 38, 0, "38 سنة"),
        ("fr", 18, 10, "18 ans et 10 mois"),
        ("fr", 1, 1, "1 an et 1 mois"),
        ("fr", 0, 0, "0 mois"),
    ],
)
def test_a_duration_has_the_grammar_of_its_language(lang, years, months, expected):
    with translation.override(lang):
        assert duration(Duration(years, months)) == expected


def test_arabic_dates_use_the_moroccan_months_day_first():
    with translation.override("ar"):
        names = [formats.date_format(datetime.date(2026, month, 1), "F") for month in range(1, 13)]
        assert names == MOROCCAN_MONTHS
        assert formats.date_format(datetime.date(2026, 12, 22), "DATE_FORMAT") == "22 دجنبر 2026"
        assert formats.date_format(datetime.date(2026, 12, 22), "SHORT_DATE_FORMAT") == "22/12/2026"
        assert formats.number_format(9658.08, 2, force_grouping=True) == "9\xa0658,08"
    with translation.override("fr"):
        assert formats.date_format(datetime.date(2026, 12, 22), "DATE_FORMAT") == "22 décembre 2026"


@pytest.mark.django_db
def test_the_arabic_dashboard_isolates_latin_and_numeric_data(client_a, file_a, client_b):
    page = client_a.get("/ar/portal/").content.decode()
    for value in (file_a.affiliation_number, file_a.national_id, file_a.phone, file_a.email, file_a.masked_rib):
        assert f'<bdi dir="ltr">{value}</bdi>' in page, value
    assert f"<bdi>{file_a.address_line}</bdi>" in page
    assert f"<bdi>{file_a.postal_code} {file_a.city}</bdi>" in page
    with translation.override("ar"):
        from portal import career

        length = duration(career.total_service(file_a.career_periods.all()))
    assert f"مدة الخدمة: {length}." in page
    assert "years and" not in page
    # Another member's dashboard shows nothing of this file.
    assert file_a.national_id not in client_b.get("/ar/portal/").content.decode()


@pytest.mark.django_db
def test_arabic_payment_months_are_moroccan(client_a, file_a):
    payment = file_a.payments.first()
    page = client_a.get(f"/ar/portal/payments/{payment.period.year}/").content.decode()
    assert f"{MOROCCAN_MONTHS[payment.period.month - 1]} {payment.period.year}" in page
