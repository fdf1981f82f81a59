"""The suspension and reinstatement lists for the core system: their content, written once, and nothing marked
when writing fails."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.lifecontrol import exports, services
from portal.lifecontrol.choices import NoticeKind
from portal.lifecontrol.models import Campaign, LifeCheck, Notice
from portal.models import MemberStatus
from tests.portal.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

OPENS = datetime.date(2027, 1, 4)
DEADLINE = datetime.date(2027, 3, 31)
GRACE = 30


def at(date, hour=10):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


SUSPENDED_ON = DEADLINE + datetime.timedelta(days=GRACE + 1)
NOW = at(SUSPENDED_ON, 12)
STAMP = f"{NOW.astimezone(datetime.UTC):%Y%m%dT%H%M%S}"


def utc(moment):
    return moment.astimezone(datetime.UTC).isoformat()


@pytest.fixture
def suspended(db):
    """Two pensioners suspended after two letters posted (the agent's record counts as a notice)."""
    agent = UserFactory(is_staff=True)
    first = MemberFactory(status=MemberStatus.RETIRED, country="FR", pension_number="P-1", core_id="CORE-1")
    second = MemberFactory(status=MemberStatus.SURVIVOR, country="BE", pension_number="P-2", core_id="CORE-2")
    campaign = Campaign.objects.create(name="2027", year=2027, opens_on=OPENS, deadline=DEADLINE, grace_days=GRACE)
    services.open_campaign(campaign, actor=agent, now=at(OPENS, 8))
    for check in LifeCheck.objects.all():
        for posted in (OPENS, DEADLINE - datetime.timedelta(days=7)):
            services.record_postal_notice(check, actor=agent, posted_on=posted, now=at(posted))
    services.advance(campaign, today=DEADLINE + datetime.timedelta(days=1), now=at(DEADLINE))
    # The second one a day later: the file lists the oldest first.
    services.advance(campaign, today=SUSPENDED_ON, now=at(SUSPENDED_ON))
    LifeCheck.objects.filter(member=second).update(suspended_at=at(SUSPENDED_ON, 11))
    return {"first": LifeCheck.objects.get(member=first), "second": LifeCheck.objects.get(member=second)}


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_suspension_list_holds_the_member_the_campaign_and_the_notices(suspended, tmp_path):
    count, path = exports.export_suspensions(tmp_path, now=NOW)
    assert count == 2 and path.name == f"suspensions-{STAMP}Z.jsonl"
    first, second = lines(path)
    assert first == {
        "event": "suspension",
        "core_id": "CORE-1",
        "pension_number": "P-1",
        "affiliation_number": suspended["first"].member.affiliation_number,
        "campaign_id": suspended["first"].campaign_id,
        "campaign_year": 2027,
        "suspended_on": SUSPENDED_ON.isoformat(),
        "suspended_at": utc(at(SUSPENDED_ON)),
        "deadline": DEADLINE.isoformat(),
        "grace_days": GRACE,
        "notices": [
            {"kind": NoticeKind.POSTAL, "reached_on": OPENS.isoformat()},
            {"kind": NoticeKind.POSTAL, "reached_on": (DEADLINE - datetime.timedelta(days=7)).isoformat()},
        ],
        "suspension_allowed_from": SUSPENDED_ON.isoformat(),
    }
    assert second["core_id"] == "CORE-2"
    for check in LifeCheck.objects.all():
        assert check.suspension_exported_at == NOW and check.reinstatement_exported_at is None
    assert [item.name for item in tmp_path.iterdir()] == [path.name]


def test_each_event_is_exported_once(suspended, tmp_path):
    exports.export_suspensions(tmp_path, now=NOW)
    assert exports.export_suspensions(tmp_path, now=NOW + datetime.timedelta(hours=1)) == (0, None)
    assert exports.export_reinstatements(tmp_path, now=NOW) == (0, None)
    assert len(list(tmp_path.iterdir())) == 1


def test_a_reinstatement_is_listed_after_the_acceptance(suspended, tmp_path):
    exports.export_suspensions(tmp_path, now=NOW)
    check = suspended["first"]
    answer = services.record(check, actor=UserFactory(is_staff=True), channel="post", received_on=SUSPENDED_ON, now=NOW)
    later = NOW + datetime.timedelta(hours=2)
    services.review(answer, actor=UserFactory(is_staff=True), accepted=True, now=later)
    count, path = exports.export_reinstatements(tmp_path, now=later)
    assert count == 1
    (line,) = lines(path)
    assert line == {
        "event": "reinstatement",
        "core_id": "CORE-1",
        "pension_number": "P-1",
        "affiliation_number": check.member.affiliation_number,
        "campaign_id": check.campaign_id,
        "campaign_year": 2027,
        "suspended_on": SUSPENDED_ON.isoformat(),
        "reinstated_on": SUSPENDED_ON.isoformat(),
        "reinstated_at": utc(later),
    }
    check.refresh_from_db()
    assert check.reinstatement_exported_at == later


def test_two_exports_in_the_same_second_keep_both_files(suspended, tmp_path):
    first_count, first = exports.export_suspensions(tmp_path, now=NOW)
    LifeCheck.objects.filter(pk=suspended["second"].pk).update(suspension_exported_at=None)
    second_count, second = exports.export_suspensions(tmp_path, now=NOW)
    assert (first_count, second_count) == (2, 1) and first != second and first.exists() and second.exists()


def test_a_failure_while_writing_leaves_nothing_written_and_nothing_marked(suspended, tmp_path):
    # Something in the way of the final name (both of them): the rename fails after the rows were marked.
    (tmp_path / f"suspensions-{STAMP}Z.jsonl").mkdir()
    (tmp_path / f"suspensions-{STAMP}000000Z.jsonl").mkdir()
    with pytest.raises(OSError):
        exports.export_suspensions(tmp_path, now=NOW)
    assert not LifeCheck.objects.filter(suspension_exported_at__isnull=False).exists()
    assert sorted(item.name for item in tmp_path.iterdir() if item.is_file()) == []
    # Once the way is clear, the next export has them all.
    for item in tmp_path.iterdir():
        item.rmdir()
    assert exports.export_suspensions(tmp_path, now=NOW)[0] == 2


def test_a_suspension_without_two_reached_notices_never_happens_so_is_never_exported(db, tmp_path):
    MemberFactory(status=MemberStatus.RETIRED, country="FR", pension_number="P-3")
    campaign = Campaign.objects.create(name="2027", year=2027, opens_on=OPENS, deadline=DEADLINE, grace_days=GRACE)
    services.open_campaign(campaign, actor=None, now=at(OPENS, 8))
    services.record_postal_notice(LifeCheck.objects.get(), actor=None, posted_on=OPENS, now=at(OPENS))
    services.advance(campaign, today=DEADLINE + datetime.timedelta(days=1), now=at(DEADLINE))
    services.advance(campaign, today=SUSPENDED_ON + datetime.timedelta(days=300), now=NOW)
    assert Notice.objects.count() == 1
    assert exports.export_suspensions(tmp_path, now=NOW) == (0, None)
    assert list(tmp_path.iterdir()) == []


def test_the_command_writes_both_lists_into_the_directory_given(suspended, tmp_path):
    out = io.StringIO()
    call_command("export_life_control", str(tmp_path / "outgoing"), stdout=out)
    assert "2 suspensions exported" in out.getvalue() and "No reinstatements to export." in out.getvalue()
    assert len(list((tmp_path / "outgoing").glob("suspensions-*.jsonl"))) == 1


def test_the_command_defaults_to_the_settings_directory(suspended, tmp_path, settings):
    settings.LIFE_CONTROL_EXPORT_DIR = tmp_path / "default"
    call_command("export_life_control", stdout=io.StringIO())
    assert len(list((tmp_path / "default").glob("suspensions-*.jsonl"))) == 1
