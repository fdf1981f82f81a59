"""Journey 2: a visitor signs up, confirms the e-mail, links their member file with the one-time code,
sets up TOTP, logs out and logs back in with the second factor."""

import re
import time
from urllib.parse import urlsplit

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from portal.models import Member
from tests.e2e.support import LANGUAGES, screenshot

pytestmark = pytest.mark.browser

ENROLMENT_FILE = "CORE-D-0002"  # the demo's file that no account holds yet (demo/members.py)
PASSWORD = "Retraite-Securisee-2026!"
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+")


def submit(page, field_name):
    """Click the submit button of the form that holds `field_name` (the header search form has one too)."""
    with page.expect_navigation():
        page.locator(f"form:has([name={field_name}]) [type=submit]").first.click()


def totp_code(secret, counter):
    return format_hotp_value(hotp_value(secret, counter))


def current_counter():
    return int(time.time()) // mfa_settings.TOTP_PERIOD


def wait_for_next_counter(used):
    """allauth refuses a code twice: the second factor at login needs the next time step's code."""
    while current_counter() <= used:
        time.sleep(0.5)
    return current_counter()


def log_in(page, lang, email, password):
    page.goto(f"/{lang}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    submit(page, "password")


def assert_signed_in_as(page, lang, email):
    page.goto(f"/{lang}/accounts/email/")
    assert "/accounts/login/" not in page.url
    assert email in page.inner_text("body")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sign_up_enrol_and_log_in_with_a_second_factor(
    page, demo_members, task_worker, mailoutbox, accessibility, lang
):
    email = f"karim.{lang}@example.org"

    # 1. Sign up.
    page.goto(f"/{lang}/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    screenshot(page, "account", "signup", lang)
    accessibility.check(page, "signup-filled", lang)
    submit(page, "password2")
    assert "/accounts/confirm-email/" in page.url

    # 2. Confirm the address from the e-mail, in the visitor's language.
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [email]
    link = CONFIRMATION_LINK.search(message.body).group(0)
    page.goto(urlsplit(link).path)
    assert urlsplit(link).path.startswith(f"/{lang}/")
    screenshot(page, "account", "confirm-email", lang)
    submit(page, "csrfmiddlewaretoken")
    assert_signed_in_as(page, lang, email)

    # 3. Link the member file: the details on the member's documents, then the code sent to the e-mail on file.
    trial = Member.objects.get(core_id=ENROLMENT_FILE)
    page.goto(f"/{lang}/portal/enrol/")
    page.fill("input[name=identifier]", trial.affiliation_number)
    page.fill("input[name=national_id]", trial.national_id)
    page.fill("input[name=birth_date]", trial.birth_date.isoformat())
    screenshot(page, "account", "enrol", lang)
    accessibility.check(page, "enrol", lang)
    submit(page, "national_id")
    assert "/portal/enrol/code/" in page.url
    task_worker.wait_for_tasks()  # the code is e-mailed by the worker
    sent = [message for message in task_worker.emails() if trial.email in message["To"]]
    assert len(sent) == 1
    code = re.search(r"\b\d{6}\b", sent[0].get_body(("plain",)).get_content()).group(0)
    page.fill("input[name=code]", code)
    accessibility.check(page, "enrol-code", lang)
    submit(page, "code")
    assert page.url.endswith(f"/{lang}/portal/")
    assert Member.objects.get(pk=trial.pk).user.email == email

    # 4. Set up the authenticator app from the secret the page shows.
    # Signed in by the confirmation link, not by a password: allauth asks for it again before a security change.
    page.goto(f"/{lang}/accounts/2fa/totp/activate/")
    assert "/accounts/reauthenticate/" in page.url
    page.fill("input[name=password]", PASSWORD)
    submit(page, "password")
    assert "/accounts/2fa/totp/activate/" in page.url
    secret = page.input_value("#authenticator_secret")
    screenshot(page, "account", "totp-setup", lang)
    accessibility.check(page, "totp-setup", lang)
    used = current_counter()
    page.fill("input[name=code]", totp_code(secret, used))
    submit(page, "code")
    assert Authenticator.objects.filter(user__email=email, type=Authenticator.Type.TOTP).exists()

    # 5. Log out.
    page.goto(f"/{lang}/accounts/logout/")
    submit(page, "csrfmiddlewaretoken")
    page.goto(f"/{lang}/accounts/email/")
    assert "/accounts/login/" in page.url

    # 6. Log in: the password alone is not enough, a wrong code is refused, the right one lets in.
    log_in(page, lang, email, PASSWORD)
    assert "/accounts/2fa/authenticate/" in page.url
    screenshot(page, "account", "second-factor", lang)
    accessibility.check(page, "second-factor", lang)
    counter = wait_for_next_counter(used)
    wrong = next(code for code in ("000000", "111111") if code != totp_code(secret, counter))
    page.fill("input[name=code]", wrong)
    submit(page, "code")
    assert "/accounts/2fa/authenticate/" in page.url
    page.fill("input[name=code]", totp_code(secret, wait_for_next_counter(used)))
    submit(page, "code")
    assert "/accounts/2fa/authenticate/" not in page.url
    assert_signed_in_as(page, lang, email)
    screenshot(page, "account", "signed-in", lang)
    accessibility.assert_clean()
