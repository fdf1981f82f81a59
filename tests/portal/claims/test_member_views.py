"""The member's claim pages: filing with attachments, the thread, replies, reopening, downloads,
and the same pages refused to another member (404)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from portal.claims import services, workflow
from portal.claims.choices import Status
from portal.claims.models import Claim, ClaimAttachment, ClaimMessage
from tests.portal import sample_files as files
from tests.portal.text import (
    ACTIVE_PDF,
    INVALID_CHOICE,
    NOT_ACCEPTED,
    NOTHING_SENT,
    POLYGLOT,
    REQUIRED,
    TOO_LARGE,
    TOO_MANY,
    shown,
    text,
)

pytestmark = pytest.mark.django_db


def url(name, lang="fr", **kwargs):
    with translation.override(lang):
        return reverse(f"claims:{name}", kwargs=kwargs)


def stored_files(settings):
    root = settings.PRIVATE_MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def claim_form(**overrides):
    data = {"category": "payments", "subject": "تأخر المعاش", "description": "لم أتوصل بمعاشي لهذا الشهر."}
    data.update(overrides)
    return data


def test_member_files_a_claim_in_arabic_with_an_attachment(member_client, member, settings):
    response = member_client.post(
        url("new", "ar"),
        claim_form(attachments=[SimpleUploadedFile("وصل.pdf", files.pdf_bytes(), "application/pdf")]),
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("acknowledgement", "ar", reference=claim.reference)
    assert (claim.member, claim.language, claim.channel, claim.status) == (member, "ar", "web", "submitted")
    assert claim.reference.startswith("REC-")
    [attachment] = claim.attachments.all()
    assert attachment.original_name == "وصل.pdf"
    assert [p.read_bytes() for p in stored_files(settings)] == [files.pdf_bytes()]
    # Outside the public media space.
    assert not str(attachment.file.path).startswith(str(settings.MEDIA_ROOT))
    page = member_client.get(response["Location"])
    assert claim.reference in text(page)
    assert 'dir="rtl"' in text(page)


@pytest.mark.parametrize(
    "attachments, message",
    [
        ([("releve.pdf", files.HTML)], shown(NOT_ACCEPTED, name="releve.pdf")),
        ([("logo.svg", files.SVG)], shown(NOT_ACCEPTED, name="logo.svg")),
        ([("photo.png", files.png_zip_polyglot())], shown(POLYGLOT, name="photo.png")),
        ([(f"p{i}.pdf", files.pdf_bytes()) for i in range(6)], shown(TOO_MANY, max=5, count=6)),
        ([("script.pdf", files.pdf_with_javascript())], shown(ACTIVE_PDF, name="script.pdf")),
    ],
)
def test_refused_upload_leaves_no_claim_and_no_file(member_client, settings, attachments, message):
    uploads = [SimpleUploadedFile(name, data) for name, data in attachments]
    response = member_client.post(url("new"), claim_form(attachments=uploads))
    assert response.status_code == 400
    assert message in text(response)
    assert shown(NOTHING_SENT) in text(response)
    assert not Claim.objects.exists() and not ClaimAttachment.objects.exists()
    assert stored_files(settings) == []


def test_oversized_upload_leaves_no_claim_and_no_file(member_client, settings):
    big = SimpleUploadedFile("gros.pdf", files.pdf_bytes() + b"0" * (10 * 1024 * 1024))
    response = member_client.post(url("new"), claim_form(attachments=[big]))
    assert response.status_code == 400
    assert shown(TOO_LARGE, name="gros.pdf", max=10) in text(response)
    assert not Claim.objects.exists() and stored_files(settings) == []


def test_missing_fields_are_explained_and_nothing_is_saved(member_client):
    response = member_client.post(url("new"), {"category": "nonsense", "subject": "", "description": ""})
    assert response.status_code == 400
    body = text(response)
    assert shown(REQUIRED) in body and shown(INVALID_CHOICE, value="nonsense") in body
    assert not Claim.objects.exists()


def test_list_and_thread_show_replies_but_never_internal_notes(member_client, claim, agent):
    services.post_message(claim, actor=agent, body="Note interne secrète", is_internal=True)
    services.post_message(claim, actor=agent, body="Pouvez-vous préciser le mois ?", new_status="waiting_member")
    listing = text(member_client.get(url("list")))
    assert claim.reference in listing and shown("Waiting for your reply") in listing
    page = text(member_client.get(url("detail", reference=claim.reference)))
    assert "Pouvez-vous préciser le mois ?" in page
    assert "Note interne secrète" not in page


def test_member_replies_with_an_attachment(member_client, claim, settings):
    response = member_client.post(
        url("reply", reference=claim.reference),
        {"body": "Voici le justificatif", "attachments": [SimpleUploadedFile("j.png", files.image_bytes("PNG"))]},
    )
    assert response.status_code == 302
    message = claim.messages.get()
    assert message.from_member and message.attachments.count() == 1


def test_empty_or_refused_reply_changes_nothing(member_client, claim, settings):
    response = member_client.post(url("reply", reference=claim.reference), {"body": ""})
    assert response.status_code == 400 and shown(REQUIRED) in text(response)
    response = member_client.post(
        url("reply", reference=claim.reference), {"body": "x", "attachments": [SimpleUploadedFile("a.svg", files.SVG)]}
    )
    assert response.status_code == 400 and shown(NOT_ACCEPTED, name="a.svg") in text(response)
    assert not ClaimMessage.objects.exists() and stored_files(settings) == []


def test_reply_to_a_closed_claim_is_refused(member_client, claim, agent):
    workflow.transition(claim, Status.CLOSED, actor=agent)
    response = member_client.post(url("reply", reference=claim.reference), {"body": "encore"})
    assert response.status_code == 400
    assert shown("This claim is closed: reopen it to write again, or file a new claim.") in text(response)
    assert not ClaimMessage.objects.exists()


def test_member_reopens_a_recently_closed_claim(member_client, claim, agent):
    workflow.transition(claim, Status.CLOSED, actor=agent)
    assert shown("Reopen this claim") in text(member_client.get(url("detail", reference=claim.reference)))
    member_client.post(url("reopen", reference=claim.reference))
    claim.refresh_from_db()
    assert claim.status == Status.IN_PROGRESS


def test_member_downloads_own_attachment_as_attachment(member_client, claim_with_attachment):
    claim, attachment = claim_with_attachment
    response = member_client.get(url("download", reference=claim.reference, attachment_id=attachment.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == files.pdf_bytes()


def test_another_member_gets_404_everywhere(other_client, claim_with_attachment, settings):
    claim, attachment = claim_with_attachment
    for name in ("detail", "acknowledgement"):
        assert other_client.get(url(name, reference=claim.reference)).status_code == 404
    assert other_client.post(url("reply", reference=claim.reference), {"body": "intrus"}).status_code == 404
    assert other_client.post(url("reopen", reference=claim.reference)).status_code == 404
    download = url("download", reference=claim.reference, attachment_id=attachment.pk)
    assert other_client.get(download).status_code == 404
    assert claim.reference not in text(other_client.get(url("list")))
    assert not ClaimMessage.objects.exists()


def test_attachment_of_an_internal_note_is_not_served_to_the_member(member_client, claim, agent):
    from portal.files import uploads

    checked = uploads.validate_uploads([SimpleUploadedFile("interne.pdf", files.pdf_bytes())])
    note = services.post_message(claim, actor=agent, body="interne", is_internal=True, files=checked)
    attachment = note.attachments.get()
    response = member_client.get(url("download", reference=claim.reference, attachment_id=attachment.pk))
    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, claim):
    response = client.get(url("detail", reference=claim.reference))
    assert response.status_code == 302 and "login" in response["Location"]


def test_only_own_dossiers_can_be_linked(member_client, member, other_member):
    from portal.models import Dossier

    def dossier(owner, reference):
        return Dossier.objects.create(
            member=owner, reference=reference, kind="retirement", status="in_progress", opened_on="2026-01-05"
        )

    own, foreign = dossier(member, "DOS-1"), dossier(other_member, "DOS-2")
    response = member_client.post(url("new"), claim_form(dossier=foreign.pk))
    assert response.status_code == 400
    assert shown("Select a valid choice. That choice is not one of the available choices.") in text(response)
    assert not Claim.objects.exists()
    assert member_client.post(url("new"), claim_form(dossier=own.pk)).status_code == 302
    assert Claim.objects.get().dossier == own


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_claim_pages_keep_the_member_space_navigation(member_client, claim, language):
    for url in (
        f"/{language}/portal/claims/",
        f"/{language}/portal/claims/new/",
        f"/{language}/portal/claims/{claim.reference}/",
        f"/{language}/portal/claims/{claim.reference}/received/",
    ):
        page = member_client.get(url).content.decode()
        assert 'class="portal-nav"' in page, url
        assert f'href="/{language}/portal/career/"' in page, url
