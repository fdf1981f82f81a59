"""The life control on the steering dashboard: how far the campaigns in progress have got.

A snapshot series (``lifecontrol.checks``, one per refresh day): the checks of each campaign in
progress by status, key "<campaign id>:<status>", from one GROUP BY on the checks (the
``lifecheck_figures`` index). A campaign is in progress from its opening to the end of its grace
period: after that the pensions not accounted for are suspended and the campaign's figures are final
(its own page in the life control keeps them). The panel names each campaign with one query on the
few campaigns found in the figures.
"""

import datetime

from django.db.models import Count
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.lifecontrol.choices import CheckStatus
from portal.lifecontrol.models import Campaign, LifeCheck
from portal.steering import charts, panels, read
from portal.steering.choices import Unit
from portal.steering.dashboard import Block, share
from portal.steering.series import Row, series
from portal.steering.tables import Table

SERIES = "lifecontrol.checks"


def in_progress(campaign, today):
    end = campaign.deadline + datetime.timedelta(days=campaign.grace_days)
    return campaign.is_open and today <= end


@series(SERIES, units=(Unit.DAY,))
def checks_by_status(*, unit, since, today):
    """Today's checks of every campaign in progress, by status."""
    # A campaign a year: reading them all is a handful of rows.
    opened = Campaign.objects.filter(opened_at__isnull=False)
    followed = [campaign.pk for campaign in opened if in_progress(campaign, today)]
    grouped = (
        LifeCheck.objects.filter(campaign_id__in=followed)
        .order_by()
        .values_list("campaign_id", "status")
        .annotate(n=Count("pk"))
    )
    return [Row(today, f"{campaign}:{status}", n) for campaign, status, n in grouped]


def _campaign_block(campaign, counts, day):
    total = sum(counts.values())
    rows = [
        [str(status.label), counts.get(status.value, 0), share(counts.get(status.value, 0), total)]
        for status in CheckStatus
    ]
    chart = charts.bars(
        [(label, count, f"{charts.number(count)} ({charts.percent(part or 0)})") for label, count, part in rows],
        chart_id=f"chart-life-control-{campaign.pk}",
        title=_("Pensioners of “%(campaign)s”, by where they stand") % {"campaign": campaign.name},
        summary=_("Pensioners: %(count)s; accepted: %(accepted)s.")
        % {"count": charts.number(total), "accepted": charts.number(counts.get(CheckStatus.ACCEPTED, 0))},
        largest=total,
    )
    rows.append([_("Total"), total, share(total, total)])
    table = Table(
        slug=f"life-control-{campaign.pk}",
        caption=_("Campaign “%(campaign)s”: pensioners by status") % {"campaign": campaign.name},
        columns=[_("Status"), _("Pensioners"), _("Share (%)")],
        rows=rows,
    )
    note = _("Deadline: %(deadline)s. Figures of %(day)s.") % {
        "deadline": formats.date_format(campaign.deadline, "DATE_FORMAT"),
        "day": formats.date_format(day, "DATE_FORMAT"),
    }
    return Block(table=table, charts=[chart], note=note)


def build(*, today):
    snapshot, day = read.latest_snapshot(SERIES)
    by_campaign = {}
    for key, figure in snapshot.items():
        campaign_id, _sep, status = key.partition(":")
        by_campaign.setdefault(int(campaign_id), {})[status] = figure.count
    campaigns = Campaign.objects.filter(pk__in=by_campaign).order_by("-opens_on", "-pk")
    blocks = [_campaign_block(campaign, by_campaign[campaign.pk], day) for campaign in campaigns]
    if not blocks:
        empty = Table(
            slug="life-control-none",
            caption=_("Campaigns in progress"),
            columns=[_("Status"), _("Pensioners"), _("Share (%)")],
        )
        blocks = [Block(table=empty, note=_("No life-control campaign is in progress."))]
    return {"blocks": blocks}


panels.register(panels.Panel("life-control", gettext_lazy("Life control"), build, order=110))
