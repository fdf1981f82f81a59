"""Brute force and enumeration on the account pages.

allauth's rate limits run on the configured cache, shared by every process (Redis
when REDIS_URL is set, as in CI; otherwise Django's DatabaseCache in the real test
database). The client address is REMOTE_ADDR unless the
operator names a trusted proxy header, so a forged X-Forwarded-For changes
nothing. Login, signup and password reset answer the same whether or not the
account exists.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.utils import translation
from django.utils.html import escape

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-Horse-Battery-9"
EMAIL = "member@example.org"


def _too_many_attempts(response):
    """allauth's lock-out message, as the French page shows it."""
    with translation.override("fr"):
        message = escape(translation.gettext("Too many failed login attempts. Try again later."))
    return message in response.content.decode()


@pytest.fixture
def account():
    user = get_user_model().objects.create_user(EMAIL, EMAIL, PASSWORD)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def test_the_rate_limits_use_a_cache_every_process_shares():
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.redis import RedisCache

    # Redis through config.redis_cache (Django's, with fewer round trips), or the database's.
    assert isinstance(caches["default"], RedisCache if settings.REDIS_URL else DatabaseCache)


def _login(client, login, password, forwarded_for=None, **extra):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post("/fr/accounts/login/", {"login": login, "password": password}, **headers, **extra)


def test_five_wrong_passwords_lock_the_account_even_from_forged_addresses(client, account):
    for attempt in range(5):
        response = _login(client, EMAIL, f"wrong-{attempt}", forwarded_for=f"203.0.113.{attempt}")
        assert response.status_code == 200 and not _too_many_attempts(response)
    # The right password, from yet another forged address: still refused, and no session.
    response = _login(client, EMAIL, PASSWORD, forwarded_for="198.51.100.7")
    assert _too_many_attempts(response)
    assert "_auth_user_id" not in client.session


def test_failed_logins_per_address_are_limited_whatever_the_forwarding_header_says(client, account):
    # Ten accounts tried once each (no per-account limit reached), every request claiming another origin.
    for attempt in range(10):
        _login(client, f"guess{attempt}@example.org", "wrong-password", forwarded_for=f"203.0.113.{attempt}")
    response = _login(client, EMAIL, PASSWORD, forwarded_for="192.0.2.99")
    assert _too_many_attempts(response)
    assert "_auth_user_id" not in client.session
    # Another client address (a different REMOTE_ADDR) is not affected.
    response = _login(client, EMAIL, PASSWORD, REMOTE_ADDR="192.0.2.200")
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_a_trusted_single_address_header_is_used_when_configured(client, account, settings):
    # With TRUSTED_PROXY_IP_HEADER=X-Real-IP (nginx overwrites it), each real client has its own budget.
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    for attempt in range(10):
        _login(client, f"guess{attempt}@example.org", "wrong-password", HTTP_X_REAL_IP="203.0.113.10")
    assert _too_many_attempts(_login(client, EMAIL, PASSWORD, HTTP_X_REAL_IP="203.0.113.10"))
    assert _login(client, EMAIL, PASSWORD, HTTP_X_REAL_IP="203.0.113.11").status_code == 302


def test_behind_a_proxy_the_forwarded_for_address_is_taken_from_the_right(client, account, settings):
    # TRUSTED_PROXY_IP_HEADER=X-Forwarded-For with one proxy: the client may prepend anything,
    # only the address the proxy appended counts.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for attempt in range(10):
        _login(client, f"guess{attempt}@example.org", "wrong", forwarded_for=f"10.9.9.{attempt}, 203.0.113.20")
    response = _login(client, EMAIL, PASSWORD, forwarded_for="10.1.1.1, 203.0.113.20")
    assert _too_many_attempts(response)
    assert _login(client, EMAIL, PASSWORD, forwarded_for="203.0.113.20, 203.0.113.21").status_code == 302


def test_password_reset_requests_are_limited_per_address(client, account):
    statuses = [
        client.post(
            "/fr/accounts/password/reset/", {"email": f"x{n}@example.org"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(21)
    ]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


def test_password_reset_requests_are_limited_per_account(client, account):
    statuses = [client.post("/fr/accounts/password/reset/", {"email": EMAIL}).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert len(mail.outbox) <= 5


def test_signups_are_limited_per_address(client):
    statuses = []
    for n in range(21):
        data = {"email": f"new{n}@example.org", "password1": PASSWORD, "password2": PASSWORD}
        statuses.append(client.post("/ar/accounts/signup/", data, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code)
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429
    assert get_user_model().objects.filter(email="new20@example.org").count() == 0


# --- Enumeration: same status, same page, whether or not the account exists -----------


def _normalised(response, email):
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', body)
    return response.status_code, response.get("Location", ""), body.replace(email, "EMAIL")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_login_answers_alike_for_known_and_unknown_accounts(client, account, language):
    known = _normalised(client.post(f"/{language}/accounts/login/", {"login": EMAIL, "password": "nope"}), EMAIL)
    unknown_email = "absent@example.org"
    unknown = _normalised(
        client.post(f"/{language}/accounts/login/", {"login": unknown_email, "password": "nope"}), unknown_email
    )
    assert known == unknown


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_password_reset_answers_alike_for_known_and_unknown_accounts(client, account, language):
    known = _normalised(client.post(f"/{language}/accounts/password/reset/", {"email": EMAIL}), EMAIL)
    unknown = _normalised(
        client.post(f"/{language}/accounts/password/reset/", {"email": "absent@example.org"}), "absent@example.org"
    )
    assert known == unknown
    assert known[0] == 302


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_signup_answers_alike_for_taken_and_free_addresses(client, account, language):
    def signup(email):
        data = {"email": email, "password1": PASSWORD + "x", "password2": PASSWORD + "x"}
        return _normalised(client.post(f"/{language}/accounts/signup/", data), email)

    taken, free = signup(EMAIL), signup("free@example.org")
    assert taken == free
    assert taken[0] == 302
    # The owner of the taken address is told by e-mail, not the person typing.
    assert get_user_model().objects.filter(email=EMAIL).count() == 1


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_there_is_no_second_login_form_without_limits(client, account, language):
    # Wagtail's login for password-protected pages is plain Django auth: no rate limit, no second factor.
    response = client.get(f"/{language}/_util/login/?next=/{language}/")
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/accounts/login/?next=/{language}/"
    client.post(f"/{language}/_util/login/", {"username": EMAIL, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


# --- Sign-up timing: the same work whether or not the address is taken (issue 24 item 5) ----


class CountingHasher(MD5PasswordHasher):
    """Django's test hasher, counting how many passwords it hashes (the slow step in production)."""

    algorithm = "counting_md5"
    encoded = 0

    def encode(self, password, salt):
        CountingHasher.encoded += 1
        return super().encode(password, salt)


def test_signup_hashes_the_password_whether_or_not_the_address_is_taken(client, account, settings):
    settings.PASSWORD_HASHERS = ["tests.security.test_brute_force.CountingHasher"]

    def hashes_for(email):
        CountingHasher.encoded = 0
        data = {"email": email, "password1": PASSWORD + "x", "password2": PASSWORD + "x"}
        assert client.post("/fr/accounts/signup/", data).status_code == 302
        return CountingHasher.encoded

    taken, free = hashes_for(EMAIL), hashes_for("free@example.org")
    assert taken == free == 1
