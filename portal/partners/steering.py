"""The employers on the steering dashboard: the share of retirement dossiers sent on time.

A monthly series (``partners.on_time``): the dossiers sent to the fund in the month (by the day
their case was submitted, in the fund's time zone), and how many were sent by the day they were due
(``RetirementDossier.due_on``, nine months before the retirement: ``portal.partners.deadlines``).
Counted as the delays report counts them: drafts and withdrawn dossiers are not dossiers sent.
One GROUP BY on the dossiers joined to their cases.
"""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.casework.choices import Status
from portal.partners import deadlines
from portal.partners.models import RetirementDossier
from portal.steering import charts, panels, periods, read
from portal.steering.choices import Unit
from portal.steering.dashboard import MONTHS, Block, Period, count_of, labels, part_of, share
from portal.steering.series import Row, series
from portal.steering.tables import Table

SERIES = "partners.on_time"


@series(SERIES)
def dossiers_on_time(*, unit, since, today):
    """Retirement dossiers sent in the month (part: sent by their due date)."""
    sent = RetirementDossier.objects.filter(case__submitted_at__gte=periods.moment(since)).exclude(
        case__status__in=[Status.DRAFT, Status.WITHDRAWN]
    )
    rows = (
        sent.order_by()
        .annotate(
            _period=periods.trunc("case__submitted_at", unit), _sent_on=periods.trunc("case__submitted_at", Unit.DAY)
        )
        .values("_period")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=deadlines.sent_on_time("_sent_on", "due_on")))
    )
    return [Row(periods.as_date(row["_period"]), "", row["n"], row["on_time"]) for row in rows]


def build(*, today):
    months = read.recent_periods(Unit.MONTH, MONTHS, today=today)
    figures = read.figures(SERIES, Unit.MONTH, since=months[0])
    rows = []
    for month in months:
        sent, punctual = count_of(figures, month), part_of(figures, month)
        rows.append([Period(month, Unit.MONTH), sent, punctual, share(punctual, sent)])
    table = Table(
        slug="employers-on-time",
        caption=_("Retirement dossiers sent by the employers per month, and those sent on time"),
        columns=[_("Month"), _("Dossiers sent"), _("Sent on time"), _("Share on time (%)")],
        rows=rows,
    )
    sent, punctual = sum(row[1] for row in rows), sum(row[2] for row in rows)
    chart = charts.lines(
        labels(months, Unit.MONTH),
        [charts.Line(_("Share on time"), [row[3] for row in rows])],
        chart_id="chart-employers-on-time",
        title=_("Share of the retirement dossiers sent on time, per month"),
        summary=_("Dossiers sent over the months shown: %(sent)s; on time: %(share)s.")
        % {
            "sent": charts.number(sent),
            "share": charts.percent(share(punctual, sent)) if sent else "—",
        },
        is_percent=True,
    )
    note = _("A dossier is on time when the employer sent it at least nine months before the retirement date.")
    return {"blocks": [Block(table=table, charts=[chart] if chart else [], note=note)]}


panels.register(panels.Panel("employers", gettext_lazy("Employers' dossiers"), build, order=120))
