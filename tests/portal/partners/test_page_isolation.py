"""Who reaches what in the partners' space: another organisation's (or unit's) civil servant or
dossier is a 404 on every URL; a role too low is a 403; an access ended is refused at the next
request; an officer without a second factor sets one up first; members and visitors are not partners."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.casework.choices import Status
from portal.casework.models import Case
from portal.partners import dossiers, scope
from portal.partners.models import RetirementDossier
from tests.portal import factories
from tests.portal.casework.conftest import checked_pdf, upload

STEP = {"grade": "Professeur", "last_salary": "14250"}


@pytest.fixture(autouse=True)
def _no_write_budget(settings):
    settings.MEMBER_WRITES_PER_MINUTE = settings.MEMBER_WRITES_PER_HOUR = 0


def url(name, **kwargs):
    with translation.override("fr"):
        return reverse(f"partners:{name}", kwargs=kwargs or None)


@pytest.fixture
def rabat_dossier(world):
    """A draft for Rabat's civil servant, with one document."""
    where = scope.of_officer(world.preparer)
    dossier, _created = dossiers.start(
        scope=where, member_pk=world.rabat_servant.pk, actor=world.preparer.user, language="fr"
    )
    dossiers.add_documents(
        scope=where, dossier=dossier, uploads=[("leaving_decision", checked_pdf("Décision"))], actor=world.preparer.user
    )
    return dossier


def _every_url(dossier):
    reference = dossier.case.reference
    document = dossier.case.documents.get()
    member = dossier.member_id
    return [
        ("get", url("member", pk=member), {}),
        ("post", url("start", pk=member), {}),
        ("get", url("dossier", reference=reference), {}),
        ("get", url("step", reference=reference, step="position"), {}),
        ("post", url("step", reference=reference, step="position"), STEP),
        ("post", url("documents", reference=reference), {"service_certificate": upload("attestation.pdf")}),
        ("get", url("document", reference=reference, document_id=document.pk), {}),
        ("post", url("document", reference=reference, document_id=document.pk), {}),
        ("post", url("submit", reference=reference), {"certify": "on"}),
        ("post", url("correct", reference=reference), {"message": ""}),
    ]


def _unchanged(dossier):
    case = Case.objects.get(pk=dossier.case.pk)
    assert case.status == Status.DRAFT and "position" not in case.answers
    assert case.documents.count() == 1
    assert RetirementDossier.objects.filter(member=dossier.member).count() == 1


def test_another_organisation_finds_nothing(client, world, rabat_dossier):
    client.force_login(world.b_signatory.user)
    for method, address, data in _every_url(rabat_dossier):
        assert getattr(client, method)(address, data).status_code == 404, address
    _unchanged(rabat_dossier)
    # Ministry B's own civil servant is there for them.
    assert client.get(url("member", pk=world.b_servant.pk)).status_code == 200


def test_a_preparer_limited_to_fes_finds_nothing_of_rabat(client, world, rabat_dossier):
    client.force_login(world.fes_preparer.user)
    for method, address, data in _every_url(rabat_dossier):
        if address.endswith("/submit/"):
            continue  # a preparer is refused signing before anything is looked up (403, below)
        assert getattr(client, method)(address, data).status_code == 404, address
    _unchanged(rabat_dossier)
    assert client.get(url("member", pk=world.fes_servant.pk)).status_code == 200


def test_a_reader_may_read_but_not_prepare_nor_sign(client, world, rabat_dossier):
    client.force_login(world.reader.user)
    reference = rabat_dossier.case.reference
    assert client.get(url("dossier", reference=reference)).status_code == 200
    assert client.post(url("start", pk=world.fes_servant.pk)).status_code == 403
    assert client.get(url("step", reference=reference, step="position")).status_code == 403
    assert client.post(url("step", reference=reference, step="position"), STEP).status_code == 403
    assert client.post(url("submit", reference=reference), {"certify": "on"}).status_code == 403
    assert client.post(url("correct", reference=reference)).status_code == 403
    page = client.get(url("dossier", reference=reference)).content.decode()
    assert 'id="dossier-documents"' not in page and 'id="submit-dossier"' not in page and "data-step=" not in page
    _unchanged(rabat_dossier)
    assert not RetirementDossier.objects.filter(member=world.fes_servant).exists()


def test_a_preparer_cannot_sign(client, world, rabat_dossier):
    client.force_login(world.preparer.user)
    assert client.post(url("submit", reference=rabat_dossier.case.reference), {"certify": "on"}).status_code == 403
    assert Case.objects.get(pk=rabat_dossier.case.pk).status == Status.DRAFT


def test_an_access_ended_is_refused_at_the_next_request(client, world):
    client.force_login(world.preparer.user)
    assert client.get(url("home")).status_code == 200
    world.preparer.revoked_at = world.preparer.created_at
    world.preparer.save()
    assert client.get(url("home")).status_code == 403
    assert client.get(url("member", pk=world.rabat_servant.pk)).status_code == 403


def test_an_officer_without_a_second_factor_sets_one_up_first(client, world, settings):
    settings.STAFF_MFA_REQUIRED = True
    from tests.portal.partners.world import officer

    newcomer = officer(world.ministry_a, "reader", "nouveau@education.example", second_factor=False)
    client.force_login(newcomer.user)
    response = client.get(url("retirements"))
    assert response.status_code == 302
    with translation.override("fr"):
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    client.force_login(world.reader.user)  # has one
    assert client.get(url("retirements")).status_code == 200


def test_members_and_visitors_are_not_partners(client, world):
    member_user = factories.UserFactory()
    world.rabat_servant.user = member_user
    world.rabat_servant.save()
    assert client.get(url("home")).status_code == 302  # to the login page
    client.force_login(member_user)
    for address in (url("home"), url("retirements"), url("retirements_csv"), url("member", pk=world.rabat_servant.pk)):
        assert client.get(address).status_code == 403, address
