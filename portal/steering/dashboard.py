"""The steering dashboard's core panels: adoption, channels, service levels, backlogs and search.

Each panel reads the summary tables only (``portal.steering.read``: a few queries per panel, whatever
the number of members or claims) and returns blocks: one or two charts followed by the table of their
figures, which is also the block's CSV (``Table.slug``, prefixed by the panel's slug, is the file's
name). The features' panels (life control, partners) are built the same way in their own apps.

Labels are looked up here, at reading time, so a renamed category or region keeps its figures.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from portal.casework import procedures
from portal.claims.choices import Category
from portal.models import MemberStatus
from portal.regions import Region
from portal.steering import charts, panels, periods, read
from portal.steering.choices import Channel, Unit
from portal.steering.models import Figure
from portal.steering.tables import Table

WEEKS = 26
MONTHS = 12


@dataclass(frozen=True)
class Period:
    """A table's period cell: the ISO date of its first day in the CSV, a readable label on the page."""

    start: datetime.date
    unit: str

    def __str__(self):
        return self.start.isoformat()

    @property
    def label(self):
        if self.unit == Unit.MONTH:
            return formats.date_format(self.start, "YEAR_MONTH_FORMAT")
        return formats.date_format(self.start, "SHORT_DATE_FORMAT")


@dataclass
class Block:
    """The charts of some figures (none for a plain list) and the table that gives them all."""

    table: Table
    charts: list = field(default_factory=list)
    note: str = ""


def share(part, count):
    """``part`` of ``count`` in percent, one decimal (None when there is nothing to share)."""
    if part is None or not count:
        return None
    return round(part * 100 / count, 1)


def count_of(figures, period, key=""):
    figure = figures.get(period, {}).get(key)
    return figure.count if figure else 0


def part_of(figures, period, key=""):
    figure = figures.get(period, {}).get(key)
    return (figure.part or 0) if figure else 0


def labels(periods_, unit):
    return [Period(start, unit).label for start in periods_]


def blocks_of(*blocks):
    return {"blocks": list(blocks)}


# --- Adoption --------------------------------------------------------------------------------------

POPULATIONS = {status.value: status.label for status in MemberStatus}
AGE_LABELS = {
    "under-30": gettext_lazy("Under 30"),
    "30-39": gettext_lazy("30 to 39"),
    "40-49": gettext_lazy("40 to 49"),
    "50-59": gettext_lazy("50 to 59"),
    "60-69": gettext_lazy("60 to 69"),
    "70-79": gettext_lazy("70 to 79"),
    "80-plus": gettext_lazy("80 and over"),
}
RESIDENCES = {"morocco": gettext_lazy("Morocco"), "abroad": gettext_lazy("Abroad")}
UNKNOWN = gettext_lazy("Unknown")

# (dimension, its column header, {value: label} in the order shown).
DIMENSIONS = (
    ("population", gettext_lazy("Population"), POPULATIONS),
    ("region", gettext_lazy("Region"), {region.value: region.label for region in Region}),
    ("age", gettext_lazy("Age"), AGE_LABELS),
    ("residence", gettext_lazy("Residence"), RESIDENCES),
)
DIMENSION_TITLES = {
    "population": gettext_lazy("Members with an account linked to their file, by population"),
    "region": gettext_lazy("Members with an account linked to their file, by region"),
    "age": gettext_lazy("Members with an account linked to their file, by age"),
    "residence": gettext_lazy("Members with an account linked to their file, by residence"),
}


def _target():
    return settings.STEERING_TARGET_LOW, settings.STEERING_TARGET_HIGH


def _adoption_weekly(weeks):
    since = weeks[0]
    created = read.figures("accounts.created", Unit.WEEK, since=since)
    linked = read.figures("accounts.linked", Unit.WEEK, since=since)
    active = read.figures("accounts.active", Unit.WEEK, since=since)
    rows = [
        [Period(week, Unit.WEEK), count_of(created, week), count_of(linked, week), count_of(active, week)]
        for week in weeks
    ]
    table = Table(
        slug="adoption-weekly",
        caption=_("Accounts created, linked to a member file and active, per week"),
        columns=[_("Week (from Monday)"), _("Accounts created"), _("Accounts linked to a file"), _("Active accounts")],
        rows=rows,
    )
    title = _("Accounts per week")
    chart = charts.lines(
        labels(weeks, Unit.WEEK),
        [charts.Line(str(table.columns[index]), [row[index] for row in rows]) for index in (1, 2, 3)],
        chart_id="chart-adoption-weekly",
        title=title,
        summary=_("This week: accounts created %(created)s, linked %(linked)s, active %(active)s.")
        % {
            "created": charts.number(rows[-1][1]),
            "linked": charts.number(rows[-1][2]),
            "active": charts.number(rows[-1][3]),
        },
    )
    return Block(table=table, charts=[chart])


def _adoption_share(weeks):
    """The share of members with a linked account, from the last snapshot of each week."""
    snapshots = Figure.objects.filter(
        series="adoption.segments", unit=Unit.DAY, key="all", period__gte=weeks[0]
    ).order_by("period")
    last_of_week = {periods.start_of(figure.period, Unit.WEEK): figure for figure in snapshots}
    rows = [
        [Period(week, Unit.WEEK), figure.count, figure.part, share(figure.part, figure.count)]
        for week, figure in sorted(last_of_week.items())
    ]
    low, high = _target()
    table = Table(
        slug="adoption-share",
        caption=_("Share of the members with an account linked to their file, per week"),
        columns=[_("Week (from Monday)"), _("Members"), _("Linked accounts"), _("Share (%)")],
        rows=rows,
    )
    band_label = _("target %(low)s–%(high)s %%") % {"low": low, "high": high}
    latest = rows[-1][3] if rows else None
    chart = charts.lines(
        [row[0].label for row in rows],
        [charts.Line(_("Share of the members"), [row[3] for row in rows])],
        chart_id="chart-adoption-share",
        title=_("Share of the members with an account linked to their file, against the target"),
        summary=_("Latest figure: %(share)s of the members; the target is %(low)s to %(high)s %%.")
        % {"share": charts.percent(latest) if latest is not None else "—", "low": low, "high": high},
        is_percent=True,
        band=(low, high),
        band_label=band_label,
    )
    note = _("The target: %(low)s to %(high)s %% of the members with an account linked to their file.") % {
        "low": low,
        "high": high,
    }
    return Block(table=table, charts=[chart], note=note)


def _segments_block(snapshot, dimension, header, known):
    prefix = f"{dimension}:"
    found = {key[len(prefix) :]: figure for key, figure in snapshot.items() if key.startswith(prefix)}
    order = [value for value in known if value in found] + sorted(value for value in found if value not in known)
    rows = []
    for value in order:
        figure = found[value]
        label = str(known.get(value, UNKNOWN if value == "unknown" else value))
        rows.append([label, figure.count, figure.part or 0, share(figure.part or 0, figure.count)])
    chart = charts.bars(
        [(row[0], row[3], charts.percent(row[3]) if row[3] is not None else "—") for row in rows],
        chart_id=f"chart-adoption-{dimension}",
        title=str(DIMENSION_TITLES[dimension]),
        summary=_("The share of the members with a linked account in each group."),
    )
    total = snapshot.get("all")
    if total is not None and rows:
        rows.append([_("All members"), total.count, total.part or 0, share(total.part or 0, total.count)])
    table = Table(
        slug=f"adoption-{dimension}",
        caption=str(DIMENSION_TITLES[dimension]),
        columns=[str(header), _("Members"), _("Linked accounts"), _("Share (%)")],
        rows=rows,
    )
    return Block(table=table, charts=[chart])


def adoption(*, today):
    weeks = read.recent_periods(Unit.WEEK, WEEKS, today=today)
    snapshot, day = read.latest_snapshot("adoption.segments")
    segments = [_segments_block(snapshot, dimension, header, known) for dimension, header, known in DIMENSIONS]
    if day is not None:
        segments[0].note = _("Members on %(day)s.") % {"day": formats.date_format(day, "DATE_FORMAT")}
    return blocks_of(_adoption_weekly(weeks), _adoption_share(weeks), *segments)


# --- Channels --------------------------------------------------------------------------------------


def channels(*, today):
    months = read.recent_periods(Unit.MONTH, MONTHS, today=today)
    claims = read.figures("channels.claims", Unit.MONTH, since=months[0])
    cases = read.figures("channels.cases", Unit.MONTH, since=months[0])
    rows = []
    for month in months:
        counts = [count_of(claims, month, channel) + count_of(cases, month, channel) for channel in Channel]
        total = sum(counts)
        rows.append([Period(month, Unit.MONTH), *counts, total, share(counts[0], total)])
    table = Table(
        slug="channels-monthly",
        caption=_("Claims and requests received per month, by channel"),
        columns=[_("Month"), *[str(channel.label) for channel in Channel], _("Total"), _("Online share (%)")],
        rows=rows,
    )
    names = labels(months, Unit.MONTH)
    stacked = charts.columns(
        names,
        [charts.Line(str(channel.label), [row[1 + index] for row in rows]) for index, channel in enumerate(Channel)],
        chart_id="chart-channels-monthly",
        title=_("Claims and requests received per month, by channel"),
        summary=_("Claims and requests over the months shown: %(total)s.")
        % {"total": charts.number(sum(row[-2] for row in rows))},
    )
    latest = rows[-1][-1]
    trend = charts.lines(
        names,
        [charts.Line(_("Online share"), [row[-1] for row in rows])],
        chart_id="chart-channels-online",
        title=_("Share of the claims and requests received online, per month"),
        summary=_("This month: %(share)s online.") % {"share": charts.percent(latest) if latest is not None else "—"},
        is_percent=True,
    )
    note = _("Claims and requests are added up; online includes the employers' dossiers and reports of a death.")
    return blocks_of(Block(table=table, charts=[stacked, trend], note=note))


# --- Service levels --------------------------------------------------------------------------------

CATEGORIES = {category.value: category.label for category in Category}


def procedure_labels():
    return {procedure.code: procedure.title for procedure in procedures.all_procedures()}


# (series, table slug, what is measured)
MEASURES = (
    ("service.claims.first_answer", "service-claims-first-answer", gettext_lazy("Claims: days to the first answer")),
    ("service.claims.answer", "service-claims-answer", gettext_lazy("Claims: days to the answer")),
    (
        "service.cases.first_answer",
        "service-cases-first-answer",
        gettext_lazy("Requests: days to the fund's first move"),
    ),
    ("service.cases.decision", "service-cases-decision", gettext_lazy("Requests: days to the decision")),
)


def _measure_row(label, figure, with_part):
    row = [label, figure.count, figure.median_days, figure.p90_days]
    return [*row, share(figure.part, figure.count)] if with_part else row


def _measure_block(slug, title, figures, month, known, header):
    """One measure of the month, by category or procedure, then for all of them."""
    this_month = figures.get(month, {})
    keys = [key for key in known if key in this_month] + sorted(key for key in this_month if key and key not in known)
    with_part = any(figure.part is not None for figure in this_month.values())
    rows = [_measure_row(str(known.get(key, key)), this_month[key], with_part) for key in keys]
    month_label = Period(month, Unit.MONTH).label
    summary = _("Each group, in %(month)s.") % {"month": month_label}
    if with_part:
        chart = charts.bars(
            [(row[0], row[4], charts.percent(row[4]) if row[4] is not None else "—") for row in rows],
            chart_id=f"chart-{slug}",
            title=_("%(measure)s: share within the service level") % {"measure": title},
            summary=summary,
            largest=100,
        )
    else:
        chart = charts.bars(
            [(row[0], row[2], charts.number(row[2], 1) if row[2] is not None else "—") for row in rows],
            chart_id=f"chart-{slug}",
            title=_("%(measure)s: median") % {"measure": title},
            summary=summary,
        )
    if "" in this_month:
        rows.append(_measure_row(_("All"), this_month[""], with_part))
    columns = [str(header), _("Handled"), _("Median (days)"), _("90th percentile (days)")]
    if with_part:
        columns.append(_("Within the service level (%)"))
    caption = _("%(measure)s, %(month)s") % {"measure": title, "month": month_label}
    table = Table(slug=slug, caption=caption, columns=columns, rows=rows)
    return Block(table=table, charts=[chart] if chart else [])


def service(*, today):
    months = read.recent_periods(Unit.MONTH, MONTHS, today=today)
    last_month = months[-2]
    data = {series: read.figures(series, Unit.MONTH, since=months[0]) for series, _slug, _title in MEASURES}
    trend_rows = [
        [Period(month, Unit.MONTH), *[_median(data[series], month) for series, _slug, _title in MEASURES]]
        for month in months
    ]
    trend_table = Table(
        slug="service-trend",
        caption=_("Median days, per month"),
        columns=[_("Month"), *[str(title) for _series, _slug, title in MEASURES]],
        rows=trend_rows,
    )
    trend = charts.lines(
        labels(months, Unit.MONTH),
        [
            charts.Line(str(title), [row[1 + index] for row in trend_rows])
            for index, (_series, _slug, title) in enumerate(MEASURES)
        ],
        chart_id="chart-service-trend",
        title=_("Median days to answer and to decide, per month"),
        summary=_("The median of all claims and of all requests, month by month."),
    )
    blocks = [Block(table=trend_table, charts=[trend])]
    by_procedure = procedure_labels()
    for series, slug, title in MEASURES:
        is_claim = series.startswith("service.claims")
        known, header = (CATEGORIES, _("Category")) if is_claim else (by_procedure, _("Procedure"))
        blocks.append(_measure_block(slug, title, data[series], last_month, known, header))
    blocks[1].note = _("The last complete month, %(month)s, by claim category and by procedure.") % {
        "month": Period(last_month, Unit.MONTH).label
    }
    return blocks_of(*blocks)


def _median(figures, month):
    figure = figures.get(month, {}).get("")
    return figure.median_days if figure else None


# --- Backlogs --------------------------------------------------------------------------------------

AGE_BUCKETS = {
    "0-7": gettext_lazy("0 to 7 days"),
    "8-30": gettext_lazy("8 to 30 days"),
    "31-90": gettext_lazy("31 to 90 days"),
    "91-plus": gettext_lazy("91 days or more"),
}


def _backlog_block(series, slug, caption, title):
    snapshot, day = read.latest_snapshot(series)
    rows = [
        [str(label), snapshot[key].count, snapshot[key].part or 0]
        for key, label in AGE_BUCKETS.items()
        if key in snapshot
    ]
    total = snapshot.get("")
    waiting, overdue = (total.count, total.part or 0) if total else (0, 0)
    chart = charts.bars(
        [
            (
                label,
                count,
                _("%(count)s (overdue: %(overdue)s)") % {"count": charts.number(count), "overdue": charts.number(late)},
            )
            for label, count, late in rows
        ],
        chart_id=f"chart-{slug}",
        title=title,
        summary=_("Waiting: %(count)s; overdue: %(overdue)s.")
        % {"count": charts.number(waiting), "overdue": charts.number(overdue)},
    )
    if total:
        rows.append([_("Total"), waiting, overdue])
    table = Table(slug=slug, caption=caption, columns=[_("Waiting for"), _("Waiting"), _("Overdue")], rows=rows)
    note = _("On %(day)s.") % {"day": formats.date_format(day, "DATE_FORMAT")} if day else ""
    return Block(table=table, charts=[chart] if chart else [], note=note)


def backlog(*, today):
    return blocks_of(
        _backlog_block(
            "backlog.claims",
            "backlog-claims",
            _("Claims not answered yet, by how long they have waited"),
            _("Claims waiting, by age"),
        ),
        _backlog_block(
            "backlog.cases",
            "backlog-cases",
            _("Requests with the fund, by how long they have waited"),
            _("Requests waiting, by age"),
        ),
    )


# --- Search ----------------------------------------------------------------------------------------


def _search_weekly(weeks):
    queries = read.figures("search.queries", Unit.WEEK, since=weeks[0])
    rows = []
    for week in weeks:
        searches, zero = count_of(queries, week), part_of(queries, week)
        rows.append([Period(week, Unit.WEEK), searches, zero, share(zero, searches)])
    table = Table(
        slug="search-weekly",
        caption=_("Searches per week and those that found nothing"),
        columns=[_("Week (from Monday)"), _("Searches"), _("Without a result"), _("Without a result (%)")],
        rows=rows,
    )
    names = labels(weeks, Unit.WEEK)
    volume = charts.lines(
        names,
        [charts.Line(_("Searches"), [row[1] for row in rows])],
        chart_id="chart-search-weekly",
        title=_("Searches per week"),
        summary=_("Searches over the weeks shown: %(count)s.") % {"count": charts.number(sum(row[1] for row in rows))},
    )
    latest = rows[-1][3]
    zero = charts.lines(
        names,
        [charts.Line(_("Without a result"), [row[3] for row in rows])],
        chart_id="chart-search-zero",
        title=_("Share of the searches that found nothing, per week"),
        summary=_("This week: %(share)s.") % {"share": charts.percent(latest) if latest is not None else "—"},
        is_percent=True,
    )
    return Block(table=table, charts=[volume, zero])


def _pages(snapshot):
    from wagtail.models import Page

    clicked = sorted(
        ((int(key[5:]), figure.count) for key, figure in snapshot.items() if key.startswith("page:")),
        key=lambda item: (-item[1], item[0]),
    )
    titles = dict(Page.objects.filter(pk__in=[pk for pk, _n in clicked]).values_list("pk", "title"))
    rows = [[titles.get(pk) or _("Deleted page (%(id)s)") % {"id": pk}, count] for pk, count in clicked]
    return Table(
        slug="search-pages",
        caption=_("The pages most opened from a search, last 30 days"),
        columns=[_("Page"), _("Opened from a search")],
        rows=rows,
    )


def search(*, today):
    weeks = read.recent_periods(Unit.WEEK, WEEKS, today=today)
    top, _top_day = read.latest_snapshot("search.top")
    found, _found_day = read.latest_snapshot("search.pages")
    queries = sorted(
        ((key[2:], figure) for key, figure in top.items() if key.startswith("q:")),
        key=lambda item: (-item[1].count, item[0]),
    )
    zero = sorted(
        ((key[5:], figure) for key, figure in top.items() if key.startswith("zero:")),
        key=lambda item: (-item[1].count, item[0]),
    )
    top_table = Table(
        slug="search-top",
        caption=_("The most frequent searches, last 30 days"),
        columns=[_("Search"), _("Searches"), _("Results opened")],
        rows=[[query, figure.count, figure.part or 0] for query, figure in queries],
    )
    zero_table = Table(
        slug="search-zero-queries",
        caption=_("Searches that found nothing, last 30 days"),
        columns=[_("Search"), _("Searches")],
        rows=[[query, figure.count] for query, figure in zero],
    )
    never = found.get("never")
    never_table = Table(
        slug="search-never",
        caption=_("Pages nobody opened from a search, last 30 days"),
        columns=[_("Pages indexed"), _("Never opened from a search"), _("Share (%)")],
        rows=[[never.part or 0, never.count, share(never.count, never.part)]] if never else [],
    )
    privacy = _("A search is listed only when enough different visitors typed it.")
    return blocks_of(
        _search_weekly(weeks),
        Block(table=top_table, note=privacy),
        Block(table=zero_table),
        Block(table=_pages(found)),
        Block(table=never_table),
    )


for _panel in (
    panels.Panel("adoption", gettext_lazy("Adoption"), adoption, order=10),
    panels.Panel("channels", gettext_lazy("Channels"), channels, order=20),
    panels.Panel("service", gettext_lazy("Service levels"), service, order=30),
    panels.Panel("backlog", gettext_lazy("Backlog"), backlog, order=40),
    panels.Panel("search", pgettext_lazy("steering panel", "Search"), search, order=50),
):
    panels.register(_panel)
