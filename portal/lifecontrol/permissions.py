"""Who works on the life control at the fund: the group "Life-control agents" opens campaigns,
checks answers and records certificates received by post or through a consulate. It comes with
the schema (post_migrate), never with the demo."""

from portal.permissions import give

LIFE_CONTROL_AGENTS = "Life-control agents"

REVIEW = "lifecontrol.review_lifecheck"
MANAGE_CAMPAIGNS = "lifecontrol.add_campaign"

_GROUPS = {
    LIFE_CONTROL_AGENTS: [
        ("wagtailadmin", "access_admin"),
        ("portal", "view_member_file"),
        ("lifecontrol", "add_campaign"),
        ("lifecontrol", "change_campaign"),
        ("lifecontrol", "view_campaign"),
        ("lifecontrol", "review_lifecheck"),
    ],
}


def ensure_groups(**kwargs):
    """Create the group and give it its permissions (idempotent; connected to post_migrate)."""
    give(_GROUPS)
