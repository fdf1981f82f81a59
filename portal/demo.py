"""Demo member files and portal accounts for trying the site."""

from config.demo_accounts import DEMO_PASSWORD, ensure_user

AGENT = "agent@demo.example"
MEMBER = "adherent@demo.example"
CLAIMS_AGENTS = "Claims agents"


def load():
    ensure_user(AGENT, groups=[CLAIMS_AGENTS], is_staff=True, first_name="Karim", last_name="Agent")
    ensure_user(MEMBER, first_name="Fatima", last_name="Adherente")
    return [
        f"Account {AGENT} / {DEMO_PASSWORD} (claims agent)",
        f"Account {MEMBER} / {DEMO_PASSWORD} (member)",
    ]
