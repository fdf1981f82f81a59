"""Facet labels: the categories' and audiences' names in the visitor's language, read once, renamed at once."""

import pytest

from search import service, sync
from search.indexes import PAGES
from search.results import SearchRequest, facet_labels


@pytest.fixture
def content(es_client, site_builder):
    b = site_builder
    retirees = b.audience("retraites", "Retraités")
    b.audience("retraites", "المتقاعدون", language="ar")
    certificates = b.category("attestations", "Attestations")
    b.category("attestations", "الشهادات", language="ar")
    b.page("procedure", "Attestation de pension", "Obtenir l'attestation.", category=certificates, audiences=[retirees])
    sync.rebuild(PAGES)
    return {"certificates": certificates}


def facets(query, language="fr"):
    results = service.run(SearchRequest(query=query, language=language))
    assert results.backend == "elasticsearch"
    return {name: {value.value: value.label for value in values} for name, values in results.facets.items()}


def test_labels_in_the_visitors_language(content):
    assert facets("attestation")["category"] == {"attestations": "Attestations"}
    assert facets("attestation")["audience"] == {"retraites": "Retraités"}
    # The French page found from the Arabic site: its facets are named in Arabic.
    assert facets("attestation", "ar")["category"] == {"attestations": "الشهادات"}


def test_labels_are_read_once_then_from_the_cache(content, django_assert_max_num_queries):
    facet_labels("fr")
    # At most the cache's own read (a database cache): never the snippets again, nor the indexed pages.
    with django_assert_max_num_queries(1):
        assert facet_labels("fr")["category"] == {"attestations": "Attestations"}


def test_a_renamed_category_is_shown_renamed_at_once(content):
    facet_labels("fr")
    content["certificates"].name = "Certificats"
    content["certificates"].save()
    assert facets("attestation")["category"] == {"attestations": "Certificats"}
