"""The steering dashboard's charts: inline SVG drawn on the server, in the house style of
``portal/partners/charts.py`` and ``portal/simulator/chart.py``.

No JavaScript, no chart library, no style attribute (the admin's policy would allow them, the site's
would not): colours are SVG presentation attributes, the legend's swatches small SVGs of their own.
Every chart is an image (``role="img"``, a ``<title>`` and a ``<desc>`` that sums it up) followed on
the page by a table of the same figures, which is what a screen reader or a person who zooms reads.

Three shapes: lines over periods (time runs from left to right in both languages, as dates do, so
those SVGs are ``direction="ltr"``), stacked columns over periods (the same axis), and horizontal
bars for categories, which grow from the reading side (mirrored in Arabic). Lines differ by their
dash and marker as well as their colour; stacked parts are split by white gaps and named in the
legend; every bar and column carries its value as text.
"""

import math
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

# Drawn small and scaled up by the page (at most 32rem wide): the words stay readable on a phone.
WIDTH = 400
PLOT_HEIGHT = 170
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 30  # room for the values (left) and the periods (below)
TEXT_COLOUR = "#1f2933"
MUTED_COLOUR = "#4a5563"  # --muted (7.5:1 on white)
GUIDE_COLOUR = "#c9d2dc"
TRACK_COLOUR = "#e3e8ee"
BAND_COLOUR = "#dcefe2"  # the target band: pale green behind the line, named in words on the chart
BAND_EDGE = "#1d6b35"
# Five colours that keep 4.5:1 on white and differ for the usual colour blindnesses.
COLOURS = ("#0b4f8a", "#a84c00", "#1d6b35", "#6a3d9a", "#4a5563")
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 4")
MARKERS = ("circle", "square", "triangle", "diamond", "circle")

BAR_WIDTH = 360
BAR_ROW = 40  # a label line above each bar, then the bar
BAR_HEIGHT = 14
BAR_MARGIN = 8
BAR_VALUE_ROOM = 96  # room after the bar for its value ("1 234 (12,5 %)")
LABEL_CHARS = 60  # longer labels are shortened here; the table gives them in full


@dataclass(frozen=True)
class Line:
    """One line of a chart over periods: its name (for the legend) and a value per period (None: none)."""

    name: str
    values: list


def number(value, decimals=0):
    """A figure in the language's wording ("1 234", "12,5")."""
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def percent(value):
    """A percentage (already ×100) with one decimal: "12,5 %"."""
    return _("%(percent)s %%") % {"percent": number(value, 1)}


def nice_top(value):
    """A round top for a value axis just above ``value``: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop ends at 10 × power


def _fixed(value):
    return f"{value:.1f}"


def _direction():
    return "rtl" if translation.get_language_bidi() else "ltr"


def _open(chart_id, width, height, title, summary, *, direction, kind):
    return [
        format_html(
            '<svg id="{}" class="steering-svg steering-{}" role="img" aria-labelledby="{}-title {}-desc" '
            'viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg" direction="{}" focusable="false">',
            chart_id,
            kind,
            chart_id,
            chart_id,
            width,
            height,
            direction,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{} {}</desc>', chart_id, summary, _("The table below gives every figure.")),
    ]


def _close(parts, legend=""):
    parts.append(mark_safe("</svg>"))
    return format_html('<div class="steering-chart">{}{}</div>', mark_safe("".join(str(p) for p in parts)), legend)


def _polygon(points, colour):
    return format_html(
        '<polygon points="{}" fill="{}"/>', " ".join(f"{_fixed(px)},{_fixed(py)}" for px, py in points), colour
    )


def _marker(kind, cx, cy, colour):
    if kind == "square":
        return format_html(
            '<rect x="{}" y="{}" width="7" height="7" fill="{}"/>', _fixed(cx - 3.5), _fixed(cy - 3.5), colour
        )
    if kind == "triangle":
        return _polygon([(cx, cy - 4.5), (cx + 4.5, cy + 3.5), (cx - 4.5, cy + 3.5)], colour)
    if kind == "diamond":
        return _polygon([(cx, cy - 5), (cx + 5, cy), (cx, cy + 5), (cx - 5, cy)], colour)
    return format_html('<circle cx="{}" cy="{}" r="3.5" fill="{}"/>', _fixed(cx), _fixed(cy), colour)


def _legend(names, *, lines):
    """The chart's key, in HTML (it wraps and follows the page's direction), each name with its swatch."""
    if len(names) < 2:
        return ""
    items = []
    for index, name in enumerate(names):
        colour = COLOURS[index % len(COLOURS)]
        if lines:
            dash = DASHES[index % len(DASHES)]
            swatch = format_html(
                '<svg class="steering-swatch" viewBox="0 0 28 10" aria-hidden="true" focusable="false">'
                '<line x1="1" y1="5" x2="27" y2="5" stroke="{}" stroke-width="2.5"{}/>{}</svg>',
                colour,
                format_html(' stroke-dasharray="{}"', dash) if dash else "",
                _marker(MARKERS[index % len(MARKERS)], 14, 5, colour),
            )
        else:
            swatch = format_html(
                '<svg class="steering-swatch" viewBox="0 0 28 10" aria-hidden="true" focusable="false">'
                '<rect x="6" y="0" width="16" height="10" fill="{}"/></svg>',
                colour,
            )
        items.append((swatch, name))
    return format_html('<ul class="steering-legend">{}</ul>', format_html_join("", "<li>{} {}</li>", items))


def _edge_anchor(edge):
    """The ``text-anchor`` that puts a text's ``edge`` ("left" or "right") at its x, in a text element
    of the page's direction (an Arabic month name is laid out right to left even in a left-to-right chart)."""
    rtl = translation.get_language_bidi()
    return "start" if (edge == "left") != rtl else "end"


def _axes(parts, *, top, labels, x, y, is_percent):
    """Guides at 0, half and the top of the value axis; the first, middle and last periods below."""
    for share in (0, 0.5, 1):
        level = top * share
        decimals = 0 if level == int(level) else 1
        label = _("%(percent)s %%") % {"percent": number(level, decimals)} if is_percent else number(level, decimals)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
                LEFT,
                _fixed(y(level)),
                WIDTH - RIGHT,
                _fixed(y(level)),
                GUIDE_COLOUR,
                LEFT - 4,
                _fixed(y(level) + 4),
                MUTED_COLOUR,
                label,
            )
        )
    shown = sorted({0, len(labels) // 2, len(labels) - 1}) if len(labels) > 2 else range(len(labels))
    for index in shown:
        if len(labels) > 1 and index == 0:
            anchor = _edge_anchor("left")
        elif len(labels) > 1 and index == len(labels) - 1:
            anchor = _edge_anchor("right")
        else:
            anchor = "middle"
        parts.append(
            format_html(
                '<text x="{}" y="{}" direction="{}" text-anchor="{}" font-size="12" fill="{}">{}</text>',
                _fixed(x(index)),
                TOP + PLOT_HEIGHT + 20,
                _direction(),
                anchor,
                MUTED_COLOUR,
                labels[index],
            )
        )


def lines(labels, series, *, chart_id, title, summary, is_percent=False, band=None, band_label=""):
    """A chart of ``series`` (``Line``s) over the periods named by ``labels``, or "" without a value.

    ``is_percent``: the values are percentages (0–100). ``band`` = (low, high): a target range drawn
    behind the lines and named by ``band_label``.
    """
    values = [v for line in series for v in line.values if v is not None]
    if not labels or not values:
        return ""
    top = nice_top(max(values + ([band[1]] if band else [])) * 1.1)
    width = WIDTH - LEFT - RIGHT

    def x(index):
        return LEFT + (width * index / (len(labels) - 1) if len(labels) > 1 else width / 2)

    def y(value):
        return TOP + PLOT_HEIGHT * (1 - value / top)

    parts = _open(chart_id, WIDTH, TOP + PLOT_HEIGHT + BOTTOM, title, summary, direction="ltr", kind="lines")
    if band:
        parts.append(
            format_html(
                '<rect class="steering-band" x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1" stroke-dasharray="3 3"/>'
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1" stroke-dasharray="3 3"/>'
                '<text x="{}" y="{}" direction="{}" text-anchor="{}" font-size="12" fill="{}">{}</text>',
                LEFT,
                _fixed(y(band[1])),
                width,
                _fixed(y(band[0]) - y(band[1])),
                BAND_COLOUR,
                LEFT,
                _fixed(y(band[1])),
                WIDTH - RIGHT,
                _fixed(y(band[1])),
                BAND_EDGE,
                LEFT,
                _fixed(y(band[0])),
                WIDTH - RIGHT,
                _fixed(y(band[0])),
                BAND_EDGE,
                WIDTH - RIGHT - 4,
                _fixed(y(band[1]) - 4),
                _direction(),
                _edge_anchor("right"),
                BAND_EDGE,
                band_label,
            )
        )
    _axes(parts, top=top, labels=labels, x=x, y=y, is_percent=is_percent)
    for index, line in enumerate(series):
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        points = [(x(i), y(v)) for i, v in enumerate(line.values) if v is not None]
        if len(points) > 1:
            parts.append(
                format_html(
                    '<polyline class="steering-line" points="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>',
                    " ".join(f"{_fixed(px)},{_fixed(py)}" for px, py in points),
                    colour,
                    format_html(' stroke-dasharray="{}"', dash) if dash else "",
                )
            )
        marker = MARKERS[index % len(MARKERS)]
        parts.append(format_html_join("", "{}", ((_marker(marker, px, py, colour),) for px, py in points)))
    return _close(parts, _legend([line.name for line in series], lines=True))


def columns(labels, stacks, *, chart_id, title, summary):
    """Stacked columns over periods: ``stacks`` are ``Line``s (one part of each column each); the
    column's total is written above it. "" without a value."""
    totals = [sum(line.values[i] or 0 for line in stacks) for i in range(len(labels))]
    if not labels or not any(totals):
        return ""
    top = nice_top(max(totals) * 1.1)
    width = WIDTH - LEFT - RIGHT
    slot = width / len(labels)
    column = min(slot * 0.7, 48)

    def x(index):
        return LEFT + slot * (index + 0.5)

    def y(value):
        return TOP + PLOT_HEIGHT * (1 - value / top)

    parts = _open(chart_id, WIDTH, TOP + PLOT_HEIGHT + BOTTOM, title, summary, direction="ltr", kind="columns")
    _axes(parts, top=top, labels=labels, x=x, y=y, is_percent=False)
    for index, total in enumerate(totals):
        base = 0
        for part_index, line in enumerate(stacks):
            value = line.values[index] or 0
            if not value:
                continue
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff" stroke-width="1"/>',
                    _fixed(x(index) - column / 2),
                    _fixed(y(base + value)),
                    _fixed(column),
                    _fixed(y(base) - y(base + value)),
                    COLOURS[part_index % len(COLOURS)],
                )
            )
            base += value
        if total:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
                    _fixed(x(index)),
                    _fixed(y(total) - 3),
                    TEXT_COLOUR,
                    number(total),
                )
            )
    return _close(parts, _legend([line.name for line in stacks], lines=False))


def bars(rows, *, chart_id, title, summary, largest=None):
    """One horizontal bar per row = (label, value, value as text), over a pale track scaled to
    ``largest`` (default: the largest value). "" without rows. A row whose value is None has no
    bar, only its text (a share of nobody is not 0 %)."""
    rows = list(rows)
    if not rows:
        return ""
    rtl = translation.get_language_bidi()
    largest = largest or max((value for _label, value, _text in rows if value), default=0) or 1
    track = BAR_WIDTH - 2 * BAR_MARGIN - BAR_VALUE_ROOM
    anchor = "start"  # the SVG takes the page's direction: the start of a line is on the reading side

    def x(position, length=0):
        """The left edge of something ``length`` wide placed ``position`` from the reading side."""
        return BAR_WIDTH - BAR_MARGIN - position - length if rtl else BAR_MARGIN + position

    parts = _open(
        chart_id, BAR_WIDTH, BAR_MARGIN * 2 + BAR_ROW * len(rows), title, summary, direction=_direction(), kind="bars"
    )
    for index, (label, value, text) in enumerate(rows):
        top = BAR_MARGIN + index * BAR_ROW
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="{}" font-size="12" fill="{}">{}</text>',
                _fixed(x(0)),
                top + 12,
                anchor,
                TEXT_COLOUR,
                Truncator(str(label)).chars(LABEL_CHARS),
            )
        )
        bar_top = top + 18
        length = track * min(value, largest) / largest if value else 0
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<rect class="steering-bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" text-anchor="{}" font-size="11" fill="{}">{}</text>',
                _fixed(x(0, track)),
                bar_top,
                _fixed(track),
                BAR_HEIGHT,
                TRACK_COLOUR,
                _fixed(x(0, length)),
                bar_top,
                _fixed(length),
                BAR_HEIGHT,
                COLOURS[0],
                _fixed(x(track + 4)),
                bar_top + 11,
                anchor,
                TEXT_COLOUR,
                text,
            )
        )
    return _close(parts)
