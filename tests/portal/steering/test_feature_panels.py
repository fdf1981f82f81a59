"""The features' steering series and panels, on small hand-built data: the life control's campaigns in
progress by status, and the employers' dossiers sent per month and on time. Each comes after the core
panels, and a refresh stores its figures like any other series."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from portal.casework.choices import Status
from portal.lifecontrol import services
from portal.lifecontrol import steering as lifecontrol_steering
from portal.lifecontrol.choices import CheckStatus
from portal.lifecontrol.models import Campaign, LifeCheck
from portal.partners import steering as partners_steering
from portal.partners.models import RetirementDossier
from portal.steering import panels, periods, permissions, refresh
from portal.steering.choices import Unit
from portal.steering.models import Figure
from tests.portal import factories
from tests.portal.partners import world as partners_world
from tests.portal.steering.data import case, figures, local
from tests.portal.text import shown

pytestmark = pytest.mark.django_db


def test_the_panels_come_in_their_order():
    assert [panel.slug for panel in panels.registered()] == [
        "adoption",
        "channels",
        "service",
        "backlog",
        "search",
        "life-control",
        "employers",
    ]


# --- Life control ----------------------------------------------------------------------------------


@pytest.fixture
def campaigns(db):
    """An open campaign (five pensioners abroad, statuses set by hand), an old one long over, and one
    not opened yet."""
    agent = factories.UserFactory(is_staff=True)
    today = periods.today()
    statuses = [
        CheckStatus.ACCEPTED,
        CheckStatus.ACCEPTED,
        CheckStatus.NOTIFIED,
        CheckStatus.SUBMITTED,
        CheckStatus.OVERDUE,
    ]
    members = [factories.MemberFactory(status="retired", country="FR") for _status in statuses]
    current = Campaign.objects.create(
        name="Contrôle 2027", year=2027, opens_on=today, deadline=today + datetime.timedelta(days=60), grace_days=30
    )
    services.open_campaign(current, actor=agent)
    for member, status in zip(members, statuses, strict=True):
        LifeCheck.objects.filter(campaign=current, member=member).update(status=status)
    old = Campaign.objects.create(
        name="Contrôle 2024",
        year=2024,
        opens_on=today - datetime.timedelta(days=800),
        deadline=today - datetime.timedelta(days=700),
        grace_days=30,
    )
    services.open_campaign(old, actor=agent)
    Campaign.objects.create(
        name="Contrôle 2028", year=2028, opens_on=today + datetime.timedelta(days=300), deadline=today, grace_days=30
    )
    return current, old


def test_the_checks_of_the_campaigns_in_progress_by_status(campaigns):
    current, old = campaigns
    today = periods.today()
    found = figures("lifecontrol.checks", unit=Unit.DAY, since=today, today=today)
    assert {key: row.count for (_day, key), row in found.items()} == {
        f"{current.pk}:accepted": 2,
        f"{current.pk}:notified": 1,
        f"{current.pk}:submitted": 1,
        f"{current.pk}:overdue": 1,
    }
    assert not lifecontrol_steering.in_progress(old, today)


def test_the_life_control_panel_shows_each_campaign_in_progress(campaigns):
    current, _old = campaigns
    refresh.refresh()
    built = lifecontrol_steering.build(today=periods.today())
    [block] = built["blocks"]
    table = block.table
    assert table.slug == f"life-control-{current.pk}" and block.charts
    counts = {row[0]: row[1:] for row in table.rows}
    assert counts[str(CheckStatus.ACCEPTED.label)] == [2, 40.0]
    assert counts[str(CheckStatus.NOT_CONTACTED.label)] == [0, 0.0]  # every status, zeros included
    assert table.rows[-1][1:] == [5, 100.0]


def test_without_a_campaign_in_progress_the_panel_says_so():
    [block] = lifecontrol_steering.build(today=periods.today())["blocks"]
    assert block.table.rows == [] and block.note


# --- Employers' dossiers -----------------------------------------------------------------------------


@pytest.fixture
def dossiers(db):
    """Dossiers sent in two months, on time or not, and a draft and a withdrawn one that do not count."""
    world = partners_world.build()
    this_month = periods.start_of(periods.today(), Unit.MONTH)
    last_month = periods.back(this_month, Unit.MONTH, 1)

    def dossier(member, sent, due_on, status=Status.SUBMITTED):
        request = case(member, submitted=sent, procedure="employer_dossier", channel="employer", status=status)
        return RetirementDossier.objects.create(
            case=request,
            organisation=world.ministry_a,
            member=member,
            retirement_date=due_on + datetime.timedelta(days=270),
            due_on=due_on,
        )

    def at(month, day, hour=12):
        return local(month.year, month.month, day, hour)

    servants = [partners_world.civil_servant(world.rabat, datetime.date(1964, 1, 1)) for _n in range(6)]
    # Last month: sent on its due date (on time), and one day late.
    dossier(servants[0], at(last_month, 10), last_month + datetime.timedelta(days=9))
    dossier(servants[1], at(last_month, 10), last_month + datetime.timedelta(days=8))
    # This month: 00:30 in Casablanca on its due date is the day before in UTC: still on time.
    dossier(servants[2], at(this_month, 1, 0), this_month)
    dossier(servants[3], at(this_month, 1), this_month, status=Status.WITHDRAWN)
    dossier(servants[4], None, this_month, status=Status.DRAFT)
    return this_month, last_month


def test_the_dossiers_sent_per_month_and_on_time(dossiers):
    this_month, last_month = dossiers
    found = figures("partners.on_time", unit=Unit.MONTH, since=last_month, today=periods.today())
    assert {(period, row.count, row.part) for (period, _key), row in found.items()} == {
        (last_month, 2, 1),
        (this_month, 1, 1),
    }


def test_the_employers_panel_reads_the_refreshed_figures(dossiers):
    this_month, last_month = dossiers
    refresh.refresh()
    assert Figure.objects.filter(series=partners_steering.SERIES).count() == 2
    [block] = partners_steering.build(today=periods.today())["blocks"]
    rows = {str(row[0]): row[1:] for row in block.table.rows}
    assert rows[last_month.isoformat()] == [2, 1, 50.0]
    assert rows[this_month.isoformat()] == [1, 1, 100.0]
    assert block.charts


def test_the_feature_panels_are_on_the_dashboard_after_the_core_ones(campaigns, dossiers):
    permissions.ensure_groups()
    manager = factories.UserFactory(groups=[permissions.MANAGEMENT], second_factor=True)
    refresh.refresh()
    client = Client()
    client.force_login(manager)
    soup = BeautifulSoup(client.get(reverse("steering_admin:dashboard")).content.decode(), "html.parser")
    sections = [section["id"] for section in soup.select("section.steering-panel")]
    assert sections[-2:] == ["life-control", "employers"]
    current, _old = campaigns
    assert soup.select_one(f"#table-life-control-{current.pk}") is not None
    assert shown("Life control") in soup.select_one("#life-control-heading").get_text()
    response = client.get(reverse("steering_admin:csv", kwargs={"slug": "employers-on-time"}))
    assert response.status_code == 200
