"""A campaign's figures: on a crafted campaign (every status, several countries) the table's totals
are the population and each status's count exactly; the page shows them (table and chart); the
CSVs carry the same numbers (UTF-8 with a BOM, country code and name) and the follow-up list."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal.lifecontrol import figures, permissions, services
from portal.lifecontrol.choices import CheckStatus
from portal.lifecontrol.models import Campaign, LifeCheck
from tests.portal import factories
from tests.portal.text import text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# Crafted: country -> the statuses of its pensioners (every status present, FR with several of some).
CRAFTED = {
    "FR": [
        CheckStatus.NOT_CONTACTED,
        CheckStatus.NOTIFIED,
        CheckStatus.NOTIFIED,
        CheckStatus.SUBMITTED,
        CheckStatus.ACCEPTED,
        CheckStatus.ACCEPTED,
        CheckStatus.ACCEPTED,
    ],
    "ES": [CheckStatus.REJECTED, CheckStatus.OVERDUE, CheckStatus.ACCEPTED],
    "BE": [CheckStatus.SUSPENDED, CheckStatus.REINSTATED],
    "CA": [CheckStatus.NOTIFIED],
}


@pytest.fixture
def agent(db):
    permissions.ensure_groups()
    return factories.UserFactory(groups=[permissions.LIFE_CONTROL_AGENTS], second_factor=True)


@pytest.fixture
def campaign(agent):
    number = 0
    wanted = {}
    for country, statuses in CRAFTED.items():
        for status in statuses:
            number += 1
            member = factories.MemberFactory(status="retired", country=country, pension_number=f"P{number:04d}")
            wanted[member.pk] = status
    factories.MemberFactory(status="retired", country="MA")  # at home: not in the campaign
    campaign = Campaign.objects.create(
        name="Contrôle 2027", year=2027, opens_on=TODAY, deadline=TODAY + datetime.timedelta(days=60), grace_days=30
    )
    services.open_campaign(campaign, actor=agent)
    for status in CheckStatus:
        LifeCheck.objects.filter(
            campaign=campaign, member_id__in=[pk for pk, s in wanted.items() if s == status]
        ).update(status=status)
    # Another campaign's checks are not counted.
    other = Campaign.objects.create(
        name="Autre", year=2026, opens_on=TODAY, deadline=TODAY + datetime.timedelta(days=10), grace_days=30
    )
    services.open_campaign(other, actor=agent)
    campaign.refresh_from_db()
    return campaign


def test_the_totals_are_the_population_and_each_status_exactly(campaign):
    table = figures.campaign_figures(campaign)
    assert campaign.population == 13 == table.total
    assert list(table.statuses) == list(CheckStatus)
    for status, count in table.by_status():
        assert count == LifeCheck.objects.filter(campaign=campaign, status=status).count()
        assert count == sum(statuses.count(status) for statuses in CRAFTED.values())
    rows = {row.country: row for row in table.rows}
    assert set(rows) == set(CRAFTED)
    for country, statuses in CRAFTED.items():
        assert rows[country].total == len(statuses)
        assert rows[country].counts == [statuses.count(status) for status in CheckStatus]
    assert table.rows[0].country == "FR"  # the most pensioners first
    with translation.override("fr"):
        assert figures.country_name("ES") == "Espagne"
    assert figures.country_name("ZZ") == "ZZ"


def test_the_page_shows_the_table_and_the_chart(agent, campaign):
    response = Client()
    response.force_login(agent)
    page = text(response.get(reverse("lifecontrol_admin:campaign", args=[campaign.pk])))
    with translation.override("fr"):
        labels = [str(status.label) for status in CheckStatus]  # as shown(..., context="life check")
    assert all(label in page for label in labels)
    assert 'class="lc-bars"' in page and 'aria-describedby="figures-caption"' in page
    assert 'style="inline-size: 85%"' in page  # the largest status (accepted, 4) has the longest bar
    assert "<tfoot>" in page and "<strong>13</strong>" in page


def test_the_figures_csv(agent, campaign):
    client = Client()
    client.force_login(agent)
    response = client.get(reverse("lifecontrol_admin:figures_csv", args=[campaign.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body, total = rows[0], rows[1:-1], rows[-1]
    assert len(header) == 2 + len(CheckStatus) + 1
    by_country = {row[0]: row for row in body}
    assert by_country["ES"][1] == "Espagne"  # the admin speaks French by default
    for country, statuses in CRAFTED.items():
        assert [int(value) for value in by_country[country][2:-1]] == [statuses.count(s) for s in CheckStatus]
        assert int(by_country[country][-1]) == len(statuses)
    assert int(total[-1]) == 13 == sum(int(value) for value in total[2:-1])


def test_the_checks_csv_for_follow_up(agent, campaign):
    client = Client()
    client.force_login(agent)
    reached = LifeCheck.objects.get(campaign=campaign, member__pension_number="P0001")
    services.record_postal_notice(reached, actor=agent, posted_on=TODAY)
    LifeCheck.objects.filter(pk=reached.pk).update(answered_at=timezone.now())
    response = client.get(reverse("lifecontrol_admin:checks_csv", args=[campaign.pk]))
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 13
    by_number = {row[0]: row for row in rows[1:]}
    first = by_number["P0001"]
    assert first[3:5] == ["FR", "France"] and first[6] == "1" and first[7] == TODAY.strftime("%d/%m/%Y")
    assert by_number["P0002"][6] == "0" and by_number["P0002"][7] == ""
    # The same filters as the list on the page.
    spain = client.get(reverse("lifecontrol_admin:checks_csv", args=[campaign.pk]), {"country": "ES"})
    assert len(list(csv.reader(io.StringIO(spain.content.decode("utf-8-sig"))))) == 1 + 3


def test_a_campaign_not_open_has_no_figures(agent):
    closed = Campaign.objects.create(
        name="Plus tard", year=2028, opens_on=TODAY, deadline=TODAY + datetime.timedelta(days=9), grace_days=30
    )
    client = Client()
    client.force_login(agent)
    assert client.get(reverse("lifecontrol_admin:figures_csv", args=[closed.pk])).status_code == 404
