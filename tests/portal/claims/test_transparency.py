"""Monthly figures: received, answered, median time to answer; no personal data on the public page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.claims import services, statistics, workflow
from portal.claims.choices import Status
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db


def test_median_days():
    assert statistics.median_days([]) is None
    assert statistics.median_days([timedelta(days=1), timedelta(days=3), timedelta(days=10)]) == 3.0
    assert statistics.median_days([timedelta(days=1), timedelta(days=2)]) == 1.5


def test_monthly_figures_and_public_page(client, member, member_user, agent):
    now = timezone.now()
    start = now - timedelta(hours=10) if timezone.localtime(now).day > 1 else now - timedelta(minutes=30)
    claims = [
        services.file_claim(
            services.NewClaim(member=member, category="payments", subject=f"Secret subject {i}", description="d"),
            actor=member_user,
            now=start,
        )
        for i in range(3)
    ]
    workflow.transition(claims[0], Status.ANSWERED, actor=agent, now=start + timedelta(minutes=12))
    workflow.transition(claims[1], Status.CLOSED, actor=agent, now=start + timedelta(minutes=24))
    [this_month, *_older] = statistics.monthly_figures(now=now)
    assert (this_month.received, this_month.answered) == (3, 2)
    assert this_month.median_days == round(18 / 1440, 1)
    page = text(client.get("/fr/transparency/claims/"))
    assert shown("Claims received") in page
    assert "Secret subject" not in page and member.last_name not in page and claims[0].reference not in page
    assert client.get("/ar/transparency/claims/").status_code == 200


def test_transparency_page_only_answers_reads(client):
    assert client.post("/fr/transparency/claims/").status_code == 405
