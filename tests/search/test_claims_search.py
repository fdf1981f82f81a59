"""Claim search: staff find any claim (claims permission only); a member only ever finds their own."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from portal.claims import permissions
from portal.claims.models import Claim, ClaimMessage
from search import claim_documents, claim_search, sync
from search.indexes import CLAIMS
from tests.portal.claims.conftest import make_member, make_user
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db


def make_claim(member, reference, subject, description, **fields):
    return Claim.objects.create(
        reference=reference,
        member=member,
        category=fields.pop("category", "payments"),
        subject=subject,
        description=description,
        due_at=timezone.now() + datetime.timedelta(days=10),
        **fields,
    )


@pytest.fixture
def people(django_user_model):
    alice = make_member(
        make_user(django_user_model, "alice@example.test"),
        first_name="Alice",
        last_name="Bennani",
        affiliation_number="AF1000001",
        national_id="AB111111",
        bank_rib="011780000012345678901234",
    )
    bruno = make_member(
        make_user(django_user_model, "bruno@example.test"),
        first_name="Bruno",
        last_name="Chraibi",
        affiliation_number="AF2000002",
        national_id="CD222222",
    )
    agent = make_user(django_user_model, "agent@example.test", groups=[permissions.CLAIMS_AGENTS])
    editor = make_user(django_user_model, "editor@example.test", is_staff=True)
    return {"alice": alice, "bruno": bruno, "agent": agent, "editor": editor}


@pytest.fixture
def claims(people):
    alice_claim = make_claim(
        people["alice"], "REC-2026-000001", "Retard de paiement", "Ma pension de mars n'est pas arrivée."
    )
    ClaimMessage.objects.create(claim=alice_claim, body="Vérification en cours: dossier fraude?", is_internal=True)
    ClaimMessage.objects.create(claim=alice_claim, body="Nous avons relancé le virement.", is_internal=False)
    bruno_claim = make_claim(
        people["bruno"], "REC-2026-000002", "Paiement incomplet", "Le montant de ma pension est incomplet."
    )
    bruno_ar = make_claim(people["bruno"], "REC-2026-000003", "تأخر صرف المعاش", "لم أتوصل بمعاشي لشهر مارس.")
    return {"alice": alice_claim, "bruno": bruno_claim, "bruno_ar": bruno_ar}


@pytest.fixture(params=["elasticsearch", "database"])
def engine(request, es_client, claims, settings):
    sync.rebuild(CLAIMS)
    if request.param == "database":
        settings.ELASTICSEARCH = {**django_settings.ELASTICSEARCH, "URL": ""}
    return request.param


def references(results):
    return [hit.reference for hit in results.hits]


def test_a_member_only_ever_finds_their_own_claims(engine, people, claims):
    alice, bruno = people["alice"], people["bruno"]
    results = claim_search.member_search(alice, "paiement pension")
    assert results.backend == engine
    assert references(results) == ["REC-2026-000001"]
    # Even Bruno's exact reference, or words only Bruno's claim contains, find nothing for Alice.
    assert references(claim_search.member_search(alice, "REC-2026-000002")) == []
    assert references(claim_search.member_search(alice, "incomplet")) == []
    assert claim_search.member_search(alice, "incomplet").total == 0
    assert sorted(references(claim_search.member_search(bruno, "paiement pension"))) == ["REC-2026-000002"]


def test_a_member_never_finds_words_of_internal_notes(engine, people, claims):
    assert references(claim_search.member_search(people["alice"], "fraude")) == []
    assert references(claim_search.staff_search("fraude")) == ["REC-2026-000001"]


def test_member_pages_and_api_show_only_their_claims(engine, people, claims):
    client = Client()
    client.force_login(people["alice"].user)
    html = client.get("/fr/search/my-claims/", {"q": "paiement"}).content.decode()
    assert "REC-2026-000001" in html and "REC-2026-000002" not in html
    body = client.get("/api/search/my-claims/", {"q": "REC-2026-000002"}).json()
    assert body["total"] == 0 and body["results"] == []
    body = client.get("/api/search/my-claims/", {"q": "paiement"}).json()
    assert [r["reference"] for r in body["results"]] == ["REC-2026-000001"]


def test_anonymous_and_unenrolled_users_cannot_search_claims(engine, django_user_model):
    assert Client().get("/api/search/my-claims/", {"q": "paiement"}).status_code == 403
    assert Client().get("/fr/search/my-claims/", {"q": "paiement"}).status_code == 302
    stranger = Client()
    stranger.force_login(make_user(django_user_model, "stranger@example.test"))
    assert stranger.get("/api/search/my-claims/", {"q": "paiement"}).status_code == 403
    assert stranger.get("/fr/search/my-claims/", {"q": "paiement"}).status_code == 302  # to enrolment


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("REC-2026-000002", ["REC-2026-000002"]),
        ("rec-2026-000002", ["REC-2026-000002"]),
        ("AF1000001", ["REC-2026-000001"]),
        ("Bennani", ["REC-2026-000001"]),
        ("relancé virement", ["REC-2026-000001"]),
    ],
)
def test_staff_find_claims_by_reference_number_name_and_text(engine, claims, query, expected):
    assert references(claim_search.staff_search(query)) == expected


def test_staff_search_tolerates_typos_and_arabic_forms(es_client, claims):
    sync.rebuild(CLAIMS)
    assert references(claim_search.staff_search("Benanni")) == ["REC-2026-000001"]
    assert references(claim_search.staff_search("المعاشات")) == ["REC-2026-000003"]


def test_staff_search_view_requires_the_claims_permission(engine, people, claims):
    agent, editor = Client(), Client()
    agent.force_login(people["agent"])
    editor.force_login(people["editor"])
    response = agent.get("/admin/claims-search/", {"q": "Bennani"})
    assert response.status_code == 200
    assert "REC-2026-000001" in response.content.decode()
    assert editor.get("/admin/claims-search/", {"q": "Bennani"}).status_code in (302, 403)
    assert "REC-2026-000001" not in editor.get("/admin/claims-search/", {"q": "Bennani"}).content.decode()


def test_claim_documents_hold_no_national_id_or_bank_account(people, claims):
    document = claim_documents.claim_document(claims["alice"])
    flat = repr(document)
    assert "AB111111" not in flat and "011780000012345678901234" not in flat
    assert not {"national_id", "bank_rib", "email", "phone", "address"} & set(document)
    assert document["affiliation_number"] == "AF1000001"


@pytest.mark.django_db(transaction=True)
def test_claim_changes_reach_the_index_through_signals(es_client, django_user_model):
    sync.rebuild(CLAIMS)
    member = make_member(make_user(django_user_model, "carla@example.test"), last_name="Idrissi")
    claim = make_claim(member, "REC-2026-000009", "Attestation introuvable", "Je ne trouve pas mon attestation.")
    refresh()
    assert references(claim_search.member_search(member, "attestation")) == ["REC-2026-000009"]
    ClaimMessage.objects.create(claim=claim, body="Merci, reçue par courrier.", from_member=True)
    refresh()
    assert references(claim_search.member_search(member, "courrier")) == ["REC-2026-000009"]
    claim_id = claim.pk
    claim.messages.all().delete()
    claim.delete()
    refresh()
    assert references(claim_search.staff_search("REC-2026-000009")) == []
    assert claim_id not in [hit.claim_id for hit in claim_search.staff_search("attestation").hits]
