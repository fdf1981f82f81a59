"""The dossier on the case core, through the partners' services: prepare, sign, correct, accept."""

import datetime

import pytest
from django.utils import timezone

from portal.casework import services as cases
from portal.casework.choices import EventKind, Status
from portal.casework.models import Case
from portal.models import AuditEvent
from portal.partners import dossiers, scope
from portal.proxies.choices import Via
from tests.portal import factories
from tests.portal.casework.conftest import checked_pdf

ANSWERS = {
    "service": {"service_confirmed": True, "service_remarks": ""},
    "position": {"grade": "Professeur agrégé, échelle 11", "last_salary": "14250.00"},
    "decision": {
        "decision_number": "2026/1234",
        "decision_date": datetime.date(2026, 11, 2),
        "leaving_date": datetime.date(2027, 6, 15),
    },
}


def prepared(world, officer=None):
    officer = officer or world.preparer
    where = scope.of_officer(officer)
    dossier, created = dossiers.start(scope=where, member_pk=world.rabat_servant.pk, actor=officer.user, language="fr")
    assert created
    for step, data in ANSWERS.items():
        dossiers.save_step(scope=where, dossier=dossier, step=step, cleaned_data=data, actor=officer.user)
    dossiers.add_documents(
        scope=where,
        dossier=dossier,
        uploads=[("leaving_decision", checked_pdf("Décision")), ("service_certificate", checked_pdf("Attestation"))],
        actor=officer.user,
    )
    return dossier


def test_prepare_sign_correct_accept(world):
    dossier = prepared(world)
    member_user = factories.UserFactory()
    world.rabat_servant.user = member_user
    world.rabat_servant.save()
    # Not shown to the civil servant while it is a draft.
    assert not Case.objects.visible_to(member_user).exists()
    with pytest.raises(dossiers.NotAllowed):
        dossiers.submit(scope=scope.of_officer(world.preparer), dossier=dossier, actor=world.preparer.user)
    dossiers.submit(scope=scope.of_officer(world.signatory), dossier=dossier, actor=world.signatory.user)
    case = Case.objects.get(pk=dossier.case.pk)
    assert case.status == Status.SUBMITTED
    assert list(Case.objects.visible_to(member_user)) == [case]
    agent = factories.UserFactory(is_staff=True)
    cases.ask_for_correction(case, "Le salaire ne correspond pas à la paie de novembre.", actor=agent)
    case.refresh_from_db()
    assert case.status == Status.INFO_REQUESTED
    assert case.status_label == "Being corrected by your administration"
    where = scope.of_officer(world.preparer)
    dossier.refresh_from_db()
    dossiers.save_step(
        scope=where,
        dossier=dossier,
        step="position",
        cleaned_data={**ANSWERS["position"], "last_salary": "14520.00"},
        actor=world.preparer.user,
    )
    dossiers.send_correction(scope=where, dossier=dossier, actor=world.preparer.user)
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    assert case.answers["position"]["last_salary"] == "14520.00"
    cases.decide(case, accepted=True, reason="", actor=agent)
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    kinds = list(case.events.values_list("kind", flat=True))
    assert EventKind.CORRECTION_ASKED in kinds and EventKind.CORRECTED in kinds
    # The civil servant reads that their employer's HR service acted on their file.
    assert AuditEvent.objects.filter(member=world.rabat_servant, via=Via.EMPLOYER).count() >= 5


def test_another_organisation_does_not_find_the_civil_servant(world):
    with pytest.raises(dossiers.NotFound):
        dossiers.start(
            scope=scope.of_officer(world.b_signatory),
            member_pk=world.rabat_servant.pk,
            actor=world.b_signatory.user,
            language="fr",
        )
    with pytest.raises(dossiers.NotFound):
        dossiers.start(
            scope=scope.of_officer(world.fes_preparer),
            member_pk=world.rabat_servant.pk,
            actor=world.fes_preparer.user,
            language="fr",
        )


def test_a_reader_cannot_prepare(world):
    with pytest.raises(dossiers.NotAllowed):
        dossiers.start(
            scope=scope.of_officer(world.reader),
            member_pk=world.rabat_servant.pk,
            actor=world.reader.user,
            language="fr",
        )


def test_one_dossier_in_progress_per_civil_servant(world):
    first = prepared(world)
    again, created = dossiers.start(
        scope=scope.of_officer(world.signatory),
        member_pk=world.rabat_servant.pk,
        actor=world.signatory.user,
        language="fr",
    )
    assert not created and again.pk == first.pk
    assert first.due_on == datetime.date(2026, 9, 15) and first.retirement_date == datetime.date(2027, 6, 15)
    assert timezone.now()
