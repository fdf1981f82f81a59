"""The career correction on the case core: started with the flagged period proposed, several in
progress at once, still one draft; the proposal is never an answer; an accepted correction leaves
for the core system with the period and the evidence."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from portal.casework import checklist, procedures, services
from portal.casework.choices import DocumentKind, Status
from portal.casework.models import Case
from tests.portal.casework.conftest import checked_pdf

pytestmark = pytest.mark.django_db

CORRECTION = procedures.get("career_correction")
PROPOSED = {
    "anomaly": "gap:2004-03-01:2005-12-31",
    "what": "missing_period",
    "administration": "Ministère de la Santé",
    "start_date": "2004-03-01",
    "end_date": "2005-12-31",
}


@pytest.fixture(autouse=True)
def _no_write_budget(settings):
    settings.MEMBER_WRITES_PER_MINUTE = settings.MEMBER_WRITES_PER_HOUR = 0


def _start_url(lang="fr"):
    with translation.override(lang):
        return reverse("casework:start", kwargs={"procedure": "career_correction"})


def _answers(**overrides):
    return {**PROPOSED, "salary": None, "explanation": "J'étais infirmière à Fès.", **overrides}


def _submitted(member, user, **overrides):
    case = services.start(CORRECTION, actor=user, member=member, language="fr")
    case = services.save_step(case, "period", _answers(**overrides), actor=user)
    services.add_documents(case, actor=user, target=DocumentKind.CAREER_EVIDENCE, files=checked_pdf("Arrêté"))
    return services.submit(case, actor=user)


def test_the_start_button_proposes_the_flagged_period_which_the_member_checks(client, member):
    client.force_login(member.user)
    response = client.post(_start_url(), {**PROPOSED, "start_date": "١٢/١٣/٢٠٠٤", "report": ""})
    case = Case.objects.get(procedure="career_correction")
    assert response.status_code == 302 and response["Location"].endswith("/step/period/")
    # The invalid date (13th month) is not proposed; the valid fields are, and none is an answer yet.
    assert case.answers == {services.INITIAL: {k: v for k, v in PROPOSED.items() if k != "start_date"}}
    assert services.problems(case)  # the step is still to be answered

    form = client.get(response["Location"]).content.decode()
    assert (
        "Ministère de la Santé" in form and 'value="2005-12-31"' in form and 'value="gap:2004-03-01:2005-12-31"' in form
    )


def test_saving_the_step_keeps_the_answers_and_drops_the_proposal(member):
    case = services.start(CORRECTION, actor=member.user, member=member, language="fr", initial={"what": "other"})
    case = services.save_step(case, "period", _answers(), actor=member.user)
    assert services.INITIAL not in case.answers and case.answers["period"]["administration"] == "Ministère de la Santé"


def test_reporting_another_flag_reopens_the_draft_at_its_first_step_with_the_new_period(member):
    case = services.start(CORRECTION, actor=member.user, member=member, language="fr", initial=PROPOSED)
    services.save_step(case, "period", _answers(), actor=member.user)
    again = services.start(
        CORRECTION, actor=member.user, member=member, language="fr", initial={"what": "wrong_salary"}
    )
    assert again.pk == case.pk and again.step == "period"
    assert again.answers == {services.INITIAL: {"what": "wrong_salary"}}


def test_several_corrections_may_be_in_progress_but_other_procedures_stay_one_at_a_time(member):
    first = _submitted(member, member.user)
    second = _submitted(member, member.user, anomaly="low_contributions:2010-01-01:2010-12-31")
    assert first.status == second.status == Status.SUBMITTED and first.pk != second.pk
    assert procedures.get("pension_age_limit").several_in_progress is False


def test_an_accepted_correction_leaves_for_the_core_system_with_its_period_and_evidence(member, agent, tmp_path):
    case = _submitted(member, member.user)
    assert not checklist.missing(case)
    services.decide(case, accepted=True, reason="Période vérifiée sur l'arrêté.", actor=agent)
    call_command("export_cases", str(tmp_path))
    [jsonl] = tmp_path.glob("requests-*.jsonl")
    [line] = [json.loads(text) for text in jsonl.read_text(encoding="utf-8").splitlines()]
    assert line["procedure"] == "career_correction" and line["reference"] == case.reference
    assert line["answers"]["period"]["start_date"] == "2004-03-01"
    assert line["answers"]["period"]["anomaly"] == PROPOSED["anomaly"]
    assert services.INITIAL not in line["answers"]
    assert list((tmp_path / case.reference).iterdir())  # the evidence, with its checksum in the line
