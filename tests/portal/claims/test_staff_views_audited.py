"""Exactly one audit row per staff view of a member's file: not zero (unseen), not two (noise).

Covers every staff screen that shows one member's personal data: the member file, a change
request, a claim (also when re-shown with form errors) and a claim's attachment. The member
JSON API serves only the caller's own file, so staff cannot view anyone's file through it.
"""

import pytest

from portal.models import AuditEvent, ChangeRequest
from tests.portal.conftest import logged_in

ADDRESS = "192.0.2.44"


def _only_event(member):
    events = list(AuditEvent.objects.all())
    assert len(events) == 1, [(e.action, e.target) for e in events]
    event = events[0]
    assert event.member == member
    assert event.created_at is not None
    assert event.ip_address == ADDRESS
    return event


def test_opening_a_member_file_writes_one_row(file_a, officer):
    response = logged_in(officer).get(f"/admin/members/{file_a.pk}/", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    event = _only_event(file_a)
    assert (event.actor, event.actor_label, event.actor_is_staff) == (officer, officer.username, True)
    assert (event.action, event.target, event.path) == (
        "staff_viewed_file",
        file_a.affiliation_number,
        f"/admin/members/{file_a.pk}/",
    )


def test_each_opening_is_one_more_row(file_a, officer):
    staff = logged_in(officer)
    for _ in range(3):
        staff.get(f"/admin/members/{file_a.pk}/", REMOTE_ADDR=ADDRESS)
    assert AuditEvent.objects.filter(member=file_a, actor=officer).count() == 3


def test_opening_a_change_request_writes_one_row(file_a, officer):
    change = ChangeRequest.objects.create(member=file_a, kind="phone", new_value={"phone": "0611111111"})
    response = logged_in(officer).get(f"/admin/member-changes/{change.pk}/", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    event = _only_event(file_a)
    assert (event.actor, event.action, event.target) == (officer, "staff_viewed_file", f"change:{change.pk}")


def test_the_claims_agent_opening_a_claim_writes_one_row(agent_client, agent, claim):
    AuditEvent.objects.all().delete()  # filing the claim is not what is measured here
    response = agent_client.get(f"/admin/claims/{claim.pk}/", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    event = _only_event(claim.member)
    # The agent is not is_staff (as accounts made in Wagtail's user admin are not) but works for the
    # fund: the member sees this view in "who viewed my file" (config/staff.py).
    assert (event.actor, event.actor_is_staff, event.action, event.target) == (
        agent,
        True,
        "claims.view",
        claim.reference,
    )
    assert event.path == f"/admin/claims/{claim.pk}/"


def test_a_claim_shown_again_with_form_errors_is_one_view(agent_client, agent, claim):
    AuditEvent.objects.all().delete()
    response = agent_client.post(f"/admin/claims/{claim.pk}/message/", {}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 400
    event = _only_event(claim.member)
    assert (event.actor, event.action) == (agent, "claims.view")


def test_downloading_a_claim_attachment_writes_one_row(agent_client, agent, claim_with_attachment):
    claim, attachment = claim_with_attachment
    AuditEvent.objects.all().delete()
    response = agent_client.get(f"/admin/claims/{claim.pk}/attachments/{attachment.pk}/", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    event = _only_event(claim.member)
    assert (event.actor, event.action, event.target) == (agent, "claims.download", f"{claim.reference}/{attachment.pk}")


@pytest.mark.parametrize("url", ["/api/portal/profile/", "/api/portal/payments/", "/api/portal/claims/"])
def test_staff_cannot_view_a_file_through_the_member_api(file_a, officer, url):
    assert logged_in(officer).get(url, REMOTE_ADDR=ADDRESS).status_code == 403
    assert not AuditEvent.objects.exists()
