"""An organisation's HR officers: invite one (by the fund or the organisation's administrator), accept
the invitation, change an officer's role and units, end an access.

There is no self-service sign-up into an organisation: an account becomes an officer only by
accepting an invitation sent to an address it holds, verified. The link is signed
(``django.core.signing``, its own salt), names the invitation and the moment it was made, and is
valid ``PARTNER_INVITATION_DAYS`` days; inviting the same address again cancels the earlier
invitation, so its link stops working. An access ended (``revoke``) is refused at the account's
next request: the gate (``portal.partners.access``) reads the officer row on every request.

Services are keyword-only and take the acting user (``actor=``) and the view's ``AuditContext``
(``context=``); each action is audited (``AuditAction.INVITED``/``JOINED``/``ROLE_CHANGED``/``REVOKED``).
"""

import datetime

from allauth.account.models import EmailAddress
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
from portal.partners.choices import AuditAction, Role
from portal.partners.models import Invitation, Officer, Organisation

SALT = "portal.partners.invitation"


class Refused(Exception):
    """The action cannot be done; str() is a translated message for the person."""


class InvalidInvitation(Exception):
    """The link is not (or no longer) valid; str() says why, for the person who opened it."""


def _days():
    return datetime.timedelta(days=settings.PARTNER_INVITATION_DAYS)


def _stamp(invitation):
    return int(invitation.created_at.timestamp())


def is_waiting(invitation, now=None):
    """Not accepted, not cancelled, and its link not expired."""
    now = now or timezone.now()
    return invitation.accepted_at is None and invitation.cancelled_at is None and invitation.created_at >= now - _days()


def make_token(invitation):
    return signing.dumps({"i": invitation.pk, "t": _stamp(invitation)}, salt=SALT, compress=True)


def read_token(token, now=None):
    """The invitation ``token`` names, still waiting; else ``InvalidInvitation``."""
    try:
        data = signing.loads(token, salt=SALT, max_age=_days())
    except signing.SignatureExpired as expired:
        raise InvalidInvitation(
            _("This invitation has expired. Ask your organisation to invite you again.")
        ) from expired
    except signing.BadSignature as bad:
        raise InvalidInvitation(_("This invitation link is not valid. Check that it was copied in full.")) from bad
    pk, stamp = (data.get("i"), data.get("t")) if isinstance(data, dict) else (None, None)
    invitation = (
        Invitation.objects.select_related("organisation").filter(pk=pk).first() if isinstance(pk, int) else None
    )
    if invitation is None or stamp != _stamp(invitation):
        raise InvalidInvitation(_("This invitation is no longer valid: a newer one was sent, or it was withdrawn."))
    if invitation.accepted_at is not None:
        raise InvalidInvitation(_("This invitation has already been accepted. It can be used only once."))
    if invitation.cancelled_at is not None:
        raise InvalidInvitation(_("This invitation is no longer valid: a newer one was sent, or it was withdrawn."))
    if not is_waiting(invitation, now):
        raise InvalidInvitation(_("This invitation has expired. Ask your organisation to invite you again."))
    if not invitation.organisation.is_active:
        raise InvalidInvitation(_("This organisation no longer has access to the partners' space."))
    return invitation


def _target(officer_or_invitation):
    kind = "officer" if isinstance(officer_or_invitation, Officer) else "invitation"
    return f"{kind}:{officer_or_invitation.pk}"


def _check_units(organisation, units):
    units = list(units)
    tree = organisation.tree_ids()
    if any(unit.pk not in tree or unit.pk == organisation.pk for unit in units):
        raise Refused(_("Choose units of your own organisation."))
    return units


def invite(*, organisation, email, role, is_admin=False, units=(), actor, context, language, now=None):
    """Invite ``email`` into ``organisation`` with ``role`` (and ``units``: empty, the whole organisation).

    An earlier invitation to the same address still open is cancelled (its link stops working). The
    e-mail with the signed link is queued in the caller's transaction.
    """
    now = now or timezone.now()
    email = (email or "").strip()
    role = Role(role)
    units = _check_units(organisation, units)
    if Officer.objects.active().filter(organisation=organisation, user__email__iexact=email).exists():
        raise Refused(_("This address already belongs to an officer of your organisation."))
    with transaction.atomic():
        Invitation.objects.filter(
            organisation=organisation, email__iexact=email, accepted_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=now)
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            is_admin=bool(is_admin),
            invited_by=actor if actor is not None and actor.is_authenticated else None,
            created_at=now,
        )
        invitation.units.set(units)
        audit.log(
            AuditAction.INVITED,
            actor=actor,
            context=context,
            target=_target(invitation),
            details={"organisation": organisation.core_id, "role": str(role), "is_admin": bool(is_admin)},
        )
        enqueue_with_transaction(send_invitation_email, invitation.pk, language)
    return invitation


def why_not(invitation, user):
    """Why ``user`` may not accept ``invitation`` (a translated message), or "" when they may."""
    verified = EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists()
    if not verified:
        return _(
            "This invitation was sent to another e-mail address. Log in with the account that uses the address "
            "the invitation was sent to (confirmed), or add and confirm that address in your account."
        )
    if Officer.objects.active().filter(user=user).exists():
        return _(
            "This account is already an HR officer of an organisation. An account acts for one organisation only: "
            "ask the administrator of your current organisation to end your access first."
        )
    return ""


def accept(*, token, actor, context, now=None):
    """``actor`` joins the invitation's organisation (the link and the account are checked again here)."""
    now = now or timezone.now()
    invitation = read_token(token, now)
    problem = why_not(invitation, actor)
    if problem:
        raise Refused(problem)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not is_waiting(invitation, now):
            raise Refused(_("This invitation is no longer valid."))
        # An officer whose access ended keeps their row (one per account): it is given the new place.
        officer = Officer.objects.select_for_update().filter(user=actor).first()
        if officer is not None and officer.revoked_at is None and officer.organisation.is_active:
            raise Refused(why_not(invitation, actor) or _("This invitation is no longer valid."))
        officer = officer or Officer(user=actor)
        officer.organisation = invitation.organisation
        officer.role = invitation.role
        officer.is_admin = invitation.is_admin
        officer.invited_by = invitation.invited_by
        officer.created_at = now
        officer.revoked_at = None
        officer.save()
        officer.units.set(invitation.units.all())
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
        audit.log(
            AuditAction.JOINED,
            actor=actor,
            context=context,
            target=_target(officer),
            details={"organisation": invitation.organisation.core_id, "role": officer.role},
        )
    return officer


def _last_admin(officer):
    """The organisation's only administrator: ending their access (or their administrator flag) is
    refused, to the fund's staff too, else nobody could manage the organisation's officers; the next
    administrator is invited first."""
    return (
        officer.is_admin
        and not Officer.objects.active()
        .filter(organisation=officer.organisation, is_admin=True)
        .exclude(pk=officer.pk)
        .exists()
    )


def change(*, officer, role, is_admin, units=(), actor, context):
    """Give ``officer`` another role, administrator flag or units; the next request reads them."""
    role = Role(role)
    units = _check_units(officer.organisation, units)
    if officer.revoked_at is not None:
        raise Refused(_("This officer's access has ended: invite them again."))
    if not is_admin and _last_admin(officer):
        raise Refused(_("The organisation must keep at least one administrator."))
    with transaction.atomic():
        before = {
            "role": officer.role,
            "is_admin": officer.is_admin,
            "units": sorted(u.pk for u in officer.units.all()),
        }
        officer.role, officer.is_admin = role, bool(is_admin)
        officer.save(update_fields=["role", "is_admin"])
        officer.units.set(units)
        after = {"role": str(role), "is_admin": bool(is_admin), "units": sorted(unit.pk for unit in units)}
        audit.log(
            AuditAction.ROLE_CHANGED,
            actor=actor,
            context=context,
            target=_target(officer),
            details={"before": before, "after": after},
        )
    return officer


def revoke(*, officer, actor, context, now=None):
    """End ``officer``'s access at once: their next request is refused by the gate."""
    now = now or timezone.now()
    if officer.revoked_at is None and _last_admin(officer):
        raise Refused(_("The organisation must keep at least one administrator."))
    with transaction.atomic():
        officer = Officer.objects.select_for_update().get(pk=officer.pk)
        if officer.revoked_at is not None:
            return officer  # a double click: already ended
        officer.revoked_at = now
        officer.save(update_fields=["revoked_at"])
        audit.log(AuditAction.REVOKED, actor=actor, context=context, target=_target(officer))
    return officer


def cancel(*, invitation, actor, context, now=None):
    """Withdraw an invitation not accepted yet: its link stops working."""
    now = now or timezone.now()
    updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    if updated:
        audit.log(AuditAction.REVOKED, actor=actor, context=context, target=_target(invitation))


def organisation_units(organisation):
    """The sub-units an officer of ``organisation`` may be limited to (any depth), by name."""
    return Organisation.objects.filter(pk__in=organisation.tree_ids() - {organisation.pk}).order_by("name")


@task()
def send_invitation_email(invitation_id, language):
    """E-mail the signed link in ``language``; nothing once the invitation is no longer waiting."""
    invitation = Invitation.objects.select_related("organisation").filter(pk=invitation_id).first()
    if invitation is None or not is_waiting(invitation):
        return "not waiting"
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("partners:invitation", kwargs={"token": make_token(invitation)})
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation.display_name(language),
            "role": invitation.get_role_display(),
            "url": settings.SITE_URL + path,
            "days": settings.PARTNER_INVITATION_DAYS,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("partners/email/invitation_subject.txt", context).strip()
        body = render_to_string("partners/email/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])
    return "sent"
