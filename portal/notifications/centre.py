"""The one way to tell a member something: ``notify``, and ``notify_many`` for an announcement.

Every feature calls it (a claim's reply, a request's decision, a change decided, a payment, a
dossier step, someone given access to a file...). It records the notification (the inbox shows
it at once), decides the channels from the kind and the member's choices, and queues one
delivery per channel in the caller's transaction: if the caller rolls back, nothing was said;
if it commits, the deliveries are durably queued. A ``key`` names the event ("claim.reply:812"):
a second call with the same key (a retried task, a re-run import) returns the first notification
and sends nothing.

Who is told: the account given, else the member file's account; a member without an account is
still reached at the e-mail and mobile number the core system holds (a pensioner abroad who never
logged in must still get a life-control reminder). Addresses: the account's e-mail, else the one
on file; the mobile number the member confirmed in their preferences, else the file's if it is a
mobile. Text messages wait for the end of the quiet hours (``quiet_hours.py``).
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.tasks import enqueue_at
from portal.notifications import phones, quiet_hours
from portal.notifications.choices import Channel
from portal.notifications.models import Contact, Delivery, Notification

BATCH = 500  # deliveries per task when many are told at once


def contact_of(account):
    if account is None:
        return None
    try:
        return account.contact
    except Contact.DoesNotExist:
        return None


def chosen_channels(kind, contact):
    if kind.mandatory:
        return tuple(Channel)
    if contact is None:
        return tuple(kind.defaults)
    return tuple(contact.channels.get(kind.code, kind.defaults))


def destinations(account, member, contact, channels=tuple(Channel)):
    """{channel: address} for whoever is told, among ``channels``, every one that can reach them."""
    found = {}
    email = (account.email if account is not None else "") or (member.email if member is not None else "")
    if email and Channel.EMAIL in channels:
        found[Channel.EMAIL] = email
    if Channel.SMS not in channels:
        return found  # the phone on file is not even read (parsing it is most of an announcement's cost)
    mobile = contact.mobile if contact is not None and contact.mobile_verified_at else ""
    if not mobile and member is not None:
        mobile = phones.mobile_or_empty(member.phone)
    if mobile:
        found[Channel.SMS] = mobile
    return found


def language_of(contact):
    return contact.language if contact is not None else settings.LANGUAGE_CODE


def _plan(kind, *, member, account, now):
    """The (channel, address, not before) of each delivery for one recipient."""
    contact = contact_of(account)
    wanted = chosen_channels(kind, contact)
    reachable = destinations(account, member, contact, wanted)
    plan = []
    for channel in Channel:
        if channel in wanted and channel in reachable:
            not_before = quiet_hours.next_allowed(now) if channel == Channel.SMS else now
            plan.append((channel, reachable[channel], not_before))
    return contact, plan


def schedule(deliveries):
    """Queue the deliveries' sending, grouped by when they may go, ``BATCH`` to a task."""
    from portal.notifications.tasks import deliver

    by_time = {}
    for delivery in deliveries:
        by_time.setdefault(delivery.next_attempt_at, []).append(delivery.pk)
    for when, ids in by_time.items():
        for start in range(0, len(ids), BATCH):
            enqueue_at(deliver, when, ids[start : start + BATCH])


def notify(kind, *, member=None, account=None, params=None, url_kwargs=None, key=None, language=None, now=None):
    """Tell ``member`` (or ``account``, for someone without a file) about an event of ``kind``.

    Returns the notification (the existing one if ``key`` was already told), or None when there is
    no one to tell.
    """
    if account is None and member is not None:
        account = member.user
    if account is None and member is None:
        return None
    if key:
        existing = Notification.objects.filter(key=key).first()
        if existing is not None:
            return existing
    now = now or timezone.now()
    contact, plan = _plan(kind, member=member, account=account, now=now)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind.code,
                member=member,
                account=account,
                params=params or {},
                url_kwargs=url_kwargs or {},
                language=language or language_of(contact),
                key=key or None,
            )
            deliveries = [
                Delivery.objects.create(
                    notification=notification, channel=channel, destination=address, next_attempt_at=not_before
                )
                for channel, address, not_before in plan
            ]
    except IntegrityError:
        # The same event told at the same moment by another process: theirs stands.
        return Notification.objects.filter(key=key).first()
    schedule(deliveries)
    return notification


def notify_each(kind, events, *, announcement=None, now=None):
    """``notify`` for many events at once: ``events`` is [(member, params, url_kwargs, key)]; returns how many
    were told.

    The same rules as ``notify`` (channels, addresses, language, one notification per key) in a few queries
    per call instead of several per event: for an import's batch or an announcement's. Members should come
    with ``select_related("user__contact")``.
    """
    now = now or timezone.now()
    already = set(Notification.objects.filter(key__in=[key for *_rest, key in events]).values_list("key", flat=True))
    notifications, plans = [], []
    for member, params, url_kwargs, key in events:
        if key in already:
            continue
        already.add(key)
        contact, plan = _plan(kind, member=member, account=member.user, now=now)
        notifications.append(
            Notification(
                kind=kind.code,
                member_id=member.pk,
                account_id=member.user_id,
                params=params,
                url_kwargs=url_kwargs or {},
                language=language_of(contact),
                key=key,
                announcement=announcement,
            )
        )
        plans.append(plan)
    if not notifications:
        return 0
    with transaction.atomic():
        Notification.objects.bulk_create(notifications)
        deliveries = Delivery.objects.bulk_create(
            [
                Delivery(notification=notification, channel=channel, destination=address, next_attempt_at=when)
                for notification, plan in zip(notifications, plans, strict=True)
                for channel, address, when in plan
            ]
        )
        schedule(deliveries)
    return len(notifications)


def notify_many(kind, members, *, params, announcement=None, key_prefix, now=None, batch=1000):
    """Tell every member of ``members`` (a queryset) the same thing, in batches; returns how many were told.

    Safe to run again after an interruption: a member already told under ``key_prefix`` is skipped.
    """
    told, last = 0, 0
    members = members.select_related("user__contact").order_by("pk")
    while True:
        chunk = list(members.filter(pk__gt=last)[:batch])
        if not chunk:
            return told
        last = chunk[-1].pk
        events = [(member, params, {}, f"{key_prefix}:{member.pk}") for member in chunk]
        told += notify_each(kind, events, announcement=announcement, now=now)
