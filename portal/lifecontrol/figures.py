"""A campaign's figures: how many pensioners in each country are in each status.

One GROUP BY on the checks (country, status), read through the ``lifecheck_figures`` index; the
table has a column for every ``CheckStatus`` (zeros included) so that its totals are the
campaign's population and each status's count exactly, whatever the data. The CSV exports carry
the same numbers, in UTF-8 with a byte-order mark so that Excel reads accents and Arabic.
The notices that reached a person are counted in the query (``notices.of_outer_check``), never one
query per check, for the follow-up list and the letters to post.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from portal.lifecontrol import notices
from portal.lifecontrol.choices import CheckStatus
from portal.lifecontrol.models import LifeCheck

BOM = "\ufeff"


def country_name(code):
    # A code django-countries does not know (an old export) is shown as it is, never dropped.
    return countries.name(code) or code


@dataclass
class Row:
    country: str
    name: str
    counts: list[int] = field(default_factory=list)

    @property
    def total(self):
        return sum(self.counts)


@dataclass
class Figures:
    statuses: list
    rows: list[Row]
    totals: list[int]

    @property
    def total(self):
        return sum(self.totals)

    def by_status(self):
        """[(status, count)] for the chart, every status in the order of ``CheckStatus``."""
        return list(zip(self.statuses, self.totals, strict=True))

    def bars(self):
        """[(status, count, percent)] for the bar chart: each bar's length as a share of the largest
        count (85 % at most, to leave room for the number beside it)."""
        largest = max(self.totals, default=0) or 1
        return [(status, count, round(count * 85 / largest)) for status, count in self.by_status()]


def campaign_figures(campaign):
    statuses = list(CheckStatus)
    position = {status.value: index for index, status in enumerate(statuses)}
    rows = {}
    grouped = (
        LifeCheck.objects.filter(campaign=campaign).values_list("country", "status").annotate(n=Count("pk")).order_by()
    )
    for country, status, number in grouped:
        row = rows.setdefault(country, Row(country, country_name(country), [0] * len(statuses)))
        row.counts[position[status]] += number
    ordered = sorted(rows.values(), key=lambda row: (-row.total, row.name))
    totals = [sum(row.counts[index] for row in ordered) for index in range(len(statuses))]
    return Figures(statuses=statuses, rows=ordered, totals=totals)


def _csv(header, lines):
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(lines)
    return out.getvalue().encode("utf-8")


def figures_csv(figures):
    header = [_("Country code"), _("Country"), *[str(status.label) for status in figures.statuses], _("Total")]
    lines = [[row.country, row.name, *row.counts, row.total] for row in figures.rows]
    lines.append(["", _("Total"), *figures.totals, figures.total])
    return _csv(header, lines)


def reached_notices(checks):
    """``checks`` with ``reached``: how many of its notices reached the person, counted as
    ``notices.py`` does (an e-mail or SMS the provider accepted, or a letter posted), in
    the same query rather than one per check."""
    counted = notices.of_outer_check().order_by().values("life_check").annotate(n=Count("pk")).values("n")
    return checks.annotate(reached=Coalesce(Subquery(counted, output_field=IntegerField()), 0))


def checks_csv(checks):
    """The checks for follow-up (``checks`` from ``reached_notices``, with their members)."""
    header = [
        _("Pension number"),
        _("Affiliation number"),
        _("Name"),
        _("Country code"),
        _("Country"),
        _("Status"),
        _("Notices that reached the person"),
        _("Answered on"),
    ]
    lines = [
        [
            check.member.pension_number,
            check.member.affiliation_number,
            check.member.full_name,
            check.country,
            country_name(check.country),
            check.get_status_display(),
            check.reached,
            timezone.localdate(check.answered_at).strftime("%d/%m/%Y") if check.answered_at else "",
        ]
        for check in checks
    ]
    return _csv(header, lines)
