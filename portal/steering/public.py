"""The fund's public figures: the transparency page, its CSV files and the open-data API.

Monthly tables (the last 12 months, newest first) read from the steering summary tables only, never
from the members', claims' or requests' tables. No published figure describes fewer than
``STEERING_MIN_CELL`` people (``portal.steering.suppression``):

- a count from 1 to the minimum minus one is replaced by "fewer than N";
- in a row whose total is published, a second cell is hidden when only one was, so that the small
  one cannot be worked out by subtraction;
- a median or a share computed over fewer than the minimum is hidden, and so is a share whose part
  is hidden or small: with its base published, the share would give the part back.

Every count is suppressed the same way, the members of each population too: a population of a
small fund (or of a test) may count fewer than the minimum.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.models import MemberStatus
from portal.steering import read, suppression
from portal.steering.choices import Channel, Unit
from portal.steering.suppression import Hidden
from portal.steering.tables import Table

MONTHS = 12
ALL = ""  # the key of a series' total

# What a column holds, for the page's formatting (a month's name, a count, days, a percentage).
LABEL, MONTH, COUNT, DAYS, PERCENT = "label", "month", "count", "days", "percent"
# Why a cell is not published: a count below the minimum, or a figure hidden to protect one.
BELOW_MINIMUM, HIDDEN = "below_minimum", "hidden"


class Month(datetime.date):
    """A month's first day that writes itself "2026-11" (in the CSV and JSON); templates format it
    with the month's name, as any date."""

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Column:
    key: str  # stable across languages: the JSON's column key
    label: object  # a lazy translation: the header
    kind: str = COUNT

    def __str__(self):
        return str(self.label)


@dataclass(frozen=True)
class Cell:
    value: object  # what is published: None when the figure is hidden or there is none
    suppressed: str | None  # None, BELOW_MINIMUM or HIDDEN
    kind: str


@dataclass
class OpenTable(Table):
    title: object = ""  # the section's heading on the page (the caption says more)
    keys: list = field(default_factory=list)  # one per row, in no language: its month or its population

    def cells(self):
        """The rows as ``Cell``s: what the page and the API show, the same for both."""
        return [
            [
                Cell(None if isinstance(value, Hidden) else value, marker(value), column.kind)
                for column, value in zip(self.columns, row, strict=True)
            ]
            for row in self.rows
        ]


def marker(value):
    if isinstance(value, Hidden):
        return BELOW_MINIMUM if value.below else HIDDEN
    return None


def minimum():
    return settings.STEERING_MIN_CELL


def months(*, today=None):
    """The last 12 months, the current one included, newest first."""
    return [
        Month(start.year, start.month, 1) for start in reversed(read.recent_periods(Unit.MONTH, MONTHS, today=today))
    ]


def _monthly(series, shown):
    """{period: {key: Figure}} of a monthly series over the months ``shown`` (none: nothing read)."""
    if not shown:
        return {}
    oldest = shown[-1]  # a Month: the database driver takes its str() ("2026-11") for a date, so a plain date
    return read.figures(series, Unit.MONTH, since=datetime.date(oldest.year, oldest.month, 1))


def _count(figures, period, key=ALL):
    figure = figures.get(period, {}).get(key)
    return figure.count if figure else 0


def share(part, base, *, shown_part, least, shown_base=None):
    """``part`` out of ``base`` in percent (one decimal); None without a base. Hidden when the base is
    below the minimum, or when the part is hidden (``shown_part``): base x share would give it back,
    or the base (``shown_base``): part / share would."""
    if not base or part is None:
        return None
    if suppression.is_small(base, least) or isinstance(shown_part, Hidden) or isinstance(shown_base, Hidden):
        return Hidden(None)
    return round(100 * part / base, 1)


def adoption(*, shown, least):
    created = _monthly("accounts.created", shown)
    linked = _monthly("accounts.linked", shown)
    rows = [
        [
            month,
            suppression.total(_count(created, month), minimum=least),
            suppression.total(_count(linked, month), minimum=least),
        ]
        for month in shown
    ]
    return OpenTable(
        slug="adoption",
        title=_("Online accounts"),
        caption=_("Accounts opened on the portal and member files linked to an account, by month"),
        columns=[
            Column("month", _("Month"), MONTH),
            Column("accounts_opened", _("Accounts opened")),
            Column("files_linked", _("Member files linked to an account")),
        ],
        rows=rows,
        keys=[str(month) for month in shown],
    )


def adoption_today(*, shown, least):
    """Today's members and those with an account linked to their file, by population, then all."""
    # Before the first refresh (no months shown) there is no snapshot either.
    snapshot, _day = read.latest_snapshot("adoption.segments") if shown else ({}, None)
    populations = [(status, label) for status, label in MemberStatus.choices]
    everyone = snapshot.get("all")
    rows, keys = [], []
    if everyone is not None:
        members, linked = zip(*(_segment(snapshot, status) for status, _label in populations), strict=True)
        all_linked = everyone.part or 0
        # The populations add up to everyone: with the total published, one hidden count could be
        # worked out from the others.
        linked_cells = suppression.cells(
            list(linked), minimum=least, total_published=not suppression.is_small(all_linked, least)
        )
        member_cells = suppression.cells(
            list(members), minimum=least, total_published=not suppression.is_small(everyone.count, least)
        )
        for (status, label), count, part, shown_count, shown_part in zip(
            populations, members, linked, member_cells, linked_cells, strict=True
        ):
            rows.append(
                [
                    label,
                    shown_count,
                    shown_part,
                    share(part, count, shown_part=shown_part, shown_base=shown_count, least=least),
                ]
            )
            keys.append(status)
        shown_all = suppression.total(all_linked, minimum=least)
        rows.append(
            [
                _("All members"),
                suppression.total(everyone.count, minimum=least),
                shown_all,
                share(all_linked, everyone.count, shown_part=shown_all, least=least),
            ]
        )
        keys.append("all")
    return OpenTable(
        slug="adoption-today",
        title=_("Members with an online account"),
        caption=_(
            "Members and how many of them have an account linked to their file, by population, on the day of the "
            "figures"
        ),
        columns=[
            Column("population", _("Population"), LABEL),
            Column("members", _("Members")),
            Column("linked", _("With an account linked to their file")),
            Column("linked_share", _("Share with a linked account (%)"), PERCENT),
        ],
        rows=rows,
        keys=keys,
    )


def _segment(snapshot, status):
    """(members, linked) of one population in the snapshot."""
    figure = snapshot.get(f"population:{status}")
    return (figure.count, figure.part or 0) if figure else (0, 0)


def channels(*, shown, least):
    claims = _monthly("channels.claims", shown)
    cases = _monthly("channels.cases", shown)
    online = list(Channel).index(Channel.ONLINE)
    rows = []
    for month in shown:
        counts = [_count(claims, month, channel) + _count(cases, month, channel) for channel in Channel]
        received = sum(counts)
        cells = suppression.cells(counts, minimum=least, total_published=not suppression.is_small(received, least))
        rows.append(
            [
                month,
                *cells,
                suppression.total(received, minimum=least),
                share(counts[online], received, shown_part=cells[online], least=least),
            ]
        )
    return OpenTable(
        slug="channels",
        title=_("How claims and requests reach us"),
        caption=_("Claims and requests received, by channel and month"),
        columns=[
            Column("month", _("Month"), MONTH),
            *(Column(channel.value, channel.label) for channel in Channel),
            Column("total", _("Total")),
            Column("online_share", _("Share received online (%)"), PERCENT),
        ],
        rows=rows,
        keys=[str(month) for month in shown],
    )


def _service(figure, least):
    """[count, median days, share within the service level] of one month's total."""
    if figure is None or not figure.count:
        return [0, None, None]
    count = figure.count
    too_few = suppression.is_small(count, least)
    median = None if figure.median_days is None else Hidden(None) if too_few else round(figure.median_days, 1)
    within = figure.part
    shown_within = None if within is None else suppression.total(within, minimum=least)
    return [suppression.total(count, minimum=least), median, share(within, count, shown_part=shown_within, least=least)]


def service(*, shown, least):
    answered = _monthly("service.claims.answer", shown)
    decided = _monthly("service.cases.decision", shown)
    rows = [
        [
            month,
            *_service(answered.get(month, {}).get(ALL), least),
            *_service(decided.get(month, {}).get(ALL), least),
        ]
        for month in shown
    ]
    return OpenTable(
        slug="service",
        title=_("Service levels"),
        caption=_("Claims answered and requests decided, by month: days taken and share within the service level"),
        columns=[
            Column("month", _("Month"), MONTH),
            Column("claims_answered", _("Claims answered")),
            Column("claims_median_days", _("Median days to answer"), DAYS),
            Column("claims_within", _("Answered within the service level (%)"), PERCENT),
            Column("requests_decided", _("Requests decided")),
            Column("requests_median_days", _("Median days to a decision"), DAYS),
            Column("requests_within", _("Decided within the service level (%)"), PERCENT),
        ],
        rows=rows,
        keys=[str(month) for month in shown],
    )


BUILDERS = {"adoption": adoption, "adoption-today": adoption_today, "channels": channels, "service": service}
SLUGS = tuple(BUILDERS)


def tables(*, today=None, only=None):
    """The public tables in the page's order (``only``: the one of that slug). Before the first
    refresh they have no rows: zeros would be figures nobody computed."""
    shown = months(today=today) if read.computed_at() is not None else []
    least = minimum()
    slugs = [only] if only else SLUGS
    return [BUILDERS[slug](shown=shown, least=least) for slug in slugs]
