"""Pension payments grouped by year, with the yearly totals the member checks against tax statements."""

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear


def yearly_totals(member):
    """[{"year", "count", "gross", "net", "deductions"}], newest year first, computed by the database."""
    rows = (
        member.payments.annotate(year=ExtractYear("period"))
        .values("year")
        .annotate(count=Count("pk"), gross=Sum("gross"), net=Sum("net"))
        .order_by("-year")
    )
    return [{**row, "deductions": row["gross"] - row["net"]} for row in rows]


def payments_of_year(member, year):
    return member.payments.filter(period__year=year).order_by("-period")
