"""What the member is told about a claim: one notification per event through the notification centre,
one delivery per chosen channel, told only if the transaction commits, never twice (a retried task or
service), in the claim's language and without its content."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from portal.claims import notifications, services, workflow
from portal.claims.choices import Status
from portal.notifications.choices import Channel, DeliveryStatus
from portal.notifications.models import Contact, Delivery, Notification
from tests.portal.text import shown


class Rollback(Exception):
    pass


def _new(member, **extra):
    return services.NewClaim(member=member, category="payments", subject="Retard", description="Pas reçu", **extra)


def _told(kind):
    return list(Notification.objects.filter(kind=kind))


def _channels(notification):
    return sorted(notification.deliveries.values_list("channel", flat=True))


@pytest.fixture
def by_text(member_user):
    """The member confirmed a mobile number and chose text messages for the fund's replies."""
    return Contact.objects.create(
        account=member_user,
        mobile="+212612345678",
        mobile_verified_at=timezone.now(),
        language="fr",
        channels={"claim.reply": [Channel.EMAIL, Channel.SMS]},
    )


@pytest.mark.django_db
def test_the_acknowledgement_is_told_only_when_the_claim_commits(member, member_user):
    with pytest.raises(Rollback), transaction.atomic():
        services.file_claim(_new(member), actor=member_user)
        raise Rollback
    assert Notification.objects.count() == 0 and Delivery.objects.count() == 0

    claim = services.file_claim(_new(member), actor=member_user)
    [notification] = _told("claim.acknowledgement")
    assert (notification.member, notification.account) == (member, member_user)
    assert notification.url_kwargs == {"reference": claim.reference}
    assert _channels(notification) == [Channel.EMAIL]


@pytest.mark.django_db
def test_each_reply_and_status_change_is_told_once_per_chosen_channel(member, member_user, agent, by_text):
    claim = services.file_claim(_new(member), actor=member_user)
    services.post_message(claim, actor=agent, body="Une question", new_status=Status.WAITING_MEMBER)
    [reply] = _told("claim.reply")
    assert _channels(reply) == [Channel.EMAIL, Channel.SMS]
    assert reply.deliveries.get(channel=Channel.SMS).destination == "+212612345678"
    # Internal notes and the member's own messages are not news for the member.
    services.post_message(claim, actor=agent, body="note", is_internal=True)
    services.post_message(claim, actor=member_user, body="réponse", from_member=True)
    assert len(_told("claim.reply")) == 1
    # A second reply is a second event.
    services.post_message(claim, actor=agent, body="Autre chose")
    assert len(_told("claim.reply")) == 2

    workflow.transition(claim, Status.CLOSED, actor=agent)
    status_changes = _told("claim.status")
    assert [n.params["status_fr"] for n in status_changes if "status_fr" in n.params]
    # Not chosen for this kind: e-mail only.
    assert all(_channels(n) == [Channel.EMAIL] for n in status_changes)


@pytest.mark.django_db
def test_a_retried_notification_tells_nothing_more(
    member, member_user, agent, by_text, django_capture_on_commit_callbacks
):
    claim = services.file_claim(_new(member), actor=member_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(claim, actor=agent, body="Une question")
    message = claim.messages.get(body="Une question")
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = notifications.replied(claim, message)
        notifications.acknowledged(claim)
    assert again == Notification.objects.get(kind="claim.reply")
    assert Notification.objects.filter(kind__startswith="claim.").count() == 2
    assert Delivery.objects.filter(notification__kind="claim.reply").count() == 2
    assert len(mail.outbox) == sent
    # Both channels were sent once (console text sender in the tests).
    assert set(again.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_email_is_in_the_claims_language_links_to_it_and_holds_none_of_it(
    member, member_user, agent, language, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.file_claim(
            services.NewClaim(
                member=member, category="payments", subject="سري", description="نص سري", language=language
            ),
            actor=member_user,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(claim, actor=agent, body="Votre RIB se termine par 4471")
    acknowledgement, reply = mail.outbox
    assert acknowledgement.to == reply.to == [member_user.email]
    assert acknowledgement.subject == shown(
        "Your claim %(reference)s has been received", language, reference=claim.reference
    )
    assert reply.subject == shown("New message about your claim %(reference)s", language, reference=claim.reference)
    for message in (acknowledgement, reply):
        assert f"/{language}/portal/claims/{claim.reference}/" in message.body
        assert message.body.startswith(shown("Hello,", language))
        for private in ("نص سري", "سري", "4471", "Pas reçu"):
            assert private not in message.body and private not in message.subject
