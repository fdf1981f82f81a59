"""Sending one delivery, once: claim it, send it, record the answer; retry what did not get through.

A delivery is claimed by one conditional UPDATE (pending -> sending): two workers running the same
task (a retried task, a task enqueued twice by the sweep) cannot both send it. The attempt is
counted and committed before the message leaves, so a worker that dies mid-send leaves a
delivery in "sending" with its time: the sweep (``send_due_notifications``) takes it back after
``NOTIFICATIONS_STALE_SECONDS`` and, as after a time-out, asks the provider whether it has the
message before sending it again (``sms.GatewaySender.lookup``).

Failures (a refusal, a time-out, a server error) are retried ``NOTIFICATIONS_MAX_ATTEMPTS`` times
with growing delays (``NOTIFICATIONS_RETRY_DELAYS``), then the delivery is recorded as failed
with the provider's last answer. Text messages never go in quiet hours.

E-mail has no way to ask the server whether it got a message: a worker that dies between the
SMTP server's answer and our commit can send an e-mail twice. That is the one case, and it is said.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from portal.notifications import quiet_hours, rendering, sms
from portal.notifications.choices import Channel, DeliveryStatus
from portal.notifications.models import Delivery

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    status: str
    retry_at: datetime.datetime | None = None


DONE = Outcome("done")  # already sent or failed by someone else: nothing to do


def _retry_delay(attempts):
    delays = settings.NOTIFICATIONS_RETRY_DELAYS
    return datetime.timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def _claim(delivery_id, now):
    """Take the delivery for this attempt, or None if it is not ours to send now."""
    stale = now - datetime.timedelta(seconds=settings.NOTIFICATIONS_STALE_SECONDS)
    due = Q(status=DeliveryStatus.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    # A worker died while sending: what it did is unknown, so the provider is asked first (``uncertain``).
    abandoned = Q(status=DeliveryStatus.SENDING, started_at__lt=stale)
    # One conditional UPDATE: of two workers, only one changes the row. Its SET reads the row as it was, so a
    # delivery taken back from a dead worker is marked uncertain in the same statement.
    taken = (
        Delivery.objects.filter(pk=delivery_id)
        .filter(due | abandoned)
        .update(
            status=DeliveryStatus.SENDING,
            attempts=F("attempts") + 1,
            started_at=now,
            uncertain=Case(When(abandoned, then=Value(True)), default=F("uncertain")),
        )
    )
    if not taken:
        return None
    return Delivery.objects.select_related("notification").get(pk=delivery_id)


def _send_email(delivery):
    subject, body = rendering.email(delivery.notification)
    message = EmailMessage(subject, body, to=[delivery.destination], headers={"X-Message-Id": str(delivery.message_id)})
    message.send()
    return sms.Answer(accepted=True, text="accepted by the mail server")


def _send_sms(delivery, sender):
    if delivery.uncertain:
        known = sender.lookup(delivery.message_id)
        if known is not None and known.accepted:
            return known
    text = rendering.render(delivery.notification).text
    return sender.send(to=delivery.destination, text=text, message_id=delivery.message_id)


def _finish(delivery, *, now, answer=None, error=""):
    """Record the attempt's result; return when to try again, if ever."""
    fields = {"uncertain": delivery.uncertain}
    if answer is not None and answer.accepted:
        fields.update(status=DeliveryStatus.SENT, sent_at=now, provider_id=answer.provider_id[:100], uncertain=False)
        fields["provider_answer"] = answer.text
        retry_at = None
    else:
        fields["provider_answer"] = answer.text if answer is not None else error
        fields["uncertain"] = answer is None  # no answer: the provider may have it
        if delivery.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
            fields["status"] = DeliveryStatus.FAILED
            retry_at = None
        else:
            retry_at = now + _retry_delay(delivery.attempts)
            if delivery.channel == Channel.SMS:
                retry_at = quiet_hours.next_allowed(retry_at)
            fields.update(status=DeliveryStatus.PENDING, next_attempt_at=retry_at)
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(**fields)
    return retry_at


def attempt(delivery_id, *, now=None, sender=None):
    """One attempt at one delivery. Returns what happened and when to try again."""
    now = now or timezone.now()
    row = Delivery.objects.filter(pk=delivery_id).values("channel", "status", "next_attempt_at").first()
    if row is None or row["status"] in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
        return DONE
    if row["channel"] == Channel.SMS:
        allowed = quiet_hours.next_allowed(now)
        if allowed > now:
            allowed = max(allowed, row["next_attempt_at"] or allowed)  # a later retry stays later
            Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(next_attempt_at=allowed)
            return Outcome("quiet hours", retry_at=allowed)
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return DONE
    try:
        if delivery.channel == Channel.EMAIL:
            answer = _send_email(delivery)
        else:
            answer = _send_sms(delivery, sender or sms.get_sender())
    except sms.Unanswered as error:
        retry_at = _finish(delivery, now=now, error=str(error))
        return Outcome("no answer", retry_at=retry_at)
    except OSError as error:  # the mail server refused or could not be reached
        retry_at = _finish(delivery, now=now, answer=sms.Answer(accepted=False, text=str(error)[:500]))
        return Outcome("refused", retry_at=retry_at)
    except Exception as error:
        # A fault of ours (a kind since removed, a template error): counted like a failure, so that the delivery
        # ends "failed" after its attempts instead of being left "sending" and taken back for ever. Whether
        # anything left is unknown: the next attempt asks the provider first (``uncertain``).
        logger.exception("delivery %s: attempt failed", delivery.pk)
        retry_at = _finish(delivery, now=now, error=f"{type(error).__name__}: {error}"[:500])
        return Outcome("error", retry_at=retry_at)
    retry_at = _finish(delivery, now=now, answer=answer)
    return Outcome("sent" if answer.accepted else "refused", retry_at=retry_at)
