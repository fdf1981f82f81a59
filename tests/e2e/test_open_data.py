"""The fund's public figures as a visitor sees them: French and Arabic, on a small phone, a phone and a
laptop. Known summary rows (some cells suppressed) are written first, as the refresh would.

Measured as every page of the site is (``tests/e2e/test_layout.py``): no horizontal scroll (the wide
tables scroll inside their own region), no overlapping text, every link within the screen, contrast;
axe finds no serious violation. Screenshots: test-artifacts/open-data/<lang>-<width>-figures.jpg.
"""

from pathlib import Path

import pytest

from portal.steering.models import Figure, Refresh
from tests.e2e.support import LANGUAGES, assert_accessible, assert_page_language
from tests.e2e.test_layout import HEIGHTS, WIDTHS, measure_at_every_width
from tests.portal.steering import public_world
from tests.portal.text import shown

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "open-data"


@pytest.fixture
def known_figures(demo_members):
    Figure.objects.all().delete()
    Refresh.objects.all().delete()
    return public_world.build()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_figures_page_reads_well_at_every_width(browser, live_server, known_figures, browser_errors, lang):
    width = WIDTHS[-1]
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": HEIGHTS[width]})
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_errors.watch(page)
    try:
        response = page.goto(f"/{lang}/transparency/")
        assert response.status == 200
        assert_page_language(page, lang)
        assert_accessible(page, "open-data", lang)
        # The footer of every page leads here.
        assert page.locator("footer").get_by_role("link", name=shown("Our figures", lang)).count() == 1
        # Each table's CSV, in the page's language.
        link = page.locator("#channels").locator("xpath=..").locator("a.figures-csv")
        csv = page.request.get(link.get_attribute("href"))
        assert csv.ok and csv.headers["content-type"] == "text/csv; charset=utf-8"
        assert shown("Online", lang) in csv.text()
        problems = measure_at_every_width(page, lang, "figures", f"/{lang}/transparency/", screenshots=ARTIFACTS)
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
