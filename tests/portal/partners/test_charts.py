"""The on-time chart: an accessible inline SVG, its values in words, mirrored in Arabic, escaped."""

import re

from django.utils import translation

from portal.partners.charts import on_time_chart
from portal.partners.deadlines import Delays


def _delays(sent, on_time):
    return Delays(sent=sent, on_time=on_time, late=sent - on_time, decided=0, median_days_to_decide=None)


ROWS = [
    ("Ministère de l'Éducation nationale", _delays(4, 3)),
    ("Ministère de la Santé", _delays(2, 2)),
    ("Ministère <script>", _delays(0, 0)),
]


def test_an_image_with_a_title_a_description_and_a_value_per_bar():
    svg = str(on_time_chart(ROWS, title="On time"))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and 'aria-labelledby="on-time-chart-title on-time-chart-desc"' in svg
    assert '<title id="on-time-chart-title">On time</title>' in svg
    assert "<desc" in svg and "3 organisations" in svg
    # The value is written next to each bar: colour never carries it alone.
    assert "75 %" in svg and "100 %" in svg
    # An organisation that sent nothing has words, not a 0 % bar.
    assert "no dossier sent" in svg
    assert svg.count('class="partners-chart-bar"') == 2
    # Names are escaped.
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_the_bars_grow_from_the_reading_side():
    def bar_x(svg):
        return float(re.search(r'class="partners-chart-bar" x="([\d.]+)"', svg).group(1))

    ltr = str(on_time_chart(ROWS[:1], title="t"))
    with translation.override("ar"):
        rtl = str(on_time_chart(ROWS[:1], title="t"))
    assert bar_x(ltr) < 20  # starts at the left margin
    assert bar_x(rtl) > 60  # ends at the right margin, so starts further right
    assert 'text-anchor="end"' in rtl and 'text-anchor="start"' in ltr


def test_no_rows_no_chart():
    assert on_time_chart([], title="t") == ""


def test_two_charts_on_a_page_have_their_own_ids():
    svg = str(on_time_chart(ROWS, title="t", chart_id="other"))
    assert 'id="other"' in svg and 'id="other-title"' in svg
