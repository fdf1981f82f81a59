"""Taking an account back after someone else changed its e-mail address.

Whoever controls an account's e-mail address controls the account (password reset goes
there). So every change of address sends a notice to the address that was replaced or
removed (portal/account_adapter.py) with a signed link, valid ``PORTAL_EMAIL_UNDO_DAYS``
days, that puts things back as they were:

- the previous address becomes the account's only address again, verified and primary
  (every other address goes: an intruder may have added several);
- the password stops working, so that an intruder who knew it cannot log in again: the
  member chooses a new one through "forgotten password", which now reaches them;
- every session of the account ends;
- the audit log records it.

The link is a ``django.core.signing`` token (salted, time-limited) naming the account and
both addresses; nothing is stored. Using it twice does no harm: the second time there is
nothing left to undo. Showing the page changes nothing; only its button does (mail
scanners open links).
"""

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.senders import mask_email

SALT = "portal.account.undo-email-change"
EMAIL_CHANGE_UNDONE = "account_email_change_undone"
# For the audit registry (portal.audit.register_choices), from PortalConfig.ready().
AUDIT_ACTIONS = [(EMAIL_CHANGE_UNDONE, _("E-mail change undone from the notice"))]


class InvalidUndoLink(Exception):
    """The link is forged, damaged or older than ``PORTAL_EMAIL_UNDO_DAYS``."""


def undo_days():
    return settings.PORTAL_EMAIL_UNDO_DAYS


def make_token(*, user, previous, current):
    return signing.dumps({"user": user.pk, "previous": previous, "current": current or ""}, salt=SALT)


def undo_url(*, user, previous, current):
    path = reverse(
        "portal:undo_email_change", kwargs={"token": make_token(user=user, previous=previous, current=current)}
    )
    return f"{settings.SITE_URL}{path}"


def read_token(token):
    """The account and the two addresses named by a valid link, or InvalidUndoLink."""
    try:
        data = signing.loads(token, salt=SALT, max_age=undo_days() * 24 * 3600)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise InvalidUndoLink from error
    user = get_user_model().objects.filter(pk=data.get("user")).first()
    if user is None or not data.get("previous"):
        raise InvalidUndoLink
    return user, data["previous"], data.get("current", "")


def undo_email_change(*, token, context):
    """Restore the previous address, lock the password, end every session; return the account.

    Whoever holds the link acts (the old address's reader, not signed in): the audit event
    names the account in ``target`` and has no actor; ``context`` is an ``audit.AuditContext``.
    """
    user, previous, _current = read_token(token)
    with transaction.atomic():
        others = EmailAddress.objects.filter(user=user).exclude(email__iexact=previous)
        removed = sorted(others.values_list("email", flat=True))
        others.delete()
        address = EmailAddress.objects.filter(user=user, email__iexact=previous).first()
        if address is None:
            address = EmailAddress.objects.create(user=user, email=previous, verified=True, primary=False)
        address.verified = True
        address.save(update_fields=["verified"])
        address.set_as_primary()
        user.set_unusable_password()
        user.save(update_fields=["password"])
        audit.log(
            EMAIL_CHANGE_UNDONE,
            actor=None,
            context=context,
            target=f"user:{user.pk}",
            details={"restored": mask_email(previous), "removed": [mask_email(email) for email in removed]},
        )
    for session in UserSession.objects.filter(user=user):
        session.end()
    return user
