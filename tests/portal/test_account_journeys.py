"""Issue 15, "Account journeys": where people land, what the pages and e-mails say.

A member lands on "Mon espace" after logging in (or on linking their file if they have none),
staff on the admin; confirming the sign-up e-mail leads to linking the pension file; the
e-mails greet with the fund's name, never the host; staff type their password once and find
their way back to the admin after the recovery codes.
"""

import re

import pytest
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from tests.portal import factories

pytestmark = pytest.mark.django_db


def login(email, lang="fr"):
    client = Client()
    response = client.post(f"/{lang}/accounts/login/", {"login": email, "password": factories.PASSWORD})
    return client, response


def current_totp(client):
    """The code an authenticator app would show for the secret of the set-up page."""
    secret = client.session[SECRET_SESSION_KEY]
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_member_lands_on_their_space(file_a, lang):
    _client, response = login(file_a.user.email, lang)
    assert response.status_code == 302 and response["Location"] == f"/{lang}/portal/"


def test_an_account_without_a_file_lands_on_linking_it(db):
    user = factories.UserFactory()
    _client, response = login(user.email)
    assert response["Location"] == "/fr/portal/enrol/"


def test_staff_land_on_the_admin(officer):
    _client, response = login(officer.email)
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_after_confirming_the_e_mail_the_next_step_is_the_pension_file(db, lang, settings):
    settings.WAGTAIL_SITE_NAME = "Caisse Marocaine des Retraites"
    client = Client()
    data = {"email": "new@example.org", "password1": factories.PASSWORD, "password2": factories.PASSWORD}
    sent = client.post(f"/{lang}/accounts/signup/", data, follow=True).content.decode()
    [message] = mail.outbox
    with translation.override(lang):
        assert translation.gettext("Check your e-mail") in sent
        assert message.body.startswith(translation.gettext("Hello,"))
    # The fund's name, never the host name ("c'est 127.0.0.1:8000 !").
    assert "Caisse Marocaine des Retraites" in message.subject and "Caisse Marocaine des Retraites" in message.body
    assert "testserver" not in message.subject and "testserver" not in message.body.replace(
        re.search(r"https?://\S+", message.body).group(0), ""
    )

    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    assert client.get(link).status_code == 200
    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0] == f"/{lang}/portal/enrol/"
    page = response.content.decode()
    with translation.override(lang):
        assert translation.gettext("Link my pension file") in page
        next_step = (
            "Your account is ready. Now link your pension file to it, once: "
            "then you will see your file, your payments and your dossiers here."
        )
        assert escape(translation.gettext(next_step)) in page


def test_staff_type_their_password_once_and_find_the_admin_after_the_recovery_codes(officer, settings):
    settings.STAFF_MFA_REQUIRED = True
    client, response = login(officer.email)
    setup = client.get(response["Location"], follow=True)
    # Straight to the set-up page: no second password prompt.
    assert setup.redirect_chain[-1][0].startswith("/fr/accounts/2fa/totp/activate/")
    assert "reauthenticate" not in setup.redirect_chain[-1][0]
    done = client.post("/fr/accounts/2fa/totp/activate/", {"code": current_totp(client)}, follow=True)
    assert done.redirect_chain[-1][0] == "/fr/accounts/2fa/recovery-codes/"
    assert 'href="/admin/"' in done.content.decode()
    assert client.get("/admin/").status_code == 200


def test_a_member_finds_their_space_after_the_recovery_codes(file_a):
    client, _response = login(file_a.user.email)
    client.get("/fr/accounts/2fa/totp/activate/")
    done = client.post("/fr/accounts/2fa/totp/activate/", {"code": current_totp(client)}, follow=True)
    assert 'href="/fr/portal/"' in done.content.decode()
