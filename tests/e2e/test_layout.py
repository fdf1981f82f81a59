"""What a person sees, measured: every page of the site and the member area, in both languages, at three widths.

French and Arabic, at 320, 390 and 1366 px.

The journeys and axe check the markup; they passed while the member dashboard printed its values over the
next card and pushed them off a phone's screen. These checks look at the rendered boxes instead:

- no horizontal scroll: the document is no wider than the viewport;
- no two visible pieces of text overlap (the boxes of their text, elements nested in each other excepted);
- every visible link and form control lies within the viewport's width (a control inside a region that
  scrolls on its own, such as a wide table, is reachable by scrolling that region);
- text contrast as axe-core measures it (its `color-contrast` rule).

Every page and width is kept as a full-page screenshot in test-artifacts/layout/<lang>-<width>-<page>.jpg, so
that a reviewer can look at the layout without running anything. One test per language: one browser context, one
login per account, and every page opened once then measured at each width in turn (the window is resized: the
site's layout is CSS alone, media queries that follow the window, with no script that sizes anything when the
page loads); a failure lists every page and width with a problem.
"""

import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from demo import partners
from demo.accounts import DEMO_PASSWORD, MEMBER
from demo.simulator import ACCOUNT as IN_SERVICE
from tests.e2e.support import LANGUAGES, keep_screenshot
from tests.e2e.test_member_journey import log_in, second_factor

pytestmark = pytest.mark.browser

LAYOUT_ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "layout"
WIDTHS = [320, 390, 1366]
# Screen heights that go with each width (a small phone, a common phone, a laptop): "above the fold" checks use them.
HEIGHTS = {320: 640, 390: 844, 1366: 768}
SEARCHES = {"fr": "retraite", "ar": "التقاعد"}

# (name, path after /<lang>/): pages a visitor opens; login and signup only make sense signed out.
VISITOR_PAGES = [
    ("home", ""),
    ("procedure-index", "demarches/"),
    ("procedure", "demarches/retraite-anticipee/"),
    ("procedure-online", "demarches/changement-adresse/"),
    ("forms-library", "demarches/formulaires/"),
    ("news-index", "actualites/"),
    ("news", "actualites/revalorisation-pensions-2026/"),
    ("faq", "questions-frequentes/"),
    ("contact", "contact/"),
    ("regional-office", "contact/casablanca-settat/"),
    ("standard", "la-caisse/"),
    ("associations", "associations/"),
    ("associations-region", "associations/?region=souss-massa"),
    ("procedure-associations", "demarches/pension-reversion-conjoint/"),
    ("search", "search/?q={search}"),
    ("search-nothing", "search/?q=zzqxjw"),
    ("verify", "verify/"),
    ("open-data", "transparency/"),
    ("report-death", "report-a-death/"),
    ("public-simulator", "simulator/"),
    # The page the life-control letter's QR code opens, its code filled in (no account needed).
    ("life-code", "life-certificate/?code=7K2M-Q9XD-4T"),
    ("login", "accounts/login/"),
    ("signup", "accounts/signup/"),
    ("not-found", "this-page-does-not-exist/"),
]

# The member's pages; {dossier}, {year}, {payment} and {claim} come from the demo member's file.
MEMBER_PAGES = [
    ("dashboard", "portal/"),
    ("career", "portal/career/"),
    ("payments", "portal/payments/"),
    ("payments-year", "portal/payments/{year}/"),
    ("payment-detail", "portal/payments/detail/{payment}/"),
    ("dossier", "portal/dossiers/{dossier}/"),
    ("attestations", "portal/attestations/"),
    ("changes", "portal/changes/"),
    ("personal-data", "portal/my-data/"),
    ("claims", "portal/claims/"),
    ("claim-new", "portal/claims/new/"),
    ("claim-detail", "portal/claims/{claim}/"),
    ("procedures", "portal/procedures/"),
    ("procedure-step", "portal/procedures/{draft}/step/applicant/"),
    ("procedure-documents", "portal/procedures/{draft}/documents/"),
    ("procedure-review", "portal/procedures/{draft}/review/"),
    ("procedure-detail", "portal/procedures/{request}/"),
    ("verify-signed-in", "verify/"),
    ("messages", "portal/messages/"),
    ("message-preferences", "portal/messages/preferences/"),
    ("mobile", "portal/messages/mobile/"),
    ("people-who-help", "portal/helpers/"),
    ("files-you-can-open", "portal/files/"),
    ("who-acted", "portal/access-log/"),
    ("life-certificate", "portal/life-certificate/"),
    ("life-certificate-upload", "portal/life-certificate/certificate/"),
    ("life-certificate-photos", "portal/life-certificate/photos/"),
]

# The demo's member in service (demo/simulator.py): the simulator with an estimate, and the career page with its
# flags; {chosen} is a retirement date the simulator accepts for him. The public simulator's estimate comes after a
# POST (PUBLIC_ANSWERS), measured as "public-simulator-result".
IN_SERVICE_PAGES = [
    ("simulator", "portal/simulator/"),
    ("simulator-chosen", "portal/simulator/?retirement_date={chosen}&growth=1,5"),
    ("career-flags", "portal/career/"),
]
# The partners' space, as the demo's HR preparer at the Ministry of Education sees it (demo/partners.py);
# {member} is a civil servant of hers without a dossier, {draft} and {sent} the demo's draft and sent dossiers.
PARTNER_PAGES = [
    ("partners-home", "partners/"),
    ("partners-retirements", "partners/retirements/"),
    ("partners-civil-servant", "partners/civil-servants/{member}/"),
    ("partners-dossier-draft", "partners/dossiers/{draft}/"),
    ("partners-step", "partners/dossiers/{draft}/position/"),
    ("partners-dossier-sent", "partners/dossiers/{sent}/"),
]
PUBLIC_ANSWERS = {"birth_date": (1966, 4, 17), "service_start": (1992, 9, 1), "salary": "12400", "growth": "1"}

# Measured in the page: returns a list of problems (strings), empty when the layout is sound.
_MEASURE = """() => {
  const problems = [];
  const doc = document.documentElement;
  const viewport = doc.clientWidth;
  if (doc.scrollWidth > viewport) {
    problems.push(`horizontal scroll: the page is ${doc.scrollWidth}px wide in a ${viewport}px viewport`);
  }

  const describe = (el) => {
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ');
    const id = el.id ? '#' + el.id : '';
    const classes = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return `<${el.tagName.toLowerCase()}${id}${classes}> "${text.slice(0, 40)}"`;
  };
  // The part of a box that is really painted: ancestors that clip (overflow other than visible, e.g. the
  // visually-hidden pattern or a scrolling table) cut it down; an element with no box is not painted.
  const clipped = (el, rect) => {
    let {left, top, right, bottom} = rect;
    for (let node = el; node && node !== doc; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') return null;
      if (node !== el && (style.overflowX !== 'visible' || style.overflowY !== 'visible' || style.clip !== 'auto')) {
        const box = node.getBoundingClientRect();
        left = Math.max(left, box.left); right = Math.min(right, box.right);
        top = Math.max(top, box.top); bottom = Math.min(bottom, box.bottom);
      }
      if (style.clip !== 'auto' && style.position === 'absolute') {
        const box = node.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) return null;
      }
    }
    return right - left > 1 && bottom - top > 1 ? {left, top, right, bottom} : null;
  };
  const scrollsOnItsOwn = (el) => {
    for (let node = el.parentElement; node && node !== doc && node !== document.body; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') return true;
    }
    return false;
  };

  // Text boxes: one per line of every text node with visible characters.
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => node.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('script, style, noscript, template, [aria-hidden="true"]')) continue;
    // Not rendered: display none, visibility hidden, transparent, or the body of a closed <details>.
    if (!el.checkVisibility({contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      const box = clipped(el, rect);
      if (box) boxes.push({el, box});
    }
  }
  // Lines of text may touch (line-height); a few pixels of overlap are not a collision.
  const SLACK = 3;
  const seen = new Set();
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const width = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const height = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      const lower = Math.min(a.box.bottom - a.box.top, b.box.bottom - b.box.top);
      if (width > SLACK && height > Math.max(SLACK, lower * 0.25)) {
        const key = describe(a.el) + ' / ' + describe(b.el);
        if (!seen.has(key)) {
          seen.add(key);
          problems.push(`overlapping text: ${key}`);
        }
      }
    }
  }

  // Links and controls: within the viewport's width.
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    const rect = el.getBoundingClientRect();
    if (!el.checkVisibility({contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true})) continue;
    if (!clipped(el, rect) || scrollsOnItsOwn(el)) continue;
    if (rect.left < -1 || rect.right > viewport + 1) {
      const where = `${Math.round(rect.left)}..${Math.round(rect.right)} of ${viewport}px`;
      problems.push(`outside the viewport (${where}): ${describe(el)}`);
    }
  }
  return problems;
}"""

_axe = Axe()


def contrast_problems(page):
    """axe-core's `color-contrast` rule. Its script is put in a page once, not once per width measured."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe.axe_script)
    response = page.evaluate(
        "options => axe.run(document, options)", {"runOnly": ["color-contrast"], "resultTypes": ["violations"]}
    )
    problems = []
    for violation in response["violations"]:
        for node in violation["nodes"]:
            message = node["any"][0]["message"] if node.get("any") else violation["help"]
            problems.append(f"contrast ({message}): {', '.join(map(str, node['target']))}")
    return problems


def first_result_problems(page):
    """On any screen the first result starts within the first screenful (the filters must not push it down)."""
    first = page.locator(".result-list .result-title a").first
    top = first.bounding_box()["y"]
    height = page.viewport_size["height"]
    return [] if top < height else [f"the first result starts at {top:.0f}px, below the first screen ({height}px)"]


def measure_at_every_width(page, lang, name, shown_as, *, screenshots=LAYOUT_ARTIFACTS):
    """The page already open, measured at each width in turn: ["<width>px <name> (<shown_as>): <problem>", ...]."""
    problems = []
    screenshots.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
        page.evaluate("document.fonts.ready")  # measure the text in the fonts it is shown with
        keep_screenshot(page, screenshots / f"{lang}-{width}-{name}.jpg")
        found = page.evaluate(_MEASURE) + contrast_problems(page)
        if name == "search":
            found += first_result_problems(page)
        problems += [f"{width}px {name} ({shown_as}): {problem}" for problem in found]
    return problems


def check_page(page, lang, name, path, expected_status=200):
    response = page.goto(f"/{lang}/{path}")
    found = [] if response.status == expected_status else [f"{name} (/{lang}/{path}): answered {response.status}"]
    return found + measure_at_every_width(page, lang, name, f"/{lang}/{path}")


def check_public_simulator_result(page, lang):
    """The public simulator's estimate: the form filled in (dates as the field takes them) and sent."""
    import datetime

    page.goto(f"/{lang}/simulator/")
    form = page.locator("#simulator-form")
    for name, value in PUBLIC_ANSWERS.items():
        field = form.locator(f"[name={name}]")
        if isinstance(value, tuple):
            day = datetime.date(*value)
            value = day.isoformat() if field.get_attribute("type") == "date" else day.strftime("%d/%m/%Y")
        field.fill(value)
    with page.expect_navigation():
        form.locator("[type=submit]").click()
    path = page.url.split(f"/{lang}/", 1)[1]
    estimate = page.locator("#scenario-legal").count()
    found = [] if estimate else ["public-simulator-result: no estimate after a valid POST"]
    return found + measure_at_every_width(page, lang, "public-simulator-result", f"POST /{lang}/{path}")


def in_service_retirement_date():
    """Three months before the member in service's legal date (or next month, if that is later)."""
    from django.utils import timezone

    from demo import simulator
    from portal.models import Member
    from portal.pension_rules import schedule
    from portal.simulator import engine

    member = Member.objects.get(core_id=simulator.FILE)
    legal = engine.legal_date(member.birth_date, schedule.load())
    index = legal.year * 12 + legal.month - 1 - 3
    chosen = legal.replace(year=index // 12, month=index % 12 + 1)
    return max(chosen, engine.first_of_next_month(timezone.localdate())).isoformat()


@pytest.fixture(scope="module", autouse=True)
def _fresh_screenshots():
    """Only this run's screenshots: a page taken off the list leaves no stale picture behind."""
    shutil.rmtree(LAYOUT_ARTIFACTS, ignore_errors=True)


def partner_paths():
    """The demo's employers loaded on top of the snapshot; the civil servant and the dossiers shown."""
    from demo import partners
    from portal.models import Member
    from portal.partners.models import RetirementDossier

    partners.load()
    dossiers = RetirementDossier.objects.select_related("case")
    return {
        "member": Member.objects.get(core_id=partners.ACCOUNT_FILE).pk,
        "draft": dossiers.get(member__core_id="CORE-P-0003").case.reference,
        "sent": dossiers.get(member__core_id="CORE-P-0002").case.reference,
    }


def member_file_paths():
    """The demo member's own dossier, payment year, payment and claim, for the pages that show one; and
    two requests of hers: a survivor's pension draft half answered, a document the fund asks for."""
    from portal.casework import procedures, services
    from portal.models import Member

    member = Member.objects.get(user__email=MEMBER)
    payment = member.payments.order_by("-period").first()
    deceased = Member.objects.exclude(pk=member.pk).filter(status="retired").first()
    draft = services.start(procedures.get("survivor_pension"), actor=member.user, member=member, language="fr")
    services.save_step(
        draft,
        "deceased",
        {
            "identifier": deceased.pension_number,
            "national_id": deceased.national_id,
            "last_name": deceased.last_name,
            "first_name": deceased.first_name,
            "birth_date": deceased.birth_date.isoformat(),
            "death_date": "2026-10-20",
        },
        actor=member.user,
    )
    request = services.ask_member_for_document(
        member, "school_certificate", actor=None, message="Année scolaire 2026-2027 / السنة الدراسية 2026-2027"
    )
    _people_who_help(member)
    _life_check(member)
    return {
        "dossier": member.dossiers.order_by("reference").first().reference,
        "year": payment.period.year,
        "payment": payment.pk,
        "claim": member.claims.order_by("reference").first().reference,
        "draft": draft.reference,
        "request": request.reference,
    }


def _life_check(member):
    """A life-control campaign that asks her this year (a campaign may draw on any filter of the member
    file; here her country), so that the life-certificate pages show a check and the ways to answer."""
    import datetime

    from django.utils import timezone

    from portal.lifecontrol import services
    from portal.lifecontrol.models import Campaign

    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="Contrôle de vie (mise en page)",
        year=today.year,
        opens_on=today - datetime.timedelta(days=5),
        deadline=today + datetime.timedelta(days=40),
        grace_days=30,
        abroad_only=False,
        countries=[member.country],
    )
    services.open_campaign(campaign, actor=None)


def _people_who_help(member):
    """Her son may act for her (accepted); an association's helper has an invitation waiting: the lists have rows."""
    import datetime

    from django.utils import timezone

    from portal.audit import AuditContext
    from portal.proxies import invitations

    until = timezone.localdate() + datetime.timedelta(days=200)
    for name, email, scope in (
        ("Mohammed-Amine Benabdellah", "fils.e2e@example.org", "act"),
        ("Association des retraités de Rabat", "aide.e2e@example.org", "read"),
    ):
        invitations.invite(
            member=member,
            name=name,
            email=email,
            scope=scope,
            expires_on=until,
            language="fr",
            actor=member.user,
            context=AuditContext.none(),
        )
    from django.contrib.auth import get_user_model

    grant = member.proxies.get(email="fils.e2e@example.org")
    grant.holder = get_user_model().objects.create_user(username="fils.e2e", email=grant.email)
    grant.accepted_at = timezone.now()
    grant.save(update_fields=["holder", "accepted_at"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_is_readable_at_every_width(browser, live_server, demo_members, browser_errors, settings, lang):
    settings.FUND_PHONE = "+212 5 37 00 00 00"  # the footer shows it: measure it too
    width = WIDTHS[0]
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": HEIGHTS[width]})
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_errors.watch(page)
    problems = []
    try:
        for name, path in VISITOR_PAGES:
            status = 404 if name == "not-found" else 200
            problems += check_page(page, lang, name, path.format(search=SEARCHES[lang]), status)

        page.goto(f"/{lang}/accounts/login/")
        page.fill("input[name=login]", MEMBER)
        page.fill("input[name=password]", DEMO_PASSWORD)
        with page.expect_navigation():
            page.locator("form:has([name=password]) [type=submit]").click()
        values = member_file_paths()
        for name, path in MEMBER_PAGES:
            problems += check_page(page, lang, name, path.format(**values))

        context.clear_cookies()
        problems += check_public_simulator_result(page, lang)
        page.goto(f"/{lang}/accounts/login/")
        page.fill("input[name=login]", IN_SERVICE)
        page.fill("input[name=password]", DEMO_PASSWORD)
        with page.expect_navigation():
            page.locator("form:has([name=password]) [type=submit]").click()
        chosen = {"chosen": in_service_retirement_date()}
        for name, path in IN_SERVICE_PAGES:
            problems += check_page(page, lang, name, path.format(**chosen))

        context.clear_cookies()
        hr = partner_paths()
        log_in(page, lang, partners.PREPARER, next_url=f"/{lang}/partners/")
        second_factor(page, partners.TOTP_SECRET)
        for name, path in PARTNER_PAGES:
            problems += check_page(page, lang, name, path.format(**hr))
    finally:
        context.close()
    assert problems == [], f"layout problems in {lang} (screenshots in {LAYOUT_ARTIFACTS}):\n" + "\n".join(problems)
