"""The dashboard's charts: accessible inline SVGs (title, description, values as text), lines told
apart by more than colour, time left to right in both languages, bars from the reading side, no
style attribute, labels escaped."""

import re

from django.utils import translation

from portal.steering import charts

LABELS = ["01/06/2026", "08/06/2026", "15/06/2026", "22/06/2026"]


def test_lines_are_an_image_with_a_title_a_description_and_a_legend():
    html = str(
        charts.lines(
            LABELS,
            [charts.Line("Created", [1, 4, 2, 8]), charts.Line("Linked", [0, 1, None, 3])],
            chart_id="c",
            title="Accounts",
            summary="Eight this week.",
        )
    )
    assert 'role="img"' in html and 'aria-labelledby="c-title c-desc"' in html
    assert '<title id="c-title">Accounts</title>' in html and "Eight this week." in html
    assert 'direction="ltr"' in html  # dates run from left to right
    assert html.count("<polyline") == 2
    # The second line is dashed and its points are squares: not told apart by colour alone.
    assert 'stroke-dasharray="7 4"' in html and "<rect" in html
    # A missing value is a gap (no point), not a zero.
    assert html.count("<circle") == 4 + 1  # the first line's points, and its swatch in the legend
    legend = re.search(r'<ul class="steering-legend">.*</ul>', html).group(0)
    assert "Created" in legend and "Linked" in legend and 'aria-hidden="true"' in legend
    assert "style=" not in html


def test_a_target_band_is_drawn_and_named():
    html = str(
        charts.lines(
            LABELS,
            [charts.Line("Share", [8.0, 9.5, 11.0, 12.5])],
            chart_id="s",
            title="Share",
            summary="",
            is_percent=True,
            band=(10, 15),
            band_label="target 10–15 %",
        )
    )
    assert 'class="steering-band"' in html and "target 10–15 %" in html
    assert "<ul" not in html  # one line: no legend needed
    # The value axis goes above the band's top.
    assert "20 %" in html


def test_nothing_to_draw_no_chart():
    assert charts.lines(LABELS, [charts.Line("x", [None] * 4)], chart_id="x", title="t", summary="") == ""
    assert charts.columns(LABELS, [charts.Line("x", [0] * 4)], chart_id="x", title="t", summary="") == ""
    assert charts.bars([], chart_id="x", title="t", summary="") == ""


def test_stacked_columns_write_each_total():
    html = str(
        charts.columns(
            LABELS[:2],
            [charts.Line("Online", [30, 50]), charts.Line("Counter", [10, 0])],
            chart_id="k",
            title="Channels",
            summary="",
        )
    )
    assert html.count('stroke="#ffffff"') == 3  # three parts (a zero is not drawn), split by white gaps
    assert ">40</text>" in html and ">50</text>" in html


def test_the_bars_grow_from_the_reading_side_and_carry_their_value():
    rows = [("Casablanca-Settat", 15.0, "15,0 %"), ("<b>Unknown</b>", None, "—")]

    def first_bar(svg):
        return float(re.search(r'class="steering-bar" x="([\d.]+)"', svg).group(1))

    ltr = str(charts.bars(rows, chart_id="b", title="t", summary=""))
    with translation.override("ar"):
        rtl = str(charts.bars(rows, chart_id="b", title="t", summary=""))
    assert first_bar(ltr) < 20 and first_bar(rtl) > 100
    assert 'direction="ltr"' in ltr and 'direction="rtl"' in rtl
    assert "15,0 %" in ltr and "—" in ltr  # a share of nobody has words, not a 0 % bar
    assert "<b>" not in ltr and "&lt;b&gt;Unknown&lt;/b&gt;" in ltr


def test_round_tops():
    assert [charts.nice_top(value) for value in (0, 0.7, 3, 13, 140, 2400)] == [1, 1, 5, 20, 200, 2500]
