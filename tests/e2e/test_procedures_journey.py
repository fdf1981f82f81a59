"""Journey 5: online procedures after a death, on a phone, in French and in Arabic.

A widow reports her husband's death on the public form (no account), then applies for a survivor's
pension from "My procedures": each step, the documents, the summary, the certification, the receipt.
An agent takes the request in the admin and asks for one more document; she sends it from her phone;
the agent accepts it, then the request; her request page tells the story in her language.

Every screen she sees is measured at 390 px (the layout checks of test_layout.py: no horizontal scroll,
no overlapping text, every control on the screen), checked with axe-core, and kept as a screenshot in
test-artifacts/screenshots/procedures-<step>-<lang>.jpg. The texts are compared with the catalogues
(gettext in the page's language), so the checks hold in either language once the catalogues are merged.
"""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from demo.accounts import AGENT
from portal.casework.choices import DocumentKind, DocumentReview, RequestStatus, Status
from portal.casework.models import Case
from tests.e2e.support import LANGUAGES, PHONE, Screens, screenshot
from tests.e2e.test_member_journey import log_in as staff_log_in
from tests.e2e.test_member_journey import second_factor
from tests.portal import factories
from tests.portal.sample_files import pdf_bytes

pytestmark = pytest.mark.browser

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
JOURNEY = "procedures"

# The deceased (a pensioner's file) and what his widow types; the agent's words, in the page's language.
DECEASED = {
    "national_id": "BK123456",
    "pension_number": "P0012345",
    "last_name": "Alaoui",
    "first_name": "Ahmed",
    "birth_date": datetime.date(1950, 3, 2),
}
WORDS = {
    "fr": {
        "reporter": "Khadija Alaoui",
        "ask": "Merci d'envoyer une copie intégrale du livret de famille.",
        "decision": "Pension de réversion accordée à compter du mois suivant le décès.",
    },
    "ar": {
        "reporter": "خديجة العلوي",
        "ask": "المرجو إرسال نسخة كاملة من الدفتر العائلي.",
        "decision": "تمت الموافقة على معاش ذوي الحقوق ابتداء من الشهر الموالي للوفاة.",
    },
}


@pytest.fixture
def deceased(site_content):
    """A retired member's file, the one the widow names (no account: he has died)."""
    return factories.MemberFactory(
        core_id="CORE-E2E-DECEASED",
        affiliation_number="AF-E2E-0001",
        status="retired",
        **DECEASED,
    )


def digits(text, lang):
    """What a phone keyboard set to Arabic types: Arabic-Indic digits."""
    return text.translate(ARABIC_DIGITS) if lang == "ar" else text


def write_pdf(tmp_path, name, text):
    """A real PDF on disk: the upload checks open the file and refuse fakes."""
    path = tmp_path / name
    path.write_bytes(pdf_bytes(text))
    return str(path)


def main_text(page):
    return page.inner_text("main")


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_widow_reports_a_death_and_applies_for_a_survivors_pension(
    new_page, verified_account, deceased, agent_secret, task_worker, tmp_path, lang
):
    words = WORDS[lang]
    screens = Screens(JOURNEY, lang)
    widow = new_page()
    widow.set_viewport_size(PHONE)

    # 1. The public report, without an account.
    response = widow.goto(f"/{lang}/report-a-death/")
    assert response.status == 200
    screens.look(widow, "report-death")
    widow.fill("input[name=identifier]", DECEASED["pension_number"])
    widow.fill("input[name=national_id]", digits(DECEASED["national_id"], lang))  # BK١٢٣٤٥٦ reads as BK123456
    widow.fill("input[name=last_name]", DECEASED["last_name"])
    widow.fill("input[name=first_name]", DECEASED["first_name"])
    widow.fill("input[name=birth_date]", DECEASED["birth_date"].isoformat())
    death_date = timezone.localdate() - datetime.timedelta(days=20)
    widow.fill("input[name=death_date]", death_date.isoformat())
    widow.fill("input[name=reporter_name]", words["reporter"])
    widow.select_option("select[name=relationship]", "spouse")
    widow.fill("input[name=reporter_phone]", digits("0612345678", lang))
    widow.fill("input[name=reporter_email]", verified_account.email)
    widow.set_input_files("input[name=certificate]", write_pdf(tmp_path, "acte-deces.pdf", "Acte de deces"))
    screens.look(widow, "report-death-filled")
    click_and_wait(widow, widow.locator("form[action$='/report-a-death/'] [type=submit]"))
    assert widow.url.endswith(f"/{lang}/report-a-death/received/")
    report = Case.objects.get(procedure="death_report")
    assert report.member == deceased  # found by CIN and birth date, whatever digits she typed
    assert report.documents.count() == 1
    assert report.reference in main_text(widow)
    screens.look(widow, "report-received")

    # 2. She logs in and applies for the survivor's pension.
    widow.goto(f"/{lang}/accounts/login/?next=/{lang}/portal/procedures/")
    widow.fill("input[name=login]", verified_account.email)
    widow.fill("input[name=password]", verified_account.raw_password)
    click_and_wait(widow, widow.locator("form:has([name=password]) [type=submit]"))
    assert widow.url.endswith(f"/{lang}/portal/procedures/"), widow.url
    screens.look(widow, "list-empty")
    click_and_wait(widow, widow.locator("form[action$='/start/survivor_pension/'] [type=submit]"))
    case = Case.objects.get(procedure="survivor_pension", applicant=verified_account)
    assert case.status == Status.DRAFT and case.language == lang

    # Step 1: the deceased.
    assert widow.locator("[aria-current=step]").count() == 1
    screens.look(widow, "step-deceased")
    widow.fill("input[name=identifier]", DECEASED["pension_number"])
    widow.fill("input[name=national_id]", DECEASED["national_id"])
    widow.fill("input[name=last_name]", DECEASED["last_name"])
    widow.fill("input[name=first_name]", DECEASED["first_name"])
    widow.fill("input[name=birth_date]", DECEASED["birth_date"].isoformat())
    widow.fill("input[name=death_date]", death_date.isoformat())
    click_and_wait(widow, widow.locator("button[name=continue]"))

    # Step 2: she and the family (the counts are number inputs: the browser takes only 0-9 there).
    assert "/step/applicant/" in widow.url
    screens.look(widow, "step-applicant")
    widow.check("input[name=relationship][value=spouse]")
    widow.fill("input[name=marriage_date]", "1975-07-01")
    widow.fill("input[name=orphans]", digits("0", lang))  # a text input: ٠ reads as 0
    widow.fill("input[name=orphans_in_school]", digits("0", lang))
    click_and_wait(widow, widow.locator("button[name=continue]"))

    # Step 3: the account, typed with the digits of her keyboard (Arabic-Indic in Arabic).
    assert "/step/payment/" in widow.url
    account = factories.valid_rib(4242)
    widow.fill("input[name=bank_rib]", digits(account, lang))
    screens.look(widow, "step-payment")
    click_and_wait(widow, widow.locator("button[name=continue]"))
    case.refresh_from_db()
    assert case.answers["payment"]["bank_rib"] == account
    assert case.answers["applicant"]["marriage_date"] == "1975-07-01"

    # The documents the checklist asks for: one file per line, sent in one go.
    assert widow.url.endswith(f"/portal/procedures/{case.reference}/documents/")
    wanted = [DocumentKind.DEATH_CERTIFICATE, DocumentKind.NATIONAL_ID, DocumentKind.MARRIAGE_CERTIFICATE]
    wanted += [DocumentKind.NON_REMARRIAGE, DocumentKind.BANK_DETAILS]
    assert [line.get_attribute("name") for line in widow.locator("form.case-form input[type=file]").all()] == [
        kind.value for kind in wanted
    ]
    screens.look(widow, "documents")
    for kind in wanted:
        widow.set_input_files(f"input[name={kind.value}]", write_pdf(tmp_path, f"{kind.value}.pdf", kind.value))
    click_and_wait(widow, widow.locator("button[name=continue]"))
    assert sorted(case.documents.values_list("kind", flat=True)) == sorted(kind.value for kind in wanted)

    # The summary, the certification, the request sent.
    assert widow.url.endswith(f"/portal/procedures/{case.reference}/review/")
    summary = main_text(widow)
    assert DECEASED["last_name"] in summary and account in summary
    with translation.override(lang):
        for kind in wanted:
            assert str(kind.label) in summary
    assert widow.locator(".case-problems").count() == 0
    screens.look(widow, "review")
    widow.check("input[name=certify]")
    click_and_wait(widow, widow.locator("form[action$='/submit/'] [type=submit]"))
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED and case.member == deceased
    assert widow.url.endswith(f"/portal/procedures/{case.reference}/")
    assert case.reference in main_text(widow)
    screens.look(widow, "submitted")
    with widow.expect_download() as download_info:
        widow.locator(f"main a[href$='/{case.reference}/receipt.pdf']").first.click()
    receipt = tmp_path / "receipt.pdf"
    download_info.value.save_as(receipt)
    assert receipt.read_bytes().startswith(b"%PDF")

    # 3. The agent (desktop, French admin, second factor) takes it and asks for one more document.
    agent = new_page()
    staff_log_in(agent, "fr", AGENT, next_url="/admin/cases/")
    second_factor(agent, agent_secret)
    agent.goto("/admin/cases/")
    click_and_wait(agent, agent.get_by_role("link", name=case.reference, exact=True))
    assert agent.url.endswith(f"/admin/cases/{case.pk}/")
    click_and_wait(agent, agent.locator("button[name=take]"))
    ask = agent.locator("form[action$='/request/']")
    ask.locator("select[name=kind]").select_option(DocumentKind.FAMILY_RECORD.value)
    ask.locator("textarea[name=message]").fill(words["ask"])
    screenshot(agent, JOURNEY, "agent-asks", lang)
    click_and_wait(agent, ask.locator("[type=submit]"))
    case.refresh_from_db()
    assert case.status == Status.INFO_REQUESTED and case.assigned_to.email == AGENT
    wanted_request = case.document_requests.get()
    assert wanted_request.kind == DocumentKind.FAMILY_RECORD and wanted_request.message == words["ask"]

    # 4. On her phone: her list says the fund waits for a document; she sends it from the request page.
    widow.goto(f"/{lang}/portal/procedures/")
    awaited = widow.locator("section.case-awaited")
    with translation.override(lang):
        assert str(DocumentKind.FAMILY_RECORD.label) in awaited.inner_text()
        assert str(Status.INFO_REQUESTED.label) in main_text(widow)
    assert words["ask"] in awaited.inner_text()
    screens.look(widow, "list-waiting")
    click_and_wait(widow, awaited.locator(f"a[href$='/portal/procedures/{case.reference}/']"))
    send = widow.locator("form[action$='/send/']")
    assert words["ask"] in main_text(widow)
    send.locator("input[type=file]").set_input_files(write_pdf(tmp_path, "livret-de-famille.pdf", "Livret de famille"))
    screens.look(widow, "detail-waiting")
    click_and_wait(widow, send.locator("[type=submit]"))
    case.refresh_from_db()
    wanted_request.refresh_from_db()
    assert wanted_request.status == RequestStatus.RECEIVED and case.status == Status.UNDER_REVIEW
    assert widow.locator("form[action$='/send/']").count() == 0
    screens.look(widow, "detail-sent")

    # 5. The agent accepts the document, then the request.
    agent.goto(f"/admin/cases/{case.pk}/")
    sent = wanted_request.documents.get()
    review = agent.locator(f"form[action$='/documents/{sent.pk}/review/']")
    review.locator("input[name=decision][value=accept]").check()
    click_and_wait(agent, review.locator("[type=submit]"))
    sent.refresh_from_db()
    assert sent.review == DocumentReview.ACCEPTED
    decision = agent.locator("form[action$='/decide/']")
    decision.locator("input[name=decision][value=accept]").check()
    decision.locator("textarea[name=reason]").fill(words["decision"])
    screenshot(agent, JOURNEY, "agent-decides", lang)
    click_and_wait(agent, decision.locator("[type=submit]"))
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.decision_reason == words["decision"]

    # 6. Her request page tells what happened, in order, in her language.
    widow.goto(f"/{lang}/portal/procedures/{case.reference}/")
    history = [text.strip() for text in widow.locator(".case-timeline .timeline-title").all_inner_texts()]
    with translation.override(lang):
        document = str(DocumentKind.FAMILY_RECORD.label)
        expected = [
            pgettext("request", "Submitted"),
            gettext("The fund asked for: %(document)s") % {"document": document},
            gettext("You sent: %(document)s") % {"document": document},
            gettext("Document accepted: %(document)s") % {"document": document},
            gettext("Decision: accepted"),
        ]
        accepted = gettext("Your request has been accepted.")
        status = pgettext("request", "Accepted")
    assert_in_order(history, expected)
    text = main_text(widow)
    assert accepted in text and status in text and words["decision"] in text
    assert words["ask"] in text  # the fund's message stays with its step
    screens.look(widow, "detail-decided")

    # The e-mails she was sent (by the real task worker), each pointing to the request in her language.
    task_worker.wait_for_tasks()
    mails = [mail for mail in task_worker.emails() if verified_account.email in mail["To"]]
    link = f"/{lang}/portal/procedures/{case.reference}/"
    assert len(mails) == 3, [mail["Subject"] for mail in mails]  # sent, a document asked for, decided
    assert all(link in mail.get_body(("plain",)).get_content() for mail in mails)
    screens.assert_clean()


def assert_in_order(history, expected):
    """Each expected entry is the start of a line of the timeline ("<title> — <date>"), in this order."""
    position = 0
    for wanted in expected:
        found = next(
            (index for index in range(position, len(history)) if re.match(re.escape(wanted) + r"\s+—", history[index])),
            None,
        )
        assert found is not None, f"{wanted!r} missing or out of order in the timeline: {history}"
        position = found + 1
