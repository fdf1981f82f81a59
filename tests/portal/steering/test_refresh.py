"""The refresh of the summary tables: idempotent, incremental (recent periods only, unless full),
snapshots replacing only the day's own, history pruned; the weekly sign-in trace; the command."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from portal.steering import periods, refresh
from portal.steering.choices import Unit
from portal.steering.models import ActiveWeek, Figure, Refresh
from tests.portal import factories
from tests.portal.steering.data import claim, days

pytestmark = pytest.mark.django_db

FIELDS = ("series", "unit", "period", "key", "count", "part", "median_days", "p90_days")


def _table():
    return sorted(Figure.objects.values_list(*FIELDS), key=lambda row: tuple(str(value) for value in row))


def _joined(when):
    user = factories.UserFactory()
    get_user_model().objects.filter(pk=user.pk).update(date_joined=when)
    return user


@pytest.fixture
def history():
    """A member with claims over the last months and accounts opened, so that most series have rows."""
    now = timezone.now()
    member = factories.MemberFactory(user=factories.UserFactory(), region="06")
    for n in (5, 40, 100, 150):
        received = now - days(n)
        claim(member, created=received, first=received + days(2), answered=received + days(3), status="answered")
        _joined(received)
    claim(member, created=now - days(3), status="in_progress")
    return now


def test_a_second_refresh_without_new_data_leaves_the_same_rows(history):
    first = refresh.refresh(now=history)
    before = _table()
    assert first.rows == len(before) > 0
    assert first.full

    second = refresh.refresh(now=history)
    assert _table() == before
    assert not second.full
    assert Refresh.objects.count() == 2


def test_a_second_refresh_recomputes_only_from_the_period_before_the_previous_one(history):
    refresh.refresh(now=history - days(1))
    today = periods.today(history)
    old_month = periods.back(today, Unit.MONTH, 4)
    recent_month = periods.start_of(today, Unit.MONTH)
    old = Figure.objects.get(series="accounts.created", unit=Unit.MONTH, period=old_month, key="")
    recent = Figure.objects.get(series="accounts.created", unit=Unit.MONTH, period=recent_month, key="")
    # Edited by hand (as if computed from data since deleted): an old period is not recomputed...
    Figure.objects.filter(pk__in=[old.pk, recent.pk]).update(count=999)
    _joined(history - days(1) + datetime.timedelta(minutes=5))

    second = refresh.refresh(now=history)
    assert second.since == periods.today(history - days(1))
    assert Figure.objects.get(pk=old.pk).count == 999
    # ... the recent one is, with the new account.
    assert Figure.objects.get(series="accounts.created", unit=Unit.MONTH, period=recent_month, key="").count == (
        recent.count + 1
    )

    refresh.refresh(now=history, full=True)
    assert Figure.objects.get(series="accounts.created", unit=Unit.MONTH, period=old_month, key="").count == old.count


def test_a_series_new_since_the_previous_refresh_gets_its_whole_history(history):
    refresh.refresh(now=history - days(1))
    months = set(Figure.objects.filter(series="channels.claims").values_list("period", flat=True))
    assert len(months) >= 4
    # As if the series had been registered by a feature deployed after that refresh.
    Figure.objects.filter(series="channels.claims").delete()

    refresh.refresh(now=history)
    assert set(Figure.objects.filter(series="channels.claims").values_list("period", flat=True)) == months


def _snapshot(day):
    return list(Figure.objects.filter(unit=Unit.DAY, period=day).values_list(*FIELDS).order_by("series", "key"))


def test_snapshots_replace_only_the_days_own_rows(history):
    yesterday, today = periods.today(history - days(1)), periods.today(history)
    refresh.refresh(now=history - days(1))
    refresh.refresh(now=history)
    kept = _snapshot(yesterday)
    assert kept
    assert Figure.objects.get(series="backlog.claims", unit=Unit.DAY, period=today, key="").count == 1

    claim(factories.MemberFactory(), created=history - days(2), status="submitted")
    refresh.refresh(now=history)
    assert Figure.objects.get(series="backlog.claims", unit=Unit.DAY, period=today, key="").count == 2
    assert _snapshot(yesterday) == kept


def test_history_older_than_kept_is_pruned(settings, history):
    settings.STEERING_HISTORY_MONTHS = 3
    today = periods.today(history)
    too_old, kept = periods.back(today, Unit.MONTH, 4), periods.back(today, Unit.MONTH, 2)
    Figure.objects.bulk_create(
        [Figure(series="elsewhere.counted", unit=Unit.MONTH, period=period, count=1) for period in (too_old, kept)]
    )
    user = factories.UserFactory()
    ActiveWeek.objects.bulk_create(
        [ActiveWeek(user=user, week=periods.start_of(period, Unit.WEEK)) for period in (too_old, kept)]
    )

    refresh.refresh(now=history)
    assert list(Figure.objects.filter(series="elsewhere.counted").values_list("period", flat=True)) == [kept]
    assert list(ActiveWeek.objects.values_list("week", flat=True)) == [periods.start_of(kept, Unit.WEEK)]
    assert not Figure.objects.filter(period__lt=periods.back(today, Unit.MONTH, 3)).exists()
    # The claim received 150 days ago is not in the figures any more; the one of 40 days ago is.
    months = set(Figure.objects.filter(series="channels.claims").values_list("period", flat=True))
    assert periods.start_of(periods.today(history - days(40)), Unit.MONTH) in months
    assert periods.start_of(periods.today(history - days(150)), Unit.MONTH) not in months


def _sign_in(user):
    client = Client()
    response = client.post("/fr/accounts/login/", {"login": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_a_sign_in_leaves_one_trace_per_account_and_week(db):
    member, other = factories.UserFactory(), factories.UserFactory()
    this_week = periods.start_of(periods.today(), Unit.WEEK)
    last_week = periods.shift(this_week, Unit.WEEK, -1)
    ActiveWeek.objects.create(user=member, week=last_week)

    _sign_in(member)
    _sign_in(member)
    _sign_in(other)

    assert sorted(ActiveWeek.objects.values_list("user_id", "week")) == sorted(
        [(member.pk, last_week), (member.pk, this_week), (other.pk, this_week)]
    )


def test_the_command_refreshes_and_says_how_many_figures(history):
    out = io.StringIO()
    call_command("refresh_steering", stdout=out)
    done = Refresh.objects.get()
    assert done.full and done.rows == Figure.objects.count() > 0
    assert out.getvalue().startswith(f"{done.rows} ")
    assert done.since.isoformat() in out.getvalue()

    call_command("refresh_steering", "--full", stdout=io.StringIO())
    assert Refresh.objects.order_by("-started_at").first().full
