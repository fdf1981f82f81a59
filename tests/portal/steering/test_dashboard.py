"""The steering dashboard shows the figures of the summary tables: each panel's tables hold the numbers
of hand-built ``Figure`` rows, each CSV is its table, the page reads right to left in Arabic, says
when the figures were computed (or that they were not yet), and opens with a fixed number of queries.
"""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page
from wagtail.users.models import UserProfile

from portal.casework import procedures
from portal.claims.choices import Category
from portal.models import MemberStatus
from portal.regions import Region
from portal.steering import dashboard, permissions, read
from portal.steering.choices import Channel, Unit
from portal.steering.models import Figure, Refresh
from tests.portal import factories
from tests.portal.text import shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    permissions.ensure_groups()
    return factories.UserFactory(username="direction@fund.example", groups=[permissions.MANAGEMENT], second_factor=True)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def figure(series, unit, period, key="", count=0, part=None, median=None, p90=None):
    return Figure.objects.create(
        series=series, unit=unit, period=period, key=key, count=count, part=part, median_days=median, p90_days=p90
    )


def computed():
    now = timezone.now()
    return Refresh.objects.create(started_at=now, finished_at=now, since=datetime.date(2024, 1, 1), full=True, rows=1)


@pytest.fixture
def world(db):
    """A day's worth of figures, as a refresh would have written them."""
    today = read.recent_periods(Unit.DAY, 1)[0]
    week = read.recent_periods(Unit.WEEK, 1)[0]
    month, last_month = read.recent_periods(Unit.MONTH, 2)[::-1]
    figure("accounts.created", Unit.WEEK, week, count=12)
    figure("accounts.linked", Unit.WEEK, week, count=5)
    figure("accounts.active", Unit.WEEK, week, count=30)
    figure("accounts.active", Unit.WEEK, week, key="retired", count=18)
    for key, count, part in (
        ("all", 1000, 120),
        ("population:retired", 400, 80),
        ("population:contributing", 600, 40),
        ("region:06", 300, 45),
        ("region:unknown", 50, 2),
        ("age:60-69", 200, 30),
        ("residence:abroad", 100, 25),
        ("residence:morocco", 900, 95),
    ):
        figure("adoption.segments", Unit.DAY, today, key, count, part)
    figure("channels.claims", Unit.MONTH, month, Channel.ONLINE, 30)
    figure("channels.claims", Unit.MONTH, month, Channel.COUNTER, 10)
    figure("channels.cases", Unit.MONTH, month, Channel.ONLINE, 20)
    figure("channels.cases", Unit.MONTH, month, Channel.FUND, 5)
    figure("service.claims.answer", Unit.MONTH, last_month, Category.PAYMENTS, 10, 8, 3.5, 9.0)
    figure("service.claims.answer", Unit.MONTH, last_month, "", 12, 9, 4.0, 10.0)
    figure("service.cases.first_answer", Unit.MONTH, last_month, "pension_age_limit", 4, None, 2.0, 5.5)
    figure("service.cases.first_answer", Unit.MONTH, last_month, "", 4, None, 2.0, 5.5)
    figure("backlog.claims", Unit.DAY, today, "0-7", 5, 0)
    figure("backlog.claims", Unit.DAY, today, "91-plus", 3, 3)
    figure("backlog.claims", Unit.DAY, today, "", 8, 3)
    figure("search.queries", Unit.WEEK, week, "", 200, 20)
    figure("search.top", Unit.DAY, today, "q:retraite", 40, 12)
    figure("search.top", Unit.DAY, today, "q:=cmd()", 11, 0)
    figure("search.top", Unit.DAY, today, "zero:xyzzy", 7)
    root = Page.objects.get(depth=1)
    figure("search.pages", Unit.DAY, today, f"page:{root.pk}", 15)
    figure("search.pages", Unit.DAY, today, "never", 30, 100)
    computed()
    return {"today": today, "week": week, "month": month, "last_month": last_month, "root": root}


def tables(response):
    """{table id: [[cell text]]} of the page (header row first)."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return {
        table["id"].removeprefix("table-"): [
            [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")
        ]
        for table in soup.select("table.steering-table")
    }


def row_of(table, label):
    return next(row for row in table if row[0] == label)


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_each_panel_shows_its_figures_in_its_table(manager, world):
    with translation.override("fr"):
        response = logged_in(manager).get(reverse("steering_admin:dashboard"))
    assert response.status_code == 200
    found = tables(response)
    weekly = found["adoption-weekly"]
    assert len(weekly) == 1 + dashboard.WEEKS and weekly[-1][1:] == ["12", "5", "30"]
    assert found["adoption-share"][-1][1:] == ["1\xa0000", "120", "12,0"]
    population = found["adoption-population"]
    assert row_of(population, shown(MemberStatus.RETIRED.label))[1:] == ["400", "80", "20,0"]
    assert population[-1] == [shown("All members"), "1\xa0000", "120", "12,0"]
    region = found["adoption-region"]
    assert row_of(region, shown(Region.CASABLANCA_SETTAT.label))[1:] == ["300", "45", "15,0"]
    assert row_of(region, shown("Unknown"))[1:] == ["50", "2", "4,0"]
    assert row_of(found["adoption-age"], shown("60 to 69"))[1:] == ["200", "30", "15,0"]
    assert [row[0] for row in found["adoption-residence"][1:3]] == [shown("Morocco"), shown("Abroad")]
    channels = found["channels-monthly"]
    assert channels[0][1:6] == [shown(channel.label) for channel in Channel]
    assert channels[-1][1:] == ["50", "10", "0", "0", "5", "65", "76,9"]
    answer = found["service-claims-answer"]
    assert row_of(answer, shown(Category.PAYMENTS.label))[1:] == ["10", "3,5", "9,0", "80,0"]
    assert answer[-1] == [shown("All"), "12", "4,0", "10,0", "75,0"]
    first_move = found["service-cases-first-answer"]
    with translation.override("fr"):
        title = str(procedures.get("pension_age_limit").title)
    assert row_of(first_move, title)[1:] == ["4", "2,0", "5,5"]  # no service level for a first move
    assert found["backlog-claims"][1:] == [
        [shown("0 to 7 days"), "5", "0"],
        [shown("91 days or more"), "3", "3"],
        [shown("Total"), "8", "3"],
    ]
    assert found["search-weekly"][-1][1:] == ["200", "20", "10,0"]
    assert found["search-top"][1:] == [["retraite", "40", "12"], ["=cmd()", "11", "0"]]
    assert found["search-zero-queries"][1:] == [["xyzzy", "7"]]
    assert found["search-pages"][1:] == [[world["root"].title, "15"]]
    assert found["search-never"][1:] == [["100", "30", "30,0"]]
    assert "backlog-cases" not in found  # no figure: "no figures for this yet", no empty table


def test_the_page_has_its_charts_contents_and_computed_time(manager, world):
    response = logged_in(manager).get(reverse("steering_admin:dashboard"), HTTP_ACCEPT_LANGUAGE="fr")
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert [a["href"] for a in soup.select(".steering-toc a")][:5] == [
        "#adoption",
        "#channels",
        "#service",
        "#backlog",
        "#search",
    ]
    assert soup.select_one("#steering-computed") is not None
    charts = soup.select("svg.steering-svg[role=img]")
    assert {"chart-adoption-weekly", "chart-adoption-share", "chart-channels-monthly", "chart-backlog-claims"} <= {
        svg["id"] for svg in charts
    }
    for svg in charts:
        assert svg.find("title").get_text() and svg.find("desc").get_text()
    # No style attribute anywhere in the dashboard's own markup (the site's policy would refuse them).
    assert not soup.select(".steering [style]")
    # The target band is drawn and named.
    assert soup.select_one("#chart-adoption-share .steering-band") is not None


def test_a_csv_is_its_table(manager, world):
    client = logged_in(manager)
    with translation.override("fr"):
        page = tables(client.get(reverse("steering_admin:dashboard")))
        response = client.get(reverse("steering_admin:csv", kwargs={"slug": "channels-monthly"}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "no-store, private"
    rows = csv_rows(response)
    assert rows[0] == page["channels-monthly"][0]
    assert rows[-1] == [world["month"].isoformat(), "50", "10", "0", "0", "5", "65", "76.9"]
    assert len(rows) == len(page["channels-monthly"])
    with translation.override("fr"):
        top = csv_rows(client.get(reverse("steering_admin:csv", kwargs={"slug": "search-top"})))
    # A search typed as a formula stays text in a spreadsheet.
    assert top[1:] == [["retraite", "40", "12"], ["'=cmd()", "11", "0"]]


def test_every_table_has_its_csv_and_an_unknown_one_is_404(manager, world):
    client = logged_in(manager)
    page = tables(client.get(reverse("steering_admin:dashboard")))
    for slug in page:
        assert client.get(reverse("steering_admin:csv", kwargs={"slug": slug})).status_code == 200, slug
    for slug in ("nothing", "adoption-nothing", "search-"):
        assert client.get(reverse("steering_admin:csv", kwargs={"slug": slug})).status_code == 404


def test_the_page_reads_right_to_left_in_arabic(manager, world):
    UserProfile.objects.update_or_create(user=manager, defaults={"preferred_language": "ar"})
    response = logged_in(manager).get(reverse("steering_admin:dashboard"))
    page = response.content.decode()
    assert response.status_code == 200 and 'dir="rtl"' in page
    found = tables(response)
    assert found["adoption-population"][-1][0] == shown("All members", "ar")
    assert row_of(found["adoption-region"], shown(Region.CASABLANCA_SETTAT.label, "ar"))[1:] == ["300", "45", "15,0"]
    # Figures and short dates are isolated left to right; the bars start on the right.
    assert '<bdi dir="ltr">1\xa0000</bdi>' in page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one("#chart-adoption-population")["direction"] == "rtl"
    assert soup.select_one("#chart-adoption-weekly")["direction"] == "ltr"  # time runs left to right


def test_before_the_first_refresh_the_page_says_so(manager):
    response = logged_in(manager).get(reverse("steering_admin:dashboard"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.select_one("#steering-not-computed") is not None
    assert "manage.py refresh_steering" in soup.select_one("#steering-not-computed").get_text()
    assert not soup.select("table.steering-table")


def test_a_refresh_without_data_shows_panels_without_error(manager):
    computed()
    response = logged_in(manager).get(reverse("steering_admin:dashboard"))
    assert response.status_code == 200
    found = tables(response)
    # Periods with nothing are zeros (a week without an account is 0, not missing).
    assert found["adoption-weekly"][-1][1:] == ["0", "0", "0"]
    assert "search-top" not in found and "backlog-claims" not in found


def test_the_page_reads_a_fixed_number_of_queries(manager, world, django_assert_max_num_queries):
    client = logged_in(manager)
    client.get(reverse("steering_admin:dashboard"))  # the admin's own first-visit work (profile, menus)
    computed()  # a new refresh: the panels are built again
    with django_assert_max_num_queries(40) as small:
        assert client.get(reverse("steering_admin:dashboard")).status_code == 200
    # Many more figures: a year of weeks and months, dozens of categories and queries.
    for weeks_back in range(1, 60):
        week = world["week"] - datetime.timedelta(weeks=weeks_back)
        for series in ("accounts.created", "accounts.linked", "accounts.active", "search.queries"):
            figure(series, Unit.WEEK, week, count=weeks_back)
        figure("adoption.segments", Unit.DAY, week, "all", 1000 + weeks_back, 100)
    for index in range(40):
        figure("search.top", Unit.DAY, world["today"], f"q:query {index}", 100 - index, 1)
        figure("adoption.segments", Unit.DAY, world["today"], f"region:x{index}", 10, 1)
    computed()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("steering_admin:dashboard")).status_code == 200


def test_the_panels_are_built_once_per_refresh(manager, world, django_assert_max_num_queries):
    client = logged_in(manager)
    url = reverse("steering_admin:dashboard")
    first = client.get(url)
    with django_assert_max_num_queries(12):  # the admin's page around them, the refresh row, the cache
        again = client.get(url)
    assert tables(again) == tables(first)
    # New figures show once a refresh has written them, not before.
    Figure.objects.filter(series="accounts.created").update(count=99)
    assert tables(client.get(url)) == tables(first)
    computed()
    assert tables(client.get(url)) != tables(first)
