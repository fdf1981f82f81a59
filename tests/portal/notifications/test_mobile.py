"""A mobile number for text messages: proved by a 6-digit code sent to it, limited, and removable."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import AuditEvent
from portal.notifications import mobile, sms
from portal.notifications.choices import AuditAction
from portal.notifications.models import Contact
from tests.portal.notifications.conftest import acting_as_proxy, logged_in
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

WRONG = "This code is not the one we sent. Check it and try again."
EXPIRED = "This code has expired or was tried too many times. Ask for a new one."
TOO_MANY_TRIES = "This code was tried too many times. Ask for a new one."


def url(name, language="fr"):
    with translation.override(language):
        return reverse(f"notifications:{name}")


def ask_code(client, number, capture, language="fr"):
    with capture(execute=True):
        return client.post(url("mobile", language), {"number": number})


def code_in(message):
    return re.search(r"\d{6}", message["text"]).group()


def test_the_full_flow(karim, recorded_sms, django_capture_on_commit_callbacks):
    client = logged_in(karim.user)
    response = ask_code(client, "06 61 23 45 67", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == url("mobile_code")
    assert len(recorded_sms) == 1
    assert recorded_sms[0]["to"] == "+212661234567"
    code = code_in(recorded_sms[0])
    # Nothing is the member's before the code comes back.
    assert not Contact.objects.filter(account=karim.user, mobile__gt="").exists()
    page = text(client.get(url("mobile_code")))
    assert '<bdi dir="ltr">+212661234567</bdi>' in page
    response = client.post(url("mobile_code"), {"code": code})
    assert response.status_code == 302 and response["Location"] == url("preferences")
    contact = Contact.objects.get(account=karim.user)
    assert contact.mobile == "+212661234567" and contact.mobile_verified_at is not None
    event = AuditEvent.objects.get(action=AuditAction.MOBILE)
    assert event.actor == karim.user and event.member == karim and event.details == {"change": "confirmed"}
    assert "+2126••••••67" in text(client.get(url("preferences")))
    # The code is used up.
    assert client.post(url("mobile_code"), {"code": code})["Location"] == url("mobile")


def test_the_code_fits_one_text_message_in_both_languages():
    for language in ("fr", "ar"):
        with translation.override(language):
            message = str(mobile.CODE_SMS) % {"code": "123456", "minutes": mobile.CODE_MINUTES}
        assert sms.segments(message) == 1, message


def test_the_code_is_sent_in_the_pages_language(karim, recorded_sms, django_capture_on_commit_callbacks):
    ask_code(logged_in(karim.user), "0661234567", django_capture_on_commit_callbacks, language="ar")
    with translation.override("ar"):
        expected = str(mobile.CODE_SMS).split("%(code)s")[0]
    assert recorded_sms[0]["text"].startswith(expected)


def test_the_code_is_not_kept_in_clear(karim, recorded_sms, django_capture_on_commit_callbacks):
    client = logged_in(karim.user)
    ask_code(client, "0661234567", django_capture_on_commit_callbacks)
    stored = client.session[mobile.SESSION_KEY]
    assert code_in(recorded_sms[0]) not in str(stored)


def test_a_wrong_code_is_refused_and_nothing_changes(karim, recorded_sms, django_capture_on_commit_callbacks):
    client = logged_in(karim.user)
    ask_code(client, "0661234567", django_capture_on_commit_callbacks)
    right = code_in(recorded_sms[0])
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    response = client.post(url("mobile_code"), {"code": wrong})
    assert response.status_code == 400
    assert shown(WRONG) in text(response)
    assert not Contact.objects.exists()
    # Not six digits: the form says so.
    response = client.post(url("mobile_code"), {"code": "12ab"})
    assert response.status_code == 400 and shown("The code has 6 digits.") in text(response)
    # The right one still works after a wrong one.
    assert client.post(url("mobile_code"), {"code": right}).status_code == 302
    assert Contact.objects.get().mobile == "+212661234567"


def test_an_expired_code_is_refused(karim, recorded_sms, django_capture_on_commit_callbacks):
    client = logged_in(karim.user)
    ask_code(client, "0661234567", django_capture_on_commit_callbacks)
    session = client.session
    challenge = session[mobile.SESSION_KEY]
    challenge["expires_at"] = (timezone.now() - datetime.timedelta(seconds=1)).isoformat()
    session[mobile.SESSION_KEY] = challenge
    session.save()
    response = client.post(url("mobile_code"), {"code": code_in(recorded_sms[0])}, follow=True)
    assert response.redirect_chain[-1][0] == url("mobile")
    assert shown(EXPIRED) in text(response)
    assert not Contact.objects.exists()


def test_five_wrong_tries_end_the_code(karim, recorded_sms, django_capture_on_commit_callbacks):
    client = logged_in(karim.user)
    ask_code(client, "0661234567", django_capture_on_commit_callbacks)
    right = code_in(recorded_sms[0])
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _ in range(mobile.MAX_TRIES - 1):
        assert client.post(url("mobile_code"), {"code": wrong}).status_code == 400
    response = client.post(url("mobile_code"), {"code": wrong}, follow=True)
    assert shown(TOO_MANY_TRIES) in text(response)
    # Even the right code is refused now.
    assert client.post(url("mobile_code"), {"code": right})["Location"] == url("mobile")
    assert not Contact.objects.exists()


def test_at_most_three_codes_an_hour(karim, recorded_sms, django_capture_on_commit_callbacks):
    client = logged_in(karim.user)
    for _ in range(mobile.CODES_PER_HOUR):
        assert ask_code(client, "0661234567", django_capture_on_commit_callbacks).status_code == 302
    response = ask_code(client, "0661234567", django_capture_on_commit_callbacks)
    assert response.status_code == 400
    expected = shown(
        "You asked for %(count)d codes in the last hour: wait an hour before asking for another one.", count=3
    )
    assert expected in text(response)
    assert len(recorded_sms) == mobile.CODES_PER_HOUR


def test_arabic_indic_digits_are_read(karim, recorded_sms, django_capture_on_commit_callbacks):
    client = logged_in(karim.user)
    ask_code(client, "٠٦٦١٢٣٤٥٦٧", django_capture_on_commit_callbacks)
    assert recorded_sms[0]["to"] == "+212661234567"
    arabic_code = code_in(recorded_sms[0]).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert client.post(url("mobile_code"), {"code": arabic_code}).status_code == 302
    assert Contact.objects.get().mobile == "+212661234567"


def test_a_foreign_mobile_is_accepted(karim, recorded_sms, django_capture_on_commit_callbacks):
    client = logged_in(karim.user)
    ask_code(client, "+33 6 12 34 56 78", django_capture_on_commit_callbacks)
    assert recorded_sms[0]["to"] == "+33612345678"
    client.post(url("mobile_code"), {"code": code_in(recorded_sms[0])})
    assert Contact.objects.get().mobile == "+33612345678"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("05 37 12 34 56", "This is a landline: text messages need a mobile number."),
        ("hello", "This is not a phone number. Foreign numbers start with + and the country code."),
        ("06 12", "This number does not exist. Check it, with the country code if it is not Moroccan."),
    ],
)
def test_a_number_that_cannot_take_text_messages_is_refused(
    karim, recorded_sms, django_capture_on_commit_callbacks, number, message
):
    client = logged_in(karim.user)
    response = ask_code(client, number, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert shown(message) in text(response)
    assert recorded_sms == []
    assert mobile.SESSION_KEY not in client.session
    assert not Contact.objects.exists()


def test_the_code_page_without_a_code_sends_back(karim):
    response = logged_in(karim.user).get(url("mobile_code"))
    assert response["Location"] == url("mobile")


def test_a_proxy_cannot_set_the_members_mobile(amina, son, recorded_sms, django_capture_on_commit_callbacks):
    client = acting_as_proxy(amina, son)
    assert client.get(url("mobile")).status_code == 403
    assert ask_code(client, "0661234567", django_capture_on_commit_callbacks).status_code == 403
    assert client.post(url("mobile_remove")).status_code == 403
    assert recorded_sms == []


def test_anonymous_visitor_is_sent_to_login():
    from django.test import Client

    for name in ("mobile", "mobile_code", "mobile_remove"):
        response = Client().post(url(name), {"number": "0661234567"})
        assert response.status_code == 302 and "login" in response["Location"]


def test_mobile_pages_in_arabic(karim, recorded_sms, django_capture_on_commit_callbacks):
    client = logged_in(karim.user)
    page = text(client.get(url("mobile", "ar")))
    assert shown("Mobile number for text messages", "ar") in page
    assert shown("Send me a code", "ar") in page
    ask_code(client, "0661234567", django_capture_on_commit_callbacks, language="ar")
    page = text(client.get(url("mobile_code", "ar")))
    assert shown("Confirm my number", "ar") in page
    assert '<bdi dir="ltr">+212661234567</bdi>' in page
