"""The chart of the pension by retirement date: well-formed SVG, an image with a title, one point per date."""

import datetime
from decimal import Decimal

from defusedxml import ElementTree as ET
from django.utils import translation

from portal.pension_rules import schedule
from portal.simulator import chart
from portal.simulator.engine import Period, Situation, by_date

RULES = schedule.from_fixture()
SVG = "{http://www.w3.org/2000/svg}"


def situation(start=datetime.date(1990, 9, 1)):
    return Situation(
        birth_date=datetime.date(1970, 5, 20),
        sex="F",
        periods=(Period(start=start, end=None, salary=Decimal("12400")),),
        today=datetime.date(2026, 12, 2),
    )


def test_the_chart_is_an_image_with_a_title_and_one_point_per_date():
    dated = by_date(situation(), RULES)
    assert len(dated) > 2
    with translation.override("ar"):
        root = ET.fromstring(str(chart.svg(dated)))
    assert root.tag == f"{SVG}svg"
    assert root.get("id") == "chart" and root.get("role") == "img"
    assert root.get("direction") == "ltr"  # dates left to right in both languages
    assert root.find(f"{SVG}title").text.strip()
    assert root.find(f"{SVG}desc").text.strip()
    assert len(root.findall(f".//{SVG}circle")) == len(dated)  # the gross
    assert len(root.findall(f".//{SVG}rect")) == len(dated)  # the net
    gross = root.find(f".//{SVG}polyline[@class='sim-chart-gross']").get("points").split()
    assert len(gross) == len(dated)
    # Later dates pay more: the line rises (SVG y grows downwards).
    heights = [float(point.split(",")[1]) for point in gross]
    assert heights == sorted(heights, reverse=True)


def test_one_date_is_one_point():
    # Too little service for an early start: the only date is the legal one.
    dated = by_date(situation(start=datetime.date(2015, 1, 1)), RULES)
    assert len(dated) == 1
    root = ET.fromstring(str(chart.svg(dated)))
    assert len(root.findall(f".//{SVG}circle")) == 1


def test_no_dates_no_chart():
    assert chart.svg([]) == ""
