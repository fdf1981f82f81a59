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
