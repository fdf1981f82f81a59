"""Who changes the pension rules: the group "Pension rules" (the fund's actuarial or legal service), and
superusers. A change is logged in Wagtail's history of the snippet. Everyone else reads the rules where
they are used: the simulator's explanation and the README's table with each value's source."""

from portal.permissions import give

PENSION_RULES_EDITORS = "Pension rules"

_GROUPS = {
    PENSION_RULES_EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("pension_rules", "add_parameter"),
        ("pension_rules", "change_parameter"),
        ("pension_rules", "delete_parameter"),
        ("pension_rules", "view_parameter"),
    ],
}


def ensure_groups(**kwargs):
    give(_GROUPS)
