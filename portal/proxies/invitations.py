"""A member's invitations: invite someone, send (or re-send) the link, accept it, end the access.

The link is signed (``django.core.signing``, its own salt) and names the invitation and the moment
it was sent: it is valid ``PROXY_INVITATION_DAYS`` days, and a re-sent invitation makes the earlier
links useless. Accepting asks more than the link: the accepting account must hold the invited
address, verified (a forwarded link is useless to someone else), and a second factor (people who
act for someone else protect their account with one); the member cannot be their own proxy.

Services are keyword-only and take the acting user (``actor=``) and the view's ``AuditContext``
(``context=``); each action is audited on the member's file.
"""

import dataclasses
import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from config.tasks import enqueue_with_transaction
from portal import audit
from portal.notifications import centre
from portal.proxies.choices import AuditAction, Basis, Via
from portal.proxies.models import Proxy
from portal.proxies.notifications import GRANTED

SALT = "portal.proxies.invitation"
MAX_PEOPLE = 5  # people in force or invited at once, per file


class Refused(Exception):
    """The action cannot be done; str() is a translated message for the person."""


class InvalidInvitation(Exception):
    """The link is not (or no longer) valid; str() says why, for the person who opened it."""


def _target(proxy):
    return f"proxy:{proxy.pk}"


def _via(proxy):
    return Via.GUARDIAN if proxy.basis == Basis.GUARDIAN else Via.PROXY


def latest_end(today=None):
    """The furthest end date a member may give: ``PROXY_MAX_MONTHS`` months from ``today``."""
    today = today or timezone.localdate()
    months = today.month - 1 + settings.PROXY_MAX_MONTHS
    year, month = today.year + months // 12, months % 12 + 1
    for day in (today.day, 30, 29, 28):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def is_waiting(proxy, now=None):
    """Sent, not accepted, not cancelled, and its link not expired."""
    now = now or timezone.now()
    limit = datetime.timedelta(days=settings.PROXY_INVITATION_DAYS)
    return proxy.accepted_at is None and proxy.revoked_at is None and proxy.invited_at >= now - limit


def _stamp(proxy):
    return int(proxy.invited_at.timestamp())


def make_token(proxy):
    return signing.dumps({"p": proxy.pk, "t": _stamp(proxy)}, salt=SALT, compress=True)


def read_token(token, now=None):
    """The invitation ``token`` names, still waiting; else ``InvalidInvitation``."""
    max_age = datetime.timedelta(days=settings.PROXY_INVITATION_DAYS)
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as expired:
        raise InvalidInvitation(_("This invitation has expired. Ask the person to send it again.")) from expired
    except signing.BadSignature as bad:
        raise InvalidInvitation(_("This invitation link is not valid. Check that it was copied in full.")) from bad
    proxy_id, stamp = (data.get("p"), data.get("t")) if isinstance(data, dict) else (None, None)
    proxy = Proxy.objects.select_related("member").filter(pk=proxy_id).first() if isinstance(proxy_id, int) else None
    if proxy is None or stamp != _stamp(proxy):
        raise InvalidInvitation(_("This invitation is no longer valid: a newer one was sent, or it was withdrawn."))
    if proxy.revoked_at is not None:
        raise InvalidInvitation(_("This invitation was cancelled."))
    if proxy.accepted_at is not None:
        raise InvalidInvitation(_("This invitation has already been accepted. It can be used only once."))
    if not is_waiting(proxy, now):
        raise InvalidInvitation(_("This invitation has expired. Ask the person to send it again."))
    return proxy


def send_invitation(proxy, *, language):
    """Queue the invitation e-mail in the caller's transaction (also for a legal representative)."""

    enqueue_with_transaction(send_invitation_email, proxy.pk, language)


def people_count(member, now=None):
    """People in force, or invited and not answered yet: what counts against ``MAX_PEOPLE``."""
    now = now or timezone.now()
    in_force = member.proxies.in_force(timezone.localdate(now)).count()
    return in_force + member.proxies.open_invitations(now).count()


def invite(*, member, name, email, scope, expires_on, language, actor, context, now=None):
    """Invite ``email`` to act on ``member``'s file with ``scope`` until ``expires_on``; the e-mail is queued."""
    now = now or timezone.now()
    with transaction.atomic():
        # One invitation at a time per file: two tabs cannot both pass the count.
        type(member).objects.select_for_update().filter(pk=member.pk).first()
        if people_count(member, now) >= MAX_PEOPLE:
            raise Refused(
                _("At most %(max)d people can help you at once. End someone's access first.") % {"max": MAX_PEOPLE}
            )
        if member.user is not None and member.user.email.lower() == email.lower():
            raise Refused(_("This is your own address: invite the person who will help you."))
        proxy = Proxy.objects.create(
            member=member,
            basis=Basis.INVITATION,
            scope=scope,
            name=name.strip(),
            email=email.strip(),
            expires_on=expires_on,
            invited_at=now,
            created_by=actor,
        )
        audit.log(AuditAction.INVITED, actor=actor, context=context, member=member, target=_target(proxy))
        send_invitation(proxy, language=language)
    return proxy


def resend(*, proxy, language, actor, context, now=None):
    """Send a waiting (or expired, unanswered) invitation again, with a fresh link; older links stop working."""
    now = now or timezone.now()
    with transaction.atomic():
        proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
        if proxy.accepted_at is not None or proxy.revoked_at is not None:
            raise Refused(_("This invitation was already answered or cancelled."))
        proxy.invited_at = now
        proxy.save(update_fields=["invited_at"])
        audit.log(
            AuditAction.INVITED,
            actor=actor,
            context=context,
            member=proxy.member,
            target=_target(proxy),
            details={"resent": True},
        )
        send_invitation(proxy, language=language)
    return proxy


def revoke(*, proxy, actor, context, now=None):
    """End an access (or cancel an invitation) at once: the next request of the holder no longer reaches the file."""
    now = now or timezone.now()
    with transaction.atomic():
        proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
        if proxy.revoked_at is not None:
            return proxy  # a double click: already ended
        proxy.revoked_at, proxy.revoked_by = now, actor
        proxy.save(update_fields=["revoked_at", "revoked_by"])
        audit.log(AuditAction.REVOKED, actor=actor, context=context, member=proxy.member, target=_target(proxy))
    return proxy


def why_not(proxy, user):
    """Why ``user`` may not accept ``proxy`` (a translated message), or "" when they may."""
    if proxy.member.user_id is not None and proxy.member.user_id == user.pk:
        return _("This invitation is for someone who will help you: you cannot accept it yourself.")
    verified = EmailAddress.objects.filter(user=user, email__iexact=proxy.email, verified=True).exists()
    if not verified:
        return _(
            "This invitation was sent to another e-mail address. Log in with the account that uses the address "
            "the invitation was sent to (confirmed), or add and confirm that address in your account."
        )
    if not is_mfa_enabled(user):
        return _(
            "People who act for someone else protect their account with a second factor. "
            "Set up two-factor authentication, then open the invitation link again."
        )
    return ""


def accept(*, proxy, actor, context, now=None):
    """``actor`` becomes the holder of ``proxy`` (checked again here); the member is told, whatever they chose."""
    now = now or timezone.now()
    problem = why_not(proxy, actor)
    if problem:
        raise Refused(problem)
    with transaction.atomic():
        proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
        if proxy.accepted_at is not None or proxy.revoked_at is not None or not is_waiting(proxy, now):
            raise Refused(_("This invitation is no longer valid."))
        if proxy.expires_on is not None and proxy.expires_on < timezone.localdate(now):
            raise Refused(_("The end date of this access has already passed. Ask the person to invite you again."))
        proxy.holder, proxy.accepted_at = actor, now
        proxy.save(update_fields=["holder", "accepted_at"])
        # Recorded as reaching the file through this grant: the member's "who acted on my file" lists it.
        context = dataclasses.replace(context, via=_via(proxy), grant_id=proxy.pk)
        audit.log(AuditAction.ACCEPTED, actor=actor, context=context, member=proxy.member, target=_target(proxy))
        until = proxy.expires_on.strftime("%d/%m/%Y") if proxy.expires_on else "—"
        centre.notify(
            GRANTED,
            member=proxy.member,
            params={"name": proxy.name, "until": until},
            key=f"proxy.granted:{proxy.pk}",
        )
    return proxy


def opened(*, proxy, actor, context):
    """The holder switched to the member's file (audited with how they reached it)."""
    context = dataclasses.replace(context, via=_via(proxy), grant_id=proxy.pk)
    audit.log(AuditAction.OPENED, actor=actor, context=context, member=proxy.member, target=_target(proxy))


@task()
def send_invitation_email(proxy_id, language):
    """E-mail the invited person the signed link, in ``language``; nothing once the invitation is no longer waiting.

    The link is signed here, from the invitation as it is when the e-mail leaves: a re-sent
    invitation makes the earlier links useless (``invitations.read_token``).
    """
    proxy = Proxy.objects.select_related("member").filter(pk=proxy_id).first()
    if proxy is None or not is_waiting(proxy):
        return "not waiting"
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("proxies:accept", kwargs={"token": make_token(proxy)})
        member = proxy.member
        context = {
            "proxy": proxy,
            "member_name": member.full_name_ar if language == "ar" else member.full_name,
            "url": settings.SITE_URL + path,
            "days": settings.PROXY_INVITATION_DAYS,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("proxies/email/invitation_subject.txt", context).strip()
        body = render_to_string("proxies/email/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [proxy.email])
    return "sent"
