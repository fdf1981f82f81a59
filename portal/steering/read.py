"""Reading the summary tables: what the dashboard and the public figures show (never the large tables)."""

from collections import defaultdict

from portal.steering import periods
from portal.steering.choices import Unit
from portal.steering.models import Figure, Refresh


def last_refresh():
    """The refresh whose figures are shown (None before the first)."""
    return Refresh.objects.filter(finished_at__isnull=False).order_by("-started_at").first()


def computed_at():
    """When the figures shown were computed (None before the first refresh)."""
    last = last_refresh()
    return last.finished_at if last else None


def figures(series, unit, *, since=None):
    """{period: {key: Figure}} of one series, oldest period first."""
    queryset = Figure.objects.filter(series=series, unit=unit).order_by("period", "key")
    if since is not None:
        queryset = queryset.filter(period__gte=since)
    out = defaultdict(dict)
    for figure in queryset:
        out[figure.period][figure.key] = figure
    return dict(out)


def latest_snapshot(series):
    """{key: Figure} of the last snapshot of ``series`` (empty before any), and its day."""
    last = (
        Figure.objects.filter(series=series, unit=Unit.DAY).order_by("-period").values_list("period", flat=True).first()
    )
    if last is None:
        return {}, None
    return {f.key: f for f in Figure.objects.filter(series=series, unit=Unit.DAY, period=last)}, last


def recent_periods(unit, count, *, today=None):
    """The last ``count`` period starts up to the current one, oldest first."""
    today = today or periods.today()
    return periods.starts(periods.back(today, unit, count - 1), today, unit)
