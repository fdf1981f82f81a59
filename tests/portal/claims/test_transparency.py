"""Claims' figures: the old transparency address sends to the fund's figures, which count claims from
the summary tables; the supervisor's monthly figures (``statistics.monthly_figures``) stay live."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.claims import services, statistics, workflow
from portal.claims.choices import Status
from portal.steering import public, refresh
from portal.steering.suppression import Hidden
from tests.portal.text import text

pytestmark = pytest.mark.django_db


def test_median_days():
    assert statistics.median_days([]) is None
    assert statistics.median_days([timedelta(days=1), timedelta(days=3), timedelta(days=10)]) == 3.0
    assert statistics.median_days([timedelta(days=1), timedelta(days=2)]) == 1.5


def _claims(member, member_user, agent, count, *, now):
    start = now - timedelta(hours=10) if timezone.localtime(now).day > 1 else now - timedelta(minutes=30)
    claims = [
        services.file_claim(
            services.NewClaim(member=member, category="payments", subject=f"Secret subject {i}", description="d"),
            actor=member_user,
            now=start,
        )
        for i in range(count)
    ]
    workflow.transition(claims[0], Status.ANSWERED, actor=agent, now=start + timedelta(minutes=12))
    workflow.transition(claims[1], Status.CLOSED, actor=agent, now=start + timedelta(minutes=24))
    return claims


def test_the_supervisors_monthly_figures(member, member_user, agent):
    now = timezone.now()
    _claims(member, member_user, agent, 3, now=now)
    [this_month, *_older] = statistics.monthly_figures(now=now)
    assert (this_month.received, this_month.answered) == (3, 2)
    assert this_month.median_days == round(18 / 1440, 1)


def test_the_public_figures_count_claims_once_refreshed(client, member, member_user, agent):
    now = timezone.now()
    claims = _claims(member, member_user, agent, 12, now=now)
    refresh.refresh(now=now)
    [channels] = public.tables(only="channels")
    # Twelve claims filed online this month (no request): enough to be published.
    assert channels.rows[0][1] == 12 and channels.rows[0][-2] == 12
    [service] = public.tables(only="service")
    assert service.rows[0][1] == Hidden(10)  # 2 answered: too few to publish
    page = text(client.get("/fr/transparency/"))
    assert "Secret subject" not in page and member.last_name not in page and claims[0].reference not in page


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_old_address_sends_to_the_fund_figures_for_good(client, lang):
    response = client.get(f"/{lang}/transparency/claims/")
    assert response.status_code == 301 and response["Location"] == f"/{lang}/transparency/"


def test_the_old_address_only_answers_reads(client):
    assert client.post("/fr/transparency/claims/").status_code == 405
