"""`load_demo partners`: the employers, their HR officers (password and second factor ready), civil servants
reaching the age limit within a year with a dossier sent on time, one sent late and a draft; loading again
changes nothing."""

import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from demo import partners, simulator
from demo.accounts import DEMO_PASSWORD
from portal.casework.choices import Status
from portal.casework.models import Case
from portal.models import Member
from portal.partners import scope, selectors
from portal.partners.choices import Role
from portal.partners.models import Officer, Organisation, RetirementDossier

pytestmark = pytest.mark.django_db


def _load():
    out = io.StringIO()
    call_command("load_demo", "partners", stdout=out)
    return out.getvalue()


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, Officer, Member, RetirementDossier, Case, Authenticator)
    }


def test_the_demo_employers_load_once_and_loading_again_changes_nothing():
    output = _load()
    before = _counts()
    dossiers = {d.pk: (d.case.status, d.case.submitted_at) for d in RetirementDossier.objects.select_related("case")}
    # The summary names the officers, the civil servant and the secret of their second factor.
    for email in (partners.PREPARER, partners.SIGNATORY, partners.READER, partners.CIVIL_SERVANT):
        assert email in output
    assert partners.TOTP_SECRET in output

    _load()
    assert _counts() == before
    assert {d.pk: (d.case.status, d.case.submitted_at) for d in RetirementDossier.objects.select_related("case")} == (
        dossiers
    )

    education = Organisation.objects.get(core_id="ADM-EDU")
    assert set(education.units.values_list("core_id", flat=True)) == {"ADM-EDU-RBT", "ADM-EDU-FES"}
    assert Organisation.objects.filter(core_id="ADM-SAN", parent=None).exists()
    # The demo member in service (the simulator's court clerk) works at the Meknès court of appeal.
    assert Member.objects.get(core_id=simulator.FILE).employer.core_id == "ADM-JUS-MKN"


def test_the_officers_log_in_with_the_password_and_the_published_second_factor():
    _load()
    roles = {}
    for email in (partners.PREPARER, partners.SIGNATORY, partners.READER):
        user = authenticate(username=email, password=DEMO_PASSWORD)
        assert user is not None, email
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        assert decrypt(authenticator.data["secret"]) == partners.TOTP_SECRET
        counter = int(timezone.now().timestamp()) // 30
        assert TOTP(authenticator).validate_code(format_hotp_value(hotp_value(partners.TOTP_SECRET, counter)))
        roles[email] = (user.officer.role, user.officer.is_admin, user.officer.organisation.core_id)
    assert roles == {
        partners.PREPARER: (Role.PREPARER, False, "ADM-EDU"),
        partners.SIGNATORY: (Role.SIGNATORY, True, "ADM-EDU"),
        partners.READER: (Role.READER, False, "ADM-EDU"),
    }
    civil_servant = authenticate(username=partners.CIVIL_SERVANT, password=DEMO_PASSWORD)
    assert civil_servant.member.core_id == partners.ACCOUNT_FILE


def test_education_sees_its_coming_retirements_with_one_dossier_on_time_one_late_and_a_draft():
    _load()
    today = timezone.localdate()
    where = scope.of_officer(Officer.objects.get(user__username=partners.PREPARER))
    rows = selectors.upcoming_retirements(where, today=today)
    education = {core_id for core_id, unit, *_rest in partners.CIVIL_SERVANTS if unit.startswith("ADM-EDU")}
    assert {row.member.core_id for row in rows} == education  # the Health ministry's people are not there
    by_file = {row.member.core_id: row for row in rows}
    assert (by_file["CORE-P-0001"].state, by_file["CORE-P-0001"].late) == (Status.SUBMITTED, False)
    assert (by_file["CORE-P-0002"].state, by_file["CORE-P-0002"].late) == (Status.SUBMITTED, True)
    assert by_file["CORE-P-0003"].state == Status.DRAFT
    assert by_file[partners.ACCOUNT_FILE].dossier is None  # left for whoever tries the journey
    figures = selectors.delays(where, today=today)
    assert (figures.sent, figures.on_time) == (2, 1)
    # The sent dossiers show in the civil servants' own requests from the day they were sent.
    sent = RetirementDossier.objects.get(member__core_id="CORE-P-0001")
    assert sent.signed_by.username == partners.SIGNATORY and sent.prepared_by.username == partners.PREPARER
