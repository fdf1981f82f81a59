"""axe-core on every kind of page, in French and in Arabic: no serious or critical violation.

Each check also keeps a full-page screenshot, so the right-to-left layout can be
reviewed in test-artifacts/screenshots/ without running anything.
"""

import pytest

from tests.e2e.support import LANGUAGES, AccessibilityLog, assert_accessible, assert_page_language, screenshot

pytestmark = pytest.mark.browser

# Pages anyone can open without data of their own: (name, path after /<lang>/).
PUBLIC_PAGES = [
    ("home", ""),
    ("login", "accounts/login/"),
    ("signup", "accounts/signup/"),
    ("password-reset", "accounts/password/reset/"),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES, ids=[name for name, _ in PUBLIC_PAGES])
def test_public_page_has_no_serious_violation(page, site_content, name, path, lang):
    response = page.goto(f"/{lang}/{path}")
    assert response.status == 200
    screenshot(page, "a11y", name, lang)
    assert_accessible(page, name, lang)
    assert_page_language(page, lang)


SEARCHES = {"fr": "retraite", "ar": "التقاعد"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_results_page_has_no_serious_violation(page, search_site, lang):
    response = page.goto(f"/{lang}/search/?q={SEARCHES[lang]}")
    assert response.status == 200
    screenshot(page, "a11y", "search-results", lang)
    assert_accessible(page, "search-results", lang)
    assert_page_language(page, lang)


# Every page type of the editorial site and the public portal pages (demo slugs are the same in both
# languages: translations keep the French slug). One test per language visits them all and reports every
# page with a violation, rather than restoring the demo snapshot once per page.
CONTENT_PAGES = [
    ("procedure-index", "demarches/"),
    ("procedure", "demarches/retraite-anticipee/"),
    ("news-index", "actualites/"),
    ("news", "actualites/revalorisation-pensions-2026/"),
    ("faq", "questions-frequentes/"),
    ("contact", "contact/"),
    ("regional-office", "contact/casablanca-settat/"),
    ("standard", "la-caisse/"),
    ("attestation-check", "verify/"),
    ("open-data", "transparency/"),
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_type_has_no_serious_violation(page, site_content, lang):
    log = AccessibilityLog()
    for name, path in CONTENT_PAGES:
        response = page.goto(f"/{lang}/{path}")
        assert response.status == 200, f"{name}: /{lang}/{path} answered {response.status}"
        assert_page_language(page, lang)
        screenshot(page, "a11y", name, lang)
        log.check(page, name, lang)
    log.assert_clean()
