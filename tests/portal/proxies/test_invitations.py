"""A member invites someone; the invited person accepts with their own account, address and second factor.

Every refusal (wrong account, no second factor, expired, reused or cancelled link, the member
themselves, a sixth person) shows a clear message and changes nothing.
"""

import datetime
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import AuditEvent
from portal.notifications.models import Notification
from portal.proxies import invitations
from portal.proxies.choices import AuditAction, Scope
from portal.proxies.models import Proxy
from tests.portal import factories
from tests.portal.conftest import logged_in
from tests.portal.proxies.conftest import grant, switched
from tests.portal.text import shown, text

LINK = re.compile(r"https?://[^\s]+/(fr|ar)/proxy/accept/([^/\s]+)/")


def _form(**overrides):
    data = {
        "name": "Youssef Alaoui",
        "email": "youssef@example.org",
        "scope": Scope.ACT,
        "expires_on": (timezone.localdate() + datetime.timedelta(days=200)).isoformat(),
    }
    data.update(overrides)
    return data


def _invite(mother, *, email="youssef@example.org", language="fr"):
    return invitations.invite(
        member=mother,
        name="Youssef Alaoui",
        email=email,
        scope=Scope.ACT,
        expires_on=timezone.localdate() + datetime.timedelta(days=200),
        language=language,
        actor=mother.user,
        context=invitations.audit.AuditContext.none(),
    )


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_member_invites_after_a_confirmation_and_the_link_is_mailed(
    mother, mother_client, mailoutbox, django_capture_on_commit_callbacks, language
):
    page = mother_client.get(f"/{language}/portal/helpers/")
    assert page.status_code == 200
    assert shown("People who help me", language) in text(page)

    confirm = mother_client.post(f"/{language}/portal/helpers/", _form())
    assert confirm.status_code == 200
    assert shown("Send the invitation", language) in text(confirm)
    assert not Proxy.objects.exists()  # only checked so far

    with django_capture_on_commit_callbacks(execute=True):
        sent = mother_client.post(f"/{language}/portal/helpers/", {**_form(), "confirmed": "1"})
    assert sent.status_code == 302
    proxy = Proxy.objects.get()
    assert (proxy.member, proxy.scope, proxy.holder, proxy.accepted_at) == (mother, Scope.ACT, None, None)
    event = AuditEvent.objects.get(action=AuditAction.INVITED)
    assert (event.member, event.actor, event.target) == (mother, mother.user, f"proxy:{proxy.pk}")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["youssef@example.org"]
    match = LINK.search(mailoutbox[0].body)
    assert match and match.group(1) == language
    assert "Salma Alaoui" in mailoutbox[0].body or "سلمى العلوي" in mailoutbox[0].body


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "   "},
        {"email": "not-an-address"},
        {"scope": "everything"},
        {"expires_on": (datetime.date.today() - datetime.timedelta(days=2)).isoformat()},
        {"expires_on": (datetime.date.today() + datetime.timedelta(days=800)).isoformat()},
        {"expires_on": ""},
    ],
)
def test_bad_input_is_shown_again_and_nothing_is_written(mother, mother_client, mailoutbox, overrides):
    response = mother_client.post("/fr/portal/helpers/", {**_form(**overrides), "confirmed": "1"})
    assert response.status_code == 400
    assert shown("Please correct the following:", "fr") in text(response)
    assert not Proxy.objects.exists() and not AuditEvent.objects.filter(action=AuditAction.INVITED).exists()
    assert mailoutbox == []


def test_at_most_five_people(mother, mother_client):
    for n in range(invitations.MAX_PEOPLE):
        _invite(mother, email=f"helper{n}@example.org")
    response = mother_client.post("/fr/portal/helpers/", {**_form(), "confirmed": "1"})
    assert response.status_code == 400
    assert "5" in text(response)
    assert Proxy.objects.count() == invitations.MAX_PEOPLE


def _token(mother, django_capture_on_commit_callbacks, mailoutbox, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        proxy = _invite(mother, **kwargs)
    return proxy, LINK.search(mailoutbox[-1].body).group(2)


def test_anonymous_goes_to_login_and_comes_back(mother, mailoutbox, django_capture_on_commit_callbacks, client):
    _proxy, token = _token(mother, django_capture_on_commit_callbacks, mailoutbox)
    response = client.get(f"/fr/proxy/accept/{token}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] and token in unquote(response["Location"])


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_son_accepts_and_the_mother_is_told(mother, son, mailoutbox, django_capture_on_commit_callbacks, language):
    proxy, token = _token(mother, django_capture_on_commit_callbacks, mailoutbox, language=language)
    client = logged_in(son)
    page = client.get(f"/{language}/proxy/accept/{token}/")
    assert page.status_code == 200
    name = "سلمى العلوي" if language == "ar" else "Salma Alaoui"
    assert name in text(page)
    assert shown("I accept", language) in text(page)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(f"/{language}/proxy/accept/{token}/")
    assert accepted.status_code == 302
    proxy.refresh_from_db()
    assert (proxy.holder, proxy.accepted_at is not None) == (son, True)
    event = AuditEvent.objects.get(action=AuditAction.ACCEPTED)
    assert (event.actor, event.member, event.via, event.via_grant) == (son, mother, "proxy", proxy.pk)
    told = Notification.objects.get(kind="proxy.granted")
    assert (told.member, told.account) == (mother, mother.user)
    assert set(told.deliveries.values_list("channel", flat=True)) == {"email", "sms"}  # mandatory: every channel
    # The link is used: opening it again says so and changes nothing.
    again = client.post(f"/{language}/proxy/accept/{token}/")
    assert again.status_code == 400
    assert shown("This invitation has already been accepted. It can be used only once.", language) in text(again)
    assert Notification.objects.filter(kind="proxy.granted").count() == 1


def _refused(client, token, status, message, language="fr"):
    for method in (client.get, client.post):
        response = method(f"/{language}/proxy/accept/{token}/")
        assert response.status_code == status
        assert shown(message, language) in text(response)


def _nothing_changed(proxy):
    proxy.refresh_from_db()
    assert proxy.holder is None and proxy.accepted_at is None
    assert not AuditEvent.objects.filter(action=AuditAction.ACCEPTED).exists()
    assert not Notification.objects.filter(kind="proxy.granted").exists()


def test_an_account_with_another_address_is_refused(mother, mailoutbox, django_capture_on_commit_callbacks):
    proxy, token = _token(mother, django_capture_on_commit_callbacks, mailoutbox)
    stranger = factories.UserFactory(username="someone-else@example.org", second_factor=True)
    message = (
        "This invitation was sent to another e-mail address. Log in with the account that uses the address "
        "the invitation was sent to (confirmed), or add and confirm that address in your account."
    )
    _refused(logged_in(stranger), token, 403, message)
    _nothing_changed(proxy)


def test_an_unconfirmed_address_is_refused(mother, mailoutbox, django_capture_on_commit_callbacks):
    proxy, token = _token(mother, django_capture_on_commit_callbacks, mailoutbox)
    unconfirmed = factories.UserFactory(username="youssef@example.org", verified=False, second_factor=True)
    message = (
        "This invitation was sent to another e-mail address. Log in with the account that uses the address "
        "the invitation was sent to (confirmed), or add and confirm that address in your account."
    )
    _refused(logged_in(unconfirmed), token, 403, message)
    _nothing_changed(proxy)


def test_an_account_without_a_second_factor_is_sent_to_set_one_up(
    mother, mailoutbox, django_capture_on_commit_callbacks
):
    proxy, token = _token(mother, django_capture_on_commit_callbacks, mailoutbox)
    no_mfa = factories.UserFactory(username="youssef@example.org")
    message = (
        "People who act for someone else protect their account with a second factor. "
        "Set up two-factor authentication, then open the invitation link again."
    )
    _refused(logged_in(no_mfa), token, 403, message, language="ar")
    with translation.override("fr"):
        assert reverse("mfa_activate_totp") in logged_in(no_mfa).get(f"/fr/proxy/accept/{token}/").content.decode()
    _nothing_changed(proxy)


def test_the_member_cannot_accept_their_own_invitation(mother, mailoutbox, django_capture_on_commit_callbacks):
    proxy, token = _token(mother, django_capture_on_commit_callbacks, mailoutbox, email="other@example.org")
    message = "This invitation is for someone who will help you: you cannot accept it yourself."
    _refused(logged_in(mother.user), token, 403, message)
    _nothing_changed(proxy)


def test_an_expired_invitation_is_refused(mother, son, mailoutbox, django_capture_on_commit_callbacks):
    proxy, token = _token(mother, django_capture_on_commit_callbacks, mailoutbox)
    Proxy.objects.filter(pk=proxy.pk).update(invited_at=timezone.now() - datetime.timedelta(days=8))
    # The link names the moment it was sent: an invitation moved back in time is simply no longer this link.
    _refused(
        logged_in(son), token, 400, "This invitation is no longer valid: a newer one was sent, or it was withdrawn."
    )
    proxy.refresh_from_db()
    token = invitations.make_token(proxy)  # the link of that old invitation, signed then
    _refused(logged_in(son), token, 400, "This invitation has expired. Ask the person to send it again.")
    _nothing_changed(proxy)


def test_a_signature_older_than_the_limit_is_refused(mother, son, settings):
    proxy = _invite(mother)
    token = invitations.make_token(proxy)
    settings.PROXY_INVITATION_DAYS = -1  # every signature is now too old
    _refused(logged_in(son), token, 400, "This invitation has expired. Ask the person to send it again.")
    _nothing_changed(proxy)


def test_a_cancelled_invitation_is_refused(mother, mother_client, son, mailoutbox, django_capture_on_commit_callbacks):
    proxy, token = _token(mother, django_capture_on_commit_callbacks, mailoutbox)
    assert mother_client.post(f"/fr/portal/helpers/{proxy.pk}/end/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.REVOKED, target=f"proxy:{proxy.pk}").exists()
    _refused(logged_in(son), token, 400, "This invitation was cancelled.")
    _nothing_changed(proxy)


def test_sending_again_makes_the_earlier_link_useless(
    mother, mother_client, son, mailoutbox, django_capture_on_commit_callbacks
):
    proxy = _invite(mother)
    Proxy.objects.filter(pk=proxy.pk).update(invited_at=timezone.now() - datetime.timedelta(minutes=5))
    proxy.refresh_from_db()
    old = invitations.make_token(proxy)  # the link the first e-mail carried
    with django_capture_on_commit_callbacks(execute=True):
        assert mother_client.post(f"/fr/portal/helpers/{proxy.pk}/resend/").status_code == 302
    new = LINK.search(mailoutbox[-1].body).group(2)
    assert new != old
    _refused(logged_in(son), old, 400, "This invitation is no longer valid: a newer one was sent, or it was withdrawn.")
    assert logged_in(son).post(f"/fr/proxy/accept/{new}/").status_code == 302


def test_a_tampered_link_is_refused(son):
    _refused(logged_in(son), "not-a-token", 400, "This invitation link is not valid. Check that it was copied in full.")


def test_another_member_cannot_see_nor_end_someone_elses_people(mother, son, file_b, client_b):
    proxy = grant(mother, son)
    assert client_b.post(f"/fr/portal/helpers/{proxy.pk}/end/").status_code == 404
    assert client_b.post(f"/fr/portal/helpers/{proxy.pk}/resend/").status_code == 404
    assert "Youssef" not in client_b.get("/fr/portal/helpers/").content.decode()
    proxy.refresh_from_db()
    assert proxy.revoked_at is None


def test_anonymous_visitors_go_to_login(db, client):
    for path in ("/fr/portal/helpers/", "/fr/portal/files/"):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_proxy_cannot_invite_further_proxies(mother, son):
    proxy = grant(mother, son)
    client = switched(son, proxy)
    assert client.get("/fr/portal/helpers/").status_code == 403
    assert (
        client.post("/fr/portal/helpers/", {**_form(email="friend@example.org"), "confirmed": "1"}).status_code == 403
    )
    assert client.post(f"/fr/portal/helpers/{proxy.pk}/end/").status_code == 403
    assert Proxy.objects.count() == 1 and Proxy.objects.get().revoked_at is None
