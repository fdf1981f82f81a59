"""The demo claims load for the demo member, once: loading again changes nothing."""

import pytest

from demo import accounts, claims
from portal.claims.models import Claim, ClaimMessage
from tests.portal.claims.conftest import make_member, make_user

pytestmark = pytest.mark.django_db


def test_demo_claims_load_idempotently(django_user_model):
    member = make_member(make_user(django_user_model, accounts.MEMBER))
    make_user(django_user_model, accounts.AGENT)
    assert claims.load() == 3
    counts = (Claim.objects.count(), ClaimMessage.objects.count())
    assert counts[0] == 3 and counts[1] > 0
    assert {c.status for c in member.claims.all()} == {"closed", "waiting_member", "submitted"}
    assert member.claims.filter(language="ar").exists() and member.claims.filter(channel="counter").exists()
    claims.load()
    assert (Claim.objects.count(), ClaimMessage.objects.count()) == counts


def test_demo_without_the_demo_member_does_nothing():
    assert claims.load() == 0
    assert not Claim.objects.exists()
