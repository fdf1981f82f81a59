"""Every page type renders in French and Arabic; drafts, private and expired pages are never shown."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.cms.conftest import translate

pytestmark = pytest.mark.django_db


def _get(client, page, language):
    response = client.get(page.get_url())
    assert response.status_code == 200, page.get_url()
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html
    return html


def test_every_page_type_renders_in_both_languages(client, tree):
    procedure = tree.procedure()
    pages = {
        "procedure": (procedure, ["Formulaire V1 signé", "Faire signer le formulaire", "Au guichet", "Gratuit"]),
        "news": (tree.news(), ["Les pensions augmentent de 5 %."]),
        "faq": (tree.faq(), ["Quand suis-je payé ?", "Le 25 de chaque mois."]),
        "standard": (tree.standard(), ["Nos missions"]),
        "contact": (tree.contact(), ["Agence Oujda", "8h30 – 16h30", "+212 536 68 31 70", "openstreetmap.org"]),
        "procedure index": (tree.procedure_index, ["Attestation de vie"]),
        "news index": (tree.news_index, ["Revalorisation des pensions"]),
        "home": (tree.homes["fr"], ["Caisse de retraite des fonctionnaires"]),
    }
    for name, (page, expected) in pages.items():
        html = _get(client, page, "fr")
        for text in expected:
            assert text in html, (name, text)
        arabic = page.get_translation_or_none(tree.locales["ar"])
        if arabic is None:
            arabic = translate(page.specific, title=f"{page.title} (ع)")
        html = _get(client, arabic.specific, "ar")
        assert arabic.title in html, name


def test_procedure_page_shows_every_structured_part(client, tree):
    html = _get(client, tree.procedure(), "fr")
    for heading in (
        "Qui peut en bénéficier",
        "Pièces à fournir",
        "Étapes",
        "Où faire la démarche",
        "Délai de traitement",
    ):
        assert f"{heading}</" in html, heading
    assert "<li>Pensionnés résidant à l'étranger</li>" in html
    assert "Dernière mise à jour" in html and 'datetime="2026-11-10"' in html


def test_a_draft_is_not_served_nor_listed(client, tree):
    draft = tree.procedure(slug="brouillon", title="Procédure en brouillon", live=False)
    assert client.get(f"/fr/demarches/{draft.slug}/").status_code == 404
    assert "Procédure en brouillon" not in client.get("/fr/demarches/").content.decode()


def test_a_private_page_is_not_shown_to_visitors(client, tree):
    private = tree.procedure(slug="interne", title="Note interne")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(private.get_url())
    assert response.status_code == 302 and "login" in response["Location"]
    assert "Note interne" not in client.get("/fr/demarches/").content.decode()


def test_an_expired_page_is_hidden_even_before_publish_scheduled_runs(client, tree):
    page = tree.procedure(slug="perimee", title="Procédure périmée")
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()
    assert page.live  # publish_scheduled has not run yet
    assert client.get(page.get_url()).status_code == 404
    assert "Procédure périmée" not in client.get("/fr/demarches/").content.decode()


def test_procedure_index_filters_by_category_and_audience(client, tree):
    tree.procedure()
    tree.procedure(slug="reclamation", title="Déposer une réclamation", category=tree.category("reclamations"))
    html = client.get("/fr/demarches/?category=reclamations").content.decode()
    assert "Déposer une réclamation" in html and "Attestation de vie" not in html
    html = client.get("/fr/demarches/?audience=employeurs").content.decode()
    assert "Aucune démarche ne correspond à ces filtres." in html


def test_active_site_alert_is_shown_on_every_page_in_its_language(client, tree):
    from cms.snippets import SiteAlert

    now = timezone.now()
    alert = SiteAlert(
        locale=tree.locales["fr"],
        title="Paiement avancé",
        message="La pension de décembre sera versée le 22.",
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1),
    )
    alert.save()
    alert.save_revision().publish()
    old = SiteAlert(
        locale=tree.locales["fr"],
        title="Ancienne alerte",
        message="Terminée.",
        starts_at=now - datetime.timedelta(days=9),
        ends_at=now - datetime.timedelta(days=2),
    )
    old.save()
    draft = SiteAlert(
        locale=tree.locales["fr"], title="Alerte en préparation", message="Pas encore.", starts_at=now, live=False
    )
    draft.save()
    html = client.get("/fr/").content.decode()
    assert "Paiement avancé" in html
    assert "Ancienne alerte" not in html and "Alerte en préparation" not in html
    assert "Paiement avancé" not in client.get("/ar/").content.decode()


def test_alert_dates_are_validated():
    from django.core.exceptions import ValidationError

    from cms.snippets import SiteAlert

    now = timezone.now()
    alert = SiteAlert(title="x", message="y", starts_at=now, ends_at=now - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        alert.clean()
    assert "ends_at" in error.value.message_dict


def test_news_image_needs_a_text_alternative(tree):
    from django.core.exceptions import ValidationError

    from demo.media import ensure_image

    news = tree.news()
    news.image = ensure_image("coins", "Pièces")
    news.image_alt = ""
    with pytest.raises(ValidationError) as error:
        news.full_clean()
    assert "image_alt" in error.value.message_dict


def test_news_page_serves_responsive_image(client, tree):
    from demo.media import ensure_image

    news = tree.news(image=ensure_image("coins", "Pièces"), image_alt="Pièces de monnaie empilées")
    html = client.get(news.get_url()).content.decode()
    assert 'srcset="' in html and "480w" in html and "960w" in html
    assert 'alt="Pièces de monnaie empilées"' in html
    assert "<script>" not in html  # no inline scripts: the CSP forbids them


def test_main_navigation_lists_the_sections_of_the_language(client, tree):
    tree.faq()
    html = client.get("/fr/").content.decode()
    assert (
        'href="/fr/demarches/"' in html
        and 'href="/fr/actualites/"' in html
        and 'href="/fr/questions-frequentes/"' in html
    )
    html = client.get("/ar/").content.decode()
    assert 'href="/ar/demarches/"' in html and "الإجراءات" in html
