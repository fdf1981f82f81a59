"""The share of retirement dossiers that reached the fund on time, as an inline SVG drawn on the server.

Same house style as the simulator's chart (portal/simulator/chart.py): no JavaScript, no chart library,
an image (``role="img"`` with a ``<title>`` and a ``<desc>``) that the page follows with a table of the
same figures, which is what a screen reader or a person who zooms reads.

One horizontal bar per organisation over a pale 100 % track; every bar carries its value as text, so
the colour never carries the meaning alone. The bars grow from the reading side: from the left in
French, from the right in Arabic (the SVG is mirrored, its text anchored at the start of the line).
An organisation that sent nothing has no bar but the words "no dossier sent" (0 % would be a lie).
"""

from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

WIDTH = 360
ROW_HEIGHT = 40  # a label line above each bar, then the bar
BAR_HEIGHT = 14
MARGIN = 8
VALUE_ROOM = 48  # room after the bar for its value ("100 %")
LABEL_CHARS = 52  # longer names are shortened here; the table gives them in full
BAR_COLOUR = "#0b4f8a"  # the site's --brand (8.6:1 on white)
TRACK_COLOUR = "#e3e8ee"
TEXT_COLOUR = "#1f2933"
MUTED_COLOUR = "#4a5563"  # --muted (7.5:1 on white)


def percent(share):
    """A share (0–1) as a whole percentage in the language's wording ("87 %", "87٪")."""
    return _("%(percent)s %%") % {"percent": formats.number_format(round(share * 100), 0)}


def on_time_chart(rows, *, title, chart_id="on-time-chart"):
    """``rows`` = [(label, Delays)] -> the chart as safe HTML (an ``<svg>``), or "" without rows."""
    rows = list(rows)
    if not rows:
        return ""
    rtl = translation.get_language_bidi()
    height = MARGIN * 2 + ROW_HEIGHT * len(rows)
    track = WIDTH - 2 * MARGIN - VALUE_ROOM

    def x(position, width=0):
        """The left edge of something ``width`` wide placed ``position`` from the reading side."""
        return WIDTH - MARGIN - position - width if rtl else MARGIN + position

    anchor = "end" if rtl else "start"
    shares = [delays.on_time_share for _label, delays in rows]
    sent = [share for share in shares if share is not None]
    parts = [
        format_html(
            '<svg id="{}" class="partners-chart" role="img" aria-labelledby="{}-title {}-desc" '
            'viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg" focusable="false">',
            chart_id,
            chart_id,
            chart_id,
            WIDTH,
            height,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html(
            '<desc id="{}-desc">{}</desc>',
            chart_id,
            _(
                "Share of the dossiers sent on time, for %(count)s organisations, from %(low)s to %(high)s. "
                "The table below gives every figure."
            )
            % {
                "count": len(rows),
                "low": percent(min(sent)) if sent else "—",
                "high": percent(max(sent)) if sent else "—",
            },
        ),
    ]
    for index, (label, delays) in enumerate(rows):
        top = MARGIN + index * ROW_HEIGHT
        share = delays.on_time_share
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
        if share is None:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="{}" font-size="11" fill="{}" font-style="italic">{}</text>',
                    _fixed(x(0)),
                    bar_top + 11,
                    anchor,
                    MUTED_COLOUR,
                    _("no dossier sent"),
                )
            )
            continue
        length = track * share
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<rect class="partners-chart-bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
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
                BAR_COLOUR,
                _fixed(x(track + 4)),
                bar_top + 11,
                anchor,
                TEXT_COLOUR,
                percent(share),
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))


def _fixed(value):
    return f"{value:.1f}"
