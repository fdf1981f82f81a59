"""Staff must set up a second factor before the admin; the admin has no login form of its own."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from portal.models import Member
from tests.portal import factories
from tests.portal.conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True


def test_staff_without_a_second_factor_are_sent_to_set_one_up(officer):
    client = logged_in(officer)
    for path in ("/admin/", "/admin/members/", "/fr/portal/", "/fr/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/fr/accounts/2fa/totp/activate/"), path
    assert client.get("/api/portal/profile/").status_code == 403


def test_the_set_up_and_logout_pages_stay_reachable(officer):
    client = logged_in(officer)
    response = client.get("/fr/accounts/2fa/totp/activate/")
    # allauth asks for the password again before adding a factor: still an account page, never a loop.
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith("/fr/accounts/")
    assert client.get("/fr/accounts/logout/").status_code == 200


def test_staff_with_totp_reach_the_admin(officer):
    TOTP.activate(officer, "JBSWY3DPEHPK3PXP")
    assert Authenticator.objects.filter(user=officer).exists()
    assert logged_in(officer).get("/admin/").status_code == 200


def test_members_are_offered_but_not_forced(client_a, file_a):
    assert client_a.get("/fr/portal/").status_code == 200
    assert client_a.get("/fr/accounts/2fa/").status_code == 200


def test_the_admin_login_form_redirects_to_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")
    user = factories.UserFactory(is_staff=True, is_superuser=True)
    # A POST to the old form logs nobody in.
    response = client.post("/admin/login/", {"username": user.username, "password": factories.PASSWORD})
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_staff_member_who_is_also_a_member_is_forced_too(officer):
    factories.MemberFactory(user=officer)
    assert Member.objects.filter(user=officer).exists()
    assert logged_in(officer).get("/fr/portal/").status_code == 302


def test_an_agent_made_in_wagtails_user_admin_is_forced_too(django_user_model):
    """Wagtail's user administration makes admin users without is_staff: the admin still needs a second factor."""
    from django.contrib.auth.models import Group

    from portal.claims.permissions import CLAIMS_AGENTS

    agent = factories.UserFactory(username="agent-wagtail@example.org")
    agent.groups.add(Group.objects.get(name=CLAIMS_AGENTS))
    assert not agent.is_staff
    client = logged_in(agent)
    for path in ("/admin/", "/admin/claims/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/fr/accounts/2fa/totp/activate/"), path
