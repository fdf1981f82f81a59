"""Queries are stored for the report without the personal data people type into them."""

import io

import pytest
from django.core.management import call_command

from search import privacy
from search.models import PersonName, QueryLog
from search.privacy import scrub_query, storable_query
from tests.portal.factories import MemberFactory


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("attestation AB123456", "attestation"),  # national ID (CIN)
        ("CIN K 12345 perdue", "cin perdue"),
        ("mon email ali.b@example.ma pension", "mon email pension"),
        ("affiliation 1234 5678 90", "affiliation"),
        ("رقم ٢٠٢٤٥٦٧٨ التقاعد", "رقم التقاعد"),  # Arabic-Indic digits
        ("RIB 0123-4567-8901-2345", "rib"),
        ("pension 2024", "pension 2024"),  # a year is not personal
        ("Pension   de   RÉVERSION", "pension de réversion"),
    ],
)
def test_scrub_query(typed, stored):
    assert scrub_query(typed) == stored


def test_scrub_query_bounds_the_length():
    assert len(scrub_query("pension " * 100)) <= 200


@pytest.fixture
def fatima(db):
    return MemberFactory(first_name="Fatima", last_name="Benali", first_name_ar="فاطمة", last_name_ar="بنعلي")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Fatima Benali pension", "pension"),
        ("pension de FATIMA BÉNALI", "pension de"),  # case and accents do not hide a name
        ("فاطمة بنعلي معاش", "معاش"),
        ("فاطمه بنعلي المعاش", "المعاش"),  # taa marbuta typed as haa
        ("benali, attestation", ", attestation"),
    ],
)
def test_member_names_are_stripped_from_stored_queries(fatima, typed, stored):
    assert storable_query(typed) == stored


def test_names_reach_the_list_on_save_and_from_the_nightly_refresh(fatima):
    assert {"fatima", "benali", "فاطمه", "بنعلي"} <= set(PersonName.objects.values_list("word", flat=True))
    PersonName.objects.all().delete()  # e.g. members loaded by the bulk importer, which sends no signal
    assert storable_query("Fatima Benali pension") == "fatima benali pension"
    call_command("search_index", "names", stdout=io.StringIO())
    assert storable_query("Fatima Benali pension") == "pension"
    fatima.delete()
    assert privacy.refresh_names()[1] >= 4  # words no member carries any more leave the list


def test_a_name_typed_into_public_search_never_reaches_the_log(fatima, client, settings):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    client.get("/fr/search/", {"q": "Fatima Benali pension"})
    client.get("/api/search/", {"q": "فاطمة بنعلي", "lang": "ar"})  # nothing but a name: nothing logged
    assert list(QueryLog.objects.values_list("query", flat=True)) == ["pension"]
