"""indexable_content() follows CONTRACTS.md for every content page type (search relies on it)."""

import datetime

import pytest

pytestmark = pytest.mark.django_db

KEYS = {"kind", "summary", "body", "category", "category_label", "audiences", "audience_labels", "date"}


def test_every_content_page_describes_itself_for_search(tree):
    pages = {
        "procedure": tree.procedure(),
        "news": tree.news(),
        "faq": tree.faq(),
        "standard": tree.standard(),
        "contact": tree.contact(),
    }
    for kind, page in pages.items():
        content = page.specific.indexable_content()
        assert set(content) == KEYS, kind
        assert content["kind"] == kind
        assert "<" not in content["body"], kind  # plain text, no HTML
        assert isinstance(content["audiences"], list)

    procedure = pages["procedure"].indexable_content()
    assert procedure["category"] == "paiement" and procedure["category_label"] == "Paiement de la pension"
    assert procedure["audiences"] == ["retraites"] and procedure["audience_labels"] == ["Retraité"]
    assert procedure["date"] == datetime.date(2026, 11, 10)
    for text in ("Pensionnés résidant", "Formulaire V1 signé", "Faire signer le formulaire", "Dans nos agences"):
        assert text in procedure["body"]
    assert "Le 25 de chaque mois." in pages["faq"].indexable_content()["body"]
    assert "Agence Oujda" in pages["contact"].indexable_content()["body"]
    assert pages["news"].indexable_content()["date"] == datetime.date(2026, 1, 8)
