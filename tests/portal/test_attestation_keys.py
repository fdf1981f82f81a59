"""Attestation signing keys of their own (rotation without voiding papers) and revocation by staff."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from portal import attestations, signing
from portal.models import Attestation, AuditAction, AuditEvent
from tests.portal import factories

pytestmark = pytest.mark.django_db

OLD = "2026:" + "o" * 40
NEW = "2027:" + "n" * 40


def issued(member, settings, keys):
    settings.ATTESTATION_SIGNING_KEYS = keys
    attestation = attestations.issue(None, member, "fr")
    return attestation, attestations.code_of(attestation)


def test_a_rotation_keeps_printed_attestations_verifiable_until_the_old_key_is_dropped(file_a, settings):
    attestation, code = issued(file_a, settings, [OLD])
    assert attestation.key_id == "2026"

    # Rotation: the new key first, the old one kept. The paper printed before still verifies...
    settings.ATTESTATION_SIGNING_KEYS = [NEW, OLD]
    assert attestations.verify(code) == attestation
    # ...and new attestations are signed with the new key.
    fresh = attestations.issue(None, file_a, "fr")
    assert fresh.key_id == "2027"
    fresh_code = attestations.code_of(fresh)

    # Dropping the old key voids what it signed, and only that.
    settings.ATTESTATION_SIGNING_KEYS = [NEW]
    assert attestations.verify(code) is None
    assert attestations.verify(fresh_code) == fresh


def test_rotating_secret_key_leaves_attestations_valid(file_a, settings):
    """The review's finding: a routine SECRET_KEY rotation made every printed attestation "not genuine"."""
    attestation, code = issued(file_a, settings, [OLD])
    settings.SECRET_KEY = "a-brand-new-secret-key-after-a-routine-rotation"
    assert attestations.verify(code) == attestation


def test_without_keys_the_derived_key_signs_as_before_and_follows_secret_key(file_a, settings):
    """Development and installations that predate the setting: codes are signed as they always were."""
    attestation, code = issued(file_a, settings, [])
    assert attestation.key_id == ""
    # An upgrade that configures keys keeps such papers valid (same SECRET_KEY)...
    settings.ATTESTATION_SIGNING_KEYS = [NEW]
    assert attestations.verify(code) == attestation
    # ...which is why operators must configure keys before rotating SECRET_KEY (docs/DEPLOYMENT.md).
    settings.SECRET_KEY = "rotated"
    assert attestations.verify(code) is None


def test_a_code_cannot_claim_another_key(file_a, settings):
    """The key id lives on the row, not in the code: re-pointing the row at another key breaks the code."""
    attestation, code = issued(file_a, settings, [NEW, OLD])
    Attestation.objects.filter(pk=attestation.pk).update(key_id="2026")
    assert attestations.verify(code) is None


@pytest.mark.parametrize(
    "entries",
    [["no-separator"], ["bad id:" + "s" * 40], ["short:secret"], [NEW, NEW]],
)
def test_malformed_keys_are_a_configuration_error(entries):
    with pytest.raises(ImproperlyConfigured, match="ATTESTATION_SIGNING_KEYS"):
        signing.parse(entries)


# --- Revocation -----------------------------------------------------------------------


def test_a_revoked_attestation_says_so_on_the_verification_page(file_a, officer, client, settings):
    attestation, code = issued(file_a, settings, [OLD])
    attestations.revoke_attestation(attestation=attestation, actor=officer, reason="Montant révisé par décision")

    for language, expected in (("fr", "a été révoquée le"), ("ar", "تم إلغاء هذه الشهادة بتاريخ")):
        body = client.get(f"/{language}/verify/", {"code": code}).content.decode()
        assert expected in body
        assert "est authentique" not in body
    event = AuditEvent.objects.get(action=AuditAction.ATTESTATION_REVOKED)
    assert (event.actor, event.member, event.target) == (officer, file_a, attestation.serial)
    assert event.details["reason"] == "Montant révisé par décision"
    # The member sees it in their list too.
    member = Client()
    member.force_login(file_a.user)
    assert "Révoquée le" in member.get("/fr/portal/attestations/").content.decode()


def test_a_revocation_needs_a_reason_and_happens_once(file_a, officer, settings):
    attestation, _code = issued(file_a, settings, [OLD])
    with pytest.raises(ValueError):
        attestations.revoke_attestation(attestation=attestation, actor=officer, reason="  ")
    attestations.revoke_attestation(attestation=attestation, actor=officer, reason="Erreur")
    with pytest.raises(attestations.AlreadyRevoked):
        attestations.revoke_attestation(attestation=attestation, actor=officer, reason="Encore")
    assert AuditEvent.objects.filter(action=AuditAction.ATTESTATION_REVOKED).count() == 1


def staff_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_member_services_find_an_attestation_by_its_code_and_revoke_it(file_a, officer, settings):
    attestation, code = issued(file_a, settings, [OLD])
    client = staff_client(officer)

    listing = client.get("/admin/attestations/", {"q": code})
    assert listing.status_code == 200
    assert f"/admin/attestations/{attestation.pk}/" in listing.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.STAFF_VIEWED_FILE, member=file_a).exists()

    # Bad input: no reason. A clear error, nothing revoked.
    refused = client.post(f"/admin/attestations/{attestation.pk}/", {"reason": ""})
    assert refused.status_code == 400
    attestation.refresh_from_db()
    assert attestation.revoked_at is None

    done = client.post(f"/admin/attestations/{attestation.pk}/", {"reason": "Montant révisé"})
    assert done.status_code == 302
    attestation.refresh_from_db()
    assert attestation.revoked_at is not None and attestation.revocation_reason == "Montant révisé"
    assert attestations.verify(code).revoked_at is not None


def test_only_member_services_revoke(file_a, auditor, settings):
    attestation, _code = issued(file_a, settings, [OLD])
    editor = factories.UserFactory(is_staff=True)
    for user in (auditor, editor, file_a.user):
        client = staff_client(user)
        assert client.post(f"/admin/attestations/{attestation.pk}/", {"reason": "x"}).status_code in (302, 403)
    attestation.refresh_from_db()
    assert attestation.revoked_at is None
    assert not AuditEvent.objects.filter(action=AuditAction.ATTESTATION_REVOKED).exists()
