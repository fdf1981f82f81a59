"""The demo's accounts, one per kind of person, all with the same password.

Each account gets a verified e-mail address, since allauth requires verification before login.
The groups come from `migrate` (cms/permissions.py, portal/permissions.py, portal/claims/permissions.py,
portal/casework/permissions.py, portal/steering/permissions.py).
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.permissions import COMMUNICATIONS, PUBLISHING
from portal.casework.permissions import CASE_AGENTS
from portal.claims.permissions import CLAIMS_AGENTS
from portal.permissions import AUDITORS, MEMBER_SERVICES
from portal.steering.permissions import MANAGEMENT

DEMO_PASSWORD = "Demo-Portail-2026!"

EDITOR = "editeur@demo.example"
PUBLISHER = "publication@demo.example"
AGENT = "agent@demo.example"
MEMBER = "adherent@demo.example"
# A widower with no member file of his own: he follows his survivor's pension application.
RELATIVE = "famille@demo.example"
# The demo member's son: she invited him to act for her (demo/helped.py).
PROXY = "fils@demo.example"
# The fund's management: reads the steering dashboard.
MANAGER = "direction@demo.example"

# e-mail, role shown in the summary, groups, staff, first and last name
ACCOUNTS = [
    (EDITOR, "Communications", [COMMUNICATIONS], True, "Salma", "Editrice"),
    (PUBLISHER, "Publishing", [PUBLISHING], True, "Youssef", "Publieur"),
    (
        AGENT,
        "claims and case agent, member services, auditor",
        [CLAIMS_AGENTS, CASE_AGENTS, MEMBER_SERVICES, AUDITORS],
        True,
        "Karim",
        "Agent",
    ),
    (MANAGER, "management (steering dashboard)", [MANAGEMENT], True, "Nadia", "Direction"),
    (MEMBER, "member", [], False, "Fatima", "Benali"),
    (RELATIVE, "widower (survivor's pension request)", [], False, "Hassan", "Ouazzani"),
    (PROXY, "the member's son, acts for her (sets up TOTP first)", [], False, "Youssef", "Benali"),
]


def ensure_user(email, *, groups=(), is_staff=False, is_superuser=False, first_name="", last_name=""):
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=email, defaults={"email": email})
    user.email = email
    user.first_name, user.last_name = first_name, last_name
    user.is_staff, user.is_superuser = is_staff, is_superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def load():
    """The demo accounts; returns (e-mail, role) pairs for the summary."""
    for email, _role, groups, is_staff, first_name, last_name in ACCOUNTS:
        ensure_user(email, groups=groups, is_staff=is_staff, first_name=first_name, last_name=last_name)
    return [(email, role) for email, role, *_rest in ACCOUNTS]
