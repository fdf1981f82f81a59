"""The answers to check: the queue (oldest first, filters), one answer next to the pensioner on
file with its files (images shown, each opening audited), accepting, rejecting with what to do,
four eyes (the proposer cannot confirm, another agent can; without four eyes a rejection is
immediate), files deleted after the decision, and who may see an answer's files."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.claims.permissions import CLAIMS_AGENTS
from portal.files.uploads import check_file
from portal.lifecontrol import permissions, services
from portal.lifecontrol.choices import AuditAction, Channel, CheckStatus, FileKind, Method, Review
from portal.lifecontrol.models import Campaign, LifeCheck, Submission
from portal.models import AuditEvent
from tests.portal import factories
from tests.portal.sample_files import image_bytes, pdf_bytes
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
REASON = "La photo est floue : renvoyez une photo nette de votre carte."


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def refused(response):
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


@pytest.fixture
def agents(db):
    permissions.ensure_groups()
    return [
        factories.UserFactory(groups=[permissions.LIFE_CONTROL_AGENTS], second_factor=True, first_name=name)
        for name in ("Samira", "Youssef")
    ]


def _open(agent, *, four_eyes=True, pensioners=("PFR001", "PES001")):
    for number, country in zip(pensioners, ("FR", "ES", "BE"), strict=False):
        factories.MemberFactory(
            status="retired",
            country=country,
            pension_number=number,
            national_id=f"CIN{number}",
            birth_date=datetime.date(1941, 7, 9),
        )
    campaign = Campaign.objects.create(
        name=f"Contrôle {four_eyes}",
        year=2027,
        opens_on=TODAY,
        deadline=TODAY + datetime.timedelta(days=60),
        grace_days=30,
        four_eyes_rejections=four_eyes,
    )
    services.open_campaign(campaign, actor=agent)
    return campaign


def _photos(check):
    jpeg = check_file("carte.jpg", image_bytes())
    return services.submit(
        check,
        actor=None,
        method=Method.PHOTOS,
        files=[(FileKind.IDENTITY_DOCUMENT, jpeg), (FileKind.HOLDING_DOCUMENT, jpeg)],
        channel=Channel.LETTER_CODE,
        screen_code="482913",
    )


def _certificate(check):
    pdf = check_file("certificat.pdf", pdf_bytes("Certificat de vie"))
    return services.submit(check, actor=None, method=Method.CERTIFICATE, files=[(FileKind.CERTIFICATE, pdf)])


@pytest.fixture
def answers(agents):
    """A photo check (sent first) and a stamped certificate, both waiting."""
    _open(agents[0])
    photos = _photos(LifeCheck.objects.get(member__pension_number="PFR001"))
    certificate = _certificate(LifeCheck.objects.get(member__pension_number="PES001"))
    Submission.objects.filter(pk=photos.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    return photos, certificate


def test_the_queue_oldest_first_and_its_filters(agents, answers):
    photos, certificate = answers
    client = logged_in(agents[0])
    page = text(client.get(reverse("lifecontrol_admin:queue")))
    first = page.index(reverse("lifecontrol_admin:answer", args=[photos.pk]))
    assert first < page.index(reverse("lifecontrol_admin:answer", args=[certificate.pk]))
    only = text(client.get(reverse("lifecontrol_admin:queue"), {"method": Method.CERTIFICATE}))
    assert reverse("lifecontrol_admin:answer", args=[certificate.pk]) in only
    assert reverse("lifecontrol_admin:answer", args=[photos.pk]) not in only
    by_channel = text(client.get(reverse("lifecontrol_admin:queue"), {"channel": Channel.LETTER_CODE}))
    assert reverse("lifecontrol_admin:answer", args=[photos.pk]) in by_channel
    assert reverse("lifecontrol_admin:answer", args=[certificate.pk]) not in by_channel
    # A filter that means nothing filters nothing, and fails nothing.
    assert client.get(reverse("lifecontrol_admin:queue"), {"campaign": "x", "page": "zz"}).status_code == 200


def test_an_answer_is_shown_next_to_the_pensioner_and_each_opening_is_audited(agents, answers):
    photos, _certificate_answer = answers
    client = logged_in(agents[0])
    page = text(client.get(reverse("lifecontrol_admin:answer", args=[photos.pk])))
    assert "PFR001" in page and "CINPFR001" in page and "09/07/1941" in page and "482913" in page
    image = photos.files.first()
    address = reverse("lifecontrol_admin:answer_file", args=[photos.pk, image.pk])
    assert f'src="{address}?inline=1"' in page
    assert not AuditEvent.objects.filter(action=AuditAction.PHOTOS_VIEWED).exists()

    shown_inline = client.get(address, {"inline": "1"})
    assert shown_inline.status_code == 200 and shown_inline["Content-Type"] == "image/jpeg"
    assert shown_inline["Content-Disposition"].startswith("inline")
    assert shown_inline["X-Content-Type-Options"] == "nosniff" and "no-store" in shown_inline["Cache-Control"]
    assert "sandbox" in shown_inline["Content-Security-Policy"]
    assert client.get(address)["Content-Disposition"].startswith("attachment")
    event = AuditEvent.objects.filter(action=AuditAction.PHOTOS_VIEWED).first()
    assert event.actor == agents[0] and event.target == photos.life_check.case.reference
    assert AuditEvent.objects.filter(action=AuditAction.PHOTOS_VIEWED).count() == 2


def test_a_pdf_is_never_shown_inline(agents, answers):
    _photos_answer, certificate = answers
    stored = certificate.files.get()
    response = logged_in(agents[0]).get(
        reverse("lifecontrol_admin:answer_file", args=[certificate.pk, stored.pk]), {"inline": "1"}
    )
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_a_file_of_another_answer_or_unknown_is_not_found(agents, answers):
    photos, certificate = answers
    client = logged_in(agents[0])
    other = certificate.files.get()
    assert client.get(reverse("lifecontrol_admin:answer_file", args=[photos.pk, other.pk])).status_code == 404
    assert client.get(reverse("lifecontrol_admin:answer", args=[0])).status_code == 404


def test_the_files_only_for_life_control_agents(agents, answers):
    photos, _certificate_answer = answers
    image = photos.files.first()
    address = reverse("lifecontrol_admin:answer_file", args=[photos.pk, image.pk])
    member = LifeCheck.objects.get(member__pension_number="PFR001").member
    member.user = factories.UserFactory()
    member.save()
    for user in (
        factories.UserFactory(groups=["Communications", "Editors"], second_factor=True),
        factories.UserFactory(groups=[CLAIMS_AGENTS], second_factor=True),
    ):
        client = logged_in(user)
        assert refused(client.get(address))
        assert refused(client.get(reverse("lifecontrol_admin:queue")))
        assert refused(client.post(reverse("lifecontrol_admin:answer", args=[photos.pk]), {"decision": "accept"}))
    # The pensioner themselves and a visitor: never through the admin.
    for client in (logged_in(member.user), Client()):
        assert client.get(address).status_code in (302, 403)
    assert not AuditEvent.objects.filter(action=AuditAction.PHOTOS_VIEWED).exists()
    photos.refresh_from_db()
    assert photos.review == Review.PENDING


def test_accept(agents, answers):
    photos, _certificate_answer = answers
    response = logged_in(agents[0]).post(reverse("lifecontrol_admin:answer", args=[photos.pk]), {"decision": "accept"})
    assert response.status_code == 302 and response["Location"] == reverse("lifecontrol_admin:queue")
    photos.refresh_from_db()
    assert photos.review == Review.ACCEPTED and photos.reviewed_by == agents[0]
    assert photos.life_check.status == CheckStatus.ACCEPTED
    assert reverse("lifecontrol_admin:answer", args=[photos.pk]) not in text(
        logged_in(agents[0]).get(reverse("lifecontrol_admin:queue"))
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"decision": "reject", "reason": "   "},
            "Say why the answer is not accepted and what the pensioner must do: they read it.",
        ),
        ({"reason": REASON}, "This field is required."),
        ({"decision": "maybe"}, "Select a valid choice. %(value)s is not one of the available choices."),
    ],
)
def test_bad_decisions_change_nothing(agents, answers, data, message):
    photos, _certificate_answer = answers
    response = logged_in(agents[0]).post(reverse("lifecontrol_admin:answer", args=[photos.pk]), data)
    assert response.status_code == 400
    assert (
        shown(message, value="maybe") in text(response) if "%(value)s" in message else shown(message) in text(response)
    )
    photos.refresh_from_db()
    assert photos.review == Review.PENDING and photos.reason == "" and photos.life_check.status == CheckStatus.SUBMITTED


def test_four_eyes_the_proposer_cannot_confirm_another_agent_can(agents, answers):
    photos, _certificate_answer = answers
    first, second = (logged_in(agent) for agent in agents)
    address = reverse("lifecontrol_admin:answer", args=[photos.pk])
    assert first.post(address, {"decision": "reject", "reason": REASON}).status_code == 302
    photos.refresh_from_db()
    assert photos.review == Review.REJECTION_PROPOSED and photos.proposed_by == agents[0]
    assert photos.life_check.status == CheckStatus.SUBMITTED  # the pensioner is told nothing yet

    own = text(first.get(address))
    assert shown("You proposed this rejection: another agent must confirm it or accept the answer.") in own
    again = first.post(address, {"decision": "reject", "reason": REASON})
    assert again.status_code == 400
    assert shown("Another agent must confirm the rejection you proposed.") in text(again)
    photos.refresh_from_db()
    assert photos.review == Review.REJECTION_PROPOSED and photos.reviewed_by is None

    page = text(second.get(address))
    assert REASON in page and "Samira" in page
    assert "Samira" in text(second.get(reverse("lifecontrol_admin:queue"), {"review": Review.REJECTION_PROPOSED}))
    assert second.post(address, {"decision": "reject", "reason": REASON}).status_code == 302
    photos.refresh_from_db()
    assert photos.review == Review.REJECTED and photos.reviewed_by == agents[1] and photos.reason == REASON
    assert photos.life_check.status == CheckStatus.REJECTED
    decided = second.post(address, {"decision": "accept"})
    assert decided.status_code == 400 and shown("This answer has already been checked.") in text(decided)


def test_without_four_eyes_a_rejection_is_immediate(agents):
    _open(agents[0], four_eyes=False, pensioners=("PBE001",))
    answer = _certificate(LifeCheck.objects.get())
    response = logged_in(agents[0]).post(
        reverse("lifecontrol_admin:answer", args=[answer.pk]), {"decision": "reject", "reason": REASON}
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.review == Review.REJECTED and answer.reviewed_by == agents[0]
    assert answer.life_check.status == CheckStatus.REJECTED


def test_files_deleted_after_the_decision_are_said_so(agents, answers):
    photos, _certificate_answer = answers
    client = logged_in(agents[0])
    client.post(reverse("lifecontrol_admin:answer", args=[photos.pk]), {"decision": "accept"})
    image = photos.files.first()
    later = timezone.now() + datetime.timedelta(days=61)
    services.delete_old_files(now=later)
    page = text(client.get(reverse("lifecontrol_admin:answer", args=[photos.pk])))
    deleted = "The files were deleted on %(date)s, after the decision, as the retention rule asks. The decision stays."
    assert shown(deleted, date=timezone.localdate(later).strftime("%d/%m/%Y")) in page
    assert reverse("lifecontrol_admin:answer_file", args=[photos.pk, image.pk]) not in page
    assert client.get(reverse("lifecontrol_admin:answer_file", args=[photos.pk, image.pk])).status_code == 404
    check_page = text(client.get(reverse("lifecontrol_admin:check", args=[photos.life_check_id])))
    assert shown("Accepted", context="life answer") in check_page
