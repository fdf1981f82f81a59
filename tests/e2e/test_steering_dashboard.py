"""The steering dashboard as management reads it: after a refresh on the demo's files (plus claims and
requests spread over the last months), a member of the "Management" group signs in with a second
factor and opens /admin/steering/, in French and in Arabic (their admin language), at a desk (1366 px)
and on a phone (390 px).

Each time: no horizontal scroll of the page (tables scroll inside their own region), no overlapping
text, every chart visible and as wide as its column at most, axe clean; screenshots in
test-artifacts/screenshots/steering-<width>-<lang>.jpg.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from wagtail.users.models import UserProfile

from demo.accounts import ensure_user
from portal.steering import periods, refresh
from portal.steering import permissions as steering_permissions
from portal.steering.choices import Unit
from tests.e2e.support import LANGUAGES, PHONE, axe_violations, screenshot
from tests.e2e.test_layout import _MEASURE
from tests.e2e.test_member_journey import log_in, second_factor
from tests.portal.steering.data import case, claim, days, local

pytestmark = pytest.mark.browser

MANAGER = "direction@demo.example"
DESK = {"width": 1366, "height": 900}
# The admin scrolls inside its own container, not the document: a full-page screenshot needs a window
# as tall as the tallest scrolling content.
_CONTENT_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
  ...Array.from(document.querySelectorAll('body *'))
    .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY))
    .map((el) => el.scrollHeight))"""


def whole_page_screenshot(page, name, lang, viewport):
    height = min(page.evaluate(_CONTENT_HEIGHT), 30_000)
    page.set_viewport_size({"width": viewport["width"], "height": height})
    screenshot(page, "steering", name, lang)
    page.set_viewport_size(viewport)


CHANNELS = ["web", "web", "counter", "phone", "mail", "web"]


@pytest.fixture
def figures(demo_members):
    """Claims and requests over the last months, then a refresh (as the hourly task would)."""
    from portal.models import Member

    member = Member.objects.order_by("pk").first()
    this_month = periods.start_of(periods.today(), Unit.MONTH)
    for back in range(1, 7):
        month = periods.back(this_month, Unit.MONTH, back)
        for index, channel in enumerate(CHANNELS[: back + 1]):
            received = local(month.year, month.month, 3 + index)
            claim(
                member,
                created=received,
                channel=channel,
                status="answered",
                first=received + days(2),
                answered=received + days(4 + index),
            )
        case(member, submitted=local(month.year, month.month, 5), channel="fund" if back % 2 else "web")
    claim(member, created=local(this_month.year, this_month.month, 1) - days(40), status="submitted")
    return refresh.refresh()


@pytest.fixture
def manager_secret(demo_members):
    steering_permissions.ensure_groups()
    user = ensure_user(MANAGER, groups=[steering_permissions.MANAGEMENT], is_staff=True, first_name="Nadia")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


@pytest.mark.parametrize("lang", LANGUAGES)
def test_management_reads_the_dashboard_at_a_desk_and_on_a_phone(new_page, figures, manager_secret, lang):
    user, secret = manager_secret
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": lang})
    page = new_page()
    page.set_viewport_size(DESK)
    log_in(page, lang, MANAGER, next_url="/admin/steering/")
    second_factor(page, secret)
    page.goto("/admin/steering/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("#steering-computed").count() == 1
    problems, blocking = {}, {}
    for name, viewport in (("desk", DESK), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(200)
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{name}: horizontal scroll ({width[0]}px in a {width[1]}px screen)"
        found = page.evaluate(_MEASURE)
        if found:
            problems[name] = found
        charts = page.locator("svg.steering-svg")
        assert charts.count() >= 8
        for index in range(charts.count()):
            box = charts.nth(index).bounding_box()
            assert box and box["width"] > 150 and box["height"] > 30, f"{name}: chart {index} is not visible"
            assert box["x"] >= 0 and box["x"] + box["width"] <= width[1] + 1, f"{name}: chart {index} overflows"
        whole_page_screenshot(page, name, lang, viewport)
        violations = axe_violations(page, f"steering-{name}", lang)
        if violations:
            blocking[name] = sorted({f"{item['rule']} ({item['impact']})" for item in violations})
    assert problems == {}, f"layout problems in {lang}: {problems}"
    assert blocking == {}, f"axe: serious/critical violations in {lang}: {blocking}"
