"""The forms library page: every downloadable form of the demo, in both languages, found by search."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.html import escape
from wagtail.documents import get_document_model

from cms.models import FormsLibraryPage, ProcedureForm, ProcedurePage

pytestmark = pytest.mark.django_db

FORMS = json.loads((Path(settings.BASE_DIR) / "fixtures" / "cms" / "forms.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def demo(demo_content):
    """The demo pages, loaded once for this module."""


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_library_lists_every_form_of_the_demo_with_its_procedures(client, language):
    library = FormsLibraryPage.objects.live().get(locale__language_code=language)
    html = client.get(library.get_url()).content.decode()
    documents = get_document_model().objects.filter(title__in=[form["title"] for form in FORMS.values()])
    assert documents.count() == len(FORMS)
    for document in documents:
        item = html.split(f'data-form="{document.pk}"')[1].split("data-form=")[0].split("</section>")[0]
        # The title in the page's language (the document's title holds both: "Formulaire P1 – Procuration / وكالة").
        title = document.title.split(" / ")[0 if language == "fr" else 1]
        assert escape(title) in item, title
        assert title in library.search_content().body  # what search indexes for the library
        assert "PDF" in item and document.url in item
        for row in ProcedureForm.objects.filter(document=document, procedure__locale__language_code=language):
            assert row.procedure.specific.url in item
    # Grouped by category, in the page's language.
    categories = {
        row.procedure.category.name for row in ProcedureForm.objects.filter(procedure__locale__language_code=language)
    }
    assert html.count("<h2 ") >= 5 and any(f">{name}</h2>" in html for name in categories)


def test_a_form_added_to_a_procedure_appears_and_an_unpublished_procedure_takes_its_forms_away(client):
    library = FormsLibraryPage.objects.get(locale__language_code="fr")
    procedure = ProcedurePage.objects.get(slug="procuration", locale__language_code="fr")
    before = {entry.document.pk for _category, entries in library.library() for entry in entries}
    procedure.unpublish()
    after = {entry.document.pk for _category, entries in library.library() for entry in entries}
    assert before - after == {ProcedureForm.objects.get(procedure=procedure).document_id}


def test_the_content_api_lists_the_forms_with_absolute_addresses(client):
    library = FormsLibraryPage.objects.get(locale__language_code="ar")
    data = client.get(f"/api/v2/pages/{library.pk}/").json()
    assert len(data["forms"]) == len(FORMS)
    first = data["forms"][0]
    assert first["url"].startswith(settings.SITE_URL + "/documents/") and first["file_type"] == "PDF"
    assert first["procedures"][0]["html_url"].startswith(settings.SITE_URL + "/ar/")


@pytest.mark.parametrize(
    ("query", "language", "form"),
    [("Formulaire P1 procuration", "fr", "procuration"), ("طلب معاش الأرامل والأيتام", "ar", "demande-reversion")],
)
@pytest.mark.parametrize("engine", ["elasticsearch", "database"])
def test_searching_for_a_form_title_finds_the_library_or_a_procedure_offering_it(
    es_client, query, language, form, engine
):
    from search import service, sync
    from search.indexes import PAGES
    from search.results import SearchRequest

    document = get_document_model().objects.get(title=FORMS[form]["title"])
    rows = ProcedureForm.objects.filter(document=document, procedure__locale__language_code=language)
    expected = {FormsLibraryPage.objects.get(locale__language_code=language).url}
    expected |= {row.procedure.specific.url for row in rows}
    sync.rebuild(PAGES)
    results = service.run(SearchRequest(query=query, language=language, page_size=5), engine=engine)
    urls = [hit.url for hit in results.hits]
    assert expected & set(urls), urls
