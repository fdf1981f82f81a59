"""Known summary rows for the public figures' tests, with small counts where suppression must act.

Written straight into the summary tables (``Figure``, ``Refresh``), as the refresh would: the public
figures read nothing else. The minimum is the default, 10.
"""

from html.parser import HTMLParser

from django.utils import timezone

from portal.steering import read
from portal.steering.choices import Unit
from portal.steering.models import Figure, Refresh

MINIMUM = 10


def months():
    """(this month, last month): the two newest rows of every monthly table."""
    last, this = read.recent_periods(Unit.MONTH, 2)
    return this, last


def _figure(series, unit, period, key, count, part=None, median_days=None):
    return Figure(series=series, unit=unit, period=period, key=key, count=count, part=part, median_days=median_days)


def build():
    """The known world; returns (this month, last month)."""
    this, last = months()
    today = timezone.localdate()
    month = Unit.MONTH
    Figure.objects.bulk_create(
        [
            # Adoption: 7 accounts last month and 9 files linked this month are too few to publish.
            _figure("accounts.created", month, this, "", 25),
            _figure("accounts.created", month, last, "", 7),
            _figure("accounts.linked", month, this, "", 9),
            _figure("accounts.linked", month, last, "", 11),
            # Today: 5 survivors linked (too few); 25 pensioners hidden too, or 150 - 120 - 5 gives them away.
            _figure("adoption.segments", Unit.DAY, today, "all", 1000, 150),
            _figure("adoption.segments", Unit.DAY, today, "population:contributing", 600, 120),
            _figure("adoption.segments", Unit.DAY, today, "population:retired", 350, 25),
            _figure("adoption.segments", Unit.DAY, today, "population:survivor", 50, 5),
            _figure("adoption.segments", Unit.DAY, today, "region:06", 3, 1),  # not public
            # Channels this month: claims and requests add up to online 45, counter 3, phone 12, fund 20 (80);
            # the counter's 3 is too few, and the phone's 12 is hidden so that 80 - 45 - 20 - 12 cannot give it.
            _figure("channels.claims", month, this, "online", 40),
            _figure("channels.claims", month, this, "counter", 3),
            _figure("channels.claims", month, this, "phone", 12),
            _figure("channels.cases", month, this, "online", 5),
            _figure("channels.cases", month, this, "fund", 20),
            # Last month: 6 in all, all online: nothing published but zeros.
            _figure("channels.claims", month, last, "online", 4),
            _figure("channels.cases", month, last, "online", 2),
            # Service: 30 claims answered (27 in time), 4 last month; 12 requests decided, only 3 in time.
            _figure("service.claims.answer", month, this, "", 30, 27, 4.5),
            _figure("service.claims.answer", month, this, "payments", 8, 8, 2.0),  # by category: not public
            _figure("service.claims.answer", month, last, "", 4, 4, 2.0),
            _figure("service.cases.decision", month, this, "", 12, 3, 20.0),
        ]
    )
    Refresh.objects.create(started_at=timezone.now(), finished_at=timezone.now(), since=last, rows=20)
    return this, last


class TableText(HTMLParser):
    """The text of every cell of the page's tables: {table id (its slug): [[cell text, ...], ...]}."""

    def __init__(self):
        super().__init__()
        self.tables, self._table, self._row, self._cell = {}, None, None, None
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = []
        elif tag == "caption" and self._table is not None:
            self.tables[attrs["id"].removesuffix("-caption")] = self._table
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "span" and self._cell is not None and attrs.get("aria-hidden") == "true":
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        # What a screen reader reads: not what is hidden from it (the dash standing for "no figure").
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def page_tables(html):
    parser = TableText()
    parser.feed(html)
    return parser.tables
