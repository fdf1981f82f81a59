"""Which notices reached the person: the one definition that the suspension rule, the figures, the
agents' check page and the suspension export all read.

A notice reached the person when one of its e-mails or text messages was accepted by the provider
(the delivery is SENT), on the day it was sent; or when an agent recorded that the letter was posted,
on the day it left. A notice that failed on every channel, or that only reached the portal's inbox,
did not (``rules.py`` says why).
"""

from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone

from portal.lifecontrol import rules
from portal.lifecontrol.models import Notice
from portal.notifications.choices import DeliveryStatus
from portal.notifications.models import Delivery


def reached():
    """The notices that reached the person (filter them further: ``reached().filter(life_check=...)``)."""
    sent = Delivery.objects.filter(notification=OuterRef("notification"), status=DeliveryStatus.SENT)
    return Notice.objects.filter(Q(posted_on__isnull=False) | Exists(sent))


def of_outer_check():
    """``reached()`` for the check of the outer query (``OuterRef("pk")``): one query for many checks."""
    return reached().filter(life_check=OuterRef("pk"))


def facts(check):
    """The check's notices as ``rules.NoticeFact``, with the day each reached the person (or None)."""
    notices = check.notices.annotate(
        sent=Min("notification__deliveries__sent_at", filter=Q(notification__deliveries__status=DeliveryStatus.SENT))
    )
    return [
        rules.NoticeFact(
            notice.kind,
            notice.posted_on
            if notice.posted_on is not None
            else (timezone.localdate(notice.sent) if notice.sent else None),
        )
        for notice in notices
    ]
