"""The career page's points to check: each flag of the file with what it means and "Report an error";
the report opens the correction with the period filled in; once sent the flag says so, once accepted
it says the correction is coming, and it leaves when the corrected file comes back from the core
system. A proxy who may only read sees the flags without the button; nobody sees another member's
requests.

The crafted career: a nurse (born 1970) at the Ministry of Health 2000–2009, at Education from 2011,
nothing in 2010 (a gap), and the contributions of 2005 recorded at half of what the salary implies.
Every other year's contributions are exactly what the rules' rate gives, so only those two flag.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from portal import career_anomalies
from portal.casework import permissions as case_permissions
from portal.casework import procedures, services
from portal.casework.choices import DocumentKind, Status
from portal.casework.models import Case
from portal.models import CareerPeriod, ContributionYear
from portal.pension_rules import schedule
from portal.pension_rules.names import Name
from portal.proxies.choices import Scope
from tests.portal import factories
from tests.portal.casework.conftest import checked_pdf, upload
from tests.portal.conftest import logged_in
from tests.portal.proxies.conftest import grant, switched
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

GAP = "gap:2010-01-01:2010-12-31"
LOW = "low_contributions:2005-01-01:2005-12-31"
CORRECTION = procedures.get("career_correction")


@pytest.fixture(autouse=True)
def _no_write_budget(settings):
    settings.MEMBER_WRITES_PER_MINUTE = settings.MEMBER_WRITES_PER_HOUR = 0


def crafted_member(username, *, gap=True, low_year=2005):
    """A member in service with the career described above (``gap=False``: served in 2010 too)."""
    user = factories.UserFactory(username=username)
    member = factories.MemberFactory(user=user, birth_date=datetime.date(1970, 5, 20), sex="F")
    first = factories.CareerPeriodFactory(
        member=member,
        administration="Ministère de la Santé",
        start_date=datetime.date(2000, 1, 1),
        end_date=datetime.date(2009, 12, 31),
        contribution_base=Decimal("7000.00"),
    )
    second = factories.CareerPeriodFactory(
        member=member,
        administration="Ministère de l'Éducation nationale",
        start_date=datetime.date(2011 if gap else 2010, 1, 1),
        end_date=None,
        contribution_base=Decimal("9000.00"),
    )
    rules = schedule.load()
    rows = []
    # 2010 is recorded as it will be once the gap is corrected: a row without a period flags nothing.
    for year in range(2000, timezone.localdate().year):
        base = first.contribution_base if year <= 2009 else second.contribution_base
        employee = (base * 12 * rules.rate(Name.CONTRIBUTION_RATE, datetime.date(year, 1, 1))).quantize(Decimal("0.01"))
        if year == low_year:
            employee = (employee / 2).quantize(Decimal("0.01"))
        rows.append(
            ContributionYear(
                member=member,
                year=year,
                contribution_base=base * 12,
                employee_amount=employee,
                employer_amount=employee,
            )
        )
    ContributionYear.objects.bulk_create(rows)
    return member


@pytest.fixture
def nurse():
    return crafted_member("nurse@example.org")


@pytest.fixture
def agent(db):
    return factories.UserFactory(
        username="agent@fund.example", groups=[case_permissions.CASE_AGENTS], second_factor=True
    )


def career_url(lang="fr"):
    with translation.override(lang):
        return reverse("portal:career")


def flag_block(page, key):
    """The <li> of one flag (its HTML), or None."""
    found = re.search(
        rf'<li class="career-flag[^"]*" data-kind="\w+" data-key="{re.escape(key)}">(.*?)</li>', page, re.S
    )
    return found.group(1) if found else None


def button_fields(block):
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', block))


def date_shown(day, lang):
    with translation.override(lang):
        return formats.date_format(day, "DATE_FORMAT")


def describe(member, key, lang):
    with translation.override(lang):
        anomalies = career_anomalies.for_member(member, today=timezone.localdate(), rules=schedule.load())
        return next(career_anomalies.describe(anomaly) for anomaly in anomalies if anomaly.key == key)


def submitted(member, user, key=GAP):
    """A correction of ``member`` answering ``key``, sent with its evidence (the services, as the pages do)."""
    case = services.start(CORRECTION, actor=user, member=member, language="fr")
    answers = {
        "anomaly": key,
        "what": "missing_period",
        "administration": "Ministère de la Santé",
        "start_date": "2010-01-01",
        "end_date": "2010-12-31",
        "salary": None,
        "explanation": "J'étais en poste à Fès en 2010.",
    }
    case = services.save_step(case, "period", answers, actor=user)
    services.add_documents(case, actor=user, target=DocumentKind.CAREER_EVIDENCE, files=checked_pdf("Arrêté"))
    return services.submit(case, actor=user)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_gap_and_the_low_contributions_are_flagged_with_what_they_mean(nurse, lang):
    page = text(logged_in(nurse.user).get(career_url(lang)))
    assert 'id="career-flags"' in page and shown("Points to check in your career", lang) in page
    assert re.findall(r'data-key="([^"]+)"', page) == [LOW, GAP]  # in date order
    for key, kind in ((GAP, "gap"), (LOW, "low_contributions")):
        block = flag_block(page, key)
        title, meaning = describe(nurse, key, lang)
        assert f'data-kind="{kind}"' in page and title in block and meaning in block
        assert 'name="report"' in block and shown("Report an error", lang) in block
        # The button's accessible name says which flag it reports.
        assert f'<span class="visually-hidden"> — {title}</span>' in block
    assert button_fields(flag_block(page, GAP)) == {
        "csrfmiddlewaretoken": button_fields(flag_block(page, GAP))["csrfmiddlewaretoken"],
        "anomaly": GAP,
        "what": "missing_period",
        "start_date": "2010-01-01",
        "end_date": "2010-12-31",
    }
    assert button_fields(flag_block(page, LOW))["what"] == "missing_contributions"
    assert shown("Report an error that is not listed", lang) in page


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_clean_career_gets_one_reassuring_line_and_the_way_to_report_anything_else(lang):
    member = crafted_member("clean@example.org", gap=False, low_year=None)
    page = text(logged_in(member.user).get(career_url(lang)))
    assert 'class="career-flag ' not in page and 'name="report"' not in page
    assert shown("Nothing to check: no gap or inconsistency found in your file.", lang) in page
    assert shown("Report an error that is not listed", lang) in page
    # Without a flag, the report starts empty: nothing proposed.
    client = logged_in(member.user)
    with translation.override(lang):
        start = reverse("casework:start", kwargs={"procedure": "career_correction"})
    assert client.post(start, {"report_other": "1"}).status_code == 302
    assert Case.objects.get(member=member).answers == {}


def test_the_period_of_a_flag_is_proposed_to_the_administration_it_is_about():
    member = crafted_member("drop@example.org", gap=False, low_year=None)
    CareerPeriod.objects.filter(member=member, end_date=None).update(contribution_base=Decimal("5000.00"))
    block = flag_block(text(logged_in(member.user).get(career_url())), "salary_drop:2010-01-01:")
    assert button_fields(block) | {"csrfmiddlewaretoken": ""} == {
        "csrfmiddlewaretoken": "",
        "anomaly": "salary_drop:2010-01-01:",
        "what": "wrong_salary",
        "start_date": "2010-01-01",
        "administration": "Ministère de l'Éducation nationale",
    }


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_report_send_accept_and_the_flag_leaves_with_the_corrected_file(nurse, agent, lang):
    client = logged_in(nurse.user)
    page = text(client.get(career_url(lang)))
    fields = button_fields(flag_block(page, GAP))
    with translation.override(lang):
        start = reverse("casework:start", kwargs={"procedure": "career_correction"})
    response = client.post(start, {**fields, "report": "1"})
    assert response.status_code == 302 and response["Location"].endswith("/step/period/")
    # The first step opens with the period of the flag filled in.
    step = client.get(response["Location"])
    form = text(step)
    assert step.status_code == 200
    assert f'value="{GAP}"' in form and 'value="2010-01-01"' in form and 'value="2010-12-31"' in form
    assert re.search(r'value="missing_period"[^>]*checked|checked[^>]*value="missing_period"', form)
    case = Case.objects.get(member=nurse)

    # Until it is sent, the flag says a report was started, and leads to it.
    block = flag_block(text(client.get(career_url(lang))), GAP)
    assert case.reference in block and 'name="report"' not in block

    # The member completes the period, sends a document through the real upload checks, and sends.
    answers = {**fields, "administration": "Ministère de la Santé", "explanation": "En poste à Fès en 2010."}
    answers.pop("csrfmiddlewaretoken")
    assert client.post(response["Location"], answers).status_code == 302
    with translation.override(lang):
        documents = reverse("casework:documents", kwargs={"reference": case.reference})
        submit = reverse("casework:submit", kwargs={"reference": case.reference})
    assert client.post(documents, {"career_evidence": upload("arrete.pdf"), "upload": "1"}).status_code == 302
    assert client.post(submit, {"certify": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED and case.answers["period"]["anomaly"] == GAP

    block = flag_block(text(client.get(career_url(lang))), GAP)
    sent_on = date_shown(timezone.localtime(case.submitted_at).date(), lang)
    assert shown("Reported on %(date)s", lang, date=sent_on) in block
    assert f'<bdi dir="ltr">{case.reference}</bdi>' in block and 'name="report"' not in block
    assert 'name="report"' in flag_block(text(client.get(career_url(lang))), LOW)  # the other flag is still open

    services.decide(case, accepted=True, reason="Période vérifiée sur l'arrêté.", actor=agent)
    block = flag_block(text(client.get(career_url(lang))), GAP)
    assert shown("Accepted: the correction will appear after the fund updates your file.", lang) in block
    assert 'name="report"' not in block

    # The next import brings the corrected file: the gap is gone, the page no longer flags it.
    CareerPeriod.objects.filter(member=nurse, end_date=None).update(start_date=datetime.date(2010, 1, 1))
    page = text(client.get(career_url(lang)))
    assert flag_block(page, GAP) is None and flag_block(page, LOW) is not None


def test_a_refused_report_leaves_the_flag_open_with_the_reason_one_tap_away(nurse, agent):
    case = submitted(nurse, nurse.user)
    services.decide(case, accepted=False, reason="Aucun document de 2010.", actor=agent)
    block = flag_block(text(logged_in(nurse.user).get(career_url())), GAP)
    assert 'name="report"' in block and case.reference in block  # the link to read why


def test_a_read_only_proxy_sees_the_flags_but_no_button_and_one_who_may_act_reports():
    mother = crafted_member("mother@example.org")
    son = factories.UserFactory(username="son@example.org", second_factor=True)
    factories.MemberFactory(user=son)
    page = text(switched(son, grant(mother, son, scope=Scope.READ)).get(career_url()))
    assert flag_block(page, GAP) is not None and flag_block(page, LOW) is not None
    assert 'name="report"' not in page and shown("Report an error that is not listed") not in page


def test_a_proxy_who_may_act_reports_in_the_members_name(nurse):
    son = factories.UserFactory(username="son@example.org", second_factor=True)
    factories.MemberFactory(user=son)
    client = switched(son, grant(nurse, son, scope=Scope.ACT))
    fields = button_fields(flag_block(text(client.get(career_url())), GAP))
    assert client.post(reverse("casework:start", kwargs={"procedure": "career_correction"}), fields).status_code == 302
    case = Case.objects.get()
    assert case.member == nurse and case.applicant == nurse.user
    assert case.reference in flag_block(text(client.get(career_url())), GAP)


def test_an_expired_grant_sends_the_proxy_back_to_their_own_file(nurse):
    son = factories.UserFactory(username="son@example.org", second_factor=True)
    factories.MemberFactory(user=son)
    proxy = grant(nurse, son)
    client = switched(son, proxy)
    assert flag_block(text(client.get(career_url())), GAP) is not None
    type(proxy).objects.filter(pk=proxy.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    page = text(client.get(career_url()))
    assert GAP not in page and LOW not in page


def test_another_members_report_of_the_same_flag_never_shows(nurse):
    other = crafted_member("other@example.org")  # the same career: the same keys
    case = submitted(other, other.user)
    page = text(logged_in(nurse.user).get(career_url()))
    assert case.reference not in page and 'name="report"' in flag_block(page, GAP)
    assert case.reference in flag_block(text(logged_in(other.user).get(career_url())), GAP)


def test_the_requests_are_read_in_one_query_however_many_there_are(nurse):
    client = logged_in(nurse.user)
    client.get(career_url())  # sessions and caches warm
    with CaptureQueriesContext(connection) as before:
        client.get(career_url())
    gap = submitted(nurse, nurse.user, GAP)
    low = submitted(nurse, nurse.user, LOW)
    services.start(CORRECTION, actor=nurse.user, member=nurse, language="fr", initial={"anomaly": GAP})
    with CaptureQueriesContext(connection) as after:
        page = text(client.get(career_url()))
    assert gap.reference in flag_block(page, GAP) and low.reference in flag_block(page, LOW)
    assert len(after.captured_queries) == len(before.captured_queries)
    assert sum('"casework_case"' in query["sql"] for query in after.captured_queries) == 1
