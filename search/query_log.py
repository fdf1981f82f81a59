"""Recording searches and clicks for the search report: who is counted, how often, and what is kept.

A visitor is a keyed hash of the client address (HMAC with the site's secret): the report can count
how many *different* people typed a query, and nobody can recover an address from the log. Each
visitor's searches and clicks are logged up to SEARCH_LOG_RATE per minute each; beyond that the
search still answers (and the click still redirects) but nothing is logged, so a script cannot
flood the report (or the tables).
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac

from config import throttle
from portal.audit import client_ip
from search.models import QueryLog, ResultClick
from search.privacy import scrub_query, without_names

THROTTLE_WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Visitor:
    key: str  # hex digest; never the address itself

    @classmethod
    def from_request(cls, request):
        address = client_ip(request) or "unknown"
        return cls(salted_hmac("search.query_log.visitor", address, algorithm="sha256").hexdigest())


def _over_budget(visitor, kind):
    """Count one logged search (or click) for this visitor; True once the minute's budget is spent."""
    key = f"throttle:search-log:{kind}:{visitor.key}:{int(time.time() // THROTTLE_WINDOW_SECONDS)}"
    return throttle.count(key, window=THROTTLE_WINDOW_SECONDS) > settings.SEARCH_LOG_RATE


def _storable(query, visitor, kind):
    """The query as the log keeps it, or "" when nothing is left of it or the visitor spent the minute's budget.

    The budget is counted before the names lookup: a script flooding the search (or the clicks) from one
    address then costs one cache count per request, never a database read (search.privacy.strip_names).
    """
    scrubbed = scrub_query(query)
    if not scrubbed or _over_budget(visitor, kind):
        return ""
    return without_names(scrubbed)


def record(request, results, visitor):
    """Log a first-page search, scrubbed of personal data; nothing when nothing is left or over budget."""
    query = _storable(request.query, visitor, "search")
    if not query:
        return None
    return QueryLog.objects.create(
        query=query,
        language=request.language,
        results=results.total + len(results.promoted),
        backend=results.backend,
        visitor=visitor.key,
    )


def record_click(query, page_id, position, visitor):
    """Log which result was chosen for a query, scrubbed like the query; nothing over budget."""
    query = _storable(query, visitor, "click")
    if not query:
        return None
    return ResultClick.objects.create(query=query, page_id=page_id, position=max(0, min(position, 1000)))
