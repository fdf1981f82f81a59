"""The member's "Who acted on my file": staff, proxies, legal representatives and counter agents,
with who, how, what and when; never the member's own actions; a filter for the people who help."""

import pytest

from portal import audit
from portal.models import AuditAction, AuditEvent
from portal.proxies.choices import Scope
from tests.portal.conftest import logged_in
from tests.portal.proxies.conftest import grant, switched
from tests.portal.proxies.test_scope import CLAIM
from tests.portal.text import shown, text


def _label(code, language):
    from django.utils import translation

    with translation.override(language):
        return str(audit.label(code))


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_mother_sees_what_her_son_did_as_a_proxy(mother, mother_client, son, officer, language):
    proxy = grant(mother, son, scope=Scope.ACT, name="Youssef (mon fils)")
    client = switched(son, proxy, language)
    assert client.post(f"/{language}/portal/attestations/download/", {"language": "fr"}).status_code == 200
    assert client.post(f"/{language}/portal/claims/new/", CLAIM).status_code == 302
    # Her own actions are hers: not listed.
    assert mother_client.post(f"/{language}/portal/attestations/download/", {"language": "ar"}).status_code == 200
    # A member of staff opening her file is listed, as before.
    assert logged_in(officer).get(f"/admin/members/{mother.pk}/").status_code == 200

    page = text(mother_client.get(f"/{language}/portal/access-log/"))
    assert shown("Who acted on my file", language) in page
    assert "<bdi>Youssef (mon fils)</bdi>" in page  # the name she gave him
    assert page.count(shown("as a proxy", language, context="via")) >= 3  # opened, attestation, claim
    assert _label(AuditAction.ATTESTATION_ISSUED, language) in page
    assert _label("claims.filed", language) in page
    assert _label("proxy.opened", language) in page
    assert "Nadia" in page  # the officer
    own = AuditEvent.objects.filter(actor=mother.user, action=AuditAction.ATTESTATION_ISSUED)
    assert own.count() == 1
    rows = page.count("<tr>") - 1  # minus the header
    assert rows == AuditEvent.objects.filter(member=mother).exclude(actor=mother.user).count()

    helpers = text(mother_client.get(f"/{language}/portal/access-log/?helpers=1"))
    assert "<bdi>Youssef (mon fils)</bdi>" in helpers and "Nadia" not in helpers


def test_a_counter_agent_and_a_representative_are_named_with_how_they_acted(mother, mother_client, son, officer):
    AuditEvent.objects.create(
        actor=officer,
        actor_label=officer.username,
        actor_is_staff=True,
        action=AuditAction.ATTESTATION_ISSUED,
        member=mother,
        via="counter",
        via_grant=1,
    )
    representative = grant(mother, son, basis="guardian", name="Maître Idrissi")
    AuditEvent.objects.create(
        actor=son,
        actor_label=son.username,
        action="claims.filed",
        member=mother,
        via="guardian",
        via_grant=representative.pk,
    )
    page = text(mother_client.get("/fr/portal/access-log/"))
    assert shown("at the counter, with you", "fr", context="via") in page
    assert shown("as legal representative", "fr", context="via") in page
    assert "<bdi>Maître Idrissi</bdi>" in page and "Nadia" in page


def test_nobody_else_acted(mother, mother_client):
    audit.log(AuditAction.ATTESTATION_ISSUED, actor=mother.user, context=audit.AuditContext.none(), member=mother)
    page = text(mother_client.get("/ar/portal/access-log/"))
    assert shown("Nobody else has acted on your file.", "ar") in page


def test_another_member_never_sees_her_log(mother, son, file_b, client_b):
    client = switched(son, grant(mother, son))
    client.post("/fr/portal/attestations/download/", {"language": "fr"})
    assert "Youssef" not in text(client_b.get("/fr/portal/access-log/"))


def test_anonymous_goes_to_login(db, client):
    response = client.get("/fr/portal/access-log/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_after_revocation_the_past_actions_stay_listed(mother, mother_client, son):
    proxy = grant(mother, son)
    switched(son, proxy).post("/fr/portal/attestations/download/", {"language": "fr"})
    mother_client.post(f"/fr/portal/helpers/{proxy.pk}/end/")
    page = text(mother_client.get("/fr/portal/access-log/?helpers=1"))
    assert "<bdi>Youssef Alaoui</bdi>" in page
    assert _label(AuditAction.ATTESTATION_ISSUED, "fr") in page
