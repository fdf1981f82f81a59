"""One entry point for the page and the API: Elasticsearch when it answers, the database otherwise."""

import logging
import time

from elasticsearch import ApiError, NotFoundError, TransportError

from search import client as search_client
from search import db_search, es_search
from search.models import PromotedResult, QueryLog, promoted_key
from search.privacy import scrub_query
from search.results import FACETS, MAX_PAGE, SearchRequest

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
# Any failure of the engine itself sends the visitor to the fallback rather than to an error page.
ENGINE_ERRORS = (TransportError, ApiError, NotFoundError)


# After a failure, visitors are answered from the database for a while instead of each waiting for a
# timeout (per process; the next request after the pause tries Elasticsearch again).
PAUSE_AFTER_FAILURE_SECONDS = 30
_paused_until = 0.0


def engine_client():
    """The Elasticsearch client, or None when it is not configured or failed a moment ago."""
    if time.monotonic() < _paused_until:
        return None
    return search_client.get_client()


def engine_failed():
    global _paused_until
    _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS
    logger.warning("Elasticsearch search failed; answering from the database", exc_info=True)


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


def promoted_ids(query):
    key = promoted_key(query)
    if not key:
        return []
    return list(PromotedResult.objects.filter(query_terms=key).order_by("position").values_list("page_id", flat=True))


def run(request, *, record=True):
    """Search; never raises because Elasticsearch is down or missing (the result says which engine answered)."""
    promoted = promoted_ids(request.query) if request.page == 1 and not request.filters else []
    client = engine_client()
    results = None
    if client is not None:
        try:
            results = es_search.search(client, request, exclude_ids=promoted)
            results.promoted = es_search.pages_by_id(client, promoted, request.query)
        except ENGINE_ERRORS:
            engine_failed()
            results = None
    if results is None:
        results = db_search.search(request, exclude_ids=promoted)
        results.promoted = db_search.pages_by_id(promoted)
    if record and request.page == 1 and request.query:
        log_query(request, results)
    return results


def log_query(request, results):
    query = scrub_query(request.query)
    if query:
        QueryLog.objects.create(
            query=query,
            language=request.language,
            results=results.total + len(results.promoted),
            backend=results.backend,
        )


def autocomplete(prefix, language):
    prefix = (prefix or "").strip()[:100]
    client = engine_client()
    if client is not None:
        try:
            return es_search.autocomplete(client, prefix, language)
        except ENGINE_ERRORS:
            engine_failed()
    return db_search.autocomplete(prefix, language)
