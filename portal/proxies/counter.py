"""Help at the counter: an agent acts in a member's portal, with the member present and consenting.

Consent comes first, in one of two ways, and without it there is no session:

- a one-time 6-digit code sent to the member now (by SMS to their mobile, else by e-mail on
  file); the member reads it out and the agent types it. The code is never stored: it is derived
  from the server's secret and the session (``_code``), so the task that sends it is given only
  the session's id, and the row keeps a keyed hash. It lives ``COUNTER_CODE_MINUTES``; after
  ``MAX_TRIES`` wrong codes it is locked (send a new one, or use the form);
- the consent form signed by the member, scanned and uploaded through the upload checks.

A started session is tied to the agent's login session (``session_key``): ``acting.resolve`` reads
it on every request, logging out ends it (``signals.py``), and it times out after
``COUNTER_SESSION_MINUTES``. Every action made meanwhile is logged ``via`` "counter" with the agent
as actor; the end is told to the member (kind "counter.helped").
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django_tasks import task

from config.tasks import enqueue_with_transaction
from portal import audit
from portal.files.written import WrittenFiles
from portal.notifications import centre, phones, sms
from portal.notifications.choices import Channel
from portal.proxies.choices import AuditAction, Consent, Via
from portal.proxies.models import CounterSession, Proxy

logger = logging.getLogger(__name__)

MAX_TRIES = 5
CODES_PER_HOUR = 3  # codes sent to one member in an hour: enough for a lost SMS, not enough to pester
HELPED_KIND = "counter.helped"


class Refused(Exception):
    """No session: the message says why, for the agent."""


def refusal(member, agent):
    """Why ``agent`` may not help ``member`` at the counter, or None."""
    if member.user_id is not None and member.user_id == agent.pk:
        return _("You cannot help yourself at the counter: ask a colleague.")
    if Proxy.objects.in_force().filter(member=member, holder=agent).exists():
        # The same person would then act twice, once as a relative and once for the fund.
        return _("You act for this member as their proxy or representative: ask a colleague to help them.")
    if member.user_id is None:
        # Requests and claims are made in the name of the member's account.
        return _("This member has no portal account yet: help them enrol first.")
    return None


def code_destination(member):
    """(channel, address) the code goes to: the mobile first, else the e-mail on file; None if neither."""
    account = member.user
    found = centre.destinations(account, member, centre.contact_of(account))
    for channel in (Channel.SMS, Channel.EMAIL):
        if channel in found:
            return channel, found[channel]
    return None


def masked(channel, address):
    if channel == Channel.SMS:
        return phones.masked(address)
    local, _at, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}"


def _code(session):
    # Keyed by the server's secret: the database alone (or the task queue's rows) never reveals it.
    digest = salted_hmac("portal.proxies.counter.code", f"{session.pk}:{session.created_at.isoformat()}").hexdigest()
    return f"{int(digest, 16) % 1_000_000:06d}"


def _hash(session, code):
    return salted_hmac("portal.proxies.counter.hash", f"{session.pk}:{code}").hexdigest()


def _counter_context(context, session):
    return dataclasses.replace(context, via=Via.COUNTER, grant_id=session.pk)


def send_code(*, member, actor, context, now=None):
    """Create a consent request and send its code to the member; returns the (not started) session."""
    now = now or timezone.now()
    reason = refusal(member, actor)
    if reason:
        raise Refused(reason)
    destination = code_destination(member)
    if destination is None:
        raise Refused(_("This member has neither a mobile number nor an e-mail address: use the signed form."))
    recent = CounterSession.objects.filter(
        member=member, consent=Consent.CODE, created_at__gte=now - datetime.timedelta(hours=1)
    )
    if recent.count() >= CODES_PER_HOUR:
        raise Refused(_("Several codes were sent in the last hour: use the signed form."))
    with transaction.atomic():
        session = CounterSession.objects.create(
            member=member,
            agent=actor,
            consent=Consent.CODE,
            code_expires_at=now + datetime.timedelta(minutes=settings.COUNTER_CODE_MINUTES),
        )
        session.code_hash = _hash(session, _code(session))
        session.save(update_fields=["code_hash"])
        channel, _address = destination
        audit.log(
            AuditAction.COUNTER_CODE,
            actor=actor,
            context=context,
            member=member,
            target=f"counter:{session.pk}",
            details={"channel": channel},
        )
        enqueue_with_transaction(deliver_code, session.pk)
    return session


def code_text(code, language):
    with translation.override(language):
        return _(
            "Code %(code)s: give it to the fund's agent in front of you so they can help you. Valid %(minutes)s min."
        ) % {"code": code, "minutes": settings.COUNTER_CODE_MINUTES}


@task()
def deliver_code(session_id):
    """Send the code once (the member is at the counter: quiet hours do not apply)."""
    session = CounterSession.objects.select_related("member__user").filter(pk=session_id).first()
    if session is None or session.started_at is not None or session.code_expires_at <= timezone.now():
        return "skipped"
    destination = code_destination(session.member)
    if destination is None:
        return "unreachable"
    channel, address = destination
    language = centre.language_of(centre.contact_of(session.member.user))
    text = code_text(_code(session), language)
    if channel == Channel.SMS:
        try:
            answer = sms.get_sender().send(to=address, text=text, message_id=f"counter-{session.pk}")
        except sms.Unanswered as error:
            # The agent sees no code arrive and sends another one, or uses the signed form.
            logger.warning("Counter code %s not sent: %s", session.pk, error)
            return "unanswered"
        return "sent" if answer.accepted else "refused"
    with translation.override(language):
        subject = _("Your code for help at the counter")
    send_mail(subject, text, None, [address])
    return "sent"


def _end_others(agent, now, context, keep=None):
    others = CounterSession.objects.filter(agent=agent, started_at__isnull=False, ended_at__isnull=True)
    for session in others.exclude(pk=keep).select_related("member"):
        _close(session, actor=agent, context=context, now=now)


def _start(session, *, actor, session_key, context, now):
    if not session_key:
        raise Refused(_("Your login session has expired: log in again."))
    # One member at a time: an agent who forgot to end the previous help ends it now.
    _end_others(actor, now, context, keep=session.pk)
    session.started_at = now
    session.session_key = session_key
    session.save(update_fields=["started_at", "session_key"])
    audit.log(
        AuditAction.COUNTER_STARTED,
        actor=actor,
        context=_counter_context(context, session),
        member=session.member,
        target=f"counter:{session.pk}",
        details={"consent": session.consent},
    )
    return session


class WrongCode(Refused):
    def __init__(self, message, remaining):
        super().__init__(message)
        self.remaining = remaining


def start_with_code(*, session_id, code, actor, session_key, context, now=None):
    """Start the session whose code the member read out; raises ``Refused`` (``WrongCode``) otherwise."""
    now = now or timezone.now()
    with transaction.atomic():
        # Locked: two submissions at once cannot both count as the fifth try.
        session = (
            CounterSession.objects.select_for_update(of=("self",))
            .select_related("member__user")
            .filter(pk=session_id, agent=actor, consent=Consent.CODE, started_at__isnull=True, ended_at__isnull=True)
            .first()
        )
        problem = _code_problem(session, actor, now)
        if problem is None and not constant_time_compare(_hash(session, code), session.code_hash):
            # Counted in this transaction, which commits: the refusal is raised after it.
            session.code_failures += 1
            session.save(update_fields=["code_failures"])
            remaining = MAX_TRIES - session.code_failures
            if remaining <= 0:
                problem = WrongCode(_("Too many wrong codes: send a new code or use the signed form."), 0)
            else:
                message = _("This is not the code sent to the member. Tries left: %(count)d.") % {"count": remaining}
                problem = WrongCode(message, remaining)
        if problem is None:
            return _start(session, actor=actor, session_key=session_key, context=context, now=now)
    raise problem


def _code_problem(session, actor, now):
    """Why this code request cannot start a session whatever the code typed (a ``Refused``), or None."""
    if session is None:
        return Refused(_("This code request no longer exists: send a new code."))
    reason = refusal(session.member, actor)
    if reason:
        return Refused(reason)
    if session.code_failures >= MAX_TRIES:
        return Refused(_("Too many wrong codes: send a new code or use the signed form."))
    if session.code_expires_at is None or session.code_expires_at <= now:
        return Refused(_("This code has expired: send a new code."))
    return None


def start_with_form(*, member, signed_form, actor, session_key, context, now=None):
    """Start a session on the scanned signed form (an ``uploads.CheckedFile``)."""
    now = now or timezone.now()
    reason = refusal(member, actor)
    if reason:
        raise Refused(reason)
    if not session_key:
        raise Refused(_("Your login session has expired: log in again."))
    with WrittenFiles().removed_on_error() as written, transaction.atomic():
        session = CounterSession(member=member, agent=actor, consent=Consent.SIGNED_FORM)
        written.save(session.consent_form, signed_form)
        session.save()
        return _start(session, actor=actor, session_key=session_key, context=context, now=now)


def _close(session, *, actor, context, now):
    """Mark ``session`` ended (once), record it and tell the member; False if it had already ended."""
    if not CounterSession.objects.filter(pk=session.pk, ended_at__isnull=True).update(ended_at=now):
        return False
    audit.log(
        AuditAction.COUNTER_ENDED,
        actor=actor,
        context=_counter_context(context, session),
        member=session.member,
        target=f"counter:{session.pk}",
    )
    _tell_member(session, now)
    return True


def _tell_member(session, now):
    from portal.notifications import kinds

    try:
        kind = kinds.get(HELPED_KIND)
    except KeyError:  # the member-side kinds are not installed: the audit log still shows the visit
        logger.error("Notification kind %s is not registered", HELPED_KIND)
        return
    centre.notify(
        kind,
        member=session.member,
        params={"date": timezone.localdate(session.started_at or now).strftime("%d/%m/%Y")},
        key=f"counter:{session.pk}",
        now=now,
    )


def end(*, session_id, actor, context, now=None):
    """End the agent's session ``session_id`` (if still open); returns the session, or None."""
    now = now or timezone.now()
    with transaction.atomic():
        session = CounterSession.objects.select_related("member").filter(pk=session_id, agent=actor).first()
        if session is None or session.started_at is None:
            return None
        _close(session, actor=actor, context=context, now=now)
    return session


def end_all(*, agent, context=None, now=None):
    """End every open session of ``agent`` (their login session ended)."""
    now = now or timezone.now()
    with transaction.atomic():
        _end_others(agent, now, context or audit.AuditContext.none())


def close_timed_out(*, now=None):
    """Record the end of sessions that timed out without "End" nor a logout (and tell their members).

    ``acting.resolve`` already refuses them; this only writes the end down. For a periodic command.
    """
    now = now or timezone.now()
    limit = now - datetime.timedelta(minutes=settings.COUNTER_SESSION_MINUTES)
    closed = 0
    stale = CounterSession.objects.filter(started_at__lte=limit, ended_at__isnull=True).select_related(
        "member", "agent"
    )
    for session in stale:
        with transaction.atomic():
            closed += _close(session, actor=session.agent, context=audit.AuditContext.none(), now=now)
    return closed
