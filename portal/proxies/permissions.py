"""Who works on helped access at the fund: legal representatives and help at the counter.

Recording a legal representative rests on a court decision: a small group, "Legal representation",
records and ends them and alone downloads the decisions (``proxies.add_proxy``). Helping a member
at the counter (``proxies.add_countersession``) belongs to the agents who receive members: member
services, case agents and claims agents (given by the apps that own those groups). Groups come with
the schema (post_migrate), never with the demo.
"""

from portal.permissions import give

LEGAL_REPRESENTATION = "Legal representation"

MANAGE_GUARDIANS = "proxies.add_proxy"
HELP_AT_COUNTER = "proxies.add_countersession"

_GROUPS = {
    LEGAL_REPRESENTATION: [
        ("wagtailadmin", "access_admin"),
        ("portal", "view_member_file"),
        ("proxies", "add_proxy"),
        ("proxies", "view_proxy"),
    ],
}


def ensure_groups(**kwargs):
    """Create the groups and give them their permissions (idempotent; connected to post_migrate)."""
    give(_GROUPS)
