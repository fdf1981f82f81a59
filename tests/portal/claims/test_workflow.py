"""The status workflow: allowed and refused transitions, the reopening window, the history kept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.claims import services, workflow
from portal.claims.choices import Status
from portal.claims.models import ClaimEvent

pytestmark = pytest.mark.django_db


def test_allowed_transitions_are_recorded_with_author_and_time(claim, agent):
    when = timezone.now()
    event = workflow.transition(claim, Status.IN_PROGRESS, actor=agent, now=when)
    assert claim.status == Status.IN_PROGRESS
    assert (event.from_status, event.to_status, event.author, event.created_at) == (
        Status.SUBMITTED,
        Status.IN_PROGRESS,
        agent,
        when,
    )
    workflow.transition(claim, Status.WAITING_MEMBER, actor=agent)
    workflow.transition(claim, Status.ANSWERED, actor=agent)
    workflow.transition(claim, Status.CLOSED, actor=agent)
    assert claim.closed_at is not None and claim.answered_at is not None
    kinds = list(claim.events.values_list("kind", "to_status"))
    assert kinds == [
        ("created", "submitted"),
        ("status", "in_progress"),
        ("status", "waiting_member"),
        ("status", "answered"),
        ("status", "closed"),
    ]


@pytest.mark.parametrize(
    "start, target",
    [
        (Status.SUBMITTED, Status.SUBMITTED),
        (Status.IN_PROGRESS, Status.SUBMITTED),
        (Status.ANSWERED, Status.SUBMITTED),
        (Status.CLOSED, Status.ANSWERED),
        (Status.CLOSED, Status.WAITING_MEMBER),
        (Status.CLOSED, Status.CLOSED),
    ],
)
def test_refused_transitions_change_nothing(claim, agent, start, target):
    claim.status = start
    claim.closed_at = timezone.now() if start == Status.CLOSED else None
    claim.save()
    events_before = ClaimEvent.objects.count()
    with pytest.raises(workflow.TransitionRefused, match="cannot go from"):
        workflow.transition(claim, target, actor=agent)
    claim.refresh_from_db()
    assert claim.status == start
    assert ClaimEvent.objects.count() == events_before


def test_reopen_within_30_days(claim, agent, member_user):
    closed = timezone.now() - timedelta(days=29, hours=23)
    workflow.transition(claim, Status.CLOSED, actor=agent, now=closed)
    assert workflow.can_reopen(claim)
    workflow.reopen(claim, actor=member_user)
    assert claim.status == Status.IN_PROGRESS
    assert claim.closed_at is None


def test_no_reopening_after_30_days(claim, agent, member_user):
    workflow.transition(claim, Status.CLOSED, actor=agent, now=timezone.now() - timedelta(days=31))
    assert not workflow.can_reopen(claim)
    assert workflow.allowed_transitions(claim) == []
    with pytest.raises(workflow.TransitionRefused, match="more than 30 days ago"):
        workflow.reopen(claim, actor=member_user)
    claim.refresh_from_db()
    assert claim.status == Status.CLOSED


def test_member_reply_brings_a_waiting_claim_back_to_the_agents(claim, agent, member_user):
    workflow.transition(claim, Status.WAITING_MEMBER, actor=agent)
    services.post_message(claim, actor=member_user, body="Voici le document.", from_member=True)
    assert claim.status == Status.IN_PROGRESS


def test_member_cannot_write_on_a_closed_claim(claim, agent, member_user):
    workflow.transition(claim, Status.CLOSED, actor=agent)
    with pytest.raises(workflow.TransitionRefused):
        services.post_message(claim, actor=member_user, body="Encore moi", from_member=True)
    assert not claim.messages.exists()


def test_first_response_time_is_the_first_public_agent_message(claim, agent):
    services.post_message(claim, actor=agent, body="note", is_internal=True)
    claim.refresh_from_db()
    assert claim.first_response_at is None
    services.post_message(claim, actor=agent, body="Réponse", new_status=Status.ANSWERED)
    assert claim.first_response_at is not None
    assert claim.status == Status.ANSWERED


def test_due_date_follows_the_service_level_staff_set(member, member_user):
    from portal.claims.models import ServiceLevel

    ServiceLevel.objects.update_or_create(category="payments", defaults={"days_to_answer": 2})
    now = timezone.now()
    claim = services.file_claim(
        services.NewClaim(member=member, category="payments", subject="s", description="d"), actor=member_user, now=now
    )
    assert claim.due_at == now + timedelta(days=2)
    assert not claim.is_overdue(now + timedelta(days=1))
    assert claim.is_overdue(now + timedelta(days=3))
