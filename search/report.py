"""The search report for editors: what people look for, what they do not find, what they click.

A query appears only once SEARCH_REPORT_MIN_VISITORS distinct visitors typed it: what one person
types (their own name, a neighbour's) never reaches Communications, what many people look for does.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Avg, Count
from django.utils import timezone

from search.models import QueryLog, ResultClick


@dataclass
class QueryLine:
    query: str
    searches: int
    average_results: float
    clicks: int

    @property
    def click_through(self):
        """Share of searches followed by a click on a result (0 to 1)."""
        return min(1.0, self.clicks / self.searches) if self.searches else 0.0


@dataclass
class Report:
    days: int
    searches: int
    clicks: int
    top: list
    without_results: list
    min_visitors: int = 1

    @property
    def click_through(self):
        return min(1.0, self.clicks / self.searches) if self.searches else 0.0


def _shared(logs, min_visitors):
    """Per query, only those typed by at least min_visitors distinct visitors (unknown visitors never count)."""
    return (
        logs.exclude(visitor="")
        .values("query")
        .annotate(n=Count("id"), visitors=Count("visitor", distinct=True), avg=Avg("results"))
        .filter(visitors__gte=min_visitors)
    )


def build(days=30, limit=50):
    since = timezone.now() - timedelta(days=days)
    min_visitors = settings.SEARCH_REPORT_MIN_VISITORS
    logs = QueryLog.objects.filter(created_at__gte=since)
    clicks = ResultClick.objects.filter(created_at__gte=since)
    click_counts = dict(clicks.values("query").annotate(n=Count("id")).values_list("query", "n"))
    top = [
        QueryLine(row["query"], row["n"], row["avg"] or 0.0, click_counts.get(row["query"], 0))
        for row in _shared(logs, min_visitors).order_by("-n", "query")[:limit]
    ]
    without = [
        QueryLine(row["query"], row["n"], 0.0, 0)
        for row in _shared(logs.filter(results=0), min_visitors).order_by("-n", "query")[:limit]
    ]
    return Report(
        days=days,
        searches=logs.count(),
        clicks=clicks.count(),
        top=top,
        without_results=without,
        min_visitors=min_visitors,
    )
