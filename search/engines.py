"""The two search engines behind one interface, chosen by name, and the circuit breaker between them.

Modelled on Wagtail's ``get_search_backend``: each engine is a module with the same functions
(the Engine protocol below). ``get_engine(name)`` returns one; ``call()`` runs an operation on
Elasticsearch when it is configured and answering, and on the database otherwise, so a visitor
never meets an error page because the cluster is away.
"""

import logging
import time
from collections.abc import Sequence
from typing import Protocol

from elasticsearch import ApiError, NotFoundError, TransportError

from search import client as search_client
from search import db_search, es_search
from search.indexes import SearchUnavailable
from search.results import DATABASE, ELASTICSEARCH, SearchRequest, SearchResults

logger = logging.getLogger(__name__)


class Engine(Protocol):
    def search(self, request: SearchRequest, *, promoted_ids: Sequence[int] = ()) -> SearchResults:
        """One page of results for request (its query already analysed: request.analysed).

        Only pages cms.visibility lets a visitor see; promoted_ids are returned apart, in
        SearchResults.promoted, and left out of the ranked hits.
        """

    def autocomplete(self, prefix: str, language: str, *, size: int = 8) -> list[dict]:
        """Up to `size` {title, url, kind} whose title starts, at a significant word, with prefix."""


ENGINES = {ELASTICSEARCH: es_search, DATABASE: db_search}
# Tried in this order; the last one (the database) always answers.
PREFERENCE = (ELASTICSEARCH, DATABASE)

# Any failure of the Elasticsearch engine itself sends the visitor to the database rather than to an error.
ENGINE_ERRORS = (TransportError, ApiError, NotFoundError, SearchUnavailable)

# After a failure, visitors are answered from the database for a while instead of each waiting for a
# timeout (per process; the next request after the pause tries Elasticsearch again).
PAUSE_AFTER_FAILURE_SECONDS = 30
_paused_until = {}


def get_engine(name):
    """The engine called `name` (search.results.ELASTICSEARCH or DATABASE)."""
    try:
        return ENGINES[name]
    except KeyError:
        raise ValueError(f"unknown search engine {name!r}; choose one of {', '.join(ENGINES)}") from None


def is_available(name):
    """The database always is; Elasticsearch when configured and not paused after a failure."""
    if name == DATABASE:
        return True
    return search_client.is_configured() and time.monotonic() >= _paused_until.get(name, 0.0)


def elasticsearch_client():
    """The cluster's client, or None when it is not configured or failed a moment ago (claim search uses it)."""
    return search_client.get_client() if is_available(ELASTICSEARCH) else None


def failed(name=ELASTICSEARCH):
    _paused_until[name] = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS
    logger.warning("%s search failed; answering from the database", name, exc_info=True)


def reset():
    """Forget earlier failures (tests; an operator's restart does the same)."""
    _paused_until.clear()


def call(operation, *args, engine=None, **kwargs):
    """Run `operation` ("search" or "autocomplete") on the named engine, or on the first that answers.

    With a name the engine's errors are raised (the relevance command must know which engine it
    measured); without, a failing Elasticsearch is paused and the database answers.
    """
    if engine is not None:
        return getattr(get_engine(engine), operation)(*args, **kwargs)
    for name in PREFERENCE[:-1]:
        if is_available(name):
            try:
                return getattr(get_engine(name), operation)(*args, **kwargs)
            except ENGINE_ERRORS:
                failed(name)
    return getattr(get_engine(PREFERENCE[-1]), operation)(*args, **kwargs)
