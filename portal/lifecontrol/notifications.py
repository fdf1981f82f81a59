"""What a pensioner is told about their life control (registered by ``LifeControlConfig.ready``).

The reminders and the decisions that touch the pension are **mandatory**: they go by every
channel that reaches the person (e-mail, text message, inbox), whatever they chose for other
messages, and a pensioner without an account is reached at the file's addresses. Dates are
written as 31/12/2027 in both languages (one calendar vocabulary, nothing to translate).
"""

from django.utils.translation import gettext_lazy as _

from portal.lifecontrol.choices import NoticeKind
from portal.notifications.kinds import Kind

_EXAMPLE = {"year": "2027", "deadline": "31/12/2027", "code": "7K2M-Q9XD-4T", "date": "31/12/2027"}

OPENED = Kind(
    code="life.opened",
    label=_("Life control: the yearly certificate"),
    title=_("Life control %(year)s: prove you are alive before %(deadline)s"),
    sms=_("Life certificate %(year)s due by %(deadline)s. Code %(code)s"),
    body=_(
        "You live abroad: each year the fund needs to know that you are alive to go on paying your pension. "
        "Send a certificate stamped by a local authority or a consulate, or two photos from your phone, "
        "before %(deadline)s. Without an account, use the code %(code)s and your birth date."
    ),
    url_name="lifecontrol:home",
    mandatory=True,
    params=_EXAMPLE,
)

REMINDER = Kind(
    code="life.reminder",
    label=_("Life control: reminders"),
    title=_("Reminder: your life certificate is due by %(deadline)s"),
    sms=_("Reminder: life certificate %(year)s due by %(deadline)s. Code %(code)s"),
    body=_(
        "We have not received your life certificate for %(year)s yet. Send it before %(deadline)s "
        "so that your pension goes on being paid. Without an account, use the code %(code)s and your birth date."
    ),
    url_name="lifecontrol:home",
    mandatory=True,
    params=_EXAMPLE,
)

LAST_DAY = Kind(
    code="life.deadline",
    label=_("Life control: last day"),
    title=_("Today is the last day to send your life certificate"),
    sms=_("Last day for your life certificate %(year)s. Code %(code)s"),
    body=_(
        "Today, %(deadline)s, is the last day to send your life certificate for %(year)s. Without it, "
        "your pension may be suspended after a grace period. Without an account, use the code %(code)s."
    ),
    url_name="lifecontrol:home",
    mandatory=True,
    params=_EXAMPLE,
)

ACCEPTED = Kind(
    code="life.accepted",
    label=_("Life control: certificate accepted"),
    title=_("Your life certificate for %(year)s is accepted"),
    sms=_("Your life certificate %(year)s is accepted."),
    url_name="lifecontrol:home",
    mandatory=True,
    params=_EXAMPLE,
)

REJECTED = Kind(
    code="life.rejected",
    label=_("Life control: certificate not accepted"),
    title=_("Your life certificate for %(year)s was not accepted: send it again"),
    sms=_("Life certificate %(year)s not accepted: see why in My space."),
    body=_("Your life certificate for %(year)s was not accepted: %(reason)s"),
    url_name="lifecontrol:home",
    mandatory=True,
    params={**_EXAMPLE, "reason": "The photo of the identity document cannot be read: take it again in daylight."},
)

SUSPENDED = Kind(
    code="life.suspended",
    label=_("Life control: pension suspended"),
    title=_("Your pension is suspended: send your life certificate"),
    sms=_("Pension suspended: no life certificate %(year)s. Code %(code)s"),
    body=_(
        "We did not receive your life certificate for %(year)s despite our reminders, so your pension is "
        "suspended from %(date)s. Send the certificate: once it is accepted, payment resumes with the months missed."
    ),
    url_name="lifecontrol:home",
    mandatory=True,
    params=_EXAMPLE,
)

REINSTATED = Kind(
    code="life.reinstated",
    label=_("Life control: pension reinstated"),
    title=_("Your pension is paid again"),
    sms=_("Life certificate %(year)s accepted: your pension is paid again."),
    url_name="lifecontrol:home",
    mandatory=True,
    params=_EXAMPLE,
)

KINDS = [OPENED, REMINDER, LAST_DAY, ACCEPTED, REJECTED, SUSPENDED, REINSTATED]

# The kind each scheduled notice is sent as.
BY_NOTICE = {
    NoticeKind.OPENING: OPENED,
    NoticeKind.DAY_30: REMINDER,
    NoticeKind.DAY_7: REMINDER,
    NoticeKind.DEADLINE: LAST_DAY,
}


def day(value):
    return value.strftime("%d/%m/%Y") if value else ""
