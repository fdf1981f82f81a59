"""The member's simulator page: figures equal to the engine's, in French and Arabic; bad parameters;
whose figures a page shows (only ``request.member``'s); pensioners; helpers; the dashboard's entry."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone, translation

from cms import online_services
from portal.models import AuditEvent
from portal.pension_rules import schedule
from portal.pension_rules.models import Parameter
from portal.pension_rules.names import Name
from portal.simulator import explain, situation
from tests.portal import factories
from tests.portal.conftest import logged_in
from tests.portal.proxies.conftest import grant, switched
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

URL = "/{}/portal/simulator/"


@pytest.fixture(scope="module")
def files(django_db_setup, django_db_blocker):
    """Two serving members with different salaries, a pensioner, and a relative with his own file."""
    with django_db_blocker.unblock(), transaction.atomic():
        serving = factories.MemberFactory(
            user=factories.UserFactory(username="serving@example.org"), birth_date=datetime.date(1970, 5, 20)
        )
        factories.CareerPeriodFactory(
            member=serving, start_date=datetime.date(1990, 9, 1), end_date=datetime.date(1999, 12, 31)
        )
        factories.CareerPeriodFactory(
            member=serving, start_date=datetime.date(2000, 1, 1), end_date=None, contribution_base=Decimal("12400")
        )
        other = factories.MemberFactory(user=factories.UserFactory(username="other@example.org"))
        factories.CareerPeriodFactory(
            member=other, start_date=datetime.date(1995, 1, 1), end_date=None, contribution_base=Decimal("8123.45")
        )
        pensioner = factories.MemberFactory(user=factories.UserFactory(username="old@example.org"), status="retired")
        factories.CareerPeriodFactory(member=pensioner)
        son = factories.UserFactory(username="son@example.org", second_factor=True)
        factories.MemberFactory(user=son)  # his own file: no career yet
        yield {"serving": serving, "other": other, "pensioner": pensioner, "son": son}
        transaction.set_rollback(True)


def expected(member, chosen=None, growth=Decimal("0")):
    start = situation.from_member(member, today=timezone.localdate(), growth=growth)
    return explain.scenarios(start, schedule.load(), chosen)


def scenario_html(page, key):
    """The markup of one scenario card."""
    return re.search(rf'id="scenario-{key}".*?</section>', page, re.S).group(0)


def values(page, key):
    block = scenario_html(page, key)
    gross = re.search(r'data-amount="gross" data-value="([\d.]+)"', block).group(1)
    net = re.search(r'data-amount="net" data-value="([\d.]+)"', block).group(1)
    return Decimal(gross), Decimal(net)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_three_scenarios_are_the_engines(files, language):
    member = files["serving"]
    response = logged_in(member.user).get(URL.format(language))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = text(response)
    for scenario in expected(member):
        assert values(page, scenario.key) == (scenario.estimate.gross, scenario.estimate.net)
        assert scenario.estimate.entitled
    assert 'id="simulator-form"' in page and 'id="id_retirement_date"' in page and 'id="id_growth"' in page
    assert 'id="explanation"' in page and 'id="chart"' in page and 'id="estimate-pdf"' in page
    assert f'href="/{language}/portal/career/"' in page  # a career error changes the estimate
    with translation.override(language):
        assert shown("This is an estimate, not a decision.", language) in page
        legal = expected(member)[0]
        # The explanation's rows are on the page, their amounts isolated.
        for row in legal.rows:
            assert str(row.amount_html) in page
    if language == "ar":
        assert '<bdi dir="ltr">' in page


def test_another_date_and_growth_as_typed_on_an_arabic_phone(files):
    member = files["serving"]
    # 31/12/2030 and 1,5 in Arabic-Indic digits with the Arabic decimal separator.
    response = logged_in(member.user).get(URL.format("ar"), {"retirement_date": "٣١/١٢/٢٠٣٠", "growth": "١٫٥"})
    assert response.status_code == 200
    page = text(response)
    chosen = expected(member, datetime.date(2030, 12, 31), Decimal("1.5"))[2]
    assert chosen.date == datetime.date(2030, 12, 1)
    assert values(page, "chosen") == (chosen.estimate.gross, chosen.estimate.net)
    # The PDF link keeps the same question.
    assert re.search(r'id="estimate-pdf" class="button" href="/ar/portal/simulator/estimate.pdf\?[^"]*growth=', page)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"retirement_date": "2020-01-01"}, "Choose a date from %(first)s to %(legal)s (the legal retirement date)."),
        ({"retirement_date": "2045-01-01"}, "Choose a date from %(first)s to %(legal)s (the legal retirement date)."),
        ({"retirement_date": "31/02/2030"}, "Enter a date such as 31/03/2026."),
        ({"growth": "50"}, "Enter a yearly growth from -5 to 10 (per cent), for example 1,5."),
        ({"growth": "beaucoup"}, "Enter a yearly growth from -5 to 10 (per cent), for example 1,5."),
    ],
)
def test_bad_parameters_are_a_clear_400(files, params, message):
    member = files["serving"]
    before = AuditEvent.objects.count()
    response = logged_in(member.user).get(URL.format("fr"), params)
    assert response.status_code == 400
    page = text(response)
    assert shown(message).split("%(")[0] in page
    assert 'id="form-errors"' in page
    assert 'id="estimate-pdf"' not in page
    assert AuditEvent.objects.count() == before


def test_a_page_shows_only_the_members_own_figures(files):
    mine, theirs = expected(files["other"])[0], expected(files["serving"])[0]
    page = text(logged_in(files["other"].user).get(URL.format("fr")))
    assert values(page, "legal") == (mine.estimate.gross, mine.estimate.net)
    assert f'data-value="{theirs.estimate.gross}"' not in page
    assert files["serving"].affiliation_number not in page


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    for url in (URL.format("fr"), URL.format("ar") + "estimate.pdf"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/?next=" in response["Location"]


def test_a_pensioner_gets_a_kind_message_not_a_form(files):
    page = text(logged_in(files["pensioner"].user).get(URL.format("fr")))
    assert shown("You already receive a pension: the simulator is for members still in service.") in page
    assert 'id="simulator-form"' not in page


def test_a_file_without_a_post_held_today_gets_a_kind_message(files):
    page = text(logged_in(files["son"]).get(URL.format("ar")))
    assert shown("Your file shows no post held today, so there is no career to estimate from.", "ar") in page
    assert 'id="simulator-form"' not in page


def test_a_proxy_reads_the_simulation_and_an_expired_grant_is_back_to_their_own_file(files):
    member, son = files["serving"], files["son"]
    proxy = grant(member, son)
    client = switched(son, proxy)
    legal = expected(member)[0]
    page = text(client.get(URL.format("fr")))
    assert values(page, "legal") == (legal.estimate.gross, legal.estimate.net)
    type(proxy).objects.filter(pk=proxy.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    page = text(client.get(URL.format("fr")))
    assert f'data-value="{legal.estimate.gross}"' not in page
    assert member.affiliation_number not in page
    assert shown("Your file shows no post held today, so there is no career to estimate from.") in page


def test_the_dashboard_offers_the_simulator_to_a_member_in_service_only(files):
    assert 'href="/fr/portal/simulator/"' in text(logged_in(files["serving"].user).get("/fr/portal/"))
    assert 'href="/fr/portal/simulator/"' not in text(logged_in(files["pensioner"].user).get("/fr/portal/"))


def test_the_simulator_is_an_online_service_procedure_pages_can_point_at():
    assert "simulator" in dict(online_services.choices())


def test_incomplete_rules_are_a_message_not_an_error(files, client):
    Parameter.objects.filter(name=Name.LEGAL_AGE_MONTHS).delete()
    schedule.forget()
    response = logged_in(files["serving"].user).get(URL.format("fr"))
    assert response.status_code == 503
    assert shown("The simulator is not available at the moment. Please try again later.") in text(response)
    assert logged_in(files["serving"].user).get(URL.format("fr") + "estimate.pdf").status_code == 503
    public = client.post(
        "/ar/simulator/", {"birth_date": "20/05/1970", "service_start": "01/09/1990", "salary": "9000"}
    )
    assert public.status_code == 503
    assert shown("The simulator is not available at the moment. Please try again later.", "ar") in text(public)
