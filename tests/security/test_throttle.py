"""A member's writes have a budget per minute and per hour (config/throttle.py).

The review filed 25 claims in 0.9 s, each sending an e-mail. Here the budget is made
small (3 a minute) and the writes go through the real claim form and the real member
API, on the database cache the rate limits use in production.
"""

import json

import pytest
from django.core import mail

from config import throttle
from tests.security import world as world_module

pytestmark = pytest.mark.django_db

BUDGET = 3


@pytest.fixture
def world(db, settings):
    settings.MEMBER_WRITES_PER_MINUTE = BUDGET
    settings.MEMBER_WRITES_PER_HOUR = 100
    return world_module.build()


def _claims(world, role):
    from portal.claims.models import Claim

    return Claim.objects.filter(member=world.member_a if role == "member_a" else world.member_b).count()


def _file_claim(client, number, lang="fr"):
    data = {"category": "other", "subject": f"Objet {number}", "description": "Une question sur ma pension."}
    return client.post(f"/{lang}/portal/claims/new/", data)


def test_the_claim_beyond_the_budget_is_refused_and_nothing_is_written(client, world):
    client.force_login(world.users["member_a"])
    for number in range(BUDGET):
        assert _file_claim(client, number).status_code == 302
    claims, mails = _claims(world, "member_a"), len(mail.outbox)

    response = _file_claim(client, BUDGET)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Rien n&#x27;a été enregistré" in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"
    response = _file_claim(client, BUDGET, lang="ar")
    assert response.status_code == 429
    assert "لم يتم تسجيل أي شيء" in response.content.decode()
    # The member API, with the same budget.
    response = client.post(
        "/api/portal/claims/",
        json.dumps({"category": "other", "subject": "Objet", "description": "Texte"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 429
    assert "Rien n'a été enregistré" in response.json()["detail"]
    assert response["Retry-After"]
    # Nothing was written, nothing was sent.
    assert (_claims(world, "member_a"), len(mail.outbox)) == (claims, mails)
    # Reading is never counted, nor is signing out.
    assert client.get("/fr/portal/claims/").status_code == 200
    assert client.post("/fr/accounts/logout/").status_code == 302


def test_another_member_is_unaffected(client, world):
    client.force_login(world.users["member_a"])
    for number in range(BUDGET + 1):
        _file_claim(client, number)
    assert _file_claim(client, "A").status_code == 429
    client.force_login(world.users["member_b"])
    before = _claims(world, "member_b")
    assert _file_claim(client, "B").status_code == 302
    assert _claims(world, "member_b") == before + 1


def test_staff_are_not_counted(client, world):
    client.force_login(world.users["claims_agent"])
    statuses = {client.post("/fr/portal/enrol/", {}).status_code for _ in range(BUDGET + 2)}
    assert 429 not in statuses


def test_a_refused_write_waits_for_the_end_of_its_window(settings):
    settings.MEMBER_WRITES_PER_MINUTE, settings.MEMBER_WRITES_PER_HOUR = 3, 5
    start = 7200.0  # the start of an hour, and of a minute
    assert [throttle.consume("u1", now=start + second) for second in range(3)] == [0, 0, 0]
    assert throttle.consume("u1", now=start + 20) == 40  # the minute is full: wait until it ends
    assert throttle.consume("u1", now=start + 60) == 0  # a new minute
    assert throttle.consume("u1", now=start + 61) == 0
    assert throttle.consume("u1", now=start + 130) == 3600 - 130  # 5 in the hour: wait for the next hour
    assert throttle.consume("u2", now=start + 130) == 0  # someone else
    assert throttle.consume("u1", now=start + 3600) == 0
