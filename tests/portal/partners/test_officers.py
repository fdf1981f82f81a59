"""An organisation's officers: invited by its administrator (no sign-up), accepted once by the account
holding the invited address, changed, ended at once; the login lands HR officers in their space."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from portal.audit import AuditContext
from portal.models import AuditEvent
from portal.partners import officers
from portal.partners.choices import AuditAction, Role
from portal.partners.models import Invitation, Officer
from tests.portal import factories
from tests.portal.partners.world import officer as make_officer
from tests.portal.text import shown, text


@pytest.fixture(autouse=True)
def _no_write_budget(settings):
    settings.MEMBER_WRITES_PER_MINUTE = settings.MEMBER_WRITES_PER_HOUR = 0


def url(name, lang="fr", **kwargs):
    with translation.override(lang):
        return reverse(f"partners:{name}", kwargs=kwargs or None)


def _link(message):
    return re.search(r"https?://\S+/partners/invitation/\S+/", message.body).group(0)


def _path(link):
    return urlsplit(link).path


def test_an_administrator_invites_and_the_invited_account_joins_once(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("officers"), {"email": "nouvelle@education.example", "role": Role.PREPARER, "units": [world.fes.pk]}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nouvelle@education.example")
    assert list(invitation.units.all()) == [world.fes] and invitation.role == Role.PREPARER
    assert AuditEvent.objects.filter(action=AuditAction.INVITED, actor=world.admin.user).count() == 1
    (message,) = mail.outbox
    assert message.to == ["nouvelle@education.example"] and world.ministry_a.name in message.body
    path = _path(_link(message))

    # Another account (its own address) cannot use the forwarded link.
    stranger = factories.UserFactory(username="autre@example.org")
    client.force_login(stranger)
    refused = client.get(path)
    assert refused.status_code == 403
    assert not Officer.objects.filter(user=stranger).exists()

    invited = factories.UserFactory(username="nouvelle@education.example")
    client.force_login(invited)
    page = client.get(path)
    assert page.status_code == 200 and world.ministry_a.name in text(page)
    assert client.post(path).status_code == 302
    joined = Officer.objects.get(user=invited)
    assert joined.organisation == world.ministry_a and joined.role == Role.PREPARER
    assert list(joined.units.all()) == [world.fes]
    assert AuditEvent.objects.filter(action=AuditAction.JOINED, actor=invited).count() == 1
    assert client.get(url("retirements")).status_code == 200

    again = client.post(path)
    assert again.status_code == 400
    assert shown("This invitation has already been accepted. It can be used only once.") in text(again)
    assert Officer.objects.filter(user=invited).count() == 1


def test_only_an_administrator_manages_officers(client, world):
    client.force_login(world.signatory.user)
    assert client.get(url("officers")).status_code == 403
    assert client.post(url("officers"), {"email": "x@education.example", "role": Role.READER}).status_code == 403
    assert not Invitation.objects.exists()


def test_a_bad_invitation_form_is_shown_again_and_nothing_is_sent(client, world, mailoutbox):
    client.force_login(world.admin.user)
    for data in (
        {"email": "not an address", "role": Role.READER},
        {"email": "x@education.example", "role": "boss"},
        {"email": "x@education.example", "role": Role.READER, "units": [world.b_unit.pk]},
    ):
        response = client.post(url("officers"), data)
        assert response.status_code == 400 and 'id="form-errors"' in text(response), data
    assert not Invitation.objects.exists() and not mailoutbox


def test_a_unit_of_another_organisation_is_refused_by_the_service(world):
    with pytest.raises(officers.Refused):
        officers.invite(
            organisation=world.ministry_a,
            email="x@education.example",
            role=Role.READER,
            units=[world.b_unit],
            actor=world.admin.user,
            context=AuditContext.none(),
            language="fr",
        )


def _token(world, email, **kwargs):
    invitation = officers.invite(
        organisation=world.ministry_a,
        email=email,
        role=Role.READER,
        actor=world.admin.user,
        context=AuditContext.none(),
        language="fr",
        **kwargs,
    )
    return invitation, officers.make_token(invitation)


def test_an_expired_or_replaced_link_is_refused(client, world):
    long_ago = timezone.now() - datetime.timedelta(days=8)
    _old, expired = _token(world, "tard@education.example", now=long_ago)
    user = factories.UserFactory(username="tard@education.example")
    client.force_login(user)
    response = client.get(url("invitation", token=expired))
    assert response.status_code == 400
    assert shown("This invitation has expired. Ask your organisation to invite you again.") in text(response)
    # Invited again: the new link works, the earlier one of the same address no longer does.
    _first, first = _token(world, "deux@education.example")
    _second, second = _token(world, "deux@education.example")
    assert client.get(url("invitation", token=first)).status_code == 400
    with pytest.raises(officers.InvalidInvitation):
        officers.read_token("garbage")
    other = factories.UserFactory(username="deux@education.example")
    officers.accept(token=second, actor=other, context=AuditContext.none())
    assert Officer.objects.get(user=other).organisation == world.ministry_a


def test_an_officer_of_another_organisation_cannot_join_a_second_one(client, world):
    _invitation, token = _token(world, world.b_signatory.user.email)
    client.force_login(world.b_signatory.user)
    assert client.post(url("invitation", token=token)).status_code == 403
    with pytest.raises(officers.Refused):
        officers.accept(token=token, actor=world.b_signatory.user, context=AuditContext.none())
    assert Officer.objects.get(user=world.b_signatory.user).organisation == world.ministry_b


def test_the_invitation_page_needs_a_login(client, world):
    _invitation, token = _token(world, "anonyme@education.example")
    response = client.get(url("invitation", token=token))
    assert response.status_code == 302 and "login" in response["Location"]


def test_change_a_role_and_end_an_access(client, world):
    client.force_login(world.admin.user)
    change = url("officer_change", pk=world.reader.pk)
    assert client.get(change).status_code == 200
    bad = client.post(change, {"role": "boss"})
    assert bad.status_code == 400
    world.reader.refresh_from_db()
    assert world.reader.role == Role.READER
    assert client.post(change, {"role": Role.PREPARER, "units": [world.rabat.pk]}).status_code == 302
    world.reader.refresh_from_db()
    assert world.reader.role == Role.PREPARER and list(world.reader.units.all()) == [world.rabat]
    assert AuditEvent.objects.filter(action=AuditAction.ROLE_CHANGED).count() == 1

    # Another organisation's officer is not found.
    assert client.get(url("officer_change", pk=world.b_signatory.pk)).status_code == 404
    assert client.post(url("officer_revoke", pk=world.b_signatory.pk)).status_code == 404

    assert client.post(url("officer_revoke", pk=world.reader.pk)).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.REVOKED).count() == 1
    client.force_login(world.reader.user)
    assert client.get(url("home")).status_code == 403

    # The last administrator stays.
    client.force_login(world.admin.user)
    client.post(url("officer_revoke", pk=world.admin.pk))
    assert Officer.objects.active().filter(pk=world.admin.pk).exists()


def test_an_hr_officer_without_a_file_lands_in_the_partners_space(client, world):
    newcomer = make_officer(world.ministry_a, Role.READER, "arrivee@education.example", second_factor=False)
    with translation.override("fr"):
        login = reverse("account_login")
    response = client.post(login, {"login": newcomer.user.email, "password": factories.PASSWORD})
    assert response.status_code == 302 and response["Location"] == url("home")
