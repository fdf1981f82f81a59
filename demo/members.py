"""The demo member files, loaded by the core-system importers (`import_members`, `import_careers`...).

fixtures/portal/ holds core-system exports; they go through the very commands production uses. The
member account is linked to Fatima Benali's file (a pensioner with a career, payments and two
dossiers); the other files stay unlinked so that enrolment can be tried, except the member in service of the
simulator and the career flags (demo/simulator.py).
"""

import io

from django.core.management import call_command

from demo import simulator
from demo.accounts import MEMBER
from demo.files import FIXTURES
from portal.models import Member

LINKED_FILE = "CORE-D-0001"
# A file no demo account holds: the identifiers printed to try the enrolment with.
ENROLMENT_FILE = "CORE-D-0002"
# In dependency order: members before what refers to them.
FILES = ["members", "careers", "contributions", "payments", "dossiers", "dossier_events"]


def load():
    """Import the files (a wrong row stops with the importer's CommandError) and link the member account."""
    for name in FILES:
        call_command(f"import_{name}", str(FIXTURES / f"{name}.jsonl"), stdout=io.StringIO(), stderr=io.StringIO())
    member = Member.objects.get(core_id=LINKED_FILE)
    user = member.user or _member_account()
    if member.user_id is None and not Member.objects.filter(user=user).exists():
        member.user = user
        member.save(update_fields=["user"])
    simulator.load()
    return Member.objects.count()


def _member_account():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=MEMBER)


def enrolment_file():
    return Member.objects.get(core_id=ENROLMENT_FILE)
