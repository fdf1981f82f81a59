"""The member's claims API: list, detail, create, reply; another member gets 404; in the OpenAPI schema."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.claims import services
from portal.claims.models import Claim, ClaimMessage
from tests.portal import sample_files as files
from tests.portal.text import NOT_ACCEPTED, shown

pytestmark = pytest.mark.django_db

API = "/api/portal/claims/"


def test_list_and_detail_without_internal_notes(member_client, claim, agent):
    services.post_message(claim, actor=agent, body="interne", is_internal=True)
    services.post_message(claim, actor=agent, body="Réponse publique")
    listing = member_client.get(API).json()
    assert [c["reference"] for c in listing["results"]] == [claim.reference]
    detail = member_client.get(f"{API}{claim.reference}/").json()
    assert [m["body"] for m in detail["messages"]] == ["Réponse publique"]
    assert detail["can_reply"] is True


def test_create_with_attachment_and_reply(member_client, settings):
    response = member_client.post(
        API,
        {
            "category": "career",
            "subject": "Carrière",
            "description": "Années manquantes",
            "attachments": [SimpleUploadedFile("a.jpg", files.image_bytes("JPEG"))],
        },
    )
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    assert response.json()["attachments"][0]["content_type"] == "image/jpeg"
    reply = member_client.post(f"{API}{reference}/messages/", {"body": "Précision"}, content_type="application/json")
    assert reply.status_code == 201
    assert ClaimMessage.objects.get().from_member


def test_create_refuses_bad_input_and_changes_nothing(member_client, settings):
    response = member_client.post(
        API,
        {
            "category": "nope",
            "subject": "",
            "description": "x",
            "attachments": [SimpleUploadedFile("a.svg", files.SVG)],
        },
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"category", "subject", "attachments"}
    assert errors["attachments"] == [shown(NOT_ACCEPTED, name="a.svg")]
    assert not Claim.objects.exists()


def _final_status(client, method, path, **kwargs):
    # Django's LocaleMiddleware turns a 404 on an unprefixed path into a redirect to /fr/... when
    # Wagtail's catch-all route would match there; what matters is where the request ends.
    response = getattr(client, method)(path, follow=True, **kwargs)
    return response.status_code


def test_another_member_gets_404(other_client, claim_with_attachment):
    claim, attachment = claim_with_attachment
    assert _final_status(other_client, "get", f"{API}{claim.reference}/") == 404
    assert _final_status(other_client, "post", f"{API}{claim.reference}/messages/", data={"body": "x"}) == 404
    assert _final_status(other_client, "get", f"{API}{claim.reference}/attachments/{attachment.pk}/") == 404
    assert other_client.get(API).json()["results"] == []
    assert not ClaimMessage.objects.exists()


def test_anonymous_gets_403(client, claim):
    assert client.get(API).status_code == 403


def test_claims_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/portal/claims/" in schema["paths"]
    assert "/api/portal/claims/{reference}/messages/" in schema["paths"]
    assert "ClaimDetail" in schema["components"]["schemas"]
