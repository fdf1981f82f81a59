"""Journey 6: a civil servant near retirement estimates his pension and reports a gap in his career, on a phone.

The demo's member in service (demo/simulator.py: a court clerk born in 1964, a career with a gap in 1998 and a
year of low contributions) opens the simulator from his dashboard, reads the three scenarios, types another
retirement date (in Arabic, also as Arabic-Indic digits: what a phone keyboard set to Arabic types), downloads the
PDF of the estimate; then, on his career page, reports the gap with « Report an error »: the form comes
filled in with the period, he explains, sends a document and the request. An agent accepts it in the admin's
requests queue; his request page and his career page say so.

The amounts are compared with the engine on the same file and the same rules (`data-value`, the plain
decimal), not with figures written here: the journey checks that the page shows the engine's estimate, the
engine's own tests check the estimate. Every screen of his is measured at 390 px, checked with axe-core and
kept in test-artifacts/screenshots/simulator-<step>-<lang>.jpg.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from demo import simulator as demo_simulator
from demo.accounts import AGENT
from portal import career_anomalies
from portal.career_anomalies import Kind
from portal.casework.choices import Status
from portal.casework.models import Case
from portal.digits import to_ascii
from portal.models import Member
from portal.pension_rules import schedule
from portal.simulator import engine, situation
from tests.e2e.support import LANGUAGES, PHONE, Screens, screenshot
from tests.e2e.test_member_journey import log_in, second_factor
from tests.portal.sample_files import pdf_bytes

pytestmark = pytest.mark.browser

JOURNEY = "simulator"
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
WORDS = {
    "fr": {
        "administration": "Tribunal de première instance de Meknès",
        "explanation": "J'ai été greffier stagiaire au tribunal de Meknès de juillet à décembre 1998.",
        "decision": "Période ajoutée d'après l'arrêté de nomination.",
    },
    "ar": {
        "administration": "المحكمة الابتدائية بمكناس",
        "explanation": "عملت كاتب ضبط متدربا بمحكمة مكناس من يوليوز إلى دجنبر 1998.",
        "decision": "أضيفت الفترة بناء على قرار التعيين.",
    },
}


@pytest.fixture
def clerk(demo_members):
    return Member.objects.get(core_id=demo_simulator.FILE)


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def typed(text, lang):
    return text.translate(ARABIC_DIGITS) if lang == "ar" else text


def gross(page, scenario):
    return Decimal(page.locator(f"#scenario-{scenario} [data-amount=gross]").get_attribute("data-value"))


def months_before(day, months):
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def read_date(value):
    """A date field's value as shown (ISO or dd/mm/yyyy, in either kind of digits)."""
    value = to_ascii(value.strip())
    if "/" in value:
        day, month, year = value.split("/")
        return datetime.date(int(year), int(month), int(day))
    return datetime.date.fromisoformat(value)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_member_estimates_his_pension_and_reports_a_gap_that_an_agent_accepts(
    new_page, clerk, agent_secret, tmp_path, lang
):
    words = WORDS[lang]
    screens = Screens(JOURNEY, lang)
    rules = schedule.load()
    today = timezone.localdate()
    member = new_page()
    member.set_viewport_size(PHONE)

    # 1. From his dashboard to the simulator: the legal and earliest dates, the legal one as the engine computes it.
    log_in(member, lang, demo_simulator.ACCOUNT)
    assert member.url.endswith(f"/{lang}/portal/"), member.url
    click_and_wait(member, member.locator(f"main a[href='/{lang}/portal/simulator/']").first)
    for scenario in ("legal", "earliest"):
        assert member.locator(f"#scenario-{scenario} [data-amount=net]").count() == 1
    assert member.locator("#scenario-chosen").count() == 0  # until he chooses a date
    growth = Decimal(to_ascii(member.input_value("#id_growth") or "0").replace(",", "."))
    file = situation.from_member(clerk, today=today, growth=growth)
    legal = engine.legal_date(clerk.birth_date, rules)
    expected = engine.estimate(file, rules, legal)
    assert expected.entitled
    assert gross(member, "legal") == expected.gross
    assert f"{expected.net:.2f}" == member.locator("#scenario-legal [data-amount=net]").get_attribute("data-value")
    assert member.locator("#explanation").is_visible()
    chart = member.locator("#chart")
    assert chart.get_attribute("role") == "img" and chart.locator("title").count() == 1
    screens.look(member, "result")

    # 2. He tries leaving three months before the legal date: the chosen scenario follows the engine.
    chosen = months_before(legal, 3)
    earliest = engine.earliest_date(file, rules)
    assert earliest is not None and earliest <= chosen < legal
    # The field is the site's date input: the browser's own picker, which shows the digits of the page's
    # language and sends ISO digits. What a plain text field would send with an Arabic keyboard (the form is
    # a GET: the address is the form) is tried below.
    member.fill("#id_retirement_date", chosen.isoformat())
    click_and_wait(member, member.locator("#simulator-form [type=submit]"))
    assert f"retirement_date={chosen.isoformat()}" in member.url
    expected_chosen = engine.estimate(file, rules, chosen).gross
    assert gross(member, "chosen") == expected_chosen
    assert expected_chosen != expected.gross  # leaving earlier: fewer months, a reduction
    if lang == "ar":
        member.goto(f"/{lang}/portal/simulator/?retirement_date={typed(chosen.strftime('%d/%m/%Y'), lang)}")
        assert gross(member, "chosen") == expected_chosen
    screens.look(member, "result-chosen")

    # 3. The PDF of the estimate: a real download.
    with member.expect_download() as download_info:
        member.locator("#estimate-pdf").click()
    estimate_pdf = tmp_path / "estimate.pdf"
    download_info.value.save_as(estimate_pdf)
    assert estimate_pdf.read_bytes().startswith(b"%PDF")

    # 4. His career page flags the gap of 1998; he reports it: the form comes with the period filled in.
    member.goto(f"/{lang}/portal/career/")
    flag = member.locator(f"#career-flags li.career-flag[data-kind={Kind.GAP}]")
    assert flag.count() == 1
    assert member.locator(f"#career-flags li.career-flag[data-kind={Kind.LOW_CONTRIBUTIONS}]").count() == 1
    screens.look(member, "career-flags")
    click_and_wait(member, flag.locator("button[name=report]"))
    case = Case.objects.get(procedure="career_correction", member=clerk)
    assert "/step/period/" in member.url, member.url
    start, end = demo_simulator.GAP
    assert read_date(member.input_value("input[name=start_date]")) == start
    assert read_date(member.input_value("input[name=end_date]")) == end
    assert member.locator("input[name=what][value=missing_period]").is_checked()
    # The flag's key travels in a hidden field: no label of its own (an untranslated "Anomaly" on the page).
    assert member.locator("label[for=id_anomaly]").count() == 0
    screens.look(member, "step-period")
    member.fill("input[name=administration]", words["administration"])
    member.fill("textarea[name=explanation]", words["explanation"])
    click_and_wait(member, member.locator("button[name=continue]"))

    # The evidence, then the summary, the certification, the request sent.
    assert member.url.endswith(f"/portal/procedures/{case.reference}/documents/"), member.url
    evidence = tmp_path / "arrete-nomination.pdf"
    evidence.write_bytes(pdf_bytes("Arrete de nomination 1998"))
    member.set_input_files("form.case-form input[type=file]", str(evidence))
    screens.look(member, "documents")
    click_and_wait(member, member.locator("button[name=continue]"))
    assert member.url.endswith(f"/portal/procedures/{case.reference}/review/"), member.url
    assert words["explanation"] in member.inner_text("main")
    screens.look(member, "review")
    member.check("input[name=certify]")
    click_and_wait(member, member.locator("form[action$='/submit/'] [type=submit]"))
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED and case.documents.count() == 1
    assert case.answers["period"]["anomaly"] == flag_key(clerk, rules, today)
    assert case.reference in member.inner_text("main")
    screens.look(member, "submitted")

    # 5. The agent (desktop, French admin, second factor) accepts it from the requests queue.
    agent = new_page()
    log_in(agent, "fr", AGENT, next_url="/admin/cases/")
    second_factor(agent, agent_secret)
    agent.goto("/admin/cases/")
    click_and_wait(agent, agent.get_by_role("link", name=case.reference, exact=True))
    take = agent.locator("button[name=take]")
    if take.count():
        click_and_wait(agent, take)
    decision = agent.locator("form[action$='/decide/']")
    decision.locator("input[name=decision][value=accept]").check()
    decision.locator("textarea[name=reason]").fill(words["decision"])
    screenshot(agent, JOURNEY, "agent-decides", lang)
    click_and_wait(agent, decision.locator("[type=submit]"))
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED

    # 6. His request says accepted; his career page marks the flag accepted (it leaves with the next import).
    member.goto(f"/{lang}/portal/procedures/{case.reference}/")
    with translation.override(lang):
        accepted = gettext("Your request has been accepted.")
        flag_accepted = gettext("Accepted: the correction will appear after the fund updates your file.")
    assert accepted in member.inner_text("main")
    member.goto(f"/{lang}/portal/career/")
    flag = member.locator(f"#career-flags li.career-flag[data-kind={Kind.GAP}]")
    assert "career-flag-accepted" in flag.get_attribute("class")
    assert flag_accepted in flag.inner_text()
    assert flag.locator("button[name=report]").count() == 0
    screens.look(member, "career-accepted")
    screens.assert_clean()


def flag_key(member, rules, today):
    [gap] = [flag for flag in career_anomalies.for_member(member, today=today, rules=rules) if flag.kind == Kind.GAP]
    return gap.key
