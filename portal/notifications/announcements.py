"""A message from the fund to many members: written in the admin, told to each through ``notify_many``.

The audience is a named filter on the member files (every member, pensioners and survivors,
contributing members); the fan-out runs in the task queue, by batches, and can be run again
after an interruption without telling anyone twice (one key per member and announcement).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from config.tasks import enqueue_with_transaction
from portal import audit
from portal.models import Member, MemberStatus
from portal.notifications import kinds
from portal.notifications.centre import notify_many
from portal.notifications.choices import AuditAction
from portal.notifications.models import Announcement

ANNOUNCEMENT = kinds.Kind(
    code="announcement",
    label=_("Messages from the fund to all members"),
    title="%(title)s",
    # The text message only says that there is a message: a title typed by staff could take several segments.
    sms=_("The pension fund has sent you a message. Read it in your space."),
    body="%(text)s",
    params={"title": "Revalorisation des pensions au 1er janvier 2027", "text": "Les pensions augmentent de 5 %."},
    url_name="notifications:inbox",
)

AUDIENCES = {
    "all": (_("Every member"), lambda: Member.objects.all()),
    "pensioners": (
        _("Pensioners and survivors"),
        lambda: Member.objects.filter(status__in=[MemberStatus.RETIRED, MemberStatus.SURVIVOR]),
    ),
    "contributing": (_("Contributing members"), lambda: Member.objects.filter(status=MemberStatus.CONTRIBUTING)),
}


def audience_choices():
    return [(code, label) for code, (label, _members) in AUDIENCES.items()]


def members_of(audience):
    return AUDIENCES[audience][1]()


def announce(*, title, text, audience, actor, context):
    """Record the announcement and queue its fan-out, in one transaction. ``title``/``text``: {language: words}."""
    with transaction.atomic():
        announcement = Announcement.objects.create(
            title_fr=title["fr"],
            title_ar=title["ar"],
            text_fr=text["fr"],
            text_ar=text["ar"],
            audience=audience,
            created_by=actor,
        )
        audit.log(AuditAction.ANNOUNCEMENT, actor=actor, context=context, target=f"announcement:{announcement.pk}")
        enqueue_with_transaction(fan_out_announcement, announcement.pk)
    return announcement


def fan_out(announcement_id):
    announcement = Announcement.objects.get(pk=announcement_id)
    params = {
        "title_fr": announcement.title_fr,
        "title_ar": announcement.title_ar,
        "text_fr": announcement.text_fr,
        "text_ar": announcement.text_ar,
    }
    told = notify_many(
        ANNOUNCEMENT,
        members_of(announcement.audience),
        params=params,
        announcement=announcement,
        key_prefix=f"announcement:{announcement.pk}",
    )
    Announcement.objects.filter(pk=announcement.pk).update(
        recipients=announcement.recipients + told, fanned_out_at=timezone.now()
    )
    return told


@task()
def fan_out_announcement(announcement_id):
    """The fan-out, in the task queue (queued in the transaction that recorded the announcement)."""
    return fan_out(announcement_id)
