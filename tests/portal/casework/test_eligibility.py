"""The eligibility rules as plain functions, with worked examples (the figures are the pension rules
as seeded after migrate: ``portal.pension_rules``)."""

import datetime

import pytest
from django.test import override_settings

from portal.career import Duration
from portal.casework import eligibility
from portal.models import MemberStatus, Sex

D = datetime.date

pytestmark = pytest.mark.django_db


def test_the_age_limit_is_reached_on_the_63rd_birthday():
    assert eligibility.age_limit_date(D(1964, 6, 15)) == D(2027, 6, 15)
    # Born on 29 February: the birthday of a common year is the 28th.
    assert eligibility.age_limit_date(D(1964, 2, 29)) == D(2027, 2, 28)


def test_adding_months_keeps_the_day_or_takes_the_last_one():
    assert eligibility.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert eligibility.add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert eligibility.add_months(D(2027, 6, 15), -12) == D(2026, 6, 15)
    assert eligibility.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


@override_settings(LANGUAGE_CODE="en")
def test_the_pension_at_the_age_limit_opens_12_months_before():
    born = D(1964, 6, 15)  # age limit 15 June 2027
    kwargs = {"status": MemberStatus.CONTRIBUTING, "birth_date": born}
    early = eligibility.pension_at_age_limit(today=D(2026, 6, 14), **kwargs)
    assert not early and early.from_date == D(2026, 6, 15)
    assert eligibility.pension_at_age_limit(today=D(2026, 6, 15), **kwargs)
    # After the date (a late application) it stays open.
    assert eligibility.pension_at_age_limit(today=D(2027, 9, 1), **kwargs)
    retired = eligibility.pension_at_age_limit(status=MemberStatus.RETIRED, birth_date=born, today=D(2027, 1, 1))
    assert not retired and retired.from_date is None


def test_early_retirement_needs_30_years_or_25_for_a_woman():
    contributing = {"status": MemberStatus.CONTRIBUTING, "in_service": True, "today": D(2026, 12, 1)}
    assert eligibility.early_retirement(sex=Sex.MALE, service=Duration(30, 0), **contributing)
    assert not eligibility.early_retirement(sex=Sex.MALE, service=Duration(29, 11), **contributing)
    assert eligibility.early_retirement(sex=Sex.FEMALE, service=Duration(25, 0), **contributing)
    # No sex on file: the general rule.
    assert not eligibility.early_retirement(sex="", service=Duration(25, 0), **contributing)


def test_early_retirement_says_from_when_for_a_member_still_in_service():
    # 29 years and 10 months counted up to December 2026 (December included): two months are
    # missing, January and February 2027. A month touched counts whole (as the career page counts
    # it), so on 1 February 2027 the file counts 30 years: the right opens that day.
    answer = eligibility.early_retirement(
        status=MemberStatus.CONTRIBUTING, sex=Sex.MALE, service=Duration(29, 10), in_service=True, today=D(2026, 12, 1)
    )
    assert not answer and answer.from_date == D(2027, 2, 1)


def test_early_retirement_for_someone_who_left_points_to_the_refund():
    answer = eligibility.early_retirement(
        status=MemberStatus.CONTRIBUTING, sex=Sex.MALE, service=Duration(10, 0), in_service=False, today=D(2026, 12, 1)
    )
    assert not answer and answer.from_date is None and "refund" in answer.reason


def test_the_refund_is_for_those_leaving_before_15_years():
    contributing = MemberStatus.CONTRIBUTING
    today = D(2026, 12, 1)
    assert eligibility.contributions_refund(status=contributing, service=Duration(14, 11), today=today)
    assert not eligibility.contributions_refund(status=contributing, service=Duration(15, 0), today=today)
    assert not eligibility.contributions_refund(status=MemberStatus.RETIRED, service=Duration(3, 0), today=today)
