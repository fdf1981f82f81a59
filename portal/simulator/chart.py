"""The chart of the pension by retirement date: an inline SVG drawn on the server.

No JavaScript and no chart library: the page works on any phone, offline once loaded, and prints.
The SVG is an image (``role="img"`` with a ``<title>`` and a ``<desc>``) and the same figures follow
it in a table, which is what a screen reader or a person who zooms reads.

Time runs from left to right in both languages (dates and amounts are left-to-right data; the
caption says so in Arabic too), so the SVG is laid out with ``direction="ltr"``. The gross is a
solid line with round points, the net a dashed line with square points: the two differ by more
than their colour.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.simulator.explain import money

WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 14, 30  # room for the amounts (left) and the years (below)
GROSS_COLOUR = "#0b4f8a"  # the site's --brand (contrast 8.6:1 on white)
NET_COLOUR = "#1d6b35"  # the site's --ok (6.6:1)
AXIS_COLOUR = "#4a5563"  # --muted


@dataclass(frozen=True)
class Point:
    date: object
    gross: Decimal
    net: Decimal
    entitled: bool


def points(dated_estimates):
    """[(date, Estimate)] (``engine.by_date``) -> points; a date without pension counts as 0."""
    return [Point(date, estimate.gross, estimate.net, estimate.entitled) for date, estimate in dated_estimates]


def _nice_top(value):
    """A round top for the amount axis just above ``value``: 15 000 for 13 138, 3 000 for 2 480."""
    value = max(Decimal(value), Decimal(1000))
    step = Decimal(500)
    while step * 20 <= value:
        step *= 10
    return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


def _short(amount):
    """Axis labels: whole dirhams with the language's grouping ("12 000")."""
    return formats.number_format(int(amount), 0, force_grouping=True)


def svg(dated_estimates):
    """The chart as safe HTML (an ``<svg>`` element)."""
    data = points(dated_estimates)
    title = _("Monthly pension, gross and net, by retirement date")
    if not data:
        return ""
    top = _nice_top(max(point.gross for point in data))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(index):
        if len(data) == 1:
            return LEFT + plot_width / 2
        return LEFT + plot_width * index / (len(data) - 1)

    def y(amount):
        return TOP + plot_height * (1 - float(amount) / float(top))

    parts = [
        format_html(
            '<svg id="chart" class="sim-chart" role="img" aria-labelledby="chart-title chart-desc" '
            'viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg" direction="ltr" focusable="false">',
            WIDTH,
            HEIGHT,
        ),
        format_html('<title id="chart-title">{}</title>', title),
        format_html(
            '<desc id="chart-desc">{}</desc>',
            _(
                "From %(first)s to %(last)s, the gross goes from %(gross_first)s to %(gross_last)s a month. "
                "Dates run from left to right. The table below gives every figure."
            )
            % {
                "first": formats.date_format(data[0].date, "YEAR_MONTH_FORMAT"),
                "last": formats.date_format(data[-1].date, "YEAR_MONTH_FORMAT"),
                "gross_first": money(data[0].gross),
                "gross_last": money(data[-1].gross),
            },
        ),
    ]
    # Horizontal guides at 0, half and the top, labelled with the amount.
    for share in (0, Decimal("0.5"), 1):
        level = top * share
        parts.append(
            format_html(
                '<line class="sim-chart-guide" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#c9d2dc" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}</text>',
                LEFT,
                _fixed(y(level)),
                WIDTH - RIGHT,
                _fixed(y(level)),
                LEFT - 4,
                _fixed(y(level) + 4),
                AXIS_COLOUR,
                _short(level),
            )
        )
    # The years under the first, middle and last points (fewer labels: they must stay readable).
    labelled = sorted({0, len(data) // 2, len(data) - 1}) if len(data) > 2 else range(len(data))
    # Points a few months apart share a year: it is written once (the table below gives the months).
    first_of_year = {}
    for index in labelled:
        first_of_year.setdefault(data[index].date.year, index)
    for index in sorted(first_of_year.values()):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
                _fixed(x(index)),
                HEIGHT - 10,
                AXIS_COLOUR,
                data[index].date.year,
            )
        )
    for name, colour, dash in (("gross", GROSS_COLOUR, ""), ("net", NET_COLOUR, "6 4")):
        coordinates = " ".join(f"{_fixed(x(i))},{_fixed(y(getattr(p, name)))}" for i, p in enumerate(data))
        parts.append(
            format_html(
                '<polyline class="sim-chart-{}" points="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>',
                name,
                coordinates,
                colour,
                format_html(' stroke-dasharray="{}"', dash) if dash else "",
            )
        )
        parts.append(
            format_html_join(
                "", "{}", ((_marker(name, colour, x(i), y(getattr(p, name))),) for i, p in enumerate(data))
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))


def _marker(name, colour, cx, cy):
    if name == "gross":
        return format_html(
            '<circle class="sim-point sim-point-gross" cx="{}" cy="{}" r="4" fill="{}"/>',
            _fixed(cx),
            _fixed(cy),
            colour,
        )
    return format_html(
        '<rect class="sim-point sim-point-net" x="{}" y="{}" width="7" height="7" fill="{}"/>',
        _fixed(cx - 3.5),
        _fixed(cy - 3.5),
        colour,
    )


def _fixed(value):
    return f"{value:.1f}"
