"""Journey 4: keyboard only. Every step is done with Tab, typing and Enter, and the focus is always visible."""

import pytest

from demo.accounts import DEMO_PASSWORD, MEMBER
from portal.claims.models import Claim
from tests.e2e.support import LANGUAGES, assert_page_language, focused, screenshot, tab_to

pytestmark = pytest.mark.browser

SUBMIT = "main button[type=submit], main input[type=submit]"


def skip_to_main_content(page):
    """The first Tab reaches the skip link, visibly; Enter moves the focus to the main content."""
    tab_to(page, "a.skip-link", max_presses=1)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def log_in_with_the_keyboard(page, lang, email, password):
    page.goto(f"/{lang}/accounts/login/")
    assert_page_language(page, lang)
    skip_to_main_content(page)

    tab_to(page, "input[name=login]")
    page.keyboard.type(email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(password)
    assert focused(page)["name"] == "password"
    screenshot(page, "keyboard", "login-focus", lang)
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_login_with_the_keyboard_only(page, verified_account, lang):
    log_in_with_the_keyboard(page, lang, verified_account.email, verified_account.raw_password)

    # Signed in: the account's own e-mail page opens instead of the login form.
    page.goto(f"/{lang}/accounts/email/")
    assert "/accounts/login/" not in page.url
    assert verified_account.email in page.locator("main").inner_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wrong_password_error_is_announced_and_focus_stays_usable(page, verified_account, lang):
    page.goto(f"/{lang}/accounts/login/")
    skip_to_main_content(page)
    tab_to(page, "input[name=login]")
    page.keyboard.type(verified_account.email)
    tab_to(page, "input[name=password]")
    page.keyboard.type("not-the-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" in page.url
    # The error is in the page, and the form can be retried from the keyboard.
    assert page.locator("main .errorlist, main [role=alert], main .form-errors").count() >= 1
    screenshot(page, "keyboard", "login-error", lang)
    skip_to_main_content(page)
    tab_to(page, "input[name=password]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_from_the_header_with_the_keyboard_only(page, search_site, lang):
    query = {"fr": "retraite", "ar": "التقاعد"}[lang]
    page.goto(f"/{lang}/")
    tab_to(page, "#site-search")
    page.keyboard.type(query)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"/{lang}/search/" in page.url
    assert page.locator("#search-page-query").input_value() == query
    screenshot(page, "keyboard", "search-results", lang)
    # The results page's own search field is reachable again without the mouse.
    skip_to_main_content(page)
    tab_to(page, "#search-page-query")


CLAIM_TEXT = {
    "fr": ("Attestation non reçue au clavier", "J'ai demandé une attestation de pension il y a un mois."),
    "ar": ("لم أتوصل بالشهادة", "طلبت شهادة المعاش منذ شهر ولم أتوصل بها."),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_claim_form_with_the_keyboard_only(page, demo_members, lang):
    subject, description = CLAIM_TEXT[lang]
    log_in_with_the_keyboard(page, lang, MEMBER, DEMO_PASSWORD)
    page.goto(f"/{lang}/portal/claims/new/")
    skip_to_main_content(page)

    # A closed <select> changes its value with the arrow keys, as keyboard users expect.
    tab_to(page, "select[name=category]")
    page.keyboard.press("ArrowDown")
    assert page.locator("select[name=category]").input_value() != ""
    tab_to(page, "input[name=subject]")
    page.keyboard.type(subject)
    tab_to(page, "textarea[name=description]")
    page.keyboard.type(description)
    screenshot(page, "keyboard", "claim-form", lang)
    tab_to(page, "form.claim-form [type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    claim = Claim.objects.get(subject=subject)
    assert claim.description == description
    assert claim.reference in page.locator("main").inner_text()
    screenshot(page, "keyboard", "claim-received", lang)
