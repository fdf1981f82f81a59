"""`load_demo steering`: a year of the fund's activity behind the steering dashboard, computed at once;
loading again adds nothing."""

import io

import pytest
from django.core.management import call_command

from demo import steering
from portal.claims.models import Claim
from portal.models import Member
from portal.steering import read
from portal.steering.choices import Channel, Unit
from portal.steering.models import ActiveWeek, Figure
from search.models import QueryLog

pytestmark = pytest.mark.django_db


def _load():
    call_command("load_demo", "steering", stdout=io.StringIO())


def _online_share(months):
    counts = [sum(f.count for f in months[period].values()) for period in months]
    online = [months[period][Channel.ONLINE].count for period in months]
    return sum(online) / sum(counts)


def test_the_demo_figures_are_computed_and_have_shapes():
    _load()
    assert read.computed_at() is not None

    claims = read.figures("channels.claims", Unit.MONTH)
    periods = sorted(claims)
    assert len(periods) >= 12
    first, last = {p: claims[p] for p in periods[1:4]}, {p: claims[p] for p in periods[-4:-1]}
    assert _online_share(last) > _online_share(first) + 0.15
    assert {key for month in claims.values() for key in month} >= {"online", "counter", "phone", "mail"}

    # The linked share reaches the target band; every dimension of today's adoption has figures.
    segments, _day = read.latest_snapshot("adoption.segments")
    share = 100 * segments["all"].part / segments["all"].count
    assert 8 <= share <= 18
    assert {key.split(":")[0] for key in segments} == {"population", "region", "age", "residence", "all"}
    assert segments["residence:abroad"].count > 0 and segments["region:06"].count > 0

    # The campaign of the last 20 weeks shows: more than twice as many accounts as in the 20 before.
    weeks = read.figures("accounts.created", Unit.WEEK)
    opened = [weeks[week][""].count if week in weeks else 0 for week in read.recent_periods(Unit.WEEK, 40)]
    assert sum(opened[-steering.CAMPAIGN_WEEKS :]) > 2 * sum(opened[: -steering.CAMPAIGN_WEEKS])
    assert read.figures("accounts.active", Unit.WEEK)

    answered = read.figures("service.claims.answer", Unit.MONTH)
    total = [month[""] for month in answered.values()]
    assert all(f.median_days and f.p90_days >= f.median_days for f in total)
    assert any(f.part < f.count for f in total)  # some answered past their service level
    assert read.figures("service.cases.decision", Unit.MONTH)
    assert read.figures("service.cases.first_answer", Unit.MONTH)
    backlog, _day = read.latest_snapshot("backlog.claims")
    assert backlog[""].count > 0

    searches = read.figures("search.queries", Unit.WEEK)
    assert any(month[""].part for month in searches.values())  # some searches found nothing
    top, _day = read.latest_snapshot("search.top")
    assert any(key.startswith("zero:") for key in top)


def test_loading_again_adds_nothing():
    _load()
    counts = [model.objects.count() for model in (Member, Claim, ActiveWeek, QueryLog)]
    figures = Figure.objects.count()
    _load()
    assert [model.objects.count() for model in (Member, Claim, ActiveWeek, QueryLog)] == counts
    assert Figure.objects.count() == figures
    assert Member.objects.filter(core_id__startswith=steering.PREFIX).count() == steering.MEMBERS


def test_the_demo_members_have_their_region():
    call_command("load_demo", "members", stdout=io.StringIO())
    regions = dict(Member.objects.filter(core_id__startswith="CORE-D-000").values_list("core_id", "region"))
    assert regions["CORE-D-0001"] == "04"  # Rabat
    assert all(regions.values())
