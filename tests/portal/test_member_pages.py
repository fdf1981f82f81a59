"""Every member page and API endpoint: only the file's own account sees it.

For each one: anonymous visitors go to the login page (API: 403), another member gets
404 for the object, an account without a file goes to enrolment, and nothing of member
A's file ever appears in member B's responses.
"""

import pytest

from portal.models import AuditAction, AuditEvent
from tests.portal import factories

pytestmark = pytest.mark.django_db

LANGS = ["fr", "ar"]


def page_urls(member):
    payment = member.payments.first()
    dossier = member.dossiers.first()
    return [
        "portal/",
        "portal/career/",
        "portal/payments/",
        f"portal/payments/{payment.period.year}/",
        f"portal/payments/detail/{payment.pk}/",
        f"portal/dossiers/{dossier.reference}/",
        "portal/access-log/",
        "portal/attestations/",
        "portal/changes/",
        "portal/changes/address/",
    ]


def object_urls(member):
    """Pages addressed by one of the member's objects: another member must get 404."""
    return [
        f"portal/payments/detail/{member.payments.first().pk}/",
        f"portal/dossiers/{member.dossiers.first().reference}/",
    ]


def api_urls(member):
    return [
        "/api/portal/profile/",
        "/api/portal/career/",
        "/api/portal/payments/",
        "/api/portal/payments/totals/",
        f"/api/portal/payments/{member.payments.first().pk}/",
        "/api/portal/dossiers/",
        f"/api/portal/dossiers/{member.dossiers.first().reference}/",
        "/api/portal/attestations/",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_the_member_sees_every_page_of_their_file(client_a, file_a, lang):
    for url in page_urls(file_a):
        response = client_a.get(f"/{lang}/{url}")
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store, private"
    dashboard = client_a.get(f"/{lang}/portal/").content.decode()
    assert file_a.last_name in dashboard
    assert file_a.bank_rib not in dashboard  # masked
    assert file_a.bank_rib[-4:] in dashboard


@pytest.mark.parametrize("lang", LANGS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, file_a, lang):
    for url in page_urls(file_a):
        response = client.get(f"/{lang}/{url}")
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url


def test_anonymous_api_calls_are_refused(client, file_a):
    for url in api_urls(file_a):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize("lang", LANGS)
def test_another_member_gets_404_for_each_object(client_b, file_a, file_b, lang):
    for url in object_urls(file_a):
        assert client_b.get(f"/{lang}/{url}").status_code == 404, url


def test_another_member_gets_404_from_the_api(client_b, file_a, file_b):
    # LocaleMiddleware redirects an unprefixed 404 to /fr/... (Wagtail's catch-all matches there):
    # what matters is that the request ends in a 404 without member A's data.
    for url in (
        f"/api/portal/payments/{file_a.payments.first().pk}/",
        f"/api/portal/dossiers/{file_a.dossiers.first().reference}/",
    ):
        response = client_b.get(url, follow=True)
        assert response.status_code == 404, url
        assert file_a.last_name not in response.content.decode()


def test_another_members_pages_never_show_member_a(client_b, file_a, file_b):
    for url in page_urls(file_b):
        body = client_b.get(f"/fr/{url}").content.decode()
        assert file_a.last_name not in body, url
        assert file_a.affiliation_number not in body, url
    for url in api_urls(file_b):
        body = client_b.get(url).content.decode()
        assert file_a.last_name not in body, url
        assert file_a.dossiers.first().reference not in body, url


def test_an_account_without_a_file_is_sent_to_enrolment(db):
    from tests.portal.conftest import logged_in

    client = logged_in(factories.UserFactory())
    response = client.get("/fr/portal/career/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/portal/enrol/"
    assert client.get("/api/portal/profile/").status_code == 403


def test_the_api_sends_the_rib_masked_only(client_a, file_a):
    data = client_a.get("/api/portal/profile/").json()
    assert "bank_rib" not in data
    assert data["bank_rib_masked"].endswith(file_a.bank_rib[-4:])
    assert file_a.bank_rib not in str(data)


def test_career_totals_count_overlaps_once(client_a, file_a):
    # 2000-01..2009-12 (120 months) + 2010-01..2020-06 (126 months) = 20 years 6 months.
    data = client_a.get("/api/portal/career/").json()
    assert (data["total_years"], data["total_months"]) == (20, 6)
    factories.CareerPeriodFactory(member=file_a, start_date="2005-01-01", end_date="2006-12-31")
    data = client_a.get("/api/portal/career/").json()
    assert (data["total_years"], data["total_months"]) == (20, 6)


def test_staff_opening_a_file_is_audited_and_shown_to_the_member(file_a, officer, client_a):
    from tests.portal.conftest import logged_in

    staff = logged_in(officer)
    response = staff.get(f"/admin/members/{file_a.pk}/", REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.STAFF_VIEWED_FILE)
    assert (event.actor, event.member, event.ip_address) == (officer, file_a, "192.0.2.7")
    log = client_a.get("/fr/portal/access-log/").content.decode()
    assert "Nadia" in log


def test_staff_without_the_permission_cannot_open_files(file_a, db):
    from tests.portal.conftest import logged_in

    comms = factories.UserFactory(is_staff=True)
    assert logged_in(comms).get(f"/admin/members/{file_a.pk}/").status_code in (302, 403)
    assert not AuditEvent.objects.filter(action=AuditAction.STAFF_VIEWED_FILE).exists()


def test_the_audit_log_is_searchable_by_auditors_only(file_a, officer, auditor):
    from tests.portal.conftest import logged_in

    logged_in(officer).get(f"/admin/members/{file_a.pk}/")
    response = logged_in(auditor).get("/admin/audit/", {"member": file_a.affiliation_number})
    assert response.status_code == 200
    assert officer.email in response.content.decode()
    assert logged_in(officer).get("/admin/audit/").status_code in (302, 403)


def test_the_member_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/portal/profile/", "/api/portal/career/", "/api/portal/payments/", "/api/portal/dossiers/"):
        assert path in schema
    assert "/api/portal/attestations/" in schema


@pytest.mark.parametrize(("lang", "notice"), [("fr", "attend votre réponse"), ("ar", "تنتظر ردكم")])
def test_the_dashboard_says_when_a_claim_awaits_the_members_answer(client_a, client_b, file_a, file_b, lang, notice):
    from portal.claims import services, workflow
    from portal.claims.choices import Status

    claim = services.file_claim(
        services.NewClaim(member=file_a, category="payments", subject="Virement", description="Octobre"),
        actor=file_a.user,
    )
    assert notice not in client_a.get(f"/{lang}/portal/").content.decode()
    workflow.transition(claim, Status.WAITING_MEMBER, actor=None)
    assert notice in client_a.get(f"/{lang}/portal/").content.decode()
    assert notice not in client_b.get(f"/{lang}/portal/").content.decode()  # member B's claims only
