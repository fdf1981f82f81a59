"""The content API (/api/v2/): structured fields, filters, only live public pages, caching headers."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.cms.conftest import translate

pytestmark = pytest.mark.django_db


def _items(client, query):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_procedure_detail_has_every_structured_field(client, tree):
    procedure = tree.procedure()
    data = client.get(f"/api/v2/pages/{procedure.pk}/").json()
    assert data["summary"] == "Prouver chaque année que l'on est en vie."
    assert data["category"] == {"id": tree.category().pk, "slug": "paiement", "name": "Paiement de la pension"}
    assert [a["slug"] for a in data["audiences"]] == ["retraites"]
    assert "Pensionnés résidant" in data["eligibility"]
    assert data["documents_to_bring"][0]["value"] == {
        "name": "Formulaire V1 signé",
        "details": "Par le consulat",
        "required": True,
    }
    assert data["steps"][0]["type"] == "step" and data["steps"][0]["value"]["title"] == "Faire signer le formulaire"
    assert data["channels"][0]["kind"] == "counter"
    assert data["processing_time"] == "10 jours" and data["cost"] == "Gratuit"
    assert data["last_reviewed"] == "2026-11-10"
    assert data["meta"]["locale"] == "fr"
    for key in ("forms", "related_procedures", "body", "translations"):
        assert key in data


def test_translations_are_linked_both_ways(client, tree):
    procedure = tree.procedure()
    arabic = translate(procedure, title="شهادة الحياة")
    data = client.get(f"/api/v2/pages/{procedure.pk}/").json()
    assert [(t["id"], t["locale"]) for t in data["translations"]] == [(arabic.pk, "ar")]
    items = _items(client, f"translation_of={procedure.pk}&locale=ar")
    assert [item["id"] for item in items] == [arabic.pk]


def test_news_detail_has_image_renditions_and_streamfield_json(client, tree):
    from demo.media import ensure_image

    news = tree.news(image=ensure_image("coins", "Pièces"), image_alt="Pièces de monnaie")
    data = client.get(f"/api/v2/pages/{news.pk}/").json()
    assert data["date"] == "2026-01-08" and data["image_alt"] == "Pièces de monnaie"
    assert data["image_rendition"]["width"] == 960 and data["image_rendition"]["url"].endswith(".png")
    assert data["image_thumbnail"]["width"] == 480
    assert data["body"][0]["type"] == "paragraph" and "Aucune démarche" in data["body"][0]["value"]


def test_figure_block_gives_rendition_urls(client, tree):
    from demo.media import ensure_image

    image = ensure_image("chart", "Graphique")
    news = tree.news(body=[("figure", {"image": image, "alt": "Barres", "caption": "Chiffres 2025"})])
    block = client.get(f"/api/v2/pages/{news.pk}/").json()["body"][0]["value"]
    assert block["alt"] == "Barres" and block["image"] == image.pk
    assert set(block["renditions"]) == {"small", "medium", "large"}


def test_filters_by_type_locale_category_and_audience(client, tree):
    attestation = tree.procedure()
    complaint = tree.procedure(slug="reclamation", title="Réclamation", category=tree.category("reclamations"))
    complaint.audiences = [tree.audience("actifs")]
    complaint.save_revision().publish()
    arabic = translate(attestation, title="شهادة الحياة", category=tree.category("paiement", "ar"))
    tree.news()

    ids = {i["id"] for i in _items(client, "type=cms.ProcedurePage&category=paiement")}
    assert ids == {attestation.pk, arabic.pk}
    ids = {i["id"] for i in _items(client, "type=cms.ProcedurePage&locale=fr&category=paiement")}
    assert ids == {attestation.pk}
    ids = {i["id"] for i in _items(client, "audience=actifs")}
    assert ids == {complaint.pk}
    # Without a type, every page type that carries a category is searched.
    titles = {i["title"] for i in _items(client, "locale=fr&category=paiement")}
    assert titles == {"Attestation de vie", "Revalorisation des pensions"}


def test_bad_filter_values_are_client_errors(client, tree):
    tree.news()
    assert client.get("/api/v2/pages/?type=cms.NewsPage&date=yesterday").status_code == 400
    assert client.get("/api/v2/pages/?type=cms.Nothing").status_code == 400
    assert client.get("/api/v2/pages/?colour=blue").status_code == 400


def test_draft_private_and_expired_pages_never_appear(client, tree):
    visible = tree.procedure()
    draft = tree.procedure(slug="brouillon", title="Brouillon", live=False)
    private = tree.procedure(slug="privee", title="Privée")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    expired = tree.procedure(slug="perimee", title="Périmée")
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=5)
    expired.save()

    ids = {i["id"] for i in _items(client, "type=cms.ProcedurePage")}
    assert ids == {visible.pk}
    for page in (draft, private, expired):
        # follow: Django's LocaleMiddleware turns any 404 outside /fr/ and /ar/ into a redirect there first.
        assert client.get(f"/api/v2/pages/{page.pk}/", follow=True).status_code == 404


def test_anonymous_responses_are_cacheable_for_a_short_time(client, tree, settings):
    tree.procedure()
    response = client.get("/api/v2/pages/?type=cms.ProcedurePage")
    assert response["Cache-Control"] == f"public, max-age={settings.CMS_API_CACHE_SECONDS}"
    assert "Cookie" in response["Vary"]
    assert "public" in client.get("/api/v2/images/")["Cache-Control"]


def test_signed_in_responses_are_private(client, tree, django_user_model):
    tree.procedure()
    client.force_login(django_user_model.objects.create_user("reader", "reader@example.org", "x-Long-password-1"))
    response = client.get("/api/v2/pages/")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_documents_endpoint_lists_forms(client, tree):
    from demo.media import ensure_form

    document = ensure_form("procuration", "Formulaire P1 – Procuration", ["Nom"])
    data = client.get("/api/v2/documents/").json()
    assert document.pk in [item["id"] for item in data["items"]]


def test_html_urls_are_on_the_public_address(client, tree, settings):
    # The Site record says localhost (as after a fresh install); clients must get the public address.
    settings.SITE_URL = "https://retraite.example"
    procedure = tree.procedure()
    arabic = translate(procedure, title="شهادة الحياة")
    data = client.get(f"/api/v2/pages/{procedure.pk}/").json()
    assert data["meta"]["html_url"] == "https://retraite.example/fr/demarches/attestation-de-vie/"
    assert data["meta"]["parent"]["meta"]["html_url"] == "https://retraite.example/fr/demarches/"
    assert [t["html_url"] for t in data["translations"]] == [f"https://retraite.example{arabic.url}"]
    listed = _items(client, "type=cms.ProcedurePage&locale=fr")
    assert [item["meta"]["html_url"] for item in listed] == [data["meta"]["html_url"]]


def test_wagtail_search_is_switched_off_in_favour_of_the_site_search(client, tree):
    # Two public URLs must not rank the same words differently: /api/search/ is the one search.
    tree.procedure()
    response = client.get("/api/v2/pages/?search=attestation")
    assert response.status_code == 400
    assert "search is disabled" in response.json()["message"]
