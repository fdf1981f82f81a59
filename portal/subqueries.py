"""Several counts of a page read in one query: each count becomes a column of a one-row query."""

from django.db.models import F, Func, Subquery


def count_of(queryset):
    """The queryset's count as an expression (Django's idiom for COUNT without GROUP BY: one row)."""
    return Subquery(queryset.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count"))
