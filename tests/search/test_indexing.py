"""Publishing, unpublishing, editing, moving, restricting and deleting pages keep the index in step.

Tasks run with the immediate backend (on commit); the index is the real node.
"""

import pytest
from django.test import TestCase
from wagtail.models import PageViewRestriction

from search import client as search_client
from search import indexes, service, sync
from search.models import IndexedPage
from search.results import SearchRequest
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db(transaction=True)


def found(query, language="fr"):
    refresh()
    results = service.run(SearchRequest(query=query, language=language))
    assert results.backend == "elasticsearch"
    return [hit.page_id for hit in results.hits]


def indexed_ids():
    client = search_client.get_client()
    indexes.refresh(client, indexes.PAGES)
    # Pages only: a FAQ question's id is "<page id>#<anchor>" (tests/search/test_faq_questions.py).
    return {int(i) for i in indexes.indexed_checksums(client, indexes.PAGES) if "#" not in i}


def test_published_then_found_unpublished_then_gone(search_index, site_builder):
    page = site_builder.page("procedure", "Attestation de pension", "Obtenir une attestation de pension")
    assert page.pk in found("attestation")
    page.unpublish()
    assert page.pk not in found("attestation")
    assert not IndexedPage.objects.filter(page_id=page.pk).exists()


def test_deleted_then_gone(search_index, site_builder):
    page = site_builder.page("news", "Calendrier des paiements", "Les dates de paiement des pensions")
    assert page.pk in found("calendrier paiement")
    page_id = page.pk
    page.delete()
    assert page_id not in found("calendrier paiement")
    assert page_id not in indexed_ids()


def test_edited_then_updated(search_index, site_builder):
    page = site_builder.page("procedure", "Changer de banque", "Modifier le compte bancaire du virement")
    page.title = "Changer de compte de paiement"
    page.summary = "Nouveau RIB pour le virement de la pension"
    page.save_revision().publish()
    assert page.pk in found("nouveau rib")
    refresh()
    hits = service.run(SearchRequest(query="compte paiement", language="fr")).hits
    assert [h.title for h in hits if h.page_id == page.pk] == [
        "Changer de <mark>compte</mark> de <mark>paiement</mark>"
    ]


def test_a_draft_is_not_indexed_until_published(search_index, site_builder):
    page = site_builder.page("procedure", "Pension de réversion", "Pour le conjoint survivant")
    page.title = "Pension de réversion au conjoint"
    page.summary = "Brouillon non publié: orphelins"
    page.save_revision()  # a draft: the live page is unchanged
    assert page.pk not in found("orphelins")
    assert page.pk in found("conjoint survivant")


def test_moved_page_gets_its_new_address(search_index, site_builder):
    page = site_builder.page("standard", "Textes de loi", "Les textes qui régissent les pensions", slug="textes")
    parent = site_builder.page("standard", "Documentation", "Ressources", slug="documentation")
    page.move(parent, pos="last-child")
    refresh()
    hit = next(h for h in service.run(SearchRequest("textes loi", "fr")).hits if h.page_id == page.pk)
    assert hit.url.endswith("/documentation/textes/")


def test_restricted_page_leaves_the_index(search_index, site_builder):
    page = site_builder.page("standard", "Note interne aux agents", "Procédure interne confidentielle")
    assert page.pk in found("note interne")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert page.pk not in found("note interne")


def test_a_published_translation_is_found_in_arabic(search_index, site_builder):
    page = site_builder.page("procedure", "Attestation de pension", "Obtenir une attestation")
    translation = page.copy_for_translation(site_builder.locales["ar"], copy_parents=False)
    translation.title = "شهادة المعاش"
    translation.summary = "الحصول على شهادة المعاش"
    translation.save_revision().publish()
    assert translation.pk in found("شهادة المعاش", "ar")


def test_reconcile_repairs_drift(search_index, site_builder):
    kept = site_builder.page("procedure", "Attestation de pension", "Obtenir une attestation")
    client = search_client.get_client()
    # Drift: a document removed behind our back, and a stray one that matches no page.
    client.delete(index=indexes.alias(indexes.PAGES), id=str(kept.pk), refresh=True)
    client.index(index=indexes.alias(indexes.PAGES), id="999999", document={"title": "stray"}, refresh=True)
    report = sync.reconcile(indexes.PAGES)
    assert (report.indexed, report.removed) == (1, 1)
    assert indexed_ids() == {kept.pk}
    assert sync.reconcile(indexes.PAGES).indexed == 0  # nothing left to repair


def test_rebuild_swaps_the_alias_to_a_new_index(search_index, site_builder):
    site_builder.page("procedure", "Attestation de pension", "Obtenir une attestation")
    client = search_client.get_client()
    before = indexes.current_indices(client, indexes.PAGES)
    report = sync.rebuild(indexes.PAGES)
    after = indexes.current_indices(client, indexes.PAGES)
    assert len(after) == 1 and after != before
    assert not client.indices.exists(index=before[0])
    assert report.indexed >= 1


class NoSensitiveData(TestCase):
    def test_page_documents_hold_only_public_fields(self):
        from search.documents import PageDocument

        fields = set(PageDocument._doc_type.mapping.to_dict()["properties"])
        assert not fields & {"national_id", "cin", "bank_rib", "rib", "email", "phone", "owner", "owner_id"}
