"""Issue 24 item 1: a logged-in session must not become a permanent account takeover.

The reviewer's attack, replayed: with a member's session and no password, add an address,
confirm it, make it primary, remove the member's address, then reset the password through
the new one. Now every account-security change asks for the password first, each change of
address is told to the address it replaces (in the member's language) with a link that undoes
it, and undoing it ends every session.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core import mail, signing
from django.test import Client
from django.utils import translation

from portal import account_security
from portal.models import AuditEvent
from tests.portal import factories
from tests.portal.conftest import logged_in

pytestmark = pytest.mark.django_db

VICTIM = "fatima@example.org"
INTRUDER = "intruder@example.net"
REAUTH = "/fr/accounts/reauthenticate/"


@pytest.fixture
def victim():
    return factories.UserFactory(username=VICTIM)


def password_login(email, password=factories.PASSWORD, lang="fr"):
    client = Client()
    response = client.post(f"/{lang}/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def addresses(user):
    return sorted(EmailAddress.objects.filter(user=user).values_list("email", "primary", "verified"))


def confirmation_path(message):
    return re.search(r"(/\w\w/accounts/confirm-email/[^/\s]+/)", message.body).group(1)


def undo_path(message):
    return re.search(r"(/\w\w/portal/account/email/undo/[^/\s]+/)", message.body).group(1)


# --- A session alone changes nothing -------------------------------------------------------


def test_a_stolen_session_cannot_add_an_address(victim):
    stolen = logged_in(victim)  # a session cookie, never a typed password
    response = stolen.post("/fr/accounts/email/", {"action_add": "", "email": INTRUDER})
    assert response.status_code == 302 and response["Location"].startswith(REAUTH)
    assert addresses(victim) == [(VICTIM, True, True)]
    assert not mail.outbox


def test_a_stolen_session_cannot_switch_or_remove_addresses(victim):
    EmailAddress.objects.create(user=victim, email="second@example.org", verified=True, primary=False)
    stolen = logged_in(victim)
    for action in ("action_primary", "action_remove"):
        response = stolen.post("/fr/accounts/email/", {action: "", "email": "second@example.org"})
        assert response["Location"].startswith(REAUTH), action
    assert EmailAddress.objects.get(user=victim, primary=True).email == VICTIM
    assert EmailAddress.objects.filter(user=victim).count() == 2


def test_a_stolen_session_cannot_change_the_password_or_the_second_factor(victim):
    stolen = logged_in(victim)
    response = stolen.post(
        "/fr/accounts/password/change/",
        {"oldpassword": "guess", "password1": "Brand-New-Secret-42", "password2": "Brand-New-Secret-42"},
    )
    assert response.status_code == 200  # the form refuses the wrong current password
    victim.refresh_from_db()
    assert victim.check_password(factories.PASSWORD)
    assert stolen.get("/fr/accounts/2fa/totp/activate/")["Location"].startswith(REAUTH)
    assert stolen.post("/fr/accounts/2fa/totp/activate/", {"code": "123456"})["Location"].startswith(REAUTH)
    assert not Authenticator.objects.filter(user=victim).exists()


def test_a_stolen_session_cannot_log_the_member_out_elsewhere(victim):
    member_device = password_login(VICTIM)
    stolen = logged_in(victim)
    listing = stolen.get("/fr/accounts/sessions/")  # looking is harmless
    assert listing.status_code == 200 and "Appareils connectés à votre compte" in listing.content.decode()
    response = stolen.post("/fr/accounts/sessions/", {})
    assert response["Location"].startswith(REAUTH)
    assert member_device.get("/fr/portal/enrol/").status_code == 200


# --- With the password (or the member themself): notice and undo --------------------------


def take_over_with_the_password(victim):
    """The full attack by someone who also knows the password: every step is allowed but told."""
    intruder = password_login(VICTIM)  # a fresh login counts as re-authentication
    response = intruder.post("/fr/accounts/email/", {"action_add": "", "email": INTRUDER})
    assert response.status_code == 302 and not response["Location"].startswith(REAUTH)
    intruder.post(confirmation_path(mail.outbox[-1]))
    intruder.post("/fr/accounts/email/", {"action_primary": "", "email": INTRUDER})
    intruder.post("/fr/accounts/email/", {"action_remove": "", "email": VICTIM})
    assert addresses(victim) == [(INTRUDER, True, True)]
    return intruder


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_replaced_address_is_told_with_a_link_that_undoes_the_change(victim, lang):
    intruder = password_login(VICTIM, lang=lang)
    intruder.post(f"/{lang}/accounts/email/", {"action_add": "", "email": INTRUDER})
    intruder.post(confirmation_path(mail.outbox[-1]))
    mail.outbox.clear()
    intruder.post(f"/{lang}/accounts/email/", {"action_primary": "", "email": INTRUDER})
    [notice] = [m for m in mail.outbox if m.to == [VICTIM]]
    assert INTRUDER in notice.body
    assert f"/{lang}/portal/account/email/undo/" in notice.body
    with translation.override(lang):
        assert notice.body.startswith(translation.gettext("Hello,"))  # not "Hello from 127.0.0.1:8000!"
        assert translation.gettext("A change was made to your account:") in notice.body
    assert "127.0.0.1" not in notice.body.split("\n")[0] and "testserver" not in notice.subject


def test_each_step_is_told_to_the_member_address_with_an_undo_link(victim):
    take_over_with_the_password(victim)
    notices = [m for m in mail.outbox if m.to == [VICTIM]]
    # The second address confirmed, then made primary, then the member's address removed.
    assert [("ajoutée" in m.subject, "modifiée" in m.subject, "retirée" in m.subject) for m in notices] == [
        (True, False, False),
        (False, True, False),
        (False, False, True),
    ]
    assert all("/portal/account/email/undo/" in m.body for m in notices)


def test_a_confirmed_second_address_is_told_to_the_primary_one(victim):
    # A second verified address is enough to reset the password: the member hears of it at once.
    intruder = password_login(VICTIM)
    intruder.post("/fr/accounts/email/", {"action_add": "", "email": INTRUDER})
    confirmation = confirmation_path(mail.outbox[-1])
    mail.outbox.clear()
    intruder.post(confirmation)
    [notice] = mail.outbox
    assert notice.to == [VICTIM] and INTRUDER in notice.body
    Client().post(undo_path(notice))
    assert addresses(victim) == [(VICTIM, True, True)]


def test_the_link_puts_the_address_back_and_ends_every_session(victim):
    intruder = take_over_with_the_password(victim)
    other_device = password_login(INTRUDER)
    assert UserSession.objects.filter(user=victim).count() == 2
    link = undo_path(next(m for m in mail.outbox if m.to == [VICTIM]))

    member = Client()
    page = member.get(link)
    assert page.status_code == 200 and "Annuler" in page.content.decode()
    assert addresses(victim) == [(INTRUDER, True, True)]  # showing the page changes nothing

    done = member.post(link)
    assert done.status_code == 200
    assert addresses(victim) == [(VICTIM, True, True)]
    victim.refresh_from_db()
    assert victim.email == VICTIM
    assert not victim.has_usable_password()
    assert not UserSession.objects.filter(user=victim).exists()
    for device in (intruder, other_device):
        assert device.get("/fr/portal/enrol/").status_code == 302  # logged out
    event = AuditEvent.objects.get(action=account_security.EMAIL_CHANGE_UNDONE)
    assert event.target == f"user:{victim.pk}"

    # The member chooses a new password through the address that is theirs again.
    mail.outbox.clear()
    member.post("/fr/accounts/password/reset/", {"email": VICTIM})
    assert [m.to for m in mail.outbox] == [[VICTIM]]
    mail.outbox.clear()
    member.post("/fr/accounts/password/reset/", {"email": INTRUDER})
    assert not [m for m in mail.outbox if "/password/reset/key/" in m.body]


def test_a_forged_or_expired_link_changes_nothing(victim, settings):
    take_over_with_the_password(victim)
    link = undo_path(next(m for m in mail.outbox if m.to == [VICTIM]))
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = signing.dumps({"user": victim.pk, "previous": "x@evil.example", "current": ""}, salt="another")
    client = Client()
    for bad in (link.replace(token, forged), link.replace(token, token[:-3] + "abc")):
        assert client.post(bad).status_code == 400
    settings.PORTAL_EMAIL_UNDO_DAYS = 0
    response = client.post(link)
    assert response.status_code == 400
    assert "trop ancien" in response.content.decode()
    assert addresses(victim) == [(INTRUDER, True, True)]
    assert not AuditEvent.objects.filter(action=account_security.EMAIL_CHANGE_UNDONE).exists()


def test_a_password_change_is_told_to_the_member(victim):
    member = password_login(VICTIM)
    new = "Brand-New-Secret-42"
    response = member.post(
        "/fr/accounts/password/change/", {"oldpassword": factories.PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    [notice] = mail.outbox
    assert notice.to == [VICTIM] and notice.body.startswith("Bonjour")
