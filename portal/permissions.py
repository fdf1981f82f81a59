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
    ],
    AUDITORS: [
        ("wagtailadmin", "access_admin"),
        ("portal", "view_auditevent"),
        ("portal", "view_accountclosurerequest"),
    ],
}


def ensure_groups(**kwargs):
    """Create the groups with their permissions (idempotent; connected to post_migrate)."""
    for name, pairs in _GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in pairs:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)
