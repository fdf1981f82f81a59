"""The fund's side of the partners' area in the Wagtail admin: the employers (list, search, one organisation
with its officers and invitations, inviting, ending an access, turning an organisation off) and the
fund-wide delays report (chart, table, late dossiers, CSV); each gated by its permission."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.casework.models import Case
from portal.models import AuditEvent
from portal.partners import dossiers, permissions, scope
from portal.partners.choices import AuditAction, Role
from portal.partners.models import Invitation, Officer
from tests.portal import factories
from tests.portal.partners.test_dossier_core import prepared

SENT_AT = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def groups(db):
    permissions.ensure_groups()


@pytest.fixture
def employers_staff(groups):
    return factories.UserFactory(username="employeurs@fund.example", groups=[permissions.EMPLOYERS], second_factor=True)


@pytest.fixture
def manager(groups):
    return factories.UserFactory(
        username="direction@fund.example", groups=[permissions.MANAGEMENT_REPORTS], second_factor=True
    )


@pytest.fixture
def editor(groups):
    return factories.UserFactory(username="editor@fund.example", groups=["Editors"], second_factor=True)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def refused(response):
    """403, or Wagtail's answer to a PermissionDenied for an admin user: back to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def test_the_groups_hold_their_permissions(employers_staff, manager, editor):
    assert permissions.may_manage(employers_staff) and permissions.may_report(employers_staff)
    assert permissions.may_report(manager) and not permissions.may_manage(manager)
    assert not permissions.may_manage(editor) and not permissions.may_report(editor)
    permissions.ensure_groups()  # idempotent


def test_who_may_open_the_pages(world, employers_staff, manager, editor):
    organisation = reverse("partners_admin_organisation", kwargs={"pk": world.ministry_a.pk})
    for url in (reverse("partners_admin_organisations"), organisation):
        assert logged_in(employers_staff).get(url).status_code == 200
        assert refused(logged_in(manager).get(url))
        assert refused(logged_in(editor).get(url))
    for url in (reverse("partners_admin_report"), reverse("partners_admin_report_csv")):
        assert logged_in(manager).get(url).status_code == 200
        assert logged_in(employers_staff).get(url).status_code == 200
        assert refused(logged_in(editor).get(url))
    superuser = factories.UserFactory(is_superuser=True, is_staff=True, second_factor=True)
    assert logged_in(superuser).get(reverse("partners_admin_organisations")).status_code == 200
    # An HR officer is not the fund's staff.
    assert logged_in(world.admin.user).get(reverse("partners_admin_organisations")).status_code in (302, 403)


def test_the_list_searches_names_and_ids(world, employers_staff):
    client = logged_in(employers_staff)
    page = client.get(reverse("partners_admin_organisations")).content.decode()
    assert f'data-organisation="{world.ministry_a.pk}"' in page and f'data-organisation="{world.b_unit.pk}"' in page
    found = client.get(reverse("partners_admin_organisations"), {"q": "ADM-SAN"}).content.decode()
    assert (
        f'data-organisation="{world.ministry_b.pk}"' in found and f'data-organisation="{world.rabat.pk}"' not in found
    )
    arabic = client.get(reverse("partners_admin_organisations"), {"q": "الصحة"}).content.decode()
    assert f'data-organisation="{world.ministry_b.pk}"' in arabic


def test_invite_an_officer_then_withdraw_it(world, employers_staff, django_capture_on_commit_callbacks):
    client = logged_in(employers_staff)
    url = reverse("partners_admin_invite", kwargs={"pk": world.ministry_b.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "drh@sante.example", "role": Role.SIGNATORY, "is_admin": "on"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="drh@sante.example")
    assert invitation.organisation == world.ministry_b and invitation.is_admin and invitation.role == Role.SIGNATORY
    assert invitation.invited_by == employers_staff
    assert [message.to for message in mail.outbox] == [["drh@sante.example"]]
    assert AuditEvent.objects.filter(action=AuditAction.INVITED, actor=employers_staff).exists()
    page = client.get(reverse("partners_admin_organisation", kwargs={"pk": world.ministry_b.pk})).content.decode()
    assert f'data-invitation="{invitation.pk}"' in page
    cancel = reverse(
        "partners_admin_cancel_invitation", kwargs={"pk": world.ministry_b.pk, "invitation_id": invitation.pk}
    )
    assert client.post(cancel).status_code == 302
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None


def test_a_bad_invitation_is_shown_again_with_400(world, employers_staff):
    client = logged_in(employers_staff)
    url = reverse("partners_admin_invite", kwargs={"pk": world.ministry_a.pk})
    response = client.post(url, {"email": "not an address", "role": Role.READER})
    assert response.status_code == 400 and b'id="invite-officer"' in response.content
    # A unit of another organisation is not a choice; an officer already there is refused by the service.
    response = client.post(url, {"email": "x@education.example", "role": Role.READER, "units": [world.b_unit.pk]})
    assert response.status_code == 400
    response = client.post(url, {"email": world.preparer.user.email, "role": Role.READER})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_end_an_officers_access(world, employers_staff):
    client = logged_in(employers_staff)
    url = reverse("partners_admin_revoke", kwargs={"pk": world.ministry_a.pk, "officer_id": world.preparer.pk})
    assert client.post(url).status_code == 302
    world.preparer.refresh_from_db()
    assert world.preparer.revoked_at is not None
    # Another organisation's officer is not found through this organisation.
    other = reverse("partners_admin_revoke", kwargs={"pk": world.ministry_a.pk, "officer_id": world.b_signatory.pk})
    assert client.post(other).status_code == 404
    # The last administrator stays: the refusal is shown, nothing changes.
    last = reverse("partners_admin_revoke", kwargs={"pk": world.ministry_a.pk, "officer_id": world.admin.pk})
    assert client.post(last).status_code == 400
    world.admin.refresh_from_db()
    assert world.admin.revoked_at is None


def test_turn_an_organisation_off_and_on(world, employers_staff):
    client = logged_in(employers_staff)
    url = reverse("partners_admin_set_active", kwargs={"pk": world.ministry_b.pk})
    assert client.post(url, {"active": "0"}).status_code == 302
    world.ministry_b.refresh_from_db()
    assert not world.ministry_b.is_active
    assert not Officer.objects.active().filter(pk=world.b_signatory.pk).exists()
    assert AuditEvent.objects.filter(action="partners.organisation_access", target="ADM-SAN").count() == 1
    assert client.post(url, {"active": "1"}).status_code == 302
    world.ministry_b.refresh_from_db()
    assert world.ministry_b.is_active


def test_the_report_gives_each_employer_and_the_late_dossiers(world, manager):
    dossier = prepared(world)
    dossiers.submit(scope=scope.of_officer(world.signatory), dossier=dossier, actor=world.signatory.user, now=SENT_AT)
    client = logged_in(manager)
    page = client.get(reverse("partners_admin_report")).content.decode()
    assert 'role="img"' in page and 'id="delays"' in page
    assert f'data-organisation="{world.ministry_a.pk}"' in page
    case = Case.objects.get(pk=dossier.case_id)
    assert 'id="late-dossiers"' in page and case.reference in page
    csv_text = client.get(reverse("partners_admin_report_csv")).content.decode("utf-8-sig")
    assert "ADM-EDU" in csv_text and case.reference in csv_text and "2026-09-15" in csv_text
