"""Indices behind aliases: a rebuild fills a fresh index, then swaps the alias in one atomic call.

Readers and the sync tasks only ever use the alias (``<prefix>-pages``,
``<prefix>-claims``); concrete indices are ``<alias>-<timestamp>``.
"""

from datetime import UTC, datetime

from django.conf import settings
from elasticsearch import ApiError, NotFoundError, TransportError
from elasticsearch.helpers import BulkIndexError, bulk, scan

from search import client as search_client
from search.documents import ClaimDocument, PageDocument, mappings

PAGES = "pages"
CLAIMS = "claims"
DOCUMENTS = {PAGES: PageDocument, CLAIMS: ClaimDocument}


class SearchUnavailable(Exception):
    """Elasticsearch could not be reached or refused the work: the caller retries later."""


def alias(base):
    return search_client.index_name(base)


def require_client():
    client = search_client.get_client()
    if client is None:
        raise SearchUnavailable("Elasticsearch is not configured")
    return client


def _index_settings():
    return {
        "number_of_shards": 1,
        "number_of_replicas": int(settings.ELASTICSEARCH.get("REPLICAS", 0) or 0),
    }


def create_index(client, base):
    name = f"{alias(base)}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"
    client.indices.create(index=name, mappings=mappings(DOCUMENTS[base]), settings=_index_settings())
    return name


def current_indices(client, base):
    try:
        return sorted(client.indices.get_alias(name=alias(base)).keys())
    except NotFoundError:
        return []


def ensure_index(client, base):
    """Create the index and its alias on first use (never let a write auto-create an unmapped index)."""
    if current_indices(client, base):
        return
    name = create_index(client, base)
    client.indices.put_alias(index=name, name=alias(base))


def swap_alias(client, base, new_index):
    """Point the alias at new_index only, atomically, then drop the old indices."""
    old = current_indices(client, base)
    actions = [{"remove": {"index": index, "alias": alias(base)}} for index in old]
    actions.append({"add": {"index": new_index, "alias": alias(base)}})
    client.indices.update_aliases(actions=actions)
    for index in old:
        client.indices.delete(index=index, ignore_unavailable=True)


def bulk_write(client, index, documents):
    """documents: iterable of (id, body or None); None deletes. Returns how many actions were sent."""

    def actions():
        for doc_id, body in documents:
            if body is None:
                yield {"_op_type": "delete", "_index": index, "_id": str(doc_id)}
            else:
                yield {"_op_type": "index", "_index": index, "_id": str(doc_id), "_source": body}

    try:
        count, errors = bulk(client, actions(), chunk_size=500, raise_on_error=False, stats_only=False)
    except (TransportError, ApiError) as error:
        raise SearchUnavailable(str(error)) from error
    # A delete of a document that is already gone is what we wanted anyway.
    real_errors = [e for e in errors if next(iter(e.values())).get("status") != 404]
    if real_errors:
        raise BulkIndexError(f"{len(real_errors)} document(s) failed", real_errors)
    return count + len(errors)


def indexed_checksums(client, base):
    """{id: checksum} of everything in the index, read with a scroll."""
    hits = scan(client, index=alias(base), query={"query": {"match_all": {}}}, _source=["checksum"])
    return {hit["_id"]: hit["_source"].get("checksum") for hit in hits}


def question_ids(client, page_id):
    """Ids of the FAQ question documents of a page (search.page_documents.question_documents)."""
    query = {"bool": {"filter": [{"term": {"page_id": page_id}}, {"exists": {"field": "anchor"}}]}}
    return [hit["_id"] for hit in scan(client, index=alias(PAGES), query={"query": query}, _source=False)]


def refresh(client, base):
    client.indices.refresh(index=alias(base))
