"""No national ID, bank account or password in any log record, nor in the search index.

The canary values go through the real flows (signup, login, password reset
and change, searches typed by visitors; enrolment, change requests and claims
once a member file exists) with every logger at DEBUG.
"""

import datetime
import io
import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.security import canaries

pytestmark = pytest.mark.django_db

EMAIL = "canary@example.org"


@pytest.fixture
def account():
    user = get_user_model().objects.create_user(EMAIL, EMAIL, canaries.PASSWORD)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def test_account_flows_log_no_password(client, account, all_log_records):
    for language in ("fr", "ar"):
        # Failed then successful login, with the canary as the (wrong, then right) password.
        client.post(f"/{language}/accounts/login/", {"login": EMAIL, "password": canaries.PASSWORD + "x"})
        client.post(f"/{language}/accounts/login/", {"login": "nobody@example.org", "password": canaries.PASSWORD})
        response = client.post(f"/{language}/accounts/login/", {"login": EMAIL, "password": canaries.PASSWORD})
        assert response.status_code == 302
        client.post(
            f"/{language}/accounts/password/change/",
            {"oldpassword": canaries.PASSWORD, "password1": canaries.PASSWORD, "password2": canaries.PASSWORD},
        )
        client.post(f"/{language}/accounts/logout/")
        client.post(
            f"/{language}/accounts/signup/",
            {"email": f"new-{language}@example.org", "password1": canaries.PASSWORD, "password2": canaries.PASSWORD},
        )
        client.post(f"/{language}/accounts/password/reset/", {"email": EMAIL})
        # A national ID or bank account typed as a login name.
        client.post(f"/{language}/accounts/login/", {"login": canaries.CIN, "password": canaries.RIB})
    assert canaries.leaks(all_log_records.records) == []


def test_searches_for_personal_numbers_log_nothing_personal(client, all_log_records):
    for query in canaries.ALL:
        for path in ("/fr/search/", "/ar/search/", "/api/search/", "/api/search/autocomplete/"):
            assert client.get(path, {"q": query}).status_code < 500
    assert canaries.leaks(all_log_records.records) == []


def test_the_canary_check_catches_a_leak(all_log_records):
    import logging

    logging.getLogger("django.server").info("GET /?cin=%s", canaries.CIN)  # a non-propagating logger
    logging.getLogger("portal").debug("rib %s", canaries.RIB)
    assert [canary for canary, _line in canaries.leaks(all_log_records.records)] == [canaries.CIN, canaries.RIB]


def _code_from_mail():
    from django.core import mail

    codes = re.findall(r"\b(\d{6})\b", mail.outbox[-1].body)
    assert codes, "the enrolment e-mail carries a 6-digit code"
    return codes[0]


def test_member_flows_log_nothing_personal_and_index_nothing_personal(
    client, all_log_records, es_client, django_capture_on_commit_callbacks
):
    """Enrolment, a bank-account change request and a claim, with the canaries as the member's data."""
    from django.core.management import call_command

    from portal.models import Member
    from tests.security import world

    member = Member.objects.create(
        affiliation_number="AFF-CANARY-1",
        national_id=canaries.CIN,
        bank_rib="011519000001205000534921",
        first_name="Canari",
        last_name="Témoin",
        birth_date=datetime.date(1970, 1, 1),
        status="contributing",
        email="file-contact@example.org",
        core_id="CORE-CANARY",
    )
    user = world.make_user("canary-member@example.org")
    client.force_login(user)
    # Each step commits (its e-mails and index tasks run) before the next one.
    with django_capture_on_commit_callbacks(execute=True):
        for identifier, national_id in (("AFF-NOPE", canaries.CIN), ("AFF-CANARY-1", "ZZ000000")):
            response = client.post(
                "/fr/portal/enrol/",
                {"identifier": identifier, "national_id": national_id, "birth_date": "1970-01-01"},
            )
            assert response.status_code == 200  # refused, same page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/portal/enrol/",
            {"identifier": "AFF-CANARY-1", "national_id": canaries.CIN, "birth_date": "1970-01-01"},
        )
    assert response.status_code == 302, "the right details send a code"
    code = _code_from_mail()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/portal/enrol/code/", {"code": "000000" if code != "000000" else "111111"})
        response = client.post("/fr/portal/enrol/code/", {"code": code})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.user == user
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/portal/changes/bank_rib/", {"bank_rib": canaries.RIB})
    assert response.status_code == 302, "the change request is accepted"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/fr/portal/claims/new/",
            {"category": "payments", "subject": "Pension non reçue", "description": "Le virement de mars manque."},
        )
        client.get("/fr/portal/")
        client.get("/api/portal/profile/")
    assert canaries.leaks(all_log_records.records) == []

    # The search index, rebuilt from the database: the member's national ID and bank account are never in it.
    call_command("search_index", "rebuild", stdout=io.StringIO())
    prefix = settings.ELASTICSEARCH["INDEX_PREFIX"]
    es_client.indices.refresh(index=f"{prefix}-*")
    hits = es_client.search(index=f"{prefix}-*", query={"match_all": {}}, size=1000)["hits"]["hits"]
    assert any(hit["_source"].get("reference", "").startswith("REC-") for hit in hits), "the claim was indexed"
    indexed = json.dumps([hit["_source"] for hit in hits], ensure_ascii=False)
    assert [canary for canary in canaries.ALL if canary in indexed] == []
