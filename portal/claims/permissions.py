"""Who works on claims: the "Claims agents" group and its permissions.

Agents hold claims.view_claim / add_claim / change_claim and may enter the
Wagtail admin; supervisors also hold claims.supervise_claims (figures) and may
edit the service levels. Communications staff hold none of these, so every
back-office view answers them 403.
"""

from portal.permissions import give

CLAIMS_AGENTS = "Claims agents"
CLAIMS_SUPERVISORS = "Claims supervisors"

VIEW = "claims.view_claim"
CHANGE = "claims.change_claim"
ADD = "claims.add_claim"
SUPERVISE = "claims.supervise_claims"

_AGENT_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("claims", "view_claim"),
    ("claims", "add_claim"),
    ("claims", "change_claim"),
    # They answer members: the delivery log ("I never got the SMS") and help at the counter.
    ("notifications", "view_delivery"),
    ("proxies", "add_countersession"),
]
_SUPERVISOR_PERMISSIONS = [
    *_AGENT_PERMISSIONS,
    ("claims", "supervise_claims"),
    ("claims", "view_servicelevel"),
    ("claims", "change_servicelevel"),
]


def ensure_groups(**kwargs):
    """Create the groups with their permissions (idempotent; run after every migrate)."""
    give({CLAIMS_AGENTS: _AGENT_PERMISSIONS, CLAIMS_SUPERVISORS: _SUPERVISOR_PERMISSIONS})


def is_agent(user):
    return user.is_active and user.has_perm(VIEW)


def can_work(user):
    return user.is_active and user.has_perm(CHANGE)
