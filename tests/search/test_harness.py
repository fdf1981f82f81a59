"""The Elasticsearch node of the test harness answers real index and search calls."""

from search.client import index_name


def test_a_document_indexed_in_the_real_node_is_found(es_client):
    name = index_name("harness")
    es_client.indices.create(index=name, mappings={"properties": {"title": {"type": "text"}}})
    try:
        es_client.index(index=name, id="1", document={"title": "Attestation de pension"}, refresh=True)
        hits = es_client.search(index=name, query={"match": {"title": "pension"}})["hits"]["hits"]
        assert [hit["_id"] for hit in hits] == ["1"]
    finally:
        es_client.indices.delete(index=name)
