"""Only the management (group "Management") and superusers read the steering dashboard and its CSV
files; communications staff, claims agents, member-services staff, a member and a visitor do not,
and never get a figure. The "Steering" menu item is shown to those who may open it only."""

import pytest
from django.test import Client
from django.urls import reverse

from cms import permissions as cms_permissions
from portal import permissions as portal_permissions
from portal.claims import permissions as claims_permissions
from portal.steering import permissions
from portal.steering.choices import Unit
from portal.steering.models import Figure
from tests.portal import factories
from tests.portal.steering.test_dashboard import computed

pytestmark = pytest.mark.django_db

SECRET = 987654321  # a figure no page shows unless it reads the dashboard's tables


@pytest.fixture
def figures(db):
    Figure.objects.create(series="backlog.claims", unit=Unit.DAY, period="2026-01-05", key="", count=SECRET, part=0)
    computed()


@pytest.fixture
def groups(db):
    permissions.ensure_groups()
    cms_permissions.ensure_editorial_groups()
    portal_permissions.ensure_groups()
    claims_permissions.ensure_groups()


def staff(*groups):
    return factories.UserFactory(is_staff=True, groups=list(groups), second_factor=True)


def urls():
    return [reverse("steering_admin:dashboard"), reverse("steering_admin:csv", kwargs={"slug": "backlog-claims"})]


def client_of(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def refused(response):
    """403, or Wagtail's answer to a PermissionDenied for an admin user (back to the admin's home), or
    the login page for someone who may not enter the admin at all."""
    if response.status_code == 403:
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and (location == "/admin/" or "/accounts/login/" in location)


def test_management_and_superusers_read_the_dashboard_and_its_files(groups, figures):
    for user in (staff(permissions.MANAGEMENT), factories.UserFactory(is_superuser=True, is_staff=True)):
        client = client_of(user)
        for url in urls():
            response = client.get(url)
            assert response.status_code == 200, url
            assert str(SECRET) in response.content.decode().replace("\xa0", "").replace(",", ""), url


@pytest.mark.parametrize(
    "who",
    ["visitor", "member", "communications", "publishing", "claims_agent", "claims_supervisor", "member_services"],
)
def test_everyone_else_is_refused_and_sees_no_figure(groups, figures, who):
    users = {
        "visitor": lambda: None,
        "member": lambda: factories.MemberFactory(user=factories.UserFactory()).user,
        "communications": lambda: staff(cms_permissions.COMMUNICATIONS),
        "publishing": lambda: staff(cms_permissions.PUBLISHING),
        "claims_agent": lambda: staff(claims_permissions.CLAIMS_AGENTS),
        "claims_supervisor": lambda: staff(claims_permissions.CLAIMS_SUPERVISORS),
        "member_services": lambda: staff(portal_permissions.MEMBER_SERVICES),
    }
    client = client_of(users[who]())
    for url in urls():
        response = client.get(url)
        assert refused(response), (who, url, response.status_code)
        assert str(SECRET) not in response.content.decode()


def test_the_menu_item_is_shown_to_management_only(groups):
    dashboard = reverse("steering_admin:dashboard")
    assert dashboard in client_of(staff(permissions.MANAGEMENT)).get("/admin/").content.decode()
    assert dashboard not in client_of(staff(claims_permissions.CLAIMS_AGENTS)).get("/admin/").content.decode()
