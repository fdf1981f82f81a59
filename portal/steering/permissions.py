"""Who reads the steering dashboard: the fund's management (and superusers), no one else.

Communications staff and claims agents do not: the dashboard shows the whole fund's figures, which
are the management's to read and to publish.
"""

from portal.permissions import give

MANAGEMENT = "Management"
VIEW = "steering.view_steering"

_GROUPS = {
    MANAGEMENT: [
        ("wagtailadmin", "access_admin"),
        ("steering", "view_steering"),
        # Management reads the employers' delays too (portal.partners.permissions).
        ("partners", "view_delays_report"),
    ],
}


def ensure_groups(**kwargs):
    """Create the group with its permissions (idempotent; connected to post_migrate)."""
    give(_GROUPS)


def may_view(user):
    return user.is_active and user.has_perm(VIEW)
