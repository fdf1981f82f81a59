"""The coming retirements of a scope: who, when, their dossier, and the birth-date window the query uses."""

import datetime

from portal.partners import scope, selectors
from portal.pension_rules import schedule
from tests.portal.partners.test_dossier_core import prepared
from tests.portal.partners.world import TODAY, civil_servant


def test_the_ministry_sees_its_units_soonest_first(world):
    rows = selectors.upcoming_retirements(scope.of_officer(world.reader), today=TODAY)
    assert [row.member for row in rows] == [world.rabat_servant, world.fes_servant]
    first, second = rows
    assert (first.retirement_date, first.due_on, first.late) == (
        datetime.date(2027, 6, 15),
        datetime.date(2026, 9, 15),
        True,  # due in September, nothing sent
    )
    assert (second.retirement_date, second.due_on, second.late) == (
        datetime.date(2027, 10, 20),
        datetime.date(2027, 1, 20),
        False,
    )
    assert first.state == "none"


def test_a_unit_officer_and_another_ministry_see_only_theirs(world):
    assert [r.member for r in selectors.upcoming_retirements(scope.of_officer(world.fes_preparer), today=TODAY)] == [
        world.fes_servant
    ]
    assert [r.member for r in selectors.upcoming_retirements(scope.of_officer(world.b_signatory), today=TODAY)] == [
        world.b_servant
    ]


def test_the_dossier_state_is_shown(world):
    prepared(world)
    rows = selectors.upcoming_retirements(scope.of_officer(world.reader), today=TODAY)
    assert rows[0].state == "draft"


def test_the_window_edges_follow_the_legal_age_by_birth_date(world):
    """The query's birth-date window is a little wider than needed; the exact age limit decides at the edges."""
    rules = schedule.load()
    # Someone whose age limit is exactly today is in; the day before today is out; 12 months ahead is in.
    births = {
        "today": datetime.date(1963, 12, 1),
        "yesterday": datetime.date(1963, 11, 30),
        "last_day": datetime.date(1964, 12, 1),
        "after": datetime.date(1964, 12, 2),
    }
    people = {name: civil_servant(world.rabat, birth) for name, birth in births.items()}
    found = {row.member.pk for row in selectors.upcoming_retirements(scope.of_officer(world.reader), today=TODAY)}
    assert people["today"].pk in found and people["last_day"].pk in found
    assert people["yesterday"].pk not in found and people["after"].pk not in found
    assert rules.whole("legal_age_months", births["today"]) == 63 * 12


def test_the_list_is_two_queries_whatever_its_length(world, django_assert_max_num_queries):
    for day in range(1, 28):
        civil_servant(world.rabat, datetime.date(1964, 3, day))
    where = scope.of_officer(world.reader)
    schedule.load()
    with django_assert_max_num_queries(3):
        rows = selectors.upcoming_retirements(where, today=TODAY)
    assert len(rows) == 29


def test_the_window_agrees_with_the_age_limit_across_the_reform_years(world):
    """While the legal age rose (60 for births before 1957, then six months a year), the list must hold exactly
    the people whose own age limit falls in the next 12 months: compared with the rule itself, person by person."""
    from portal.partners import deadlines

    today = datetime.date(2018, 3, 1)
    births = [datetime.date(1955, 1, 1) + datetime.timedelta(days=23 * n) for n in range(0, 130)]
    people = [civil_servant(world.fes, birth) for birth in births]
    rules = schedule.load()
    end = deadlines.add_months(today, 12)
    expected = {p.pk for p in people if today <= deadlines.retirement_date(p.birth_date, rules) <= end}
    found = {row.member.pk for row in selectors.upcoming_retirements(scope.of_officer(world.fes_preparer), today=today)}
    assert found == expected and len(expected) >= 5
