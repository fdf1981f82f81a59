"""Messages from the fund to many members, written in the admin: a form, a confirmation with the count, the fan-out."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from portal.casework import permissions as casework_permissions
from portal.models import AuditEvent
from portal.notifications import permissions
from portal.notifications.choices import AuditAction
from portal.notifications.models import Announcement, Notification
from tests.portal import factories
from tests.portal.notifications.conftest import logged_in
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

FORM = {
    "title_fr": "Revalorisation des pensions",
    "title_ar": "إعادة تقييم المعاشات",
    "text_fr": "Les pensions sont revalorisées à partir de janvier.",
    "text_ar": "تتم إعادة تقييم المعاشات ابتداءً من يناير.",
    "audience": "pensioners",
}


@pytest.fixture
def writer(db):
    permissions.ensure_groups()
    user = factories.UserFactory(username="comms@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=permissions.MEMBER_MESSAGES))
    return user


@pytest.fixture
def case_agent(db):
    casework_permissions.ensure_groups()
    permissions.ensure_groups()
    user = factories.UserFactory(username="agent@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=casework_permissions.CASE_AGENTS))
    return user


@pytest.fixture
def members(db):
    pensioners = [factories.MemberFactory(user=factories.UserFactory(), status="retired") for _ in range(3)]
    pensioners.append(factories.MemberFactory(status="survivor"))  # no account: told at the file's address
    factories.MemberFactory(user=factories.UserFactory(), status="contributing")
    return pensioners


def test_the_groups_are_created_again_without_harm():
    permissions.ensure_groups()
    permissions.ensure_groups()
    assert Group.objects.filter(name=permissions.MEMBER_MESSAGES).count() == 1
    codes = Group.objects.get(name=permissions.MEMBER_MESSAGES).permissions.values_list("codename", flat=True)
    assert "add_announcement" in codes


def test_the_group_comes_with_the_schema():
    """Needs NotificationsConfig.ready() to connect ``permissions.ensure_groups`` to post_migrate."""
    group = Group.objects.get(name=permissions.MEMBER_MESSAGES)
    codes = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert {"wagtailadmin.access_admin", "notifications.add_announcement"} <= codes


def test_write_confirm_and_fan_out(writer, members, django_capture_on_commit_callbacks):
    client = logged_in(writer)
    assert client.get(reverse("notifications_announcement_new")).status_code == 200
    response = client.post(reverse("notifications_announcement_new"), FORM)
    assert response.status_code == 200
    page = text(response)
    with translation.override("fr"):
        singular, plural = (
            "%(counter)s member will be told (%(audience)s).",
            "%(counter)s members will be told (%(audience)s).",
        )
        told = ngettext(singular, plural, 4) % {"counter": 4, "audience": shown("Pensioners and survivors")}
    assert told in page
    assert 'name="confirmed" value="True"' in page  # the confirmation posts the same words back, confirmed
    assert not Announcement.objects.exists()  # nothing before the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications_announcement_new"), {**FORM, "confirmed": "True"})
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.created_by == writer
    assert announcement.recipients == 4 and announcement.fanned_out_at is not None
    told = Notification.objects.filter(announcement=announcement)
    assert told.count() == 4
    assert set(told.values_list("member", flat=True)) == {member.pk for member in members}
    assert len(mail.outbox) == 4  # the kind's default channel, e-mail
    assert AuditEvent.objects.filter(action=AuditAction.ANNOUNCEMENT, actor=writer).count() == 1
    listing = text(client.get(reverse("notifications_announcements")))
    assert "Revalorisation des pensions" in listing and "إعادة تقييم المعاشات" in listing


def test_change_the_message_before_sending(writer, members):
    response = logged_in(writer).post(
        reverse("notifications_announcement_new"), {**FORM, "confirmed": "True", "edit": "1"}
    )
    assert response.status_code == 200
    assert 'value="Revalorisation des pensions"' in text(response)
    assert not Announcement.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"title_ar": ""},
        {"text_fr": "   "},
        {"audience": "everyone-ever"},
        {"title_fr": "x" * 121},
        {"text_ar": "ي" * 1001},
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(writer, members, change, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(writer).post(
            reverse("notifications_announcement_new"), {**FORM, **change, "confirmed": "True"}
        )
    assert response.status_code == 400
    assert 'class="form-errors"' in text(response)
    assert not Announcement.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ANNOUNCEMENT).exists()


def refused(response):
    """403, or Wagtail's answer to a PermissionDenied for an admin user: back to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def test_an_agent_without_the_permission_is_refused(case_agent, members, django_capture_on_commit_callbacks):
    client = logged_in(case_agent)
    assert refused(client.get(reverse("notifications_announcements")))
    assert refused(client.get(reverse("notifications_announcement_new")))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications_announcement_new"), {**FORM, "confirmed": "True"})
    assert refused(response)
    assert not Notification.objects.exists()
    assert not Announcement.objects.exists()


def test_a_member_and_an_anonymous_visitor_are_sent_to_the_admin_login(members):
    from django.test import Client

    for client in (Client(), logged_in(members[0].user)):
        response = client.post(reverse("notifications_announcement_new"), {**FORM, "confirmed": "True"})
        assert response.status_code == 302
        assert "login" in response["Location"]
    assert not Announcement.objects.exists()


def test_the_menu_shows_the_item_to_holders_only(writer, case_agent):
    # The admin's sidebar is drawn from JSON in the page: the label is there JSON-escaped.
    label = json.dumps(shown("Messages to members", "fr"))[1:-1]
    assert label in text(logged_in(writer).get(reverse("wagtailadmin_home")))
    assert label not in text(logged_in(case_agent).get(reverse("wagtailadmin_home")))
