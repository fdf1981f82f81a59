"""The organisation's API tokens in the partners' space: its administrator creates one (the key shown
once), sees the list, revokes one (refused by the API at once); nobody else manages them."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.models import AuditEvent
from portal.partners import tokens
from portal.partners.choices import ApiScope, AuditAction
from portal.partners.models import ApiToken, hash_key
from tests.portal import factories
from tests.portal.text import shown, text


def url(name, lang="fr", **kwargs):
    with translation.override(lang):
        return reverse(f"partners:{name}", kwargs=kwargs or None)


def as_officer(client, officer):
    client.force_login(officer.user)
    return client


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_administrator_creates_a_token_and_sees_its_key_once(client, world, lang):
    as_officer(client, world.admin)
    page = client.get(url("tokens", lang))
    assert page.status_code == 200
    assert shown("Your organisation has no API token yet.", lang) in text(page)
    response = client.post(
        url("tokens", lang),
        {"name": "SIRH du ministère", "scopes": [ApiScope.READ_RETIREMENTS, ApiScope.WRITE_DOSSIERS]},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    key = response.context["key"]
    assert key.startswith("emp_") and hash_key(key) == token.key_hash and key not in token.prefix
    body = text(response)
    assert f'id="token-key" value="{key}"' in body
    assert (
        shown("Copy this key now and keep it in your HR system’s settings: it will not be shown again.", lang) in body
    )
    assert token.organisation == world.ministry_a and token.created_by == world.admin.user
    assert sorted(token.scopes) == ["dossiers:write", "retirements:read"]
    # Never shown again: the list has the start of the key only.
    again = text(client.get(url("tokens", lang)))
    assert key not in again and token.prefix in again and "SIRH du ministère" in again
    created = AuditEvent.objects.get(action=AuditAction.TOKEN_CREATED)
    assert created.actor == world.admin.user and key not in str(created.details) and token.prefix in created.target


def test_a_bad_form_is_refused_and_nothing_is_created(client, world):
    as_officer(client, world.admin)
    response = client.post(url("tokens"), {"name": "  ", "scopes": ["everything"]})
    assert response.status_code == 400
    body = text(response)
    assert 'id="form-errors"' in body and 'aria-invalid="true"' in body
    nothing = client.post(url("tokens"), {"name": "SIRH"})
    assert nothing.status_code == 400
    assert shown("Choose at least one thing the token may do.") in text(nothing)
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_the_api_refuses_the_token_at_once(client, world):
    token, key = tokens.create(organisation=world.ministry_a, name="SIRH", scopes=["dossiers:read"], actor=None)
    api = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/partners/dossiers/", **api).status_code == 200
    as_officer(client, world.admin)
    confirm = client.get(url("token_revoke", pk=token.pk))
    assert confirm.status_code == 200 and 'id="revoke-token"' in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # a GET changes nothing
    done = client.post(url("token_revoke", pk=token.pk))
    assert done.status_code == 302 and done["Location"] == url("tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get("/api/partners/dossiers/", **api).status_code == 401
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED, actor=world.admin.user).count() == 1
    # Twice changes nothing.
    as_officer(client, world.admin)
    assert client.post(url("token_revoke", pk=token.pk)).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED).count() == 1


def test_only_the_organisations_administrators_manage_its_tokens(client, world):
    token, _key = tokens.create(organisation=world.ministry_a, name="Paie-RH-Sud", scopes=["dossiers:read"], actor=None)
    # Another organisation's administrator: A's token is not found.
    b_admin = world.b_signatory
    b_admin.is_admin = True
    b_admin.save()
    as_officer(client, b_admin)
    assert client.get(url("token_revoke", pk=token.pk)).status_code == 404
    assert client.post(url("token_revoke", pk=token.pk)).status_code == 404
    assert "Paie-RH-Sud" not in text(client.get(url("tokens")))
    # Officers who are not administrators, a member, and nobody.
    for officer in (world.signatory, world.preparer, world.reader):
        as_officer(client, officer)
        assert client.get(url("tokens")).status_code == 403
        assert client.post(url("tokens"), {"name": "X", "scopes": ["dossiers:read"]}).status_code == 403
        assert client.post(url("token_revoke", pk=token.pk)).status_code == 403
    client.force_login(factories.UserFactory())
    assert client.get(url("tokens")).status_code == 403
    client.logout()
    assert client.get(url("tokens")).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None and ApiToken.objects.count() == 1


def test_services_create_and_revoke(world):
    token, key = tokens.create(
        organisation=world.ministry_a, name=" SIRH ", scopes=["dossiers:read", "dossiers:read"], actor=world.admin.user
    )
    assert token.name == "SIRH" and token.scopes == ["dossiers:read"] and token.prefix == key[:12]
    assert ApiToken.objects.usable().get() == token
    tokens.revoke(token=token, actor=world.admin.user)
    assert not ApiToken.objects.usable().exists()
    with pytest.raises(ValueError):
        tokens.create(organisation=world.ministry_a, name="X", scopes=["admin:all"], actor=None)
