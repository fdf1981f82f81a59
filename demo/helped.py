"""Helped access and messages in the demo.

- Fatima Benali (the demo member) invited her son Youssef (``fils@demo.example``) to see her file and make
  requests and claims for her, for a year. His acceptance is recorded here directly: accepting through the
  invitation page asks for a second factor, which a demo account cannot have before its first login; he sets
  it up when he first opens his mother's file ("Files you can open" says so), as any proxy must.
- Fatima confirmed her mobile number and reads her messages in French; she already has messages in her
  inbox (the document the fund asks for, the demo claims' answers).

Loading again changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from demo.accounts import PROXY
from demo.members import LINKED_FILE
from portal.audit import AuditContext
from portal.models import Member
from portal.notifications.models import Contact
from portal.proxies import invitations
from portal.proxies.choices import Scope

DEMO_MOBILE = "+212612345678"


def load():
    """Returns how many people may act on a demo file."""
    member = Member.objects.filter(core_id=LINKED_FILE).select_related("user").first()
    son = get_user_model().objects.filter(username=PROXY).first()
    if member is None or member.user is None or son is None:
        return 0
    with transaction.atomic():
        if not member.proxies.filter(email=PROXY).exists():
            proxy = invitations.invite(
                member=member,
                name="Youssef Benali",
                email=PROXY,
                scope=Scope.ACT,
                expires_on=timezone.localdate() + datetime.timedelta(days=365),
                language="fr",
                actor=member.user,
                context=AuditContext.none(),
            )
            proxy.holder, proxy.accepted_at = son, timezone.now()
            proxy.save(update_fields=["holder", "accepted_at"])
        Contact.objects.update_or_create(
            account=member.user,
            defaults={"mobile": DEMO_MOBILE, "mobile_verified_at": timezone.now(), "language": "fr"},
        )
    return member.proxies.count()
