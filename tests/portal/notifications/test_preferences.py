"""How one is told: the language of messages and, per kind, e-mail and text message."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import AuditEvent
from portal.notifications.choices import AuditAction
from portal.notifications.models import Contact
from tests.portal.notifications.conftest import acting_as_proxy, logged_in
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

NO_MOBILE = "Text messages need a mobile number: add one first."
MANDATORY = "This message is important for your rights: it is always sent by every means we have."


def url(language="fr"):
    with translation.override(language):
        return reverse("notifications:preferences")


def checked(page, name):
    """Whether the box ``name`` is ticked on the page (and whether it is disabled)."""
    start = page.index(f'name="{name}"')
    tag = page[page.rindex("<input", 0, start) : page.index(">", start)]
    return "checked" in tag, "disabled" in tag


def test_the_page_shows_where_messages_go(amina):
    page = text(logged_in(amina.user).get(url()))
    assert "amina@example.org" in page
    assert "+2126••••••78" in page  # the file's mobile, masked
    assert "0612345678" not in page
    assert checked(page, "announcement__email") == (True, False)  # the kind's default
    assert checked(page, "announcement__sms") == (False, False)


def test_choices_are_saved_and_shown_again(amina):
    client = logged_in(amina.user)
    response = client.post(url(), {"language": "ar", "announcement__sms": "on"})
    assert response.status_code == 302
    contact = Contact.objects.get(account=amina.user)
    assert contact.language == "ar"
    assert contact.channels["announcement"] == ["sms"]
    page = text(client.get(url()))
    assert checked(page, "announcement__email") == (False, False)
    assert checked(page, "announcement__sms") == (True, False)
    arabic = page[page.index('name="language" value="ar"') :]
    assert "checked" in arabic[: arabic.index(">")]
    event = AuditEvent.objects.get(action=AuditAction.PREFERENCES)
    assert event.actor == amina.user and event.member == amina
    assert event.details["channels"]["announcement"] == ["sms"]


def test_a_mandatory_kind_cannot_be_turned_off(amina, mandatory_kind):
    client = logged_in(amina.user)
    page = text(client.get(url()))
    assert checked(page, "test.suspension__email") == (True, True)
    assert checked(page, "test.suspension__sms") == (True, True)
    assert shown(MANDATORY) in page
    assert 'aria-describedby="mandatory-test.suspension"' in page
    # A forged POST that leaves its boxes out changes nothing for it.
    response = client.post(url(), {"language": "fr", "announcement__email": "on"})
    assert response.status_code == 302
    contact = Contact.objects.get(account=amina.user)
    assert "test.suspension" not in contact.channels
    page = text(client.get(url()))
    assert checked(page, "test.suspension__email") == (True, True)


def test_text_messages_without_a_mobile_are_refused(karim):
    """Karim's file holds a landline and he added no mobile: the SMS boxes are disabled, a forged one refused."""
    client = logged_in(karim.user)
    page = text(client.get(url()))
    assert checked(page, "announcement__sms") == (False, True)
    assert shown("Add a mobile number") in page
    response = client.post(url(), {"language": "fr", "announcement__email": "on", "announcement__sms": "on"})
    assert response.status_code == 400
    assert shown(NO_MOBILE) in text(response)
    assert not Contact.objects.filter(account=karim.user).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.PREFERENCES).exists()


def test_an_unknown_language_is_refused_and_nothing_changes(amina):
    Contact.objects.create(account=amina.user, language="fr", channels={"announcement": ["email"]})
    response = logged_in(amina.user).post(url(), {"language": "en", "announcement__sms": "on"})
    assert response.status_code == 400
    assert shown("Choose French or Arabic.") in text(response)
    contact = Contact.objects.get(account=amina.user)
    assert (contact.language, contact.channels) == ("fr", {"announcement": ["email"]})


def test_a_verified_mobile_of_ones_own_is_used_and_can_be_removed(karim):
    Contact.objects.create(account=karim.user, mobile="+212661234567", mobile_verified_at=timezone.now())
    client = logged_in(karim.user)
    page = text(client.get(url()))
    assert "+2126••••••67" in page
    assert checked(page, "announcement__sms") == (False, False)
    response = client.post(reverse("notifications:mobile_remove"))
    assert response.status_code == 302
    contact = Contact.objects.get(account=karim.user)
    assert contact.mobile == "" and contact.mobile_verified_at is None
    assert AuditEvent.objects.filter(action=AuditAction.MOBILE, details__change="removed").exists()
    assert checked(text(client.get(url())), "announcement__sms") == (False, True)


def test_an_account_without_a_file_chooses_too(widow):
    client = logged_in(widow)
    page = text(client.get(url()))
    assert "fatima@example.org" in page
    assert checked(page, "announcement__sms") == (False, True)
    assert client.post(url(), {"language": "ar", "announcement__email": "on"}).status_code == 302
    assert Contact.objects.get(account=widow).language == "ar"


def test_a_proxy_cannot_change_how_the_member_is_told(amina, son):
    client = acting_as_proxy(amina, son)
    assert client.get(url()).status_code == 403
    assert client.post(url(), {"language": "ar"}).status_code == 403
    assert not Contact.objects.exists()


def test_anonymous_visitor_is_sent_to_login():
    from django.test import Client

    response = Client().post(url(), {"language": "ar"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Contact.objects.exists()


def test_preferences_in_arabic(amina):
    page = text(logged_in(amina.user).get(url("ar")))
    assert shown("How I am told", "ar") in page
    assert shown("Save my choices", "ar") in page
    assert shown("Messages from the fund to all members", "ar") in page
    assert '<bdi dir="ltr">+2126••••••78</bdi>' in page
