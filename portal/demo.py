"""Demo member files and portal accounts for trying the site (``manage.py load_demo_members``, idempotent).

The files in fixtures/portal/ are core-system exports, loaded through the same import
engine as production data. The member account is linked to Fatima Benali's file (a
pensioner with a career, payments and two dossiers); the other files stay unlinked so that
enrolment can be tried (details in docs and in the command's output).
"""

from pathlib import Path

from django.conf import settings

from config.demo_accounts import DEMO_PASSWORD, ensure_user
from portal import permissions
from portal.importing import engine
from portal.importing.specs import SPECS
from portal.models import Member

AGENT = "agent@demo.example"
MEMBER = "adherent@demo.example"
CLAIMS_AGENTS = "Claims agents"
FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "portal"
LINKED_FILE = "CORE-D-0001"
# In dependency order: members before what refers to them.
FILES = ["members", "careers", "contributions", "payments", "dossiers", "dossier_events"]


def load_files():
    lines = []
    for name in FILES:
        report = engine.run(SPECS[name], FIXTURES / f"{name}.jsonl")
        if report.error_count:
            raise ValueError(f"fixtures/portal/{name}.jsonl: {report.errors[:5]}")
        lines.append(f"Demo {SPECS[name].name}: {report.created} created, {report.updated} updated")
    return lines


def load():
    permissions.ensure_groups()
    agent = ensure_user(
        AGENT,
        groups=[CLAIMS_AGENTS, permissions.MEMBER_SERVICES, permissions.AUDITORS],
        is_staff=True,
        first_name="Karim",
        last_name="Agent",
    )
    member_user = ensure_user(MEMBER, first_name="Fatima", last_name="Benali")
    lines = load_files()
    member = Member.objects.get(core_id=LINKED_FILE)
    if member.user_id is None and not Member.objects.filter(user=member_user).exists():
        member.user = member_user
        member.save(update_fields=["user"])
    try:
        from portal.claims import demo as claims_demo
    except ImportError:  # the claims app is optional for the member area
        claims_demo = None
    if claims_demo is not None:
        lines.extend(claims_demo.load())
    trial = Member.objects.get(core_id="CORE-D-0002")
    return [
        f"Account {agent.email} / {DEMO_PASSWORD} (claims agent, member services, auditor;"
        " staff: set up TOTP at first login)",
        f"Account {MEMBER} / {DEMO_PASSWORD} (member, linked to {member.full_name}'s file)",
        *lines,
        f"To try enrolment with a new account: number {trial.affiliation_number}, CIN {trial.national_id}, "
        f"birth date {trial.birth_date:%Y-%m-%d} (with DEBUG, e-mails and codes appear in the console)",
    ]
