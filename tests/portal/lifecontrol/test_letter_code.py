"""The page without an account: the letter's code and the birth date open a one-time answer page.

Wrong code and wrong date answer the same bytes; the code locks after repeated wrong dates (then
even the right date fails); the page reaches only the code's own check, once, for 30 minutes.
"""

import datetime
import re
import time

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal.lifecontrol import codes, public
from portal.lifecontrol.choices import Channel, CheckStatus, Method
from portal.lifecontrol.models import LifeCheck, Submission
from portal.models import AuditEvent
from tests.portal.lifecontrol.test_member_pages import BIRTH, french, open_campaign, pensioner  # noqa: F401
from tests.portal.sample_files import image_bytes, pdf_bytes
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

RIGHT_DATE = BIRTH.strftime("%d/%m/%Y")
NO_MATCH = (
    "This code and this date of birth do not open an answer. Check the code on your letter and your date "
    "of birth, then type both again. After several tries, wait an hour or call the fund."
)


@pytest.fixture(autouse=True)
def fresh_counters():
    caches["default"].clear()  # the per-address budget of another test must not spill over


@pytest.fixture
def two():
    """Two pensioners abroad in one campaign: the father (whose letter we hold) and a stranger."""
    father = pensioner("father@example.org", first_name="Driss", last_name="Zyqwertaoui")
    stranger = pensioner("stranger@example.org", country="BE", birth_date=datetime.date(1950, 1, 2))
    checks = open_campaign(father, stranger)
    return checks[father.pk], checks[stranger.pk]


def code_of(check):
    return codes.letter_code(check.campaign_id, check.member_id)


def wrong_code(check):
    real = codes.normalise(code_of(check))
    other = ("0" if real[0] != "0" else "1") + real[1:]
    return f"{other[:4]}-{other[4:8]}-{other[8:]}"


def post_code(client, code, date):
    return client.post(reverse("lifecontrol:code"), {"code": code, "birth_date": date})


def without_token(response):
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)


def test_the_qr_link_fills_in_the_code(two):
    check, _stranger = two
    code = code_of(check)
    response = Client().get(reverse("lifecontrol:code"), {"code": code})
    assert response.status_code == 200 and f'value="{code}"' in text(response)


def test_wrong_code_and_wrong_date_give_the_same_answer(two):
    check, _stranger = two
    wrong_code_response = post_code(Client(), wrong_code(check), RIGHT_DATE)
    wrong_date_response = post_code(Client(), code_of(check), "01/01/1960")
    assert wrong_code_response.status_code == wrong_date_response.status_code == 400
    assert shown(NO_MATCH) in text(wrong_code_response)
    assert without_token(wrong_code_response) == without_token(wrong_date_response)
    assert wrong_code_response.templates[0].name == wrong_date_response.templates[0].name
    failures = AuditEvent.objects.filter(action="lifecontrol.letter_code_failed")
    assert failures.count() == 2 and failures.filter(member=check.member).count() == 1


def test_the_right_code_and_date_open_the_answer_page_showing_nothing_of_the_file(two):
    check, _stranger = two
    client = Client()
    client.get(reverse("lifecontrol:code"))
    key_before = client.session.session_key
    # Typed as people type: lower case, spaces, Arabic-Indic digits in the date.
    typed = code_of(check).replace("-", " ").lower()
    arabic_date = RIGHT_DATE.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = post_code(client, typed, arabic_date)
    assert response.status_code == 303 and response["Location"] == reverse("lifecontrol:code_answer")
    assert client.session.session_key != key_before  # rotated
    page = client.get(reverse("lifecontrol:code_answer"))
    body = text(page)
    assert page.status_code == 200
    assert str(check.campaign.year) in body and shown("Send the two photos") in body
    member = check.member
    for secret in (member.last_name, member.first_name, member.pension_number, member.national_id, member.city):
        assert secret not in body
    assert member.full_name_ar not in body and check.case.reference not in body


def test_the_answer_is_sent_once_and_reaches_only_that_check(two):
    check, stranger = two
    client = Client()
    post_code(client, code_of(check), RIGHT_DATE)
    # A forged check id in the form is ignored: the session's check is the only one.
    response = client.post(
        reverse("lifecontrol:code_answer"),
        {
            "method": "certificate",
            "check": stranger.pk,
            "life_check": stranger.pk,
            "certificate": SimpleUploadedFile("c.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    assert response.status_code == 303 and response["Location"] == reverse("lifecontrol:code_sent") + "#main"
    answer = Submission.objects.get()
    assert answer.life_check_id == check.pk and answer.channel == Channel.LETTER_CODE
    assert answer.submitted_by is None and answer.method == Method.CERTIFICATE
    stranger.refresh_from_db()
    assert stranger.status == CheckStatus.NOT_CONTACTED
    assert shown("Your answer has been sent") in text(client.get(reverse("lifecontrol:code_sent")))
    # One time: the session forgot the check.
    again = client.post(
        reverse("lifecontrol:code_answer"),
        {"method": "certificate", "certificate": SimpleUploadedFile("c.pdf", pdf_bytes(), "application/pdf")},
    )
    assert again.status_code == 200 and Submission.objects.count() == 1
    assert public.SESSION_KEY not in client.session


def test_the_photo_check_without_an_account(two):
    check, _stranger = two
    client = Client()
    post_code(client, code_of(check), RIGHT_DATE)
    client.get(reverse("lifecontrol:code_answer"))
    code = client.session["lifecontrol_screen_codes"][str(check.pk)]
    response = client.post(
        reverse("lifecontrol:code_answer"),
        {
            "method": "photos",
            "identity_document": SimpleUploadedFile("id.jpg", image_bytes(), "image/jpeg"),
            "holding_document": SimpleUploadedFile("me.jpg", image_bytes(), "image/jpeg"),
        },
    )
    assert response.status_code == 303
    answer = Submission.objects.get()
    assert answer.screen_code == code and answer.method == Method.PHOTOS


def test_a_bad_file_without_an_account_is_refused_and_the_page_stays_open(two):
    check, _stranger = two
    client = Client()
    post_code(client, code_of(check), RIGHT_DATE)
    response = client.post(
        reverse("lifecontrol:code_answer"),
        {"method": "certificate", "certificate": SimpleUploadedFile("virus.exe", b"MZ" + b"\0" * 64)},
    )
    assert response.status_code == 400 and "virus.exe" in text(response)
    assert not Submission.objects.exists() and public.SESSION_KEY in client.session


def test_lockout_after_repeated_wrong_dates_even_the_right_date_fails(two, settings):
    check, _stranger = two
    settings.LIFE_CONTROL_CODE_MAX_FAILURES = 3
    settings.LIFE_CONTROL_ATTEMPTS_PER_HOUR = 50
    client = Client()
    for day in range(1, 4):
        assert post_code(client, code_of(check), f"0{day}/01/1960").status_code == 400
    check.refresh_from_db()
    assert check.code_locked_until is not None and check.code_locked_until > timezone.now()
    locked = post_code(client, code_of(check), RIGHT_DATE)
    wrong = post_code(Client(), wrong_code(check), RIGHT_DATE)
    assert locked.status_code == 400 and without_token(locked) == without_token(wrong)
    assert public.SESSION_KEY not in client.session
    # Once the lock has run out, the right date opens the page again.
    LifeCheck.objects.filter(pk=check.pk).update(code_locked_until=timezone.now() - datetime.timedelta(minutes=1))
    assert post_code(client, code_of(check), RIGHT_DATE).status_code == 303


def test_one_address_has_a_budget_of_tries(two, settings):
    check, _stranger = two
    settings.LIFE_CONTROL_ATTEMPTS_PER_HOUR = 2
    client = Client()
    post_code(client, wrong_code(check), RIGHT_DATE)
    post_code(client, wrong_code(check), RIGHT_DATE)
    refused = post_code(client, code_of(check), RIGHT_DATE)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert public.SESSION_KEY not in client.session


def test_the_answer_page_expires_after_30_minutes(two):
    check, _stranger = two
    client = Client()
    post_code(client, code_of(check), RIGHT_DATE)
    session = client.session
    session[public.SESSION_KEY] = {**session[public.SESSION_KEY], "until": int(time.time()) - 1}
    session.save()
    response = client.post(
        reverse("lifecontrol:code_answer"),
        {"method": "certificate", "certificate": SimpleUploadedFile("c.pdf", pdf_bytes(), "application/pdf")},
    )
    assert response.status_code == 200 and not Submission.objects.exists()
    assert shown(
        "Your time to answer has ended, or the code was not entered yet. Type the code on your letter again."
    ) in text(response)


def test_a_check_already_sent_says_so_without_a_form(two):
    check, _stranger = two
    first = Client()
    post_code(first, code_of(check), RIGHT_DATE)
    first.post(
        reverse("lifecontrol:code_answer"),
        {"method": "certificate", "certificate": SimpleUploadedFile("c.pdf", pdf_bytes(), "application/pdf")},
    )
    second = Client()
    post_code(second, code_of(check), RIGHT_DATE)
    page = second.get(reverse("lifecontrol:code_answer"))
    body = text(page)
    assert shown("Your answer is being checked: you will be told of the decision.") in body
    assert 'type="file"' not in body
    response = second.post(
        reverse("lifecontrol:code_answer"),
        {"method": "certificate", "certificate": SimpleUploadedFile("c.pdf", pdf_bytes(), "application/pdf")},
    )
    assert response.status_code == 200 and Submission.objects.count() == 1


def test_arabic_page_isolates_the_code_and_the_year(two):
    check, _stranger = two
    with translation.override("ar"):
        url = reverse("lifecontrol:code")
        answer_url = reverse("lifecontrol:code_answer")
    client = Client()
    form = text(client.get(url, {"code": code_of(check)}))
    assert 'name="code"' in form and re.search(
        r'<input[^>]+name="code"[^>]+dir="ltr"|<input[^>]+dir="ltr"[^>]+name="code"', form
    )
    client.post(url, {"code": code_of(check), "birth_date": RIGHT_DATE})
    body = text(client.get(answer_url))
    assert f'<bdi dir="ltr">{check.campaign.year}</bdi>' in body
    code = client.session["lifecontrol_screen_codes"][str(check.pk)]
    assert f'<bdi dir="ltr">{code}</bdi>' in body


def test_a_malformed_code_is_said_on_its_field_and_counts_nothing(two):
    check, _stranger = two
    response = post_code(Client(), "ABC", RIGHT_DATE)
    assert response.status_code == 400
    assert shown("The code has 10 letters and digits, as printed on your letter.") in text(response)
    check.refresh_from_db()
    assert check.code_failures == 0 and not AuditEvent.objects.filter(action="lifecontrol.letter_code_failed").exists()
