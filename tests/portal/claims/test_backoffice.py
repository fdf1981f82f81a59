"""The claims back-office in the Wagtail admin: queue, filters, thread work, on-behalf claims,
supervision; refused to communications staff."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portal.claims import services
from portal.claims.choices import Status
from portal.claims.models import Claim, ClaimMessage
from tests.portal import sample_files as files
from tests.portal.text import INVALID_CHOICE, REQUIRED, shown, text

pytestmark = pytest.mark.django_db


def refused(response):
    """403, or Wagtail's answer to a PermissionDenied for an admin user: back to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def test_communications_staff_cannot_reach_the_back_office(comms_client, claim_with_attachment):
    claim, attachment = claim_with_attachment
    assert comms_client.get(reverse("wagtailadmin_home")).status_code == 200  # they do use the admin
    urls = [
        reverse("claims_queue"),
        reverse("claims_claim", kwargs={"pk": claim.pk}),
        reverse("claims_on_behalf"),
        reverse("claims_supervision"),
        reverse("claims_attachment", kwargs={"pk": claim.pk, "attachment_id": attachment.pk}),
    ]
    for address in urls:
        assert refused(comms_client.get(address)), address
    posts = [
        reverse("claims_message", kwargs={"pk": claim.pk}),
        reverse("claims_status", kwargs={"pk": claim.pk}),
        reverse("claims_assign", kwargs={"pk": claim.pk}),
        reverse("claims_on_behalf"),
    ]
    for address in posts:
        assert refused(comms_client.post(address, {"body": "x", "kind": "reply", "status": "closed", "take": "1"}))
    assert not ClaimMessage.objects.exists()
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED and claim.assigned_to is None
    assert Claim.objects.count() == 1
    home = text(comms_client.get(reverse("wagtailadmin_home")))
    assert reverse("claims_queue") not in home


def test_members_cannot_reach_the_back_office(member_client, claim):
    assert member_client.get(reverse("claims_queue")).status_code in (302, 403)


def test_queue_filters(agent_client, agent, member, member_user):
    def new(subject, **kwargs):
        return services.file_claim(
            services.NewClaim(
                member=member, category=kwargs.pop("category", "payments"), subject=subject, description="d", **kwargs
            ),
            actor=member_user,
        )

    late = new("Dossier tardif")
    Claim.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))
    mine = new("Sujet mien", category="career")
    services.assign(mine, agent, actor=agent)
    phoned = new("Appel reçu", channel="phone")

    def subjects(**query):
        return text(agent_client.get(reverse("claims_queue"), query))

    page = subjects()
    assert all(s in page for s in ("Dossier tardif", "Sujet mien", "Appel reçu"))
    assert "⚠ " + shown("Overdue") in page
    assert "Dossier tardif" in subjects(overdue="on") and "Sujet mien" not in subjects(overdue="on")
    assert "Sujet mien" in subjects(mine="on") and "Dossier tardif" not in subjects(mine="on")
    assert "Sujet mien" not in subjects(unassigned="on") and "Dossier tardif" in subjects(unassigned="on")
    assert "Appel reçu" in subjects(channel="phone") and "Sujet mien" not in subjects(channel="phone")
    assert "Sujet mien" in subjects(category="career") and "Dossier tardif" not in subjects(category="career")
    assert "Sujet mien" in subjects(status="in_progress") and "Dossier tardif" not in subjects(status="in_progress")
    assert phoned.reference in subjects(channel="phone")


def test_agent_works_a_claim(agent_client, agent, claim, member_client):
    page = agent_client.get(reverse("claims_claim", kwargs={"pk": claim.pk}))
    assert page.status_code == 200 and claim.subject in text(page)
    agent_client.post(reverse("claims_assign", kwargs={"pk": claim.pk}), {"take": "1"})
    agent_client.post(
        reverse("claims_message", kwargs={"pk": claim.pk}), {"body": "Note pour l'équipe", "kind": "note"}
    )
    agent_client.post(
        reverse("claims_message", kwargs={"pk": claim.pk}),
        {
            "body": "Quel mois ?",
            "kind": "reply",
            "new_status": "waiting_member",
            "attachments": [SimpleUploadedFile("modele.pdf", files.pdf_bytes())],
        },
    )
    claim.refresh_from_db()
    assert claim.assigned_to == agent and claim.status == Status.WAITING_MEMBER
    assert list(claim.messages.values_list("is_internal", flat=True)) == [True, False]
    member_page = text(member_client.get(reverse("claims:detail", kwargs={"reference": claim.reference})))
    assert "Quel mois ?" in member_page and "modele.pdf" in member_page and "Note pour l" not in member_page


def test_agent_bad_input_changes_nothing(agent_client, claim):
    response = agent_client.post(reverse("claims_message", kwargs={"pk": claim.pk}), {"body": "", "kind": "reply"})
    assert response.status_code == 400 and shown(REQUIRED) in text(response)
    response = agent_client.post(reverse("claims_status", kwargs={"pk": claim.pk}), {"status": "submitted"})
    assert response.status_code == 400 and shown(INVALID_CHOICE, value="submitted") in text(response)
    response = agent_client.post(reverse("claims_assign", kwargs={"pk": claim.pk}), {"assignee": "999999"})
    assert response.status_code == 400
    assert shown("Select a valid choice. That choice is not one of the available choices.") in text(response)
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED and claim.assigned_to is None and not claim.messages.exists()


def test_agent_records_a_claim_received_by_phone(agent_client, member):
    response = agent_client.post(
        reverse("claims_on_behalf"),
        {
            "affiliation_number": member.affiliation_number,
            "channel": "phone",
            "language": "ar",
            "category": "attestation",
            "subject": "Appel",
            "description": "Le membre a appelé.",
        },
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert (claim.member, claim.channel, claim.language) == (member, "phone", "ar")


def test_on_behalf_with_an_unknown_member_changes_nothing(agent_client):
    response = agent_client.post(
        reverse("claims_on_behalf"),
        {
            "affiliation_number": "000",
            "channel": "phone",
            "language": "fr",
            "category": "other",
            "subject": "x",
            "description": "y",
        },
    )
    assert response.status_code == 400
    assert shown("No member has this affiliation number.") in text(response)
    assert not Claim.objects.exists()


def test_viewing_a_claim_is_audited(agent_client, claim):
    from portal.models import AuditEvent

    agent_client.get(reverse("claims_claim", kwargs={"pk": claim.pk}))
    assert AuditEvent.objects.filter(member=claim.member).exists()


def test_supervision_counts(supervisor_client, claim, agent):
    services.post_message(claim, actor=agent, body="Réponse", new_status="answered")
    page = supervisor_client.get(reverse("claims_supervision"))
    assert page.status_code == 200
    assert shown("Median time to the first reply (claims of the last 90 days)") in text(page)


def test_agents_without_supervision_permission_are_refused(agent_client):
    assert refused(agent_client.get(reverse("claims_supervision")))


def test_queue_query_count_does_not_grow_with_claims(agent_client, member, member_user):
    def file(count):
        for i in range(count):
            services.file_claim(
                services.NewClaim(member=member, category="other", subject=f"s{i}", description="d"),
                actor=member_user,
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert agent_client.get(reverse("claims_queue")).status_code == 200
        return len(captured)

    file(1)
    queries()  # warm caches (permissions, site)
    with_one = queries()
    file(30)
    assert queries() == with_one


def test_service_levels_are_for_supervisors_only(supervisor_client, comms_client, agent_client):
    from portal.claims.models import ServiceLevel

    index = reverse("claim-service-levels:index")
    assert supervisor_client.get(index).status_code == 200
    assert refused(comms_client.get(index)) and refused(agent_client.get(index))
    level = ServiceLevel.objects.get(category="payments")
    edit = reverse("claim-service-levels:edit", args=[level.pk])
    assert refused(comms_client.post(edit, {"category": "payments", "days_to_answer": 99}))
    response = supervisor_client.post(edit, {"category": "payments", "days_to_answer": 0})
    assert response.status_code == 200  # the form again, with the error
    level.refresh_from_db()
    assert level.days_to_answer == 10
    supervisor_client.post(edit, {"category": "payments", "days_to_answer": 7})
    level.refresh_from_db()
    assert level.days_to_answer == 7


def test_a_long_queue_is_counted_up_to_a_cap(agent_client, member, member_user, monkeypatch):
    """Beyond the cap the page says "more than N" (the count stays bounded whatever the table's size)."""
    monkeypatch.setattr("portal.paging.COUNT_CAP", 2)
    for n in range(3):
        services.file_claim(
            services.NewClaim(member=member, category="payments", subject=f"Sujet {n}", description="d"),
            actor=member_user,
        )
    capped = "More than %(counter)s claim: narrow the filters to see them all"
    with translation.override("fr"):
        more = translation.ngettext(capped, capped.replace("claim:", "claims:"), 2) % {"counter": 2}
        none = translation.ngettext("%(counter)s claim", "%(counter)s claims", 0) % {"counter": 0}
    assert more in text(agent_client.get(reverse("claims_queue")))
    assert none in text(agent_client.get(reverse("claims_queue"), {"category": "career"}))
