"""Staff roles of the member area.

"Member services" open member files (every opening is audited) and decide change
requests; "Auditors" search the audit log. Both enter the Wagtail admin. Communications
staff hold none of these permissions.
"""

from django.contrib.auth.models import Group, Permission

MEMBER_SERVICES = "Member services"
AUDITORS = "Auditors"

VIEW_FILE = "portal.view_member_file"
DECIDE_CHANGES = "portal.decide_changerequest"
VIEW_AUDIT = "portal.view_auditevent"

_GROUPS = {
    MEMBER_SERVICES: [
        ("wagtailadmin", "access_admin"),
        ("portal", "view_member_file"),
        ("portal", "decide_changerequest"),
        ("proxies", "add_countersession"),  # they receive members at the counter
    ],
    AUDITORS: [
        ("wagtailadmin", "access_admin"),
        ("portal", "view_auditevent"),
        ("portal", "view_accountclosurerequest"),
    ],
}


def give(groups):
    """Create each group of ``groups`` ({name: [(app_label, codename)]}) and add its permissions.

    The one way every app of the portal makes its staff groups, run after every migrate once every app's
    permissions exist (config/post_migrate.py), idempotent. A permission that does not exist is skipped, and
    ``get_or_create`` makes the apps' order irrelevant when two apps give rights to one group.
    """
    for name, pairs in groups.items():
        group, _created = Group.objects.get_or_create(name=name)
        found = [
            permission
            for app_label, codename in pairs
            if (permission := Permission.objects.filter(content_type__app_label=app_label, codename=codename).first())
        ]
        group.permissions.add(*found)


def ensure_groups(**kwargs):
    """Create the groups with their permissions (idempotent; connected to post_migrate)."""
    give(_GROUPS)
