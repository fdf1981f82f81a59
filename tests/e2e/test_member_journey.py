"""Journey 3: a member sees payments, downloads an attestation and files a claim; an agent answers; the member reads it.

Also axe-core on the member screens (dashboard, payments, claim form) in both languages.
"""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth import get_user_model
from fpdf import FPDF

from demo.accounts import AGENT, DEMO_PASSWORD, MEMBER
from portal.claims.models import Claim, ClaimAttachment
from tests.e2e.support import LANGUAGES, screenshot

pytestmark = pytest.mark.browser

CLAIMS = {
    "fr": (
        "Virement de mars non reçu",
        "Ma pension de mars n'est pas arrivée sur mon compte.",
        "Réponse : virement refait.",
    ),
    "ar": ("لم أتوصل بتحويل شهر مارس", "لم يصل معاش شهر مارس إلى حسابي البنكي.", "الجواب: تمت إعادة التحويل."),
}


@pytest.fixture
def members(demo_members, task_worker):
    """The demo member (account linked to a file) and a claims agent with TOTP set up; returns the agent's secret."""
    agent = get_user_model().objects.get(email=AGENT)
    secret = generate_totp_secret()
    TOTP.activate(agent, secret)  # staff must have a second factor; the agent set theirs up earlier
    return secret


def log_in(page, lang, email, next_url=""):
    page.goto(f"/{lang}/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has([name=password]) [type=submit]").click()


def second_factor(page, secret):
    assert "/accounts/2fa/authenticate/" in page.url
    # A code is valid for its 30-second window only (no tolerance, as in production): one computed in
    # the window's last seconds may expire before the server reads it. Then wait for the next window.
    left = 30 - time.time() % 30
    if left < 5:
        time.sleep(left + 0.2)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.fill("input[name=code]", code)
    with page.expect_navigation():
        page.locator("form:has([name=code]) [type=submit]").first.click()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_member_files_a_claim_agent_answers_member_reads(new_page, members, task_worker, accessibility, tmp_path, lang):
    subject, description, answer = CLAIMS[lang]
    member = new_page()
    log_in(member, lang, MEMBER)

    # Dashboard and payments.
    member.goto(f"/{lang}/portal/")
    assert member.url.endswith(f"/{lang}/portal/")
    screenshot(member, "member", "dashboard", lang)
    accessibility.check(member, "dashboard", lang)
    member.goto(f"/{lang}/portal/payments/")
    screenshot(member, "member", "payments", lang)
    accessibility.check(member, "payments", lang)

    # The attestation downloads as a PDF.
    member.goto(f"/{lang}/portal/attestations/")
    accessibility.check(member, "attestations", lang)
    with member.expect_download() as download_info:
        member.locator("form[action$='/portal/attestations/download/'] [type=submit]").click()
    pdf = tmp_path / "attestation.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    # A claim with an attachment.
    member.goto(f"/{lang}/portal/claims/new/")
    accessibility.check(member, "claim-form", lang)
    member.select_option("select[name=category]", index=1)
    member.fill("input[name=subject]", subject)
    member.fill("textarea[name=description]", description)
    proof = tmp_path / "releve.pdf"
    document = FPDF()  # a real PDF: the upload check opens the file and refuses fakes
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Releve bancaire - mars")
    document.output(str(proof))
    member.set_input_files("input[name=attachments]", str(proof))
    screenshot(member, "member", "claim-form", lang)
    with member.expect_navigation():
        member.locator("form.claim-form [type=submit]").click()
    claim = Claim.objects.get(subject=subject)
    assert ClaimAttachment.objects.filter(claim=claim).count() == 1
    assert claim.reference in member.inner_text("main")
    screenshot(member, "member", "claim-received", lang)

    # The agent answers in the admin (with the second factor every staff account has).
    agent = new_page()
    log_in(agent, "fr", AGENT, next_url=f"/admin/claims/{claim.pk}/")
    second_factor(agent, members)
    agent.goto(f"/admin/claims/{claim.pk}/")
    assert subject in agent.inner_text("body")
    agent.fill("textarea[name=body]", answer)
    agent.locator("input[name=kind]").first.check()
    screenshot(agent, "member", "agent-answers", lang)
    with agent.expect_navigation():
        agent.locator("form:has(textarea[name=body]) [type=submit]").first.click()
    assert claim.messages.filter(body=answer, is_internal=False).exists()

    # The member reads the answer in their space.
    task_worker.wait_for_tasks()
    member.goto(f"/{lang}/portal/claims/{claim.reference}/")
    assert answer in member.inner_text("main")
    screenshot(member, "member", "reads-answer", lang)
    accessibility.check(member, "claim-thread", lang)
    accessibility.assert_clean()
