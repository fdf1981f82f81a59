"""Claims and requests by channel, per month of the fund's calendar, in the channel strategy's words."""

import datetime

import pytest

from portal.steering.choices import Channel, Unit
from tests.portal import factories
from tests.portal.steering.data import case, figures, local

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 15)
MARCH, APRIL = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)


def _counts(series, since=MARCH):
    return {key: row.count for key, row in figures(series, unit=Unit.MONTH, since=since, today=TODAY).items()}


def test_claims_by_channel_and_month():
    from tests.portal.steering.data import claim

    member = factories.MemberFactory()
    claim(member, created=local(2026, 3, 31, 23, 30), channel="web")
    claim(member, created=local(2026, 4, 1, 0, 30), channel="web")  # 31 March in UTC: April here
    claim(member, created=local(2026, 4, 3), channel="counter")
    claim(member, created=local(2026, 4, 4), channel="counter")
    claim(member, created=local(2026, 4, 5), channel="phone")
    claim(member, created=local(2026, 3, 2), channel="mail")
    claim(member, created=local(2026, 2, 28, 23, 30), channel="mail")  # before ``since``

    assert _counts("channels.claims") == {
        (MARCH, Channel.ONLINE): 1,
        (MARCH, Channel.MAIL): 1,
        (APRIL, Channel.ONLINE): 1,
        (APRIL, Channel.COUNTER): 2,
        (APRIL, Channel.PHONE): 1,
    }


def test_requests_by_channel_fold_the_online_and_the_fund_channels():
    member = factories.MemberFactory()
    case(member, submitted=local(2026, 4, 1, 0, 30), channel="web")
    case(member, submitted=local(2026, 4, 2), channel="public")
    case(member, submitted=local(2026, 4, 3), channel="employer")
    case(member, submitted=local(2026, 4, 4), channel="fund")
    case(member, submitted=local(2026, 4, 5), channel="core")
    case(member, submitted=local(2026, 3, 31, 23, 30), channel="web")
    case(member, submitted=None, status="draft")  # a draft never sent is not a request

    assert _counts("channels.cases") == {
        (MARCH, Channel.ONLINE): 1,
        (APRIL, Channel.ONLINE): 3,
        (APRIL, Channel.FUND): 2,
    }
