"""What a member is told about who may act on their file (registered by ``ProxiesConfig.ready``).

Both kinds are mandatory: a member must learn that someone can now see their file, or that an
agent acted in it at the counter, whatever they chose for other messages (a stolen link or a
mistaken invitation is caught by the person it is about).
"""

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import Kind

GRANTED = Kind(
    code="proxy.granted",
    label=_("Someone given access to my file"),
    title=_("%(name)s can now see your file (until %(until)s)"),
    sms=_("%(name)s can now see your file until %(until)s. Not you? See My space."),
    body=_(
        "%(name)s accepted your invitation and can now see your file until %(until)s. "
        "If you did not invite this person, end their access at once in “People who help me”."
    ),
    url_name="proxies:list",
    mandatory=True,
    params={"name": "Mohammed-Amine Benabdellah", "until": "31/12/2027"},
)

COUNTER_HELPED = Kind(
    code="counter.helped",
    label=_("Help at the counter"),
    title=_("A fund agent helped you at the counter on %(date)s"),
    sms=_("A fund agent helped you at the counter on %(date)s. See what was done in My space."),
    body=_(
        "A fund agent helped you at the counter on %(date)s and acted in your online space with your consent. "
        "See what was done: “Who acted on my file”."
    ),
    url_name="portal:access_log",
    mandatory=True,
    params={"date": "31/12/2027"},
)

KINDS = [GRANTED, COUNTER_HELPED]
