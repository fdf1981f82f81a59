"""Every audit action has a translated label, and a person always reads the label, never the code.

The codes are not grepped: each service that writes to the audit log is run, and every code
found in the log afterwards must be registered (portal/audit.py) with a French and an
Arabic label. Then the member's "who viewed my file", the personal-data PDF and the
auditors' log are read in both languages.
"""

import io
import re
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfReader

from portal import audit, changes, personal_data, personal_data_pdf
from portal.audit import AuditContext
from portal.claims import services
from portal.claims.choices import AuditAction as ClaimAuditAction
from portal.claims.choices import Status
from portal.files import uploads
from portal.models import AuditAction, AuditEvent, ChangeKind
from tests.portal import sample_files as files
from tests.portal.conftest import logged_in

pytestmark = pytest.mark.django_db

CONTEXT = AuditContext(ip_address="192.0.2.7", path="/test/")
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")


def _label(code, language):
    with translation.override(language):
        return str(audit.label(code))


def _record_through_every_service(member, member_user, agent, officer):
    """Run each service and admin view that writes to the audit log, as production does."""
    png = uploads.validate_uploads([SimpleUploadedFile("releve.png", files.image_bytes("PNG"))])
    claim = services.file_claim(
        services.NewClaim(
            member=member, category="payments", subject="Par téléphone", description="Appel", channel="phone", files=png
        ),
        actor=agent,
        context=CONTEXT,
    )
    services.opened_by_agent(claim, actor=agent, context=CONTEXT)
    services.post_message(claim, actor=agent, body="Pour l'équipe", is_internal=True, context=CONTEXT)
    services.post_message(claim, actor=agent, body="Réponse", context=CONTEXT)
    services.assign(claim, agent, actor=agent, context=CONTEXT)
    services.change_status(claim, Status.ANSWERED, actor=agent, context=CONTEXT)
    services.attachment_opened_by_agent(claim.attachments.get(), actor=agent, context=CONTEXT)
    online = services.file_claim(
        services.NewClaim(member=member, category="payments", subject="En ligne", description="Web", channel="web"),
        actor=member_user,
        context=CONTEXT,
    )
    services.post_message(online, actor=member_user, body="Merci", from_member=True, context=CONTEXT)

    for approve in (True, False, None):
        change = changes.submit(
            member=member, kind=ChangeKind.PHONE, new_value={"phone": "0611111111"}, actor=member_user, context=CONTEXT
        )
        if approve is None:
            changes.cancel(member=member, change_id=change.pk, actor=member_user, context=CONTEXT)
        else:
            changes.decide(change_id=change.pk, approve=approve, actor=officer, context=CONTEXT)

    staff = logged_in(officer)
    assert staff.get(f"/admin/members/{member.pk}/").status_code == 200
    assert staff.post("/admin/member-changes/export/").status_code == 200


def test_every_recorded_action_is_registered_with_a_french_and_arabic_label(member, member_user, agent, officer):
    _record_through_every_service(member, member_user, agent, officer)
    recorded = set(AuditEvent.objects.values_list("action", flat=True))
    assert recorded >= set(ClaimAuditAction.values)
    assert recorded >= {
        AuditAction.CHANGE_REQUESTED,
        AuditAction.CHANGE_APPROVED,
        AuditAction.CHANGE_REJECTED,
        AuditAction.CHANGE_CANCELLED,
        AuditAction.STAFF_VIEWED_FILE,
        AuditAction.CHANGES_EXPORTED,
    }
    for code in recorded:
        assert audit.is_registered(code), code
        french, arabic = _label(code, "fr"), _label(code, "ar")
        assert code not in (french, arabic)
        assert french != _label(code, "en"), f"{code}: no French translation"
        assert ARABIC_LETTER.search(arabic), f"{code}: no Arabic translation"
    # Every code an app declares is registered, whether or not this test recorded it.
    for code in [*AuditAction.values, *ClaimAuditAction.values]:
        assert audit.is_registered(code), code


def test_an_unknown_code_never_shows_raw():
    for language in ("fr", "ar"):
        assert _label("legacy.removed_action", language) == _label(audit.UNKNOWN_ACTION, language)
        assert "legacy" not in _label("legacy.removed_action", language)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_who_viewed_my_file_shows_labels(member_client, agent, agent_client, claim, language):
    agent.is_staff = True  # the page lists the fund's staff (see AuditEvent.actor_is_staff)
    agent.save()
    assert agent_client.get(f"/admin/claims/{claim.pk}/").status_code == 200
    AuditEvent.objects.create(
        actor_label="ancien-agent", actor_is_staff=True, action="legacy.code", member=claim.member
    )
    page = member_client.get(f"/{language}/portal/access-log/").content.decode()
    assert "claims.view" not in page and "legacy.code" not in page
    assert _label(ClaimAuditAction.VIEW, language) in page
    assert _label("legacy.code", language) in page


def _pdf_text(content):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_personal_data_pdf_shows_labels(agent_client, claim, language):
    agent_client.get(f"/admin/claims/{claim.pk}/")
    text = _pdf_text(personal_data_pdf.render(personal_data.collect(claim.member), language))
    assert "claims.view" not in text
    assert "Claim opened by the fund" not in text  # the English source is not what a member reads
    with translation.override(language):
        shown = personal_data_pdf._display(None, "action", str(ClaimAuditAction.VIEW))
    assert shown == _label(ClaimAuditAction.VIEW, language)
    if language == "fr":
        assert shown in text


def test_the_auditors_log_shows_labels(auditor, agent_client, claim):
    agent_client.get(f"/admin/claims/{claim.pk}/")
    page = logged_in(auditor).get("/admin/audit/").content.decode()
    assert ">claims.view<" not in page  # neither in the table nor in the filter's options
    assert any(_label(ClaimAuditAction.VIEW, language) in page for language in ("en", "fr", "ar"))
