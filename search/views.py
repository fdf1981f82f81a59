"""The public search page and the click-through redirect (thin: the work is in search.service)."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from portal.access import member_required
from search import claim_search, query_log, service
from search.models import IndexedPage
from search.query_log import Visitor


def _help_contact(language):
    contact = IndexedPage.objects.filter(kind="contact", language=language).values_list("url", flat=True).first()
    return {"phone": settings.FUND_PHONE, "contact_url": contact}


@require_GET
def search_page(request):
    language = get_language()
    search_request = service.parse_request(request.GET, language)
    results = service.run(search_request, visitor=Visitor.from_request(request)) if search_request.query else None
    context = {
        "search_query": search_request.query,
        "search_request": search_request,
        "results": results,
        "help": _help_contact(language),
        "filter_params": dict(search_request.filters),
    }
    return render(request, "search/search.html", context)


@require_GET
def click(request):
    """Record which result was chosen for a query (without personal data), then go to the page."""
    try:
        page_id, position = int(request.GET.get("page", "")), int(request.GET.get("pos", "0"))
    except ValueError:
        page_id, position = None, 0
    target = IndexedPage.objects.filter(page_id=page_id).values_list("url", flat=True).first()
    if target is None:
        return HttpResponseRedirect(f"/{get_language()}/search/")
    query_log.record_click(request.GET.get("q", ""), page_id, position, Visitor.from_request(request))
    # Only ever our own pages' URLs (relative or on our hosts): never an open redirect.
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = f"/{get_language()}/"
    return HttpResponseRedirect(target)


@require_GET
@member_required
def my_claims(request):
    """A member's search of their own claims: the member filter is inside the query (search.claim_search)."""
    query = request.GET.get("q", "").strip()[:200]
    results = claim_search.member_search(request.member, query) if query else None
    return render(request, "search/my_claims.html", {"claims_query": query, "results": results})
