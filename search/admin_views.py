"""Admin views: the search report (editors) and the staff claim search (claims agents)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.access import staff_permission_required
from search import claim_search as claims
from search import report

REPORT_PERMISSION = "search.view_querylog"
CLAIMS_PERMISSION = "claims.view_claim"
REPORT_PERIODS = (7, 30, 90, 365)


@require_GET
@staff_permission_required(REPORT_PERMISSION)
def search_report(request):
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in REPORT_PERIODS else 30
    context = {"report": report.build(days=days), "periods": REPORT_PERIODS}
    return render(request, "search/admin/report.html", context)


@require_GET
@staff_permission_required(CLAIMS_PERMISSION)
def claim_search(request):
    query = request.GET.get("q", "")
    results = claims.staff_search(query) if query.strip() else None
    return render(request, "search/admin/claim_search.html", {"query": query, "results": results})
