"""The public figures page (/<lang>/transparency/): a plain view, not a CMS page.

Not kept by the page cache (``cms/page_cache.py`` keeps Wagtail pages only): it reads a few rows of
the small summary tables, and it shows the latest refresh as soon as it is done.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.steering import public, read
from portal.steering.suppression import Hidden


@require_safe
def open_data(request):
    minimum = public.minimum()
    context = {
        "tables": public.tables(),
        "computed_at": read.computed_at(),
        "minimum": minimum,
        # What the CSV files write for a suppressed figure, for the page to explain.
        "below_marker": str(Hidden(minimum)),
        "hidden_marker": str(Hidden(None)),
    }
    return render(request, "steering/open_data.html", context)
