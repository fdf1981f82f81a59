"""The delivery log: what was sent to a member, found by one exact value, every reading audited."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.casework import permissions as casework_permissions
from portal.claims import permissions as claims_permissions
from portal.models import AuditEvent
from portal.notifications import permissions
from portal.notifications.choices import AuditAction, Channel, DeliveryStatus
from portal.notifications.models import Delivery
from tests.portal import factories
from tests.portal.notifications.conftest import logged_in, told
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

URL = "notifications_deliveries"


@pytest.fixture
def groups(db):
    casework_permissions.ensure_groups()
    claims_permissions.ensure_groups()
    permissions.ensure_groups()


def staff(name, group):
    user = factories.UserFactory(username=f"{name}@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def case_agent(groups):
    return staff("case-agent", casework_permissions.CASE_AGENTS)


@pytest.fixture
def claims_agent(groups):
    return staff("claims-agent", claims_permissions.CLAIMS_AGENTS)


@pytest.fixture
def writer(groups):
    return staff("writer", permissions.MEMBER_MESSAGES)


@pytest.fixture
def sent(amina, karim):
    """Amina: an e-mail sent and a text message refused by the provider; Karim: one e-mail."""
    notification = told(amina)
    email = Delivery.objects.create(
        notification=notification,
        channel=Channel.EMAIL,
        destination="amina@example.org",
        status=DeliveryStatus.SENT,
        attempts=1,
        provider_answer="accepted by the mail server",
    )
    text_message = Delivery.objects.create(
        notification=notification,
        channel=Channel.SMS,
        destination="+212612345678",
        status=DeliveryStatus.FAILED,
        attempts=5,
        provider_answer='HTTP 200 {"messages": [{"status": {"groupName": "REJECTED"}}]}',
    )
    Delivery.objects.create(
        notification=told(karim), channel=Channel.EMAIL, destination="karim@example.org", status=DeliveryStatus.SENT
    )
    return email, text_message


def search(client, **query):
    return client.get(reverse(URL), query)


def test_by_affiliation_number(case_agent, amina, sent):
    response = search(logged_in(case_agent), q=amina.affiliation_number)
    assert response.status_code == 200
    page = text(response)
    assert "+2126••••••78" in page and "+212612345678" not in page
    assert "am•••@example.org" in page and "amina@example.org" not in page
    assert "REJECTED" in page
    assert "karim" not in page
    event = AuditEvent.objects.get(action=AuditAction.DELIVERIES_VIEWED)
    assert event.actor == case_agent and event.member == amina
    assert event.details["shown"] == 2


def test_by_phone_number_typed_any_way(claims_agent, amina, sent):
    page = text(search(logged_in(claims_agent), q="06 12 34 56 78"))
    assert "REJECTED" in page
    assert "accepted by the mail server" not in page
    assert AuditEvent.objects.get(action=AuditAction.DELIVERIES_VIEWED).member == amina


def test_by_email_exact(case_agent, karim, sent):
    page = text(search(logged_in(case_agent), q="KARIM@example.org"))
    assert "ka•••@example.org" in page
    assert "REJECTED" not in page
    assert AuditEvent.objects.get(action=AuditAction.DELIVERIES_VIEWED).member == karim
    # Part of an address finds nothing.
    page = text(search(logged_in(case_agent), q="karim@"))
    assert shown("Nothing was sent to this address, number or member.") in page


def test_filters(case_agent, amina, sent):
    client = logged_in(case_agent)
    page = text(search(client, q=amina.affiliation_number, status="failed"))
    assert "REJECTED" in page and "accepted by the mail server" not in page
    page = text(search(client, q=amina.affiliation_number, channel="email"))
    assert "REJECTED" not in page and "accepted by the mail server" in page


def test_bad_filter_is_a_400_and_nothing_is_read(case_agent, amina, sent):
    response = search(logged_in(case_agent), q=amina.affiliation_number, status="lost")
    assert response.status_code == 400
    assert "REJECTED" not in text(response)
    assert not AuditEvent.objects.filter(action=AuditAction.DELIVERIES_VIEWED).exists()


def test_nothing_is_listed_nor_audited_before_a_search(case_agent, sent):
    page = text(logged_in(case_agent).get(reverse(URL)))
    assert "REJECTED" not in page and "accepted by the mail server" not in page
    assert not AuditEvent.objects.filter(action=AuditAction.DELIVERIES_VIEWED).exists()


def refused(response):
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def test_staff_without_the_permission_are_refused(writer, amina, sent):
    assert refused(search(logged_in(writer), q=amina.affiliation_number))
    assert not AuditEvent.objects.filter(action=AuditAction.DELIVERIES_VIEWED).exists()


def test_members_and_anonymous_visitors_are_sent_to_login(amina, sent):
    from django.test import Client

    for client in (Client(), logged_in(amina.user)):
        response = search(client, q=amina.affiliation_number)
        assert response.status_code == 302 and "login" in response["Location"]


def test_agents_see_the_menu_item(case_agent, writer):
    # The admin's sidebar is drawn from JSON in the page: the label is there JSON-escaped.
    label = json.dumps(shown("Messages sent (log)", "fr"))[1:-1]
    assert label in text(logged_in(case_agent).get(reverse("wagtailadmin_home")))
    assert label not in text(logged_in(writer).get(reverse("wagtailadmin_home")))
