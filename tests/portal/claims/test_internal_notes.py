"""A member never sees an agent's internal note, nor a file attached to one: through every consumer.

The rule has one home (``visible_to_member()`` in portal/claims/models.py); this test walks
every place a member reads their claims: the list and the thread, the attachment download
(page and API), the API's detail, the personal-data JSON and PDF, and the member's claim
search (page and API; the Elasticsearch engine is covered in tests/search/test_claims_search.py).
"""

import io
import json
import unicodedata

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from portal.claims import services
from portal.files import uploads
from tests.portal import sample_files as files

pytestmark = pytest.mark.django_db

SECRET_WORD = "Zorglubinterne"
SECRET_FILE = "secret-note.png"
PUBLIC_WORD = "Virementrelance"
PUBLIC_FILE = "reponse.png"


def _png(name):
    return uploads.validate_uploads([SimpleUploadedFile(name, files.image_bytes("PNG"))])


@pytest.fixture
def thread(claim, agent):
    note = services.post_message(
        claim, actor=agent, body=f"{SECRET_WORD}: dossier à vérifier", is_internal=True, files=_png(SECRET_FILE)
    )
    reply = services.post_message(claim, actor=agent, body=f"{PUBLIC_WORD} effectué", files=_png(PUBLIC_FILE))
    return {"note": note.attachments.get(), "reply": reply.attachments.get()}


@pytest.fixture
def database_search(settings):
    settings.ELASTICSEARCH = {**django_settings.ELASTICSEARCH, "URL": ""}


def _reauthenticated(client):
    assert client.post("/fr/accounts/reauthenticate/", {"password": "x"}).status_code == 302
    return client


def _pdf_text(content):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return unicodedata.normalize("NFKC", text)


def test_no_consumer_shows_an_internal_note_or_its_file(member_client, claim, thread, database_search):
    ref = claim.reference

    # The list counts the fund's replies the member can read: one, not two.
    listing = member_client.get("/fr/portal/claims/")
    assert [c.replies for c in listing.context["claims"]] == [1]

    # The thread.
    page = member_client.get(f"/fr/portal/claims/{ref}/").content.decode()
    assert PUBLIC_WORD in page and PUBLIC_FILE in page
    assert SECRET_WORD not in page and SECRET_FILE not in page

    # The downloads, page and API.
    for key, status in (("note", 404), ("reply", 200)):
        for url in (
            f"/fr/portal/claims/{ref}/attachments/{thread[key].pk}/",
            reverse("claims-api:attachment", kwargs={"reference": ref, "attachment_id": thread[key].pk}),
        ):
            assert member_client.get(url).status_code == status, url

    # The API's detail and list.
    for url in (reverse("claims-api:detail", kwargs={"reference": ref}), reverse("claims-api:list")):
        body = member_client.get(url).content.decode()
        assert SECRET_WORD not in body and SECRET_FILE not in body
    detail = member_client.get(reverse("claims-api:detail", kwargs={"reference": ref})).json()
    assert [m["body"] for m in detail["messages"]] == [f"{PUBLIC_WORD} effectué"]

    # The personal-data downloads.
    client = _reauthenticated(member_client)
    exported = client.get("/fr/portal/my-data/download.json")
    assert exported.status_code == 200
    data = json.loads(exported.content)
    assert PUBLIC_WORD in exported.content.decode()
    assert SECRET_WORD not in exported.content.decode() and SECRET_FILE not in exported.content.decode()
    assert [m["attachments"] for m in data["claims"][0]["messages"]] == [[PUBLIC_FILE]]
    printed = _pdf_text(client.get("/fr/portal/my-data/download.pdf").content)
    assert PUBLIC_WORD in printed and SECRET_WORD not in printed and SECRET_FILE not in printed

    # The member's claim search, page and API: the public reply is found, the note is not.
    assert client.get("/api/search/my-claims/", {"q": PUBLIC_WORD}).json()["total"] == 1
    assert client.get("/api/search/my-claims/", {"q": SECRET_WORD}).json()["total"] == 0
    assert ref not in client.get("/fr/search/my-claims/", {"q": SECRET_WORD}).content.decode()


def test_agents_still_see_the_note_and_its_file(agent_client, claim, thread):
    page = agent_client.get(reverse("claims_claim", kwargs={"pk": claim.pk})).content.decode()
    assert SECRET_WORD in page and SECRET_FILE in page
    url = reverse("claims_attachment", kwargs={"pk": claim.pk, "attachment_id": thread["note"].pk})
    assert agent_client.get(url).status_code == 200
