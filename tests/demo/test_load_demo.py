"""`manage.py load_demo`: one command, the real loaders, a short summary; production packages hold no demo code."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from demo import accounts, members
from portal.models import Member
from search.models import Synonym

pytestmark = pytest.mark.django_db


def _load(*parts):
    out = io.StringIO()
    call_command("load_demo", *parts, stdout=out)
    return out.getvalue()


def test_the_summary_names_the_accounts_the_password_and_the_enrolment_identifiers():
    # Everything but the pages (tests/cms/test_demo_content.py loads those): claims bring accounts and members.
    output = _load("claims", "synonyms")
    lines = output.splitlines()
    assert len(lines) <= 12, output  # a summary, not one line per object (one per demo account)
    assert accounts.DEMO_PASSWORD in output
    for email, _role, *_rest in accounts.ACCOUNTS:
        assert email in output
        assert authenticate(username=email, password=accounts.DEMO_PASSWORD) is not None
    trial = Member.objects.get(core_id=members.ENROLMENT_FILE)
    assert trial.user_id is None
    assert trial.affiliation_number in output and trial.national_id in output
    assert Member.objects.get(core_id=members.LINKED_FILE).user.email == accounts.MEMBER
    assert Synonym.objects.exists()


def test_staff_accounts_get_the_groups_made_by_migrate():
    _load("accounts")
    editor = get_user_model().objects.get(username=accounts.EDITOR)
    assert editor.is_staff and editor.has_perm("wagtailadmin.access_admin")
    assert editor.groups.get().permissions.exists()  # the group of `migrate`, not an empty one of the demo
    assert not editor.has_perm("portal.view_member_file")


def test_loading_twice_changes_nothing():
    _load("members")
    before = Member.objects.count()
    _load("members")
    assert Member.objects.count() == before


def test_an_unknown_part_is_a_clear_error():
    with pytest.raises(CommandError, match="Unknown part"):
        _load("everything")


def test_production_packages_hold_no_demo_code():
    base = Path(settings.BASE_DIR)
    found = [
        str(path.relative_to(base))
        for package in ("cms", "portal", "search", "config")
        for path in (base / package).rglob("*.py")
        if "demo" in path.name
    ]
    assert found == []


def test_the_demo_requests_wait_for_the_relative_and_the_member_and_load_once():
    from portal.casework import selectors
    from portal.casework.choices import Status
    from portal.casework.models import Case

    _load("cases")
    count = Case.objects.count()
    _load("cases")
    assert Case.objects.count() == count == 2
    users = get_user_model().objects
    relative = users.get(username=accounts.RELATIVE)
    [application] = selectors.applicant_cases(relative)
    assert application.status == Status.INFO_REQUESTED and application.member.core_id == "CORE-D-0003"
    member = users.get(username=accounts.MEMBER)
    assert [request.kind for request in selectors.awaited_documents(member)] == ["bank_details"]
