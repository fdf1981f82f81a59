"""What every content page hands to search: a cms.search_contract.SearchContent (replaces the duck-typed dict)."""

import datetime

import pytest

from cms.search_contract import SearchContent

pytestmark = pytest.mark.django_db


def test_every_content_page_describes_itself_for_search(tree):
    pages = {
        "procedure": tree.procedure(),
        "news": tree.news(),
        "faq": tree.faq(),
        "standard": tree.standard(),
        "contact": tree.contact(),
    }
    for kind, page in pages.items():
        content = page.specific.search_content()
        assert isinstance(content, SearchContent), kind
        assert content.kind == kind
        assert "<" not in content.body, kind  # plain text, no HTML
        assert isinstance(content.audiences, tuple)

    procedure = pages["procedure"].search_content()
    assert procedure.category == "paiement" and procedure.category_label == "Paiement de la pension"
    assert procedure.audiences == ("retraites",) and procedure.audience_labels == ("Retraité",)
    assert procedure.date == datetime.date(2026, 11, 10)
    for text in ("Pensionnés résidant", "Formulaire V1 signé", "Faire signer le formulaire", "Dans nos agences"):
        assert text in procedure.body
    assert "Le 25 de chaque mois." in pages["faq"].search_content().body
    assert "Agence Oujda" in pages["contact"].search_content().body
    assert pages["news"].search_content().date == datetime.date(2026, 1, 8)


def test_the_contract_refuses_an_unknown_kind_and_cannot_be_changed():
    with pytest.raises(ValueError, match="unknown search kind"):
        SearchContent(kind="blog")
    content = SearchContent(kind="standard", audiences=["a"])
    assert content.audiences == ("a",)
    with pytest.raises(AttributeError):
        content.kind = "news"


def test_a_procedure_is_found_by_the_names_of_its_downloadable_forms(tree):
    from cms.models import ProcedureForm
    from demo.media import ensure_form

    procedure = tree.procedure()
    document = ensure_form("procuration", "Formulaire P1 – Procuration", ["Nom"])
    procedure.forms = [ProcedureForm(document=document, label="Formulaire P1 de procuration")]
    procedure.save_revision().publish()
    assert "Formulaire P1 de procuration" in procedure.search_content().body


def test_an_office_is_indexed_with_the_labels_the_page_shows_in_its_language(tree):
    from tests.cms.builders import translate

    french = tree.contact()
    arabic = translate(french, title="اتصلوا بنا", slug="contact-ar")
    # People look for the fund's phone by the word: only the card's label holds it.
    assert "Téléphone +212 536 68 31 70" in french.specific.search_content().body
    assert "الهاتف +212 536 68 31 70" in arabic.specific.search_content().body
