"""What a person changes in their notification centre: messages read, how they are told, their mobile number.

Keyword-only, with the acting account (``actor=``) and the view's ``AuditContext`` (``context=``).
Everything here is about the actor's own account: a proxy never reaches these (the pages are
``owner_only``), so the account acted on is always ``actor``.
"""

from django.db import transaction
from django.utils import timezone

from portal import audit
from portal.access import member_of
from portal.notifications import kinds, selectors
from portal.notifications.choices import AuditAction, Channel
from portal.notifications.models import Contact


class NoMobile(Exception):
    """Text messages chosen while no mobile number can reach the account."""


def mark_read(*, notification_id, actor, context):
    """Mark one of the actor's notifications read (another's: ``Notification.DoesNotExist``)."""
    notification = selectors.inbox(actor).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, actor, context):
    """Mark every unread notification of the actor read; returns how many."""
    return selectors.inbox(actor).filter(read_at__isnull=True).update(read_at=timezone.now())


def contact_for(account):
    """The account's ``Contact``, unsaved when it has none yet (the defaults: French, the kinds' channels)."""
    try:
        return account.contact
    except Contact.DoesNotExist:
        return Contact(account=account)


def save_preferences(*, language, channels, actor, context):
    """Record the language of messages and, per kind, the channels chosen.

    ``channels``: {kind code: [channels]} for the kinds in the preferences. Mandatory kinds are not
    stored (they go by every channel whatever is chosen), nor unknown kinds. Text messages for an
    account that no mobile number reaches are refused (``NoMobile``): nothing is saved.
    """
    from portal.notifications.centre import destinations

    wanted = {}
    for kind in kinds.choosable():
        if kind.mandatory:
            continue
        chosen = [channel for channel in Channel if channel in channels.get(kind.code, ())]
        wanted[kind.code] = [str(channel) for channel in chosen]
    member = member_of(actor)
    with transaction.atomic():
        contact = contact_for(actor)
        if contact.pk is not None:
            contact = Contact.objects.select_for_update().get(pk=contact.pk)
        reachable = destinations(actor, member, contact)
        if Channel.SMS not in reachable and any(Channel.SMS in chosen for chosen in wanted.values()):
            raise NoMobile
        contact.language = language
        contact.channels = {**contact.channels, **wanted}
        contact.save()
        audit.log(
            AuditAction.PREFERENCES,
            actor=actor,
            context=context,
            member=member,
            target=f"contact:{contact.pk}",
            details={"language": language, "channels": wanted},
        )
    return contact


def confirm_mobile(*, number, actor, context):
    """The account's mobile number is ``number`` (E.164, proved by a code sent to it)."""
    with transaction.atomic():
        contact = contact_for(actor)
        if contact.pk is not None:
            contact = Contact.objects.select_for_update().get(pk=contact.pk)
        contact.mobile = number
        contact.mobile_verified_at = timezone.now()
        contact.save()
        audit.log(
            AuditAction.MOBILE,
            actor=actor,
            context=context,
            member=member_of(actor),
            target=f"contact:{contact.pk}",
            details={"change": "confirmed"},
        )
    return contact


def remove_mobile(*, actor, context):
    """Forget the account's mobile number; text messages then go to the file's mobile, if any."""
    with transaction.atomic():
        contact = contact_for(actor)
        if contact.pk is None or not contact.mobile:
            return contact
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        contact.mobile = ""
        contact.mobile_verified_at = None
        contact.save()
        audit.log(
            AuditAction.MOBILE,
            actor=actor,
            context=context,
            member=member_of(actor),
            target=f"contact:{contact.pk}",
            details={"change": "removed"},
        )
    return contact
