"""Journey 6: a pensioner lets her son act for her; he does what she came to the counter for; she sees it all.

Fatima Benali (the demo pensioner) invites her son Youssef from "People who help me". The invitation
reaches him by e-mail (sent by the real task worker). He logs in with his own account and second
factor, accepts, opens "the file of Fatima Benali" (her name stays on screen), downloads her
attestation and files a claim for her. The fund's agent answers the claim in the admin; Fatima gets
the answer by text message, sent by the worker through the SMS gateway's HTTP protocol to a local
gateway this test runs on loopback. In "Who acted on my file" she sees both of her son's actions,
marked "as a proxy".

Every screen the mother and the son see is measured on a phone (390 px: no horizontal scroll, no
overlapping text, every control on the screen), checked with axe-core and kept as a screenshot in
test-artifacts/screenshots/helped-<step>-<lang>.jpg.
"""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext, pgettext

from demo.accounts import AGENT, MEMBER, PROXY
from portal.claims.models import Claim
from portal.models import AuditEvent, Member
from portal.proxies.choices import Via
from tests.e2e.support import LANGUAGES, PHONE, Screens
from tests.e2e.test_member_journey import log_in, second_factor
from tests.support import sms_gateway

pytestmark = pytest.mark.browser

JOURNEY = "helped"
WORDS = {
    "fr": {
        "son": "Youssef Benali",
        "subject": "Pension de novembre non reçue",
        "description": "Ma mère n'a pas reçu sa pension de novembre sur son compte.",
        "answer": "Le virement a été refait le 3 décembre.",
    },
    "ar": {
        "son": "يوسف بنعلي",
        "subject": "لم يصل معاش شهر نونبر",
        "description": "لم تتوصل والدتي بمعاش شهر نونبر في حسابها.",
        "answer": "أعيد التحويل يوم 3 دجنبر.",
    },
}


@pytest.fixture
def gateway():
    with sms_gateway.LocalGateway() as running:
        yield running


@pytest.fixture
def worker(gateway, monkeypatch, request):
    """The real task worker, sending text messages to the local gateway (its settings come from the environment)."""
    for name, value in sms_gateway.environment(gateway).items():
        monkeypatch.setenv(name, value)
    return request.getfixturevalue("task_worker")


@pytest.fixture
def secrets(demo_members):
    """The son and the agent each set up their second factor earlier; returns their TOTP secrets."""
    users = get_user_model().objects
    found = {}
    for email in (PROXY, AGENT):
        found[email] = generate_totp_secret()
        TOTP.activate(users.get(email=email), found[email])
    return found


def shown(msgid, lang, context=None):
    with translation.override(lang):
        return pgettext(context, msgid) if context else gettext(msgid)


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def invitation_link(worker, email):
    worker.wait_for_tasks()
    for message in reversed(worker.emails()):
        if email in message["To"]:
            body = message.get_body(preferencelist=("plain",)).get_content()
            return re.search(r"/(?:fr|ar)/proxy/accept/\S+/", body).group(0)
    raise AssertionError(f"no invitation e-mail to {email}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_son_acts_for_his_mother_and_she_sees_it(new_page, secrets, worker, gateway, tmp_path, lang):
    words = WORDS[lang]
    mother_file = Member.objects.get(user__email=MEMBER)
    screens = Screens(JOURNEY, lang)

    # The mother invites her son, on her phone.
    mother = new_page()
    mother.set_viewport_size(PHONE)
    log_in(mother, lang, MEMBER)
    mother.goto(f"/{lang}/portal/helpers/")
    screens.look(mother, "people")
    mother.fill("input[name=name]", words["son"])
    mother.fill("input[name=email]", PROXY)
    mother.check("input[name=scope][value=act]")
    click_and_wait(mother, mother.locator("form:has(input[name=email]) [type=submit]"))
    screens.look(mother, "invite-confirm")
    click_and_wait(mother, mother.locator("form:has(input[name=confirmed]) [type=submit]"))
    assert words["son"] in mother.inner_text("main")

    # The son opens the invitation link, logs in with his own account and second factor, accepts.
    link = invitation_link(worker, PROXY)
    son = new_page()
    son.set_viewport_size(PHONE)
    son.goto(link)
    assert "/accounts/login/" in son.url
    son.fill("input[name=login]", PROXY)
    son.fill("input[name=password]", "Demo-Portail-2026!")
    click_and_wait(son, son.locator("form:has([name=password]) [type=submit]"))
    second_factor(son, secrets[PROXY])
    assert "/proxy/accept/" in son.url
    screens.look(son, "accept")
    click_and_wait(son, son.locator("main form [type=submit]"))
    screens.look(son, "files")
    click_and_wait(son, son.locator("form[action*='/portal/files/'][action$='/open/'] [type=submit]").first)

    # In his mother's file: her name is on every screen.
    name = mother_file.full_name_ar if lang == "ar" else mother_file.full_name
    assert name in son.inner_text(".acting-banner")
    screens.look(son, "mothers-dashboard")
    son.goto(f"/{lang}/portal/attestations/")
    with son.expect_download() as download:
        son.locator("form[action$='/portal/attestations/download/'] [type=submit]").click()
    pdf = tmp_path / "attestation.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    son.goto(f"/{lang}/portal/claims/new/")
    assert name in son.inner_text(".acting-banner")
    son.select_option("select[name=category]", index=1)
    son.fill("input[name=subject]", words["subject"])
    son.fill("textarea[name=description]", words["description"])
    screens.look(son, "claim-form")
    click_and_wait(son, son.locator("form.claim-form [type=submit]"))
    claim = Claim.objects.get(subject=words["subject"])
    assert claim.member == mother_file and claim.language == lang
    screens.look(son, "claim-received")

    # The fund's agent answers in the admin; the worker tells the mother by text message.
    agent = new_page()
    log_in(agent, "fr", AGENT, next_url=f"/admin/claims/{claim.pk}/")
    second_factor(agent, secrets[AGENT])
    agent.goto(f"/admin/claims/{claim.pk}/")
    agent.fill("textarea[name=body]", words["answer"])
    agent.locator("input[name=kind]").first.check()
    click_and_wait(agent, agent.locator("form:has(textarea[name=body]) [type=submit]").first)
    worker.wait_for_tasks()
    texts = gateway.texts_to("+212661234578")  # the mobile on her file
    # Two text messages: her son's access (which no one can turn off), then the answer, in the claim's language.
    assert len(texts) == 2, gateway.messages
    assert words["son"] in texts[0]
    with translation.override(lang):
        assert texts[1] == gettext("The fund has answered your claim %(reference)s. Read it in your space.") % {
            "reference": claim.reference
        }
    assert words["answer"] not in texts[1]  # what the agent wrote stays behind the login

    # The mother sees what her son did, and how.
    mother.goto(f"/{lang}/portal/access-log/")
    log = mother.inner_text("main")
    screens.look(mother, "who-acted")
    helper_rows = [row for row in log.splitlines() if words["son"] in row]
    assert len(helper_rows) >= 3, log  # accepted, opened the file, the attestation, the claim
    assert shown("as a proxy", lang, context="via") in log
    actions = set(AuditEvent.objects.filter(member=mother_file, via=Via.PROXY).values_list("action", flat=True))
    assert {"attestation_issued", "claims.filed"} <= actions, actions
    screens.assert_clean()
