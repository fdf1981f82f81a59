"""What the member is told about their claims, through the notification centre (``portal/notifications``).

The messages say only that something happened and where to read it: the text of the claim and of
the agents' replies stays behind the login. They are in the claim's language (the member wrote in
it), and each names its event in ``key``, so a retried task or service never tells twice.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.notifications import centre, kinds
from portal.notifications.choices import Channel

SAMPLE = {"reference": "REC-2026-000123"}

ACKNOWLEDGED = kinds.Kind(
    code="claim.acknowledgement",
    label=_("My claim has been received"),
    title=_("Your claim %(reference)s has been received"),
    sms=_("Your claim %(reference)s has been received. Follow it in your space."),
    body=_(
        "We have received your claim. Its reference is %(reference)s: please quote it in any exchange with "
        "the fund. Follow your claim and read our answers in your space."
    ),
    url_name="claims:detail",
    params=SAMPLE,
)
REPLY = kinds.Kind(
    code="claim.reply",
    label=_("The fund has answered my claim"),
    title=_("New message about your claim %(reference)s"),
    sms=_("The fund has answered your claim %(reference)s. Read it in your space."),
    body=_(
        "The fund has written to you about your claim %(reference)s. For your privacy, the message is not "
        "copied here: read it and answer in your space."
    ),
    url_name="claims:detail",
    defaults=(Channel.EMAIL, Channel.SMS),
    params=SAMPLE,
)
STATUS = kinds.Kind(
    code="claim.status",
    label=_("The status of my claim has changed"),
    title=_("Your claim %(reference)s: %(status)s"),
    sms=_("Your claim %(reference)s: %(status)s. Details in your space."),
    body=_("The status of your claim %(reference)s is now: %(status)s. See the details in your space."),
    url_name="claims:detail",
    params={**SAMPLE, "status_fr": "En attente de votre réponse", "status_ar": "في انتظار ردكم"},
)
KINDS = [ACKNOWLEDGED, REPLY, STATUS]


def _tell(kind, claim, key, **params):
    return centre.notify(
        kind,
        member=claim.member,
        params={"reference": claim.reference, **params},
        url_kwargs={"reference": claim.reference},
        key=key,
        language=claim.language,
    )


def acknowledged(claim):
    return _tell(ACKNOWLEDGED, claim, f"claim.acknowledgement:{claim.pk}")


def replied(claim, message):
    # Internal notes and the member's own messages are not news for the member.
    if not message.is_internal and not message.from_member:
        return _tell(REPLY, claim, f"claim.reply:{message.pk}")
    return None


def status_changed(claim, event):
    # The status in each language: the inbox follows the language the reader chose on the page.
    labels = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels[f"status_{language}"] = str(claim.get_status_display())
    return _tell(STATUS, claim, f"claim.status:{event.pk}", status=labels.get(f"status_{claim.language}", ""), **labels)
