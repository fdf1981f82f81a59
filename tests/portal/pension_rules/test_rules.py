"""The pension rules: dated lookups, the seed after ``migrate``, the bounds an editor may not pass,
and the cache that a change in the admin clears at once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.pension_rules import schedule, seed
from portal.pension_rules.models import Parameter
from portal.pension_rules.names import BOUNDS, Key, Name, keyed_by
from tests.portal.text import shown

date = datetime.date


def test_a_value_is_the_last_row_on_or_before_the_date():
    rules = schedule.Rules(
        [
            (Name.MINIMUM_PENSION, date(2018, 1, 1), "1500"),
            (Name.MINIMUM_PENSION, date(1990, 1, 1), "1000"),  # any order
        ]
    )
    assert rules.value(Name.MINIMUM_PENSION, date(1990, 1, 1)) == Decimal("1000")
    assert rules.value(Name.MINIMUM_PENSION, date(2017, 12, 31)) == Decimal("1000")
    assert rules.value(Name.MINIMUM_PENSION, date(2018, 1, 1)) == Decimal("1500")
    assert rules.value(Name.MINIMUM_PENSION, date(2099, 1, 1)) == Decimal("1500")
    assert rules.changes(Name.MINIMUM_PENSION) == [(date(1990, 1, 1), Decimal("1000")), (date(2018, 1, 1), 1500)]
    with pytest.raises(schedule.MissingRule):
        rules.value(Name.MINIMUM_PENSION, date(1989, 12, 31))
    with pytest.raises(schedule.MissingRule):
        rules.value(Name.MAX_RATE, date(2020, 1, 1))  # no row at all


def test_whole_and_rate_read_counts_and_percentages():
    rules = schedule.from_fixture()
    assert rules.whole(Name.LEGAL_AGE_MONTHS, date(1960, 5, 1)) == 744
    assert rules.rate(Name.ACCRUAL_RATE, date(2016, 12, 1)) == Decimal("0.025")
    assert rules.rate(Name.ACCRUAL_RATE, date(2017, 1, 1)) == Decimal("0.02")


def test_the_fixture_covers_every_parameter_from_1900_within_its_bounds():
    rows = schedule.fixture_rows()
    rules = schedule.from_fixture()
    for name in Name:
        assert rules.changes(name)[0][0] == date(1900, 1, 1), name
        bounds = BOUNDS[name]
        for _applies_from, value in rules.changes(name):
            assert bounds.low <= value <= bounds.high, name
            assert not bounds.whole or value == value.to_integral_value(), name
    assert all(row["source"].strip() for row in rows)
    assert {row["name"] for row in rows} == set(Name.values)


def test_the_published_values():
    """The figures the README and the issue quote, read from the fixture."""
    rules = schedule.from_fixture()
    legal = {year: rules.whole(Name.LEGAL_AGE_MONTHS, date(year, 6, 1)) for year in range(1956, 1964)}
    assert legal == {1956: 720, 1957: 726, 1958: 732, 1959: 738, 1960: 744, 1961: 750, 1962: 756, 1963: 756}
    caps = {year: rules.whole(Name.REFERENCE_MONTHS_MAX, date(year, 1, 1)) for year in range(2016, 2022)}
    assert caps == {2016: 96, 2017: 24, 2018: 48, 2019: 72, 2020: 96, 2021: 96}
    assert [rules.value(Name.INCOME_TAX_RATE, date(year, 1, 1)) for year in (2024, 2025, 2026)] == [10, 5, 0]
    assert [rules.value(Name.MINIMUM_PENSION, date(year, 1, 1)) for year in (2017, 2018)] == [1000, 1500]
    contribution = [rules.value(Name.CONTRIBUTION_RATE, date(year, 6, 1)) for year in (2003, 2004, 2006, 2017, 2020)]
    assert contribution == [7, 8, 10, 11, 14]


def test_what_dates_each_parameter():
    assert keyed_by(Name.LEGAL_AGE_MONTHS) == Key.BIRTH
    assert keyed_by(Name.ACCRUAL_RATE) == Key.SERVICE
    assert keyed_by(Name.CONTRIBUTION_RATE) == Key.CONTRIBUTION
    assert keyed_by(Name.MINIMUM_PENSION) == Key.PENSION_START
    assert Parameter(name=Name.REFERENCE_MONTHS).keyed_by == Key.SERVICE.label


@pytest.mark.django_db
def test_migrate_wrote_the_published_parameters():
    stored = set(Parameter.objects.values_list("name", "applies_from", "value", "source"))
    published = {
        (row["name"], date.fromisoformat(row["applies_from"]), Decimal(row["value"]), row["source"])
        for row in schedule.fixture_rows()
    }
    assert stored == published


@pytest.mark.django_db
def test_the_seed_fills_an_empty_table_and_never_touches_one_with_rules():
    Parameter.objects.all().delete()
    seed.seed()
    assert Parameter.objects.count() == len(schedule.fixture_rows())
    assert schedule.load().value(Name.MINIMUM_PENSION, date(2020, 1, 1)) == 1500

    row = Parameter.objects.get(name=Name.MINIMUM_PENSION, applies_from=date(2018, 1, 1))
    row.value = Decimal("1600")
    row.save()
    Parameter.objects.filter(name=Name.HEALTH_CEILING).delete()  # an incomplete table is the fund's business
    count = Parameter.objects.count()
    seed.seed()
    assert Parameter.objects.count() == count
    assert Parameter.objects.get(pk=row.pk).value == Decimal("1600")
    assert not Parameter.objects.filter(name=Name.HEALTH_CEILING).exists()


@pytest.mark.django_db
def test_load_is_forgotten_on_save_and_delete():
    first = schedule.load()
    assert schedule.load() is first  # one query a minute
    assert first.value(Name.MINIMUM_PENSION, date(2030, 1, 1)) == 1500
    row = Parameter.objects.create(
        name=Name.MINIMUM_PENSION, applies_from=date(2030, 1, 1), value=Decimal("1800"), source="Décret de test"
    )
    assert schedule.load().value(Name.MINIMUM_PENSION, date(2030, 1, 1)) == 1800
    assert schedule.load().value(Name.MINIMUM_PENSION, date(2029, 12, 1)) == 1500
    row.delete()
    assert schedule.load().value(Name.MINIMUM_PENSION, date(2030, 1, 1)) == 1500


def _messages(error, field):
    return error.value.message_dict[field]


@pytest.mark.parametrize(
    ("name", "value", "low", "high"),
    [
        (Name.MINIMUM_PENSION, "-1", "0", "1000000"),
        (Name.MINIMUM_PENSION, "1000000.01", "0", "1000000"),
        (Name.ACCRUAL_RATE, "25", "0", "10"),  # 25 % a year: a typo of 2.5
        (Name.LEGAL_AGE_MONTHS, "63", "480", "900"),  # years typed instead of months
        (Name.MAX_RATE, "0", "1", "100"),
    ],
)
def test_clean_refuses_a_value_out_of_bounds(name, value, low, high):
    parameter = Parameter(name=name, applies_from=date(2030, 1, 1), value=Decimal(value), source="Test")
    with translation.override("ar"):
        with pytest.raises(ValidationError) as error:
            parameter.clean()
        expected = shown("Enter a value between %(low)s and %(high)s.", "ar", low=low, high=high)
        assert _messages(error, "value") == [expected]


def test_clean_refuses_a_fraction_of_a_count_and_an_old_date():
    months = Parameter(name=Name.REFERENCE_MONTHS, applies_from=date(2030, 1, 1), value=Decimal("95.5"), source="T")
    with translation.override("ar"):
        with pytest.raises(ValidationError) as error:
            months.clean()
        assert _messages(error, "value") == [shown("Enter a whole number.", "ar")]
    old = Parameter(name=Name.ACCRUAL_RATE, applies_from=date(1899, 12, 31), value=Decimal("2"), source="T")
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            old.clean()
        assert _messages(error, "applies_from") == [shown("Enter a date from 1900.", "fr")]
    Parameter(name=Name.ACCRUAL_RATE, applies_from=date(1900, 1, 1), value=Decimal("2.25"), source="T").clean()
    Parameter(name=Name.REFERENCE_MONTHS, applies_from=date(2030, 1, 1), value=Decimal("96.0000"), source="T").clean()
