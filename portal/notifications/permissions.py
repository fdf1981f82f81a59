"""Who works with the notification centre in the admin: announcements, and the delivery log.

Announcements go to every member's inbox, mailbox and (if they chose it) phone at once: a
different responsibility from writing pages, so they belong to a group of their own, "Member
messages", given to named people, rather than to Communications, whose rights never touch
members. The delivery log ("I never got the text message") is read by the people who answer
members: the case agents and the claims agents get notifications.view_delivery (from their own
apps' permissions, which own those groups).

Created after every ``migrate`` (connected to post_migrate by ``NotificationsConfig.ready``),
idempotent: running it again puts back the rights written here.
"""

from portal.permissions import give

MEMBER_MESSAGES = "Member messages"

ANNOUNCE = "notifications.add_announcement"
VIEW_DELIVERIES = "notifications.view_delivery"

_GROUPS = {
    MEMBER_MESSAGES: [
        ("wagtailadmin", "access_admin"),
        ("notifications", "add_announcement"),
        ("notifications", "view_announcement"),
    ],
}


def ensure_groups(**kwargs):
    """Create the group and add the rights (idempotent)."""
    give(_GROUPS)


def can_announce(user):
    return user.is_active and user.has_perm(ANNOUNCE)


def can_read_deliveries(user):
    return user.is_active and user.has_perm(VIEW_DELIVERIES)
