"""The life-control part of the demo: pensioners abroad, a campaign with every early status, codes that work."""

import io
from collections import Counter

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from demo import accounts, lifecontrol
from portal.lifecontrol import codes
from portal.lifecontrol.choices import CheckStatus, Review
from portal.lifecontrol.models import Campaign, LifeCheck, Submission
from portal.lifecontrol.permissions import REVIEW
from portal.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def output():
    out = io.StringIO()
    call_command("load_demo", "lifecontrol", stdout=out)
    return out.getvalue()


def test_the_campaign_has_pensioners_abroad_in_several_statuses(output):
    campaign = Campaign.objects.get()
    assert campaign.is_open and campaign.population == len(lifecontrol.PENSIONERS)
    checks = LifeCheck.objects.filter(campaign=campaign)
    assert not checks.filter(country="MA").exists()  # the Moroccan demo files are not asked
    assert len(set(checks.values_list("country", flat=True))) >= 6
    statuses = Counter(checks.values_list("status", flat=True))
    assert set(statuses) == {
        CheckStatus.NOT_CONTACTED,
        CheckStatus.NOTIFIED,
        CheckStatus.SUBMITTED,
        CheckStatus.ACCEPTED,
        CheckStatus.REJECTED,
    }
    reviews = Counter(Submission.objects.values_list("review", flat=True))
    assert reviews[Review.PENDING] >= 3 and reviews[Review.REJECTION_PROPOSED] == 1  # the queue has work
    photos = Submission.objects.filter(method="photos", review=Review.PENDING).first()
    assert photos.screen_code and sorted(photos.files.values_list("content_type", flat=True)) == ["image/jpeg"] * 2


def test_the_summary_prints_the_accounts_and_a_letter_code_that_opens_with_the_birth_date(output):
    someone = Member.objects.get(core_id=lifecontrol.NO_ACCOUNT_FILE)
    assert someone.user_id is None and someone.country == "ES"
    check = LifeCheck.objects.get(member=someone)
    code = codes.letter_code(check.campaign_id, someone.pk)
    assert code in output and f"{someone.birth_date:%d/%m/%Y}" in output
    assert check.code_digest == codes.digest(code)
    assert len(output.splitlines()) <= 14, output
    # The agent and the pensioner abroad with an account log in with the demo password.
    agent = authenticate(username=lifecontrol.LIFE_AGENT, password=accounts.DEMO_PASSWORD)
    assert agent.is_staff and agent.has_perm(REVIEW) and agent.has_perm("wagtailadmin.access_admin")
    pensioner = authenticate(username=lifecontrol.PENSIONER_ABROAD, password=accounts.DEMO_PASSWORD)
    assert pensioner.member.country == "FR" and pensioner.member.life_checks.get().status == CheckStatus.NOTIFIED
    assert lifecontrol.LIFE_AGENT in output and lifecontrol.PENSIONER_ABROAD in output
    # The second agent of the four eyes: the case agent confirms or proposes rejections too.
    assert get_user_model().objects.get(username=accounts.AGENT).has_perm(REVIEW)


def test_loading_again_changes_nothing(output):
    before = (LifeCheck.objects.count(), Submission.objects.count(), Member.objects.count())
    call_command("load_demo", "lifecontrol", stdout=io.StringIO())
    assert (LifeCheck.objects.count(), Submission.objects.count(), Member.objects.count()) == before
    assert Campaign.objects.count() == 1
