"""The demo's member in service: a career the simulator can estimate, and the two flags the career page shows.

`make run` is where a reviewer tries the simulator and « Report an error »: the demo must have a member in
service whose file shows flags, and only him (the other demo files are clean: a flag no real file would
have teaches the reviewer to ignore flags).
"""

import datetime
import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from demo import accounts, simulator
from portal import career_anomalies
from portal.career_anomalies import Kind
from portal.models import Member
from portal.pension_rules import schedule
from portal.simulator import engine, situation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", "members", stdout=io.StringIO())
    return Member.objects.get(core_id=simulator.FILE)


def flags(member):
    return career_anomalies.for_member(member, today=timezone.localdate(), rules=schedule.load())


def test_the_member_in_service_has_one_gap_and_one_low_year_and_the_others_none(demo):
    assert demo.user.email == simulator.ACCOUNT
    assert authenticate(username=simulator.ACCOUNT, password=accounts.DEMO_PASSWORD) is not None
    assert situation.in_service(demo) and demo.affiliation_date == datetime.date(1991, 9, 1)
    found = flags(demo)
    assert [(flag.kind, flag.start, flag.end) for flag in found] == [
        (Kind.GAP, *simulator.GAP),
        (Kind.LOW_CONTRIBUTIONS, datetime.date(simulator.LOW_YEAR, 1, 1), datetime.date(simulator.LOW_YEAR, 12, 31)),
    ]
    others = Member.objects.exclude(pk=demo.pk)
    assert others.exists() and not others.filter(affiliation_date__isnull=True).exists()
    assert {member.core_id: flags(member) for member in others} == {member.core_id: [] for member in others}


def test_loading_twice_keeps_one_file_and_the_same_flags(demo):
    before = (Member.objects.count(), demo.contribution_years.count(), flags(demo))
    call_command("load_demo", "members", stdout=io.StringIO())
    assert (Member.objects.count(), demo.contribution_years.count(), flags(demo)) == before


def test_the_simulator_estimates_his_pension_and_the_career_page_shows_the_flags(demo, client):
    client.force_login(demo.user)
    today = timezone.localdate()
    legal = engine.legal_date(demo.birth_date, schedule.load())
    expected = engine.estimate(situation.from_member(demo, today=today), schedule.load(), legal)
    assert expected.entitled and expected.gross > 0
    with translation.override("fr"):
        page = client.get(reverse("simulator:member"))
        career = client.get(reverse("portal:career"))
    assert page.status_code == 200
    gross = re.search(
        r'id="scenario-legal".*?data-amount="gross"[^>]*data-value="([\d.]+)"', page.content.decode(), re.S
    ) or re.search(r'id="scenario-legal".*?data-value="([\d.]+)"[^>]*data-amount="gross"', page.content.decode(), re.S)
    assert gross and gross.group(1) == f"{expected.gross:.2f}"
    assert career.status_code == 200
    shown = re.findall(r'<li class="career-flag[^"]*"[^>]*data-kind="(\w+)"', career.content.decode())
    assert shown == [Kind.GAP, Kind.LOW_CONTRIBUTIONS]
