"""The search report for editors: what people look for, what they do not find, what they click."""

from dataclasses import dataclass
from datetime import timedelta

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

    @property
    def click_through(self):
        return min(1.0, self.clicks / self.searches) if self.searches else 0.0


def build(days=30, limit=50):
    since = timezone.now() - timedelta(days=days)
    logs = QueryLog.objects.filter(created_at__gte=since)
    clicks = ResultClick.objects.filter(created_at__gte=since)
    click_counts = dict(clicks.values("query").annotate(n=Count("id")).values_list("query", "n"))
    top = [
        QueryLine(row["query"], row["n"], row["avg"] or 0.0, click_counts.get(row["query"], 0))
        for row in logs.values("query").annotate(n=Count("id"), avg=Avg("results")).order_by("-n", "query")[:limit]
    ]
    without = [
        QueryLine(row["query"], row["n"], 0.0, 0)
        for row in logs.filter(results=0).values("query").annotate(n=Count("id")).order_by("-n", "query")[:limit]
    ]
    return Report(days=days, searches=logs.count(), clicks=clicks.count(), top=top, without_results=without)
