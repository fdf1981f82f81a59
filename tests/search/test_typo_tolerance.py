"""Typo tolerance only for the words the pages do not hold (search.index_terms, search.es_search._folded_words)."""

import pytest

from search import index_terms, service, sync
from search.indexes import PAGES
from search.results import SearchRequest


@pytest.fixture
def content(es_client, site_builder):
    b = site_builder
    pages = {
        "agent": b.page("procedure", "Parler à un agent", "Un agent de la caisse vous répond."),
        "argent": b.page("procedure", "Recevoir son argent", "L'argent est versé chaque mois."),
    }
    sync.rebuild(PAGES)
    return pages


def found(query):
    results = service.run(SearchRequest(query=query, language="fr"))
    assert results.backend == "elasticsearch"
    return {hit.page_id for hit in results.hits}


def test_a_word_the_pages_hold_is_not_read_as_a_typo_of_another(content):
    assert "argent" in index_terms.counts() and "agent" in index_terms.counts()
    assert found("argent") == {content["argent"].pk}
    assert found("agent") == {content["agent"].pk}


def test_a_misspelt_word_still_finds_its_page(content):
    assert found("argnet") >= {content["argent"].pk}


def test_the_terms_are_counted_from_the_indexed_copy(content):
    counts = index_terms.counts()
    # "argent" twice on its page (title and summary); stop words are not terms.
    assert counts["argent"] == 2 and "de" not in counts
