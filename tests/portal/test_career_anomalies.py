"""The career flags: one crafted career per kind, what is NOT a flag, what the member reads, stable keys.

Pure: unsaved model instances and the published rules (no database), except the last test.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import formats, translation

from portal import career_anomalies
from portal.career_anomalies import Anomaly, Kind, find
from portal.models import CareerPeriod, ContributionYear
from portal.pension_rules import schedule
from tests.portal import factories
from tests.portal.text import shown

ISOLATES = str.maketrans("", "", "\u2068\u2069")


def describe(anomaly):
    """The texts as read: the isolates around figures and names (see the last test) are invisible."""
    return tuple(text.translate(ISOLATES) for text in career_anomalies.describe(anomaly))


date = datetime.date
RULES = schedule.from_fixture()
TODAY = date(2026, 6, 15)


def period(start, end, salary="10000", administration="Ministère de l'Éducation nationale"):
    return CareerPeriod(
        start_date=start, end_date=end, contribution_base=Decimal(salary), administration=administration
    )


def paid(year, amount):
    amount = Decimal(amount)
    return ContributionYear(year=year, contribution_base=amount * 10, employee_amount=amount, employer_amount=amount)


def full_years(first, last, salary=Decimal("10000")):
    """The contributions a salary implies, year by year (a clean record)."""
    return [
        paid(year, salary * 12 * RULES.rate("contribution_rate", date(year, 1, 1))) for year in range(first, last + 1)
    ]


def flags(periods, years=None, *, affiliation=None, today=TODAY):
    if years is None:
        first = min(p.start_date for p in periods).year
        years = full_years(first, today.year - 1)
    return find(periods=periods, years=years, affiliation_date=affiliation, today=today, rules=RULES)


def kinds(found):
    return [(anomaly.kind, anomaly.start, anomaly.end) for anomaly in found]


def test_a_clean_career_has_no_flag():
    career = [period(date(2000, 1, 1), date(2012, 8, 31)), period(date(2012, 9, 1), None, "11000")]
    years = full_years(2000, 2011) + [
        paid(2012, Decimal("10000") * 8 * Decimal("0.10") + Decimal("11000") * 4 * Decimal("0.10")),
        *[
            paid(year, Decimal("11000") * 12 * RULES.rate("contribution_rate", date(year, 1, 1)))
            for year in range(2013, 2026)
        ],
    ]
    assert flags(career, years, affiliation=date(2000, 1, 1)) == []


def test_a_whole_month_without_any_period_is_a_gap():
    career = [period(date(2000, 1, 1), date(2005, 3, 31)), period(date(2005, 5, 1), None)]
    found = flags(career)
    assert kinds(found) == [(Kind.GAP, date(2005, 4, 1), date(2005, 4, 30))]
    assert found[0].details == {"months": 1}
    assert found[0].key == "gap:2005-04-01:2005-04-30"


def test_a_few_days_between_two_posts_are_not_a_gap():
    career = [period(date(2000, 1, 1), date(2005, 3, 20)), period(date(2005, 4, 10), None)]
    assert flags(career) == []
    back_to_back = [period(date(2000, 1, 1), date(2005, 3, 31)), period(date(2005, 4, 1), None)]
    assert flags(back_to_back) == []


def test_several_months_without_a_period_are_one_gap():
    career = [period(date(2000, 1, 1), date(2003, 10, 15)), period(date(2004, 3, 2), None)]
    found = [anomaly for anomaly in flags(career) if anomaly.kind == Kind.GAP]
    assert kinds(found) == [(Kind.GAP, date(2003, 11, 1), date(2004, 2, 29))]
    assert found[0].details == {"months": 4}


def test_two_periods_at_once_are_an_overlap():
    career = [
        period(date(2000, 1, 1), date(2010, 6, 30), administration="Ministère de la Santé"),
        period(date(2008, 1, 1), None, administration="Agence de détachement"),
    ]
    found = flags(career)
    assert kinds(found) == [(Kind.OVERLAP, date(2008, 1, 1), date(2010, 6, 30))]
    assert found[0].details == {"first": "Ministère de la Santé", "second": "Agence de détachement"}
    # The months count once: contributions on one salary are what is expected, not a shortfall.
    assert not [anomaly for anomaly in found if anomaly.kind == Kind.LOW_CONTRIBUTIONS]


def test_years_served_without_contributions_are_grouped_when_consecutive():
    career = [period(date(2000, 1, 1), None)]
    years = [row for row in full_years(2000, 2025) if row.year not in (2003, 2004, 2005, 2008)]
    years.append(paid(2008, "0"))  # a row with nothing paid is no contribution either
    found = flags(career, years)
    assert kinds(found) == [
        (Kind.NO_CONTRIBUTIONS, date(2003, 1, 1), date(2005, 12, 31)),
        (Kind.NO_CONTRIBUTIONS, date(2008, 1, 1), date(2008, 12, 31)),
    ]
    assert found[0].details == {"first_year": 2003, "last_year": 2005}
    # The current year is not over: its contributions are not expected yet.
    assert not [anomaly for anomaly in found if anomaly.start.year == TODAY.year]


def test_contributions_lower_than_the_salary_implies_by_more_than_a_month():
    """2010 at 10 %: 12 × 10,000 × 10 % = 12,000 expected; a month's worth is 1,000."""
    career = [period(date(2000, 1, 1), None)]
    low = [row for row in full_years(2000, 2025) if row.year != 2010] + [paid(2010, "10999.99")]
    found = flags(career, low)
    assert kinds(found) == [(Kind.LOW_CONTRIBUTIONS, date(2010, 1, 1), date(2010, 12, 31))]
    assert found[0].details == {
        "year": 2010,
        "expected": Decimal("12000.00"),
        "recorded": Decimal("10999.99"),
        "rate": Decimal("10"),
    }
    within_a_month = [row for row in full_years(2000, 2025) if row.year != 2010] + [paid(2010, "11000")]
    assert flags(career, within_a_month) == []


def test_a_first_year_starting_mid_month_is_not_low():
    """From 15 March 2010: the file's months count March whole (10 months, 10,000 expected), the core
    system paid 9.5 months (9,500): less than a month's worth apart, not a flag."""
    career = [period(date(2010, 3, 15), None)]
    years = [paid(2010, "9500"), *full_years(2011, 2025)]
    assert flags(career, years) == []


def test_a_salary_down_by_more_than_ten_percent_is_flagged():
    career = [period(date(2000, 1, 1), date(2009, 12, 31), "10000"), period(date(2010, 1, 1), None, "8500")]
    years = full_years(2000, 2009) + full_years(2010, 2025, salary=Decimal("8500"))
    found = flags(career, years)
    assert kinds(found) == [(Kind.SALARY_DROP, date(2010, 1, 1), None)]
    assert found[0].details == {"before": Decimal("10000"), "after": Decimal("8500"), "share": 15}
    assert found[0].key == "salary_drop:2010-01-01:"
    small = [period(date(2000, 1, 1), date(2009, 12, 31), "10000"), period(date(2010, 1, 1), None, "9000")]
    years = full_years(2000, 2009) + full_years(2010, 2025, salary=Decimal("9000"))
    assert flags(small, years) == []  # exactly 10 %: not more than


def test_a_period_before_the_affiliation_date_is_flagged():
    career = [
        period(date(1998, 9, 1), date(1999, 12, 31), administration="Commune de Salé"),
        period(date(2000, 1, 1), None),
    ]
    found = flags(career, affiliation=date(2000, 1, 1))
    assert kinds(found) == [(Kind.BEFORE_AFFILIATION, date(1998, 9, 1), date(1999, 12, 31))]
    assert found[0].details == {"administration": "Commune de Salé", "affiliation_date": date(2000, 1, 1)}
    assert flags(career, affiliation=None) == []  # no affiliation date in the file: nothing to compare


def test_flags_come_in_date_order_and_keys_are_stable():
    career = [
        period(date(1998, 9, 1), date(2005, 3, 31), "10000"),
        period(date(2005, 5, 1), date(2012, 12, 31), "8000"),
        period(date(2012, 6, 1), None, "8000"),
    ]
    first = flags(career, affiliation=date(2000, 1, 1))
    assert [anomaly.start for anomaly in first] == sorted(anomaly.start for anomaly in first)
    assert {anomaly.kind for anomaly in first} >= {Kind.BEFORE_AFFILIATION, Kind.GAP, Kind.SALARY_DROP, Kind.OVERLAP}
    again = flags(list(reversed(career)), affiliation=date(2000, 1, 1))
    assert [anomaly.key for anomaly in again] == [anomaly.key for anomaly in first]
    assert len({anomaly.key for anomaly in first}) == len(first)
    # The key names the flag, not its figures: a corrected amount elsewhere keeps it.
    assert Anomaly(Kind.GAP, date(2005, 4, 1), date(2005, 4, 30), {"months": 1}).key == "gap:2005-04-01:2005-04-30"


EXAMPLES = {
    Kind.GAP: Anomaly(Kind.GAP, date(2005, 4, 1), date(2005, 4, 30), {"months": 1}),
    Kind.OVERLAP: Anomaly(
        Kind.OVERLAP, date(2008, 1, 1), date(2010, 6, 30), {"first": "Ministère de la Santé", "second": "Agence"}
    ),
    Kind.NO_CONTRIBUTIONS: Anomaly(
        Kind.NO_CONTRIBUTIONS, date(2003, 1, 1), date(2005, 12, 31), {"first_year": 2003, "last_year": 2005}
    ),
    Kind.LOW_CONTRIBUTIONS: Anomaly(
        Kind.LOW_CONTRIBUTIONS,
        date(2010, 1, 1),
        date(2010, 12, 31),
        {"year": 2010, "expected": Decimal("12000.00"), "recorded": Decimal("10999.99"), "rate": Decimal("10.00")},
    ),
    Kind.SALARY_DROP: Anomaly(
        Kind.SALARY_DROP, date(2010, 1, 1), None, {"before": Decimal("10000"), "after": Decimal("8500"), "share": 15}
    ),
    Kind.BEFORE_AFFILIATION: Anomaly(
        Kind.BEFORE_AFFILIATION,
        date(1998, 9, 1),
        date(1999, 12, 31),
        {"administration": "Commune de Salé", "affiliation_date": date(2000, 1, 1)},
    ),
}


def _day(day):
    return formats.date_format(day, "DATE_FORMAT")


def _amount(value):
    return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_describe_gives_a_title_and_the_figures_in_the_language(language):
    assert set(EXAMPLES) == set(Kind.ALL)
    with translation.override(language):
        described = {kind: describe(anomaly) for kind, anomaly in EXAMPLES.items()}
        span = {"start": _day(date(2005, 4, 1)), "end": _day(date(2005, 4, 30))}
        assert described[Kind.GAP][0] == shown("No period from %(start)s to %(end)s", language, **span)
        overlap = {"start": _day(date(2008, 1, 1)), "end": _day(date(2010, 6, 30))}
        assert described[Kind.OVERLAP][0] == shown("Two periods at once from %(start)s to %(end)s", language, **overlap)
        assert "Ministère de la Santé" in described[Kind.OVERLAP][1] and "Agence" in described[Kind.OVERLAP][1]
        assert described[Kind.NO_CONTRIBUTIONS][0] == shown(
            "No contributions recorded for %(years)s", language, years="2003–2005"
        )
        low_title, low_text = described[Kind.LOW_CONTRIBUTIONS]
        assert low_title == shown("Contributions lower than your salary implies in %(year)s", language, year=2010)
        assert _amount(Decimal("12000.00")) in low_text and _amount(Decimal("10999.99")) in low_text
        assert formats.number_format(Decimal("10")) in low_text
        drop_title, drop_text = described[Kind.SALARY_DROP]
        assert drop_title == shown(
            "Salary down by %(share)s %% from %(start)s", language, share=15, start=_day(date(2010, 1, 1)), end=""
        )
        assert _amount(Decimal("10000")) in drop_text and _amount(Decimal("8500")) in drop_text
        assert "Commune de Salé" in described[Kind.BEFORE_AFFILIATION][1]
        assert _day(date(2000, 1, 1)) in described[Kind.BEFORE_AFFILIATION][1]
    for title, meaning in described.values():
        assert title.strip() and len(meaning) > 40


def test_one_year_without_contributions_is_named_alone():
    with translation.override("fr"):
        title, _meaning = describe(
            Anomaly(
                Kind.NO_CONTRIBUTIONS,
                date(2008, 1, 1),
                date(2008, 12, 31),
                {
                    "first_year": 2008,
                    "last_year": 2008,
                },
            )
        )
        assert title == shown("No contributions recorded for %(years)s", "fr", years="2008")


@pytest.mark.django_db
def test_for_member_reads_the_file():
    member = factories.MemberFactory(affiliation_date=date(2001, 1, 1))
    factories.CareerPeriodFactory(member=member, start_date=date(2000, 1, 1), end_date=date(2009, 12, 31))
    factories.CareerPeriodFactory(member=member, start_date=date(2011, 1, 1), end_date=None)
    other = factories.MemberFactory()  # another member's file plays no part
    factories.CareerPeriodFactory(member=other, start_date=date(2010, 1, 1), end_date=None)
    for year in range(2000, 2026):
        member.contribution_years.create(
            year=year, contribution_base=Decimal("84000"), employee_amount=Decimal("50000"), employer_amount=0
        )
    member.contribution_years.filter(year=2010).delete()
    found = career_anomalies.for_member(member, today=TODAY, rules=RULES)
    assert kinds(found) == [
        (Kind.BEFORE_AFFILIATION, date(2000, 1, 1), date(2009, 12, 31)),
        (Kind.GAP, date(2010, 1, 1), date(2010, 12, 31)),
    ]


def test_figures_and_names_are_isolated_from_the_arabic_sentence():
    anomaly = Anomaly(
        Kind.SALARY_DROP, date(2012, 1, 1), None, {"before": Decimal("9000"), "after": Decimal("7000"), "share": 22}
    )
    with translation.override("ar"):
        title, meaning = career_anomalies.describe(anomaly)
        assert "\u2068" + formats.date_format(date(2012, 1, 1), "DATE_FORMAT") + "\u2069" in title
    assert meaning.count("\u2068") == 2 and meaning.count("\u2069") == 2
