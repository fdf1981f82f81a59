"""Queries are stored for the report without the personal data people type into them."""

import pytest

from search.privacy import scrub_query


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
