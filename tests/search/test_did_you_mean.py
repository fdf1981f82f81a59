""" "Did you mean": the word as the pages write it (accents), offered only when it finds better results."""

import pytest

from search import service, sync
from search.indexes import PAGES
from search.results import SearchRequest


@pytest.fixture
def content(es_client, site_builder):
    b = site_builder
    b.page("procedure", "Déposer une réclamation", "Comment déposer une réclamation auprès de la caisse.")
    b.page("procedure", "Calendrier de paiement", "Les dates de virement des pensions.")
    b.page("procedure", "تقديم شكاية", "كيفية تقديم شكاية إلى الصندوق.", language="ar")
    sync.rebuild(PAGES)


def suggestion(query, language="fr"):
    results = service.run(SearchRequest(query=query, language=language))
    assert results.backend == "elasticsearch"
    return results.did_you_mean


def test_the_correction_is_written_with_its_accents(content):
    assert suggestion("reclammation") == "réclamation"
    # The query's words (stop words aside), the misspelt one replaced.
    assert suggestion("deposer une reclammation") == "deposer réclamation"


def test_arabic_correction(content):
    assert suggestion("شكايت", "ar") == "شكاية"


def test_no_correction_for_known_words_or_their_forms(content):
    assert suggestion("reclamation") == ""
    assert suggestion("réclamations") == ""
    assert suggestion("calendrier") == ""


def test_no_correction_when_it_finds_nothing(content):
    # The index has no word close to it: nothing to offer, rather than a far-fetched word.
    assert suggestion("xqzwvk") == ""


def _searches_run(es_client):
    from search import indexes

    stats = es_client.indices.stats(index=indexes.alias(PAGES), metric="search")
    return stats["_all"]["total"]["search"]["query_total"]


def test_a_repeated_misspelling_is_checked_once(content, es_client):
    before = _searches_run(es_client)
    assert suggestion("reclammation") == "réclamation"
    first = _searches_run(es_client) - before
    assert suggestion("reclammation") == "réclamation"
    again = _searches_run(es_client) - before - first
    # The first search and the check of its correction, then the search alone (counted per shard alike).
    assert first == 2 * again > 0


def test_a_change_to_the_pages_is_checked_again(content, es_client, site_builder):
    assert suggestion("calendrie paiement") == "calendrier paiement"
    before = _searches_run(es_client)
    assert suggestion("calendrie paiement") == "calendrier paiement"
    alone = _searches_run(es_client) - before
    # A new page about payments: the typed query's scores change, and its correction is checked again.
    site_builder.page("news", "Paiement des pensions", "Le paiement de janvier.")
    sync.rebuild(PAGES)
    before = _searches_run(es_client)
    assert suggestion("calendrie paiement") == "calendrier paiement"
    assert _searches_run(es_client) - before == 2 * alone > 0
