"""A proxy never exceeds their scope: a read-only proxy reads (and downloads what only reads), a proxy
who may act files claims and starts requests in the member's name; neither opens the member's
personal data, closes the account or changes where the pension is paid."""

import pytest

from portal.casework.models import Case
from portal.claims.models import Claim
from portal.models import Attestation, AuditEvent, ChangeRequest
from portal.proxies.choices import Scope
from tests.portal import factories
from tests.portal.proxies.conftest import grant, switched
from tests.portal.text import shown, text

CLAIM = {"category": "payments", "subject": "Virement de mars", "description": "Le virement de mars n'est pas arrivé."}
READ_PAGES = [
    "/fr/portal/",
    "/fr/portal/career/",
    "/fr/portal/payments/",
    "/fr/portal/attestations/",
    "/fr/portal/claims/",
    "/fr/portal/procedures/",
    "/fr/portal/changes/",
    "/fr/portal/access-log/",
]


def _reauthenticated(client):
    response = client.post("/fr/accounts/reauthenticate/", {"password": factories.PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("scope", [Scope.READ, Scope.ACT])
def test_both_scopes_read_the_file_and_download_attestations(mother, son, scope):
    client = switched(son, grant(mother, son, scope=scope))
    for path in READ_PAGES:
        assert client.get(path).status_code == 200, path
    response = client.post("/fr/portal/attestations/download/", {"language": "fr"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    attestation = Attestation.objects.get()
    assert attestation.member == mother
    payment = mother.payments.get()
    assert client.post(f"/fr/portal/payments/detail/{payment.pk}/slip/", {"language": "ar"}).status_code == 200


def test_a_read_only_proxy_cannot_post_anything_that_changes_the_file(mother, son):
    client = switched(son, grant(mother, son, scope=Scope.READ))
    assert client.post("/fr/portal/claims/new/", CLAIM).status_code == 403
    assert client.post("/fr/portal/changes/phone/", {"phone": "0611111111"}).status_code == 403
    assert client.post("/fr/portal/procedures/start/survivor_pension/").status_code == 403
    assert not Claim.objects.exists() and not ChangeRequest.objects.exists() and not Case.objects.exists()


def test_a_proxy_who_may_act_files_a_claim_in_the_members_name(mother, son):
    proxy = grant(mother, son, scope=Scope.ACT)
    client = switched(son, proxy)
    response = client.post("/fr/portal/claims/new/", CLAIM)
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.member, claim.created_by) == (mother, son)
    event = AuditEvent.objects.get(action="claims.filed")
    assert (event.actor, event.member, event.via, event.via_grant) == (son, mother, "proxy", proxy.pk)
    reply = client.post(f"/fr/portal/claims/{claim.reference}/reply/", {"body": "Merci de vérifier."})
    assert reply.status_code == 302
    assert AuditEvent.objects.get(action="claims.member_reply").via == "proxy"


def test_a_request_started_for_the_mother_is_hers(mother, son):
    proxy = grant(mother, son, scope=Scope.ACT)
    client = switched(son, proxy)
    assert client.post("/fr/portal/procedures/start/survivor_pension/").status_code == 302
    case = Case.objects.get()
    assert (case.applicant, case.created_by) == (mother.user, son)
    event = AuditEvent.objects.get(action="casework.started")
    assert (event.actor, event.via, event.via_grant) == (son, "proxy", proxy.pk)
    # Listed in her procedures (for her and for him while in her file), not in his own.
    assert case.reference in text(client.get("/fr/portal/procedures/"))
    assert client.get(f"/fr/portal/procedures/{case.reference}/").status_code == 200
    client.post("/fr/portal/files/leave/")
    assert case.reference not in text(client.get("/fr/portal/procedures/"))
    assert client.get(f"/fr/portal/procedures/{case.reference}/").status_code == 404


@pytest.mark.parametrize("scope", [Scope.READ, Scope.ACT])
def test_neither_opens_personal_data_nor_closes_the_account_nor_invites(mother, son, scope):
    client = _reauthenticated(switched(son, grant(mother, son, scope=scope)))
    for path in (
        "/fr/portal/my-data/",
        "/fr/portal/my-data/download.json",
        "/fr/portal/my-data/download.pdf",
        "/fr/portal/account/close/",
        "/fr/portal/helpers/",
    ):
        assert client.get(path).status_code == 403, path
    assert client.post("/fr/portal/account/close/", {"reason": "x"}).status_code == 403
    son.refresh_from_db()
    assert son.is_active


def test_an_invited_proxy_cannot_change_the_bank_account(mother, son):
    client = _reauthenticated(switched(son, grant(mother, son, scope=Scope.ACT)))
    response = client.post("/fr/portal/changes/bank_rib/", {"bank_rib": "0115 1900 0001 2050 0053 4921"})
    assert response.status_code == 403
    assert shown("Not allowed for someone who helps", "fr") in text(response)
    assert not ChangeRequest.objects.exists()
    # Other details (a phone number) are within an acting proxy's scope.
    assert client.post("/fr/portal/changes/phone/", {"phone": "0611111111"}).status_code == 302
    assert ChangeRequest.objects.get().member == mother
    assert AuditEvent.objects.filter(member=mother, via="proxy", actor=son).exclude(action="proxy.opened").exists()


def test_a_legal_representative_may_change_the_bank_account(mother, son):
    client = _reauthenticated(switched(son, grant(mother, son, scope=Scope.ACT, basis="guardian")))
    response = client.post("/fr/portal/changes/bank_rib/", {"bank_rib": "0115 1900 0001 2050 0053 4921"})
    assert response.status_code == 302
    assert ChangeRequest.objects.get().member == mother


def test_the_api_answers_only_for_the_accounts_own_file(mother, son):
    client = switched(son, grant(mother, son))
    data = client.get("/api/portal/profile/")
    assert mother.affiliation_number not in data.content.decode()
