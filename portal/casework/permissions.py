"""Who works on requests: the "Case agents" group and its permissions.

Agents hold casework.view_case (read the queue and requests) and casework.decide_case (assign,
note, ask for documents, check them, decide) and may enter the Wagtail admin. Communications
staff and claims agents hold none of these, so every back-office view answers them 403.
"""

from portal.permissions import give

CASE_AGENTS = "Case agents"

VIEW = "casework.view_case"
DECIDE = "casework.decide_case"

_AGENT_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("casework", "view_case"),
    ("casework", "decide_case"),
    # They answer members: the delivery log ("I never got the SMS") and help at the counter.
    ("notifications", "view_delivery"),
    ("proxies", "add_countersession"),
]


def ensure_groups(**kwargs):
    """Create the group with its permissions (idempotent; run after every migrate)."""
    give({CASE_AGENTS: _AGENT_PERMISSIONS})


def is_agent(user):
    return user.is_active and user.has_perm(VIEW)


def can_decide(user):
    return user.is_active and user.has_perm(DECIDE)
