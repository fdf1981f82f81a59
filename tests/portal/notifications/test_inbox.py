"""The inbox: one's own messages only, unread ones marked, opening one marks it read and goes to its page."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.notifications import centre, selectors
from portal.notifications.announcements import ANNOUNCEMENT
from portal.notifications.models import Notification
from tests.portal.notifications.conftest import acting_as_proxy, logged_in, told
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db


def url(name, language="fr", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_inbox_lists_only_ones_own_messages_newest_first(amina, karim):
    told(amina, title="Old news")
    told(amina, title="Fresh news")
    told(karim, title="Karim's news")
    page = text(logged_in(amina.user).get(url("notifications:inbox")))
    assert page.index("Fresh news") < page.index("Old news")
    assert "Karim's news" not in page


def test_unread_messages_are_marked_and_counted_in_the_link(amina):
    told(amina, title="Unread one")
    told(amina, title="Unread two")
    told(amina, title="Already read", read=True)
    response = logged_in(amina.user).get(url("notifications:inbox"))
    page = text(response)
    assert page.count('class="inbox-item inbox-unread"') == 2
    assert page.count(f'{shown("New")}<span class="visually-hidden">') == 2
    # The count is inside the navigation link, read with "Messages".
    assert f'{shown("Messages")} <span class="badge">2 ' in page
    summary = translation.ngettext("You have %(counter)s unread message.", "You have %(counter)s unread messages.", 2)
    assert summary % {"counter": 2} in page


def test_the_count_is_on_every_portal_page(amina):
    told(amina)
    page = text(logged_in(amina.user).get(reverse("portal:dashboard")))
    assert 'class="badge">1 ' in page


def test_opening_a_message_marks_it_read_and_goes_to_its_page(amina, page_kind):
    notification = centre.notify(page_kind, member=amina, params={"month": "septembre 2026"})
    client = logged_in(amina.user)
    response = client.get(url("notifications:open", pk=notification.pk))
    assert response.status_code == 302
    assert response["Location"] == url("portal:payments")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_message_without_a_page_leads_back_to_the_inbox_in_the_same_language(amina):
    notification = told(amina)
    response = logged_in(amina.user).get(url("notifications:open", "ar", pk=notification.pk))
    assert response["Location"] == url("notifications:inbox", "ar")


def test_another_persons_message_is_not_found_and_stays_unread(amina, karim):
    theirs = told(karim)
    response = logged_in(amina.user).get(url("notifications:open", pk=theirs.pk))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_as_read(amina, karim):
    told(amina)
    told(amina)
    theirs = told(karim)
    client = logged_in(amina.user)
    response = client.post(url("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(member=amina, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert shown("Every message is marked as read.") in text(client.get(url("notifications:inbox")))


def test_mark_all_is_a_post(amina):
    told(amina)
    response = logged_in(amina.user).get(url("notifications:mark_all_read"))
    assert response.status_code == 405
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_inbox_is_paginated_by_25(amina):
    for number in range(30):
        told(amina, title=f"Message {number:02d}")
    client = logged_in(amina.user)
    first = text(client.get(url("notifications:inbox")))
    assert first.count('class="inbox-item') == 25
    assert "Message 29" in first and "Message 04" not in first
    second = text(client.get(url("notifications:inbox") + "?page=2"))
    assert second.count('class="inbox-item') == 5
    assert "Message 00" in second


def test_an_account_without_a_file_has_an_inbox(widow):
    told(account=widow, title="Your survivor's pension request")
    page = text(logged_in(widow).get(url("notifications:inbox")))
    assert "Your survivor's pension request" in page


def test_a_proxy_acting_for_the_member_cannot_read_her_messages(amina, son):
    told(amina, title="Private to Amina")
    client = acting_as_proxy(amina, son)
    response = client.get(url("notifications:inbox"))
    assert response.status_code == 403
    assert "Private to Amina" not in text(response)
    notification = Notification.objects.get()
    assert client.get(url("notifications:open", pk=notification.pk)).status_code == 403
    assert client.post(url("notifications:mark_all_read")).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_proxy_whose_grant_was_revoked_is_back_to_their_own_inbox(amina, son):
    told(amina, title="Private to Amina")
    told(account=son, title="Son's own message")
    client = acting_as_proxy(amina, son, revoked=True)
    response = client.get(url("notifications:inbox"))
    assert response.status_code == 200
    page = text(response)
    assert "Son's own message" in page
    assert "Private to Amina" not in page


def test_a_proxy_whose_grant_expired_does_not_see_the_members_messages(amina, son):
    import datetime

    from portal.proxies.models import Proxy

    told(amina, title="Private to Amina")
    client = acting_as_proxy(amina, son)
    Proxy.objects.update(expires_on=datetime.date.today() - datetime.timedelta(days=1))
    page = text(client.get(url("notifications:inbox")))
    assert "Private to Amina" not in page


def test_anonymous_visitor_is_sent_to_login(amina):
    notification = told(amina)
    for response in (
        logged_out_get(url("notifications:inbox")),
        logged_out_get(url("notifications:open", pk=notification.pk)),
    ):
        assert response.status_code == 302
        assert "login" in response["Location"]
    notification.refresh_from_db()
    assert notification.read_at is None


def logged_out_get(path):
    from django.test import Client

    return Client().get(path)


def test_inbox_in_arabic(amina):
    told(amina, title="Pension revalued", title_ar="إعادة تقييم المعاش")
    response = logged_in(amina.user).get(url("notifications:inbox", "ar"))
    page = text(response)
    assert 'dir="rtl"' in page
    assert shown("Messages", "ar") in page
    assert shown("Mark all as read", "ar") in page
    assert "إعادة تقييم المعاش" in page
    assert "Pension revalued" not in page


def test_the_unread_count_is_the_selectors(amina):
    told(amina)
    told(account=amina.user, title="To the account")
    assert selectors.unread(amina.user).count() == 2
    centre.notify(ANNOUNCEMENT, member=amina, params={"title_fr": "x", "title_ar": "x", "text_fr": "y", "text_ar": "y"})
    assert 'class="badge">3 ' in text(logged_in(amina.user).get(url("notifications:inbox")))
