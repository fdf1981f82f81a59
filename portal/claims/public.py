"""The public transparency page: monthly claim figures, no personal data (a plain view, not a CMS page)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.claims import statistics


@require_safe
def transparency(request):
    return render(request, "claims/transparency.html", {"months": statistics.monthly_figures()})
