"""One entry point for the page and the API: parse the request, run it on an engine, log it.

Which engine answers, and what happens when Elasticsearch fails, is search.engines' business.
"""

from search import engines, promoted, query_log
from search.models import terms_key
from search.results import FACETS, MAX_PAGE, SearchRequest

MAX_QUERY_LENGTH = 200


def parse_request(params, language):
    """Build a SearchRequest from query parameters; bad values fall back to defaults, never raise."""
    try:
        page = int(params.get("page") or 1)
    except (TypeError, ValueError):
        page = 1
    filters = {name: (params.get(name) or "").strip()[:100] for name in FACETS}
    return SearchRequest(
        # NUL never means anything in a query, and PostgreSQL refuses it (query log, promoted results): dropped.
        query=(params.get("q") or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH],
        language=language,
        filters={name: value for name, value in filters.items() if value},
        page=min(max(page, 1), MAX_PAGE),
    )


def promoted_ids(request):
    """Editors' promoted pages for this query, on the first unfiltered page only."""
    key = terms_key(request.analysed.terms)
    if request.page != 1 or request.filters or not key:
        return []
    return promoted.page_ids(key)


def run(request, *, engine=None, visitor=None):
    """Search; never raises because Elasticsearch is down or missing (the result says which engine answered).

    engine: a name from search.engines to measure one engine only (no fallback).
    visitor: the search.query_log.Visitor who typed it, for the search report; None records nothing.
    """
    results = engines.call("search", request, promoted_ids=promoted_ids(request), engine=engine)
    if visitor is not None and request.page == 1 and request.query:
        query_log.record(request, results, visitor)
    return results


def autocomplete(prefix, language):
    return engines.call("autocomplete", (prefix or "").strip()[:100], language)
