"""Who manages the employers in the Wagtail admin, and who reads the fund-wide delays report.

"Employers" are the fund's staff who look after the employing administrations: they see the organisations,
their officers and invitations, invite an organisation's (first) administrator and end an officer's access.
"Management reports" read the delays of every organisation (``partners.view_delays_report``); the
employers' team holds it too, since they chase the late administrations. No model carries that report,
so its permission is declared on the organisation model (``Organisation.Meta.permissions``).
"""

from portal.permissions import give

EMPLOYERS = "Employers"
MANAGEMENT_REPORTS = "Management reports"

MANAGE = "partners.change_organisation"
REPORT = "partners.view_delays_report"

_REPORT_CODENAME = "view_delays_report"

_GROUPS = {
    EMPLOYERS: [
        ("wagtailadmin", "access_admin"),
        ("partners", "view_organisation"),
        ("partners", "change_organisation"),
        ("partners", "view_officer"),
        ("partners", "change_officer"),
        ("partners", "add_invitation"),
        ("partners", _REPORT_CODENAME),
    ],
    MANAGEMENT_REPORTS: [
        ("wagtailadmin", "access_admin"),
        ("partners", _REPORT_CODENAME),
    ],
}


def ensure_groups(**kwargs):
    """Create the groups with their permissions (idempotent; connected to post_migrate)."""
    give(_GROUPS)


def may_manage(user):
    return user.is_active and user.has_perm(MANAGE)


def may_report(user):
    return user.is_active and user.has_perm(REPORT)
