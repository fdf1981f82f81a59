"""Journey 8: a ministry's HR service sends a retirement dossier; the fund has it corrected, then accepts it;
the civil servant follows it in his own space. In French and in Arabic (the whole journey, each language).

The demo's employers (demo/partners.py) are loaded on top of the journeys' snapshot. At the Ministry of
Education, the preparer (second factor: the demo's published TOTP secret) opens "Coming retirements",
opens Mustapha Alami's file (Rabat academy, reaching the age limit within the year, no dossier yet),
starts his dossier, answers the three steps (the salary typed with the digits of an Arabic keyboard in
the Arabic run) and attaches the two documents. The signatory signs and sends it. The fund's agent, in
the Wagtail admin (French), sends it back for a correction; the preparer reads the fund's message,
corrects the salary and sends the correction; the agent accepts. Mustapha Alami logs in on his phone
and finds the dossier in his requests, with its history.

The officers work at a desk (1280 px); the civil servant's screens are measured at a phone's width. Every
screen goes through the layout checks and axe (tests/e2e/support.py's Screens) and is kept as a screenshot
in test-artifacts/screenshots/partners-<step>-<lang>.jpg.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from demo import partners
from demo.accounts import AGENT
from portal.casework.choices import Status
from portal.models import Member
from portal.partners.models import RetirementDossier
from tests.e2e.support import LANGUAGES, PHONE, Screens, screenshot
from tests.e2e.test_member_journey import log_in, second_factor
from tests.portal.sample_files import pdf_bytes

pytestmark = pytest.mark.browser

JOURNEY = "partners"
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
WORDS = {
    "fr": {
        "grade": "Professeur du secondaire, échelle 11, échelon 8",
        "ask": "Le salaire de base ne correspond pas au bulletin de paie de novembre.",
        "note": "Salaire corrigé d'après le bulletin de novembre.",
        "decision": "Dossier complet : la pension sera liquidée à la date de la limite d'âge.",
    },
    "ar": {
        "grade": "أستاذ التعليم الثانوي، السلم 11، الرتبة 8",
        "ask": "الأجر الأساسي لا يطابق ورقة الأداء لشهر نونبر.",
        "note": "تم تصحيح الأجر وفق ورقة أداء شهر نونبر.",
        "decision": "الملف كامل: ستتم تصفية المعاش في تاريخ بلوغ حد السن.",
    },
}
SALARY, CORRECTED_SALARY = "13800", "14250"


@pytest.fixture
def employers(demo_members):
    """The demo's ministries, officers and civil servants, on top of the snapshot's accounts and files."""
    partners.load()
    return Member.objects.get(core_id=partners.ACCOUNT_FILE)


def digits(text, lang):
    """What a keyboard set to Arabic types: Arabic-Indic digits."""
    return text.translate(ARABIC_DIGITS) if lang == "ar" else text


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def officer_logs_in(page, lang, email):
    log_in(page, lang, email, next_url=f"/{lang}/partners/")
    second_factor(page, partners.TOTP_SECRET)
    assert page.url.endswith(f"/{lang}/partners/"), page.url


def write_pdf(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(pdf_bytes(text))
    return str(path)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hr_prepares_signs_corrects_and_the_civil_servant_follows(new_page, employers, agent_secret, tmp_path, lang):
    words = WORDS[lang]
    screens = Screens(JOURNEY, lang)
    civil_servant = employers

    # 1. The preparer, at her desk: the coming retirements, then his file.
    preparer = new_page()
    officer_logs_in(preparer, lang, partners.PREPARER)
    screens.look(preparer, "home")
    preparer.goto(f"/{lang}/partners/retirements/")
    row = preparer.locator(f"#retirements tr[data-member='{civil_servant.pk}']")
    assert row.count() == 1
    screens.look(preparer, "retirements")
    click_and_wait(preparer, row.locator("a[data-action=open-member]"))
    assert preparer.url.endswith(f"/{lang}/partners/civil-servants/{civil_servant.pk}/")
    screens.look(preparer, "civil-servant")

    # 2. She starts the dossier and answers the three steps.
    click_and_wait(preparer, preparer.locator("#start-dossier"))
    dossier = RetirementDossier.objects.select_related("case").get(member=civil_servant)
    case = dossier.case
    assert case.status == Status.DRAFT and case.language == lang
    assert f"/dossiers/{case.reference}/service/" in preparer.url
    form = preparer.locator("#dossier-step-form")
    form.locator("input[name=service_confirmed]").check()
    screens.look(preparer, "step-service")
    click_and_wait(preparer, form.locator("button[name=continue]"))
    assert preparer.url.endswith("/position/")
    form.locator("input[name=grade]").fill(words["grade"])
    form.locator("input[name=last_salary]").fill(digits(SALARY, lang))
    screens.look(preparer, "step-position")
    click_and_wait(preparer, form.locator("button[name=continue]"))
    assert preparer.url.endswith("/decision/")
    form.locator("input[name=decision_number]").fill(f"{timezone.localdate().year}/0412")
    decided = timezone.localdate() - datetime.timedelta(days=3)
    form.locator("input[name=decision_date]").fill(decided.isoformat())
    form.locator("input[name=leaving_date]").fill(dossier.retirement_date.isoformat())
    screens.look(preparer, "step-decision")
    click_and_wait(preparer, form.locator("button[name=continue]"))
    assert f"/dossiers/{case.reference}/" in preparer.url
    case.refresh_from_db()
    assert Decimal(case.answers["position"]["last_salary"]) == Decimal(SALARY)
    assert case.answers["decision"]["leaving_date"] == dossier.retirement_date.isoformat()

    # ... and attaches the two documents in one go.
    documents = preparer.locator("#dossier-documents")
    documents.locator("input[name=leaving_decision]").set_input_files(
        write_pdf(tmp_path, "decision.pdf", "Decision de radiation des cadres")
    )
    documents.locator("input[name=service_certificate]").set_input_files(
        write_pdf(tmp_path, "attestation.pdf", "Attestation de services")
    )
    click_and_wait(preparer, documents.locator("[type=submit]"))
    assert sorted(case.documents.values_list("kind", flat=True)) == ["leaving_decision", "service_certificate"]
    assert preparer.locator("#submit-dossier").count() == 0  # a preparer does not sign
    screens.look(preparer, "dossier-ready")

    # 3. The signatory signs and sends it.
    signatory = new_page()
    officer_logs_in(signatory, lang, partners.SIGNATORY)
    signatory.goto(f"/{lang}/partners/dossiers/{case.reference}/")
    signatory.locator("input[name=certify]").check()
    screens.look(signatory, "sign")
    click_and_wait(signatory, signatory.locator("#submit-dossier"))
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert signatory.locator("#dossier-status").get_attribute("data-status") == Status.SUBMITTED

    # 4. The fund's agent (Wagtail admin, French) sends it back for a correction.
    agent = new_page()
    log_in(agent, "fr", AGENT, next_url=f"/admin/cases/{case.pk}/")
    second_factor(agent, agent_secret)
    agent.goto(f"/admin/cases/{case.pk}/")
    if agent.locator("button[name=take]").count():
        click_and_wait(agent, agent.locator("button[name=take]"))
    ask = agent.locator("#ask-correction")
    ask.locator("textarea[name=message]").fill(words["ask"])
    screenshot(agent, JOURNEY, "agent-asks", lang)
    click_and_wait(agent, ask.locator("[type=submit]"))
    case.refresh_from_db()
    assert case.status == Status.INFO_REQUESTED

    # 5. The preparer reads the fund's message, corrects the salary and sends the correction.
    preparer.goto(f"/{lang}/partners/dossiers/{case.reference}/")
    assert words["ask"] in preparer.inner_text("#fund-correction")
    screens.look(preparer, "correction-asked")
    click_and_wait(preparer, preparer.locator("a[data-step=position]"))
    form = preparer.locator("#dossier-step-form")
    form.locator("input[name=last_salary]").fill(digits(CORRECTED_SALARY, lang))
    click_and_wait(preparer, form.locator("button[name=later]"))
    correction = preparer.locator("#send-correction-form")
    correction.locator("textarea[name=message]").fill(words["note"])
    click_and_wait(preparer, preparer.locator("#send-correction"))
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    assert Decimal(case.answers["position"]["last_salary"]) == Decimal(CORRECTED_SALARY)
    screens.look(preparer, "correction-sent")

    # 6. The agent accepts the dossier.
    agent.goto(f"/admin/cases/{case.pk}/")
    decision = agent.locator("form[action$='/decide/']")
    decision.locator("input[name=decision][value=accept]").check()
    decision.locator("textarea[name=reason]").fill(words["decision"])
    click_and_wait(agent, decision.locator("[type=submit]"))
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED

    # 7. The civil servant, on his phone: the dossier is among his requests, with its history.
    servant = new_page()
    servant.set_viewport_size(PHONE)
    log_in(servant, lang, partners.CIVIL_SERVANT)
    servant.goto(f"/{lang}/portal/procedures/")
    assert case.reference in servant.inner_text("main")
    screens.look(servant, "servant-requests")
    click_and_wait(servant, servant.locator(f"main a[href$='/portal/procedures/{case.reference}/']").first)
    text = servant.inner_text("main")
    assert words["decision"] in text
    with translation.override(lang):
        assert gettext("Your request has been accepted.") in text
    assert servant.locator(".case-timeline li").count() >= 3  # sent, correction asked and made, decided
    screens.look(servant, "servant-dossier")
    screens.assert_clean()
