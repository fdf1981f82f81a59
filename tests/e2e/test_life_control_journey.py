"""Journey 7: the life control of pensioners abroad, in Arabic, on a phone.

1. A pensioner living in France opens the link of his letter (its QR code) on his phone, types his birth
   date with the Arabic-Indic digits of his keyboard, sends the two photos (his identity document, then
   himself holding it with the code the page showed) and reads the confirmation. The fund's agent
   (desktop, French admin, second factor) finds the answer in the queue, sees both photos and the code
   to look for, and accepts. The pensioner, back on the letter's page or in his space, reads "accepted".
2. A pensioner living in Spain never answers. The days of the campaign are driven through the daily job
   (``daily.run(today=...)``: opening, D-30, D-7, deadline), each notice's e-mail really sent (the
   delivery attempted at that day's time, through the mail backend). The day before the grace period
   ends, nothing is suspended; the day it ends, the pension is suspended and the suspension exported.
   His consulate then sends a certificate: the agent records it in the admin and accepts it; the
   status is "reinstated" and the reinstatement export is written at once (the task queued on accept).

Every screen the pensioners see is measured at 390 px in Arabic (no horizontal scroll, no overlapping
text, every control on the screen), checked with axe-core and kept as a screenshot in
test-artifacts/screenshots/life-<step>-ar.jpg. Texts are compared with the catalogues (``shown``), so
the checks hold once the catalogues are filled.

Time is driven through the services with ``today=``/``now=`` rather than waited for: the campaign of the
second journey lies in the past (it opened 72 days ago, its grace period ended yesterday), so that its
notices reach the person on their own days and the agent's reinstatement comes after the suspension.
While those days are replayed, tasks go to the database queue, which nothing runs: each delivery is
attempted by the test at its day's time, as the worker would have done that day.
"""

import datetime
import json

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from demo.accounts import AGENT
from portal.lifecontrol import codes, daily, letter_pdf, notices, services
from portal.lifecontrol.choices import Channel, CheckStatus, Method, NoticeKind, Review
from portal.lifecontrol.models import Campaign, LifeCheck, Notice, Submission
from portal.lifecontrol.permissions import LIFE_CONTROL_AGENTS, ensure_groups
from portal.notifications import delivery
from portal.notifications.choices import DeliveryStatus
from portal.notifications.models import Delivery
from tests.e2e.conftest import DB_QUEUE
from tests.e2e.support import PHONE, Screens, screenshot
from tests.e2e.test_member_journey import log_in as staff_log_in
from tests.e2e.test_member_journey import second_factor
from tests.portal import factories
from tests.portal.sample_files import image_bytes, pdf_bytes
from tests.portal.text import shown

pytestmark = pytest.mark.browser

JOURNEY = "life"
LANG = "ar"
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def agent_secret(demo_members):
    """The demo agent, a life-control agent too, with TOTP set up (as every staff account has); its secret."""
    ensure_groups()
    agent = get_user_model().objects.get(email=AGENT)
    agent.groups.add(Group.objects.get(name=LIFE_CONTROL_AGENTS))
    secret = generate_totp_secret()
    TOTP.activate(agent, secret)
    return secret


@pytest.fixture
def export_dir(settings, tmp_path):
    settings.LIFE_CONTROL_EXPORT_DIR = tmp_path / "exports"
    return settings.LIFE_CONTROL_EXPORT_DIR


def pensioner(*, country, pension_number, birth_date, first_name, last_name, first_name_ar, last_name_ar):
    """A pensioner living abroad, with an account he may or may not manage to use."""
    user = factories.UserFactory(first_name=first_name, last_name=last_name)
    return factories.MemberFactory(
        user=user,
        status="retired",
        country=country,
        pension_number=pension_number,
        birth_date=birth_date,
        first_name=first_name,
        last_name=last_name,
        first_name_ar=first_name_ar,
        last_name_ar=last_name_ar,
        email=user.email,
        phone="",  # e-mail only: the notices' deliveries are the e-mails this test reads
        city="Lyon" if country == "FR" else "Madrid",
        postal_code="69003" if country == "FR" else "28012",
    )


def opened_campaign(*, opens_on, deadline, countries, now=None):
    campaign = Campaign.objects.create(
        name=f"Contrôle de vie {opens_on.year} ({', '.join(countries)})",
        year=opens_on.year,
        opens_on=opens_on,
        deadline=deadline,
        grace_days=30,
        countries=countries,
    )
    services.open_campaign(campaign, actor=None, now=now)
    campaign.refresh_from_db()
    return campaign


def arabic(text):
    """What a phone keyboard set to Arabic types: Arabic-Indic digits."""
    return text.translate(ARABIC_DIGITS)


def jpeg(name):
    return {"name": name, "mimeType": "image/jpeg", "buffer": image_bytes(size=(640, 480))}


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def member_log_in(page, user, next_url):
    page.goto(f"/{LANG}/accounts/login/?next={next_url}")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", factories.PASSWORD)
    click_and_wait(page, page.locator("form:has([name=password]) [type=submit]"))
    assert page.url.endswith(next_url), page.url


def type_code_and_birth_date(page, code, birth_date):
    """The letter's page, opened by its QR code: the code is filled in; the birth date typed in Arabic digits."""
    response = page.goto(letter_pdf.code_url("", code, LANG))  # the address the letter's QR code holds
    assert response.status == 200
    assert page.input_value("input[name=code]") == code
    page.fill("input[name=birth_date]", arabic(f"{birth_date:%d/%m/%Y}"))
    click_and_wait(page, page.locator("form:has(input[name=birth_date]) [type=submit]"))


def test_a_pensioner_abroad_answers_with_two_photos_from_his_letters_link(new_page, agent_secret, export_dir):
    screens = Screens(JOURNEY, LANG)
    today = timezone.localdate()
    ahmed = pensioner(
        country="FR",
        pension_number="PR2014000777",
        birth_date=datetime.date(1950, 3, 2),
        first_name="Ahmed",
        last_name="Tazi",
        first_name_ar="أحمد",
        last_name_ar="التازي",
    )
    campaign = opened_campaign(
        opens_on=today - datetime.timedelta(days=10), deadline=today + datetime.timedelta(days=50), countries=["FR"]
    )
    check = LifeCheck.objects.get(campaign=campaign, member=ahmed)
    code = codes.letter_code(campaign.pk, ahmed.pk)

    # 1. On his phone, the letter's link; his birth date typed with Arabic-Indic digits.
    phone = new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(letter_pdf.code_url("", code, LANG))
    screens.look(phone, "code")
    type_code_and_birth_date(phone, code, ahmed.birth_date)
    assert phone.url.endswith(f"/{LANG}/life-certificate/answer/"), phone.url
    page_text = phone.inner_text("main")
    # The page says what is asked and by when, and nothing else of his file.
    assert str(campaign.year) in page_text
    for private in (ahmed.last_name, ahmed.last_name_ar, ahmed.pension_number, ahmed.national_id, ahmed.email):
        assert private not in page_text
    screen_code = phone.inner_text(".life-code").strip()
    assert len(screen_code) == 6 and screen_code.isdigit()
    screens.look(phone, "answer")

    # Sent without the photos: told what is missing, nothing written.
    photos = phone.locator("form:has(input[name=method][value=photos])")
    click_and_wait(phone, photos.locator("[type=submit]"))
    assert phone.locator("#form-errors, .error-summary, [role=alert]").count() >= 1
    assert shown("This field is required.", LANG) in phone.inner_text("main")
    assert not Submission.objects.filter(life_check=check).exists()
    assert phone.inner_text(".life-code").strip() == screen_code  # the code on his paper is still the one asked
    screens.look(phone, "answer-missing-photos")

    # The two photos, as a phone's camera gives them.
    photos = phone.locator("form:has(input[name=method][value=photos])")
    photos.locator("input[name=identity_document]").set_input_files(jpeg("IMG_0001.jpg"))
    photos.locator("input[name=holding_document]").set_input_files(jpeg("IMG_0002.jpg"))
    click_and_wait(phone, photos.locator("[type=submit]"))
    assert phone.url.endswith(f"/{LANG}/life-certificate/sent/#main"), phone.url
    assert shown("Your answer has been sent", LANG) in phone.inner_text("main")
    screens.look(phone, "sent")
    answer = Submission.objects.get(life_check=check)
    assert (answer.method, answer.channel, answer.screen_code) == (Method.PHOTOS, Channel.LETTER_CODE, screen_code)
    assert sorted(answer.files.values_list("content_type", flat=True)) == ["image/jpeg", "image/jpeg"]
    check.refresh_from_db()
    assert check.status == CheckStatus.SUBMITTED

    # 2. The agent: the queue, the answer with both photos and the code to look for, accepted.
    agent = new_page()
    staff_log_in(agent, "fr", AGENT, next_url="/admin/life-control/review/")
    second_factor(agent, agent_secret)
    agent.goto("/admin/life-control/review/")
    assert ahmed.pension_number in agent.inner_text("main")
    click_and_wait(agent, agent.locator(f"a[href$='/admin/life-control/answers/{answer.pk}/']").first)
    assert screen_code in agent.inner_text("main")
    images = agent.locator(".lc-files img")
    assert images.count() == 2
    for number in range(2):
        assert images.nth(number).evaluate("(img) => img.complete && img.naturalWidth > 0"), "a photo did not load"
    screenshot(agent, JOURNEY, "agent-compares", LANG)
    agent.locator("input[name=decision][value=accept]").check()
    click_and_wait(agent, agent.locator("form:has(input[name=decision]) [type=submit]"))
    answer.refresh_from_db()
    check.refresh_from_db()
    assert answer.review == Review.ACCEPTED and check.status == CheckStatus.ACCEPTED

    # 3. Back on the letter's page: nothing more to send. In his space: "accepted", with the year's history.
    type_code_and_birth_date(phone, code, ahmed.birth_date)
    assert shown("Your life certificate for this year is accepted: there is nothing more to send.", LANG) in (
        phone.inner_text("main")
    )
    screens.look(phone, "accepted-by-code")
    member_log_in(phone, ahmed.user, f"/{LANG}/portal/life-certificate/")
    assert shown("Accepted", LANG, context="life check") in phone.inner_text("main")
    screens.look(phone, "accepted-in-space")
    screens.assert_clean()


def _deliver_notices(check, moment):
    """What the worker does on the day: attempt each of the notices' deliveries, at that day's time."""
    pending = Delivery.objects.filter(
        notification__life_notice__life_check=check, status=DeliveryStatus.PENDING
    ).values_list("pk", flat=True)
    for delivery_id in pending:
        delivery.attempt(delivery_id, now=moment)


def _at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def run_day(settings, day, hour=9):
    """The daily job on ``day``, its tasks left in the database queue (nothing runs them): the test attempts
    the deliveries at the day's time, as the worker would have done that day."""
    before = settings.TASKS
    settings.TASKS = DB_QUEUE
    try:
        return daily.run(today=day, now=_at(day, hour))
    finally:
        settings.TASKS = before


def test_a_pensioner_who_never_answers_is_suspended_only_after_two_notices_and_the_grace_period(
    new_page, agent_secret, export_dir, settings, tmp_path
):
    screens = Screens(JOURNEY, LANG)
    today = timezone.localdate()
    # The grace period (30 days after the deadline, both notices having reached him before it) ended yesterday.
    deadline = today - datetime.timedelta(days=32)
    opens_on = deadline - datetime.timedelta(days=40)
    youssef = pensioner(
        country="ES",
        pension_number="PR2012000555",
        birth_date=datetime.date(1948, 11, 9),
        first_name="Youssef",
        last_name="Alami",
        first_name_ar="يوسف",
        last_name_ar="العلمي",
    )
    campaign = opened_campaign(opens_on=opens_on, deadline=deadline, countries=["ES"], now=_at(opens_on, 8))
    check = LifeCheck.objects.get(campaign=campaign, member=youssef)
    code = codes.letter_code(campaign.pk, youssef.pk)

    # The notices, each on its day, each e-mail sent that day.
    days = {
        NoticeKind.OPENING: opens_on,
        NoticeKind.DAY_30: deadline - datetime.timedelta(days=30),
        NoticeKind.DAY_7: deadline - datetime.timedelta(days=7),
        NoticeKind.DEADLINE: deadline,
    }
    mail.outbox.clear()
    for kind, day in days.items():
        run_day(settings, day)
        _deliver_notices(check, _at(day, 10))
        assert Notice.objects.filter(life_check=check, kind=kind).exists(), kind
    to_him = [message for message in mail.outbox if youssef.email in message.to]
    assert len(to_him) == 4, [message.subject for message in mail.outbox]
    # Each e-mail carries the letter's code: he can answer without logging in.
    assert all(code in message.body for message in to_him)
    assert [fact.reached_on for fact in notices.facts(check)] == list(days.values())
    check.refresh_from_db()
    assert check.status == CheckStatus.NOTIFIED

    # The day after the deadline: overdue; his space says so (a suspension needs two reminders and a grace period).
    run_day(settings, deadline + datetime.timedelta(days=1))
    check.refresh_from_db()
    assert check.status == CheckStatus.OVERDUE
    phone = new_page()
    phone.set_viewport_size(PHONE)
    member_log_in(phone, youssef.user, f"/{LANG}/portal/life-certificate/")
    assert shown("Deadline passed", LANG, context="life check") in phone.inner_text("main")
    screens.look(phone, "overdue")

    yesterday = today - datetime.timedelta(days=1)
    summary = run_day(settings, yesterday - datetime.timedelta(days=1), hour=23)
    check.refresh_from_db()
    assert check.status == CheckStatus.OVERDUE and check.suspended_at is None, summary
    assert not list(export_dir.glob("suspensions-*.jsonl"))

    # The grace period is over: suspended, and the suspension exported for the core system.
    summary = run_day(settings, yesterday, hour=6)
    check.refresh_from_db()
    assert check.status == CheckStatus.SUSPENDED, summary
    assert timezone.localdate(check.suspended_at) == yesterday
    [suspensions] = export_dir.glob("suspensions-*.jsonl")
    line = json.loads(suspensions.read_text(encoding="utf-8").splitlines()[0])
    assert line["pension_number"] == youssef.pension_number and len(line["notices"]) == 4

    phone.goto(f"/{LANG}/portal/life-certificate/")
    text = phone.inner_text("main")
    assert shown("Pension suspended", LANG, context="life check") in text
    screens.look(phone, "suspended")

    # His consulate sends the certificate: the agent records it and accepts it.
    agent = new_page()
    staff_log_in(agent, "fr", AGENT, next_url=f"/admin/life-control/checks/{check.pk}/")
    second_factor(agent, agent_secret)
    agent.goto(f"/admin/life-control/checks/{check.pk}/")
    record = agent.locator("form[action$='/record/']")
    record.locator(f"input[name=channel][value={Channel.CONSULATE.value}]").check()
    record.locator("input[name=received_on]").fill(today.isoformat())
    scan = tmp_path / "certificat-consulat.pdf"
    scan.write_bytes(pdf_bytes("Certificat de vie - Consulat general du Maroc a Madrid"))
    record.locator("input[name=scan]").set_input_files(str(scan))
    record.locator("textarea[name=note]").fill("Reçu par la valise du consulat général de Madrid.")
    screenshot(agent, JOURNEY, "agent-records", LANG)
    click_and_wait(agent, record.locator("[type=submit]"))
    answer = Submission.objects.get(life_check=check)
    assert (answer.method, answer.channel, answer.received_on) == (Method.RECORDED, Channel.CONSULATE, today)
    assert agent.url.endswith(f"/admin/life-control/answers/{answer.pk}/"), agent.url
    agent.locator("input[name=decision][value=accept]").check()
    click_and_wait(agent, agent.locator("form:has(input[name=decision]) [type=submit]"))
    check.refresh_from_db()
    assert check.status == CheckStatus.REINSTATED and check.reinstated_at is not None

    # The reinstatement is exported the same moment (the task queued on acceptance), not at the next daily run.
    [reinstatements] = export_dir.glob("reinstatements-*.jsonl")
    line = json.loads(reinstatements.read_text(encoding="utf-8").splitlines()[0])
    assert line["pension_number"] == youssef.pension_number
    assert (line["suspended_on"], line["reinstated_on"]) == (yesterday.isoformat(), today.isoformat())

    phone.goto(f"/{LANG}/portal/life-certificate/")
    assert shown("Pension reinstated", LANG, context="life check") in phone.inner_text("main")
    screens.look(phone, "reinstated")
    screens.assert_clean()
