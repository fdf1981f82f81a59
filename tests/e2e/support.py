"""What the browser journeys check on every screen: axe-core, visible keyboard focus, screenshots.

Artifacts go to test-artifacts/ (git-ignored) so a reviewer can look without
running anything: screenshots/<journey>-<step>-<lang>.jpg and
axe/<page>-<lang>.json (every violation axe reported, whatever its impact).
"""

import json
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_RESULTS = ARTIFACTS / "axe"
LANGUAGES = ["fr", "ar"]
BLOCKING_IMPACTS = {"serious", "critical"}
SCREENSHOT_QUALITY = 85

_axe = Axe()


def keep_screenshot(page, path):
    """Save a full-page screenshot for a reviewer, as a JPEG (`path` ends in .jpg): a suite takes some five
    hundred of them, and Chromium encodes a tall page in JPEG in about half the time PNG takes, legibly at
    this quality. On a busy machine Chromium now and then answers "Unable to capture screenshot" for a page
    it shows well: it is asked once more. The screenshot is an artifact; what a test asserts about the page
    is measured separately."""
    try:
        page.screenshot(path=path, full_page=True, type="jpeg", quality=SCREENSHOT_QUALITY)
    except PlaywrightError as error:
        if "Unable to capture screenshot" not in str(error):
            raise
        page.wait_for_timeout(500)
        page.screenshot(path=path, full_page=True, type="jpeg", quality=SCREENSHOT_QUALITY)


def screenshot(page, journey, step, lang):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    keep_screenshot(page, SCREENSHOTS / f"{journey}-{step}-{lang}.jpg")


def axe_violations(page, name, lang):
    """Run axe-core on the page as it is now; keep every violation in test-artifacts/axe/<name>-<lang>.json."""
    violations = _axe.run(page).response["violations"]
    summary = [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [", ".join(map(str, node["target"])) for node in violation["nodes"]],
            "html": [node["html"] for node in violation["nodes"]][:5],
        }
        for violation in violations
    ]
    AXE_RESULTS.mkdir(parents=True, exist_ok=True)
    (AXE_RESULTS / f"{name}-{lang}.json").write_text(
        json.dumps({"url": page.url, "violations": summary}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return [item for item in summary if item["impact"] in BLOCKING_IMPACTS]


def assert_accessible(page, name, lang):
    """No serious or critical axe violation on the page as it is now."""
    blocking = axe_violations(page, name, lang)
    assert blocking == [], f"axe: serious/critical violations on {name} ({lang}, {page.url})"


class AccessibilityLog:
    """For journeys: check each screen on the way, report every blocking violation at the end.

    A journey should reveal whether it works *and* which of its screens fail
    axe, rather than stop at the first screen with a violation.
    """

    def __init__(self):
        self.blocking = {}

    def check(self, page, name, lang):
        found = axe_violations(page, name, lang)
        if found:
            self.blocking[f"{name}-{lang}"] = sorted({f"{item['rule']} ({item['impact']})" for item in found})

    def assert_clean(self):
        assert self.blocking == {}, "axe: serious/critical violations on the journey's screens"


def assert_page_language(page, lang):
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")


_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'), type: el.getAttribute('type'),
    text: (el.innerText || el.value || '').trim().slice(0, 60),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow, width: box.width, height: box.height,
  };
}"""


def focused(page):
    """The element that has the keyboard focus, with the computed style that makes the focus visible."""
    return page.evaluate(_FOCUSED)


def focus_is_visible(info):
    # "auto" is the browser's own focus ring; otherwise a solid outline of at least 2px.
    solid = info["outlineStyle"] not in ("none", "auto", "") and info["outlineWidth"] >= 2
    has_outline = solid or info["outlineStyle"] == "auto"
    has_ring = info["boxShadow"] not in ("none", "")
    return info["width"] > 0 and info["height"] > 0 and (has_outline or has_ring)


def tab_to(page, selector, *, max_presses=40, key="Tab"):
    """Press Tab until the element matching `selector` has the focus.

    Every element the focus passes through must show a visible focus
    indicator: a keyboard user sees where they are at each step.
    """
    for _ in range(max_presses):
        page.keyboard.press(key)
        info = focused(page)
        assert info is not None, f"the focus left the page content before reaching {selector}"
        assert focus_is_visible(info), f"focus is not visible on {info}"
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return info
    raise AssertionError(f"{selector} not reached with {max_presses} presses of {key}")


PHONE = {"width": 390, "height": 844}


class Screens:
    """What every screen of a journey goes through: measured at the phone's width, axe, a screenshot.

    Problems are collected, not raised at once, so that one run names every screen with one.
    """

    def __init__(self, journey, lang):
        self.journey, self.lang = journey, lang
        self.layout, self.blocking = {}, {}

    def look(self, page, step):
        from tests.e2e.test_layout import _MEASURE

        page.evaluate("document.fonts.ready")
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{step}: horizontal scroll ({width[0]}px in a {width[1]}px screen)"
        problems = page.evaluate(_MEASURE)
        if problems:
            self.layout[step] = problems
        screenshot(page, self.journey, step, self.lang)
        found = axe_violations(page, f"{self.journey}-{step}", self.lang)
        if found:
            self.blocking[step] = sorted({f"{item['rule']} ({item['impact']})" for item in found})

    def assert_clean(self):
        assert self.layout == {}, f"layout problems at the phone's width in {self.lang}: {self.layout}"
        assert self.blocking == {}, f"axe: serious/critical violations on the journey's screens: {self.blocking}"
