"""The public simulator: no account, a POST form, the engine's figures, clear errors, nothing stored."""

import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.pension_rules import schedule
from portal.simulator import explain, situation
from portal.simulator.forms import PublicSimulationForm
from tests.portal import factories
from tests.portal.conftest import logged_in
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

URL = "/{}/simulator/"
ANSWERS = {
    "birth_date": "20/05/1970",
    "sex": "",
    "service_start": "01/09/1990",
    "salary": "12 400",
    "growth": "0",
    "retirement_date": "",
}


def row_counts():
    """Rows in every table of our apps: a simulation writes none."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"portal", "casework", "claims", "lifecontrol", "proxies", "notifications"}
        and not model._meta.proxy
    }


def expected(
    chosen=None,
    *,
    birth=datetime.date(1970, 5, 20),
    start=datetime.date(1990, 9, 1),
    salary="12400",
    sex="",
    growth="0",
):
    answers = situation.from_answers(
        birth_date=birth,
        sex=sex,
        service_start=start,
        salary=Decimal(salary),
        today=timezone.localdate(),
        growth=Decimal(growth),
    )
    return explain.scenarios(answers, schedule.load(), chosen)


def values(page, key):
    block = re.search(rf'id="scenario-{key}".*?</section>', page, re.S).group(0)
    gross = re.search(r'data-amount="gross" data-value="([\d.]+)"', block).group(1)
    net = re.search(r'data-amount="net" data-value="([\d.]+)"', block).group(1)
    return Decimal(gross), Decimal(net)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_empty_form(client, language):
    response = client.get(URL.format(language))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = text(response)
    assert 'method="post"' in page and 'id="simulator-form"' in page
    assert shown("Log in to simulate from your own career", language) in page
    assert 'id="scenario-legal"' not in page


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_simulation_gives_the_engines_figures_and_stores_nothing(client, language):
    before = row_counts()
    response = client.post(URL.format(language), ANSWERS)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = text(response)
    for scenario in expected():
        assert values(page, scenario.key) == (scenario.estimate.gross, scenario.estimate.net)
    assert 'id="explanation"' in page and 'id="chart"' in page and 'id="chart-table"' in page
    assert shown("This is an estimate, not a decision.", language) in page
    assert row_counts() == before


def test_arabic_indic_digits_a_decimal_comma_and_a_chosen_date(client):
    answers = {
        **ANSWERS,
        "birth_date": "٢٠/٠٥/١٩٧٠",
        "service_start": "٠١/٠٩/١٩٩٠",
        "salary": "١٢٤٠٠٫٥٠",
        "growth": "١,٥",
        "sex": "F",
        "retirement_date": "٠١/٠٦/٢٠٣٠",
    }
    page = text(client.post(URL.format("ar"), answers))
    chosen = expected(datetime.date(2030, 6, 1), salary="12400.50", growth="1.5", sex="F")[2]
    assert chosen.estimate.entitled
    assert values(page, "chosen") == (chosen.estimate.gross, chosen.estimate.net)
    # The answers are given back to the date pickers in the form they read.
    assert 'value="1970-05-20"' in page and 'value="1990-09-01"' in page and 'value="2030-06-01"' in page


def today():
    return timezone.localdate()


def years_ago(years):
    day = today()
    return day.replace(year=day.year - years, day=min(day.day, 28))


BAD = [
    ({"birth_date": ""}, "birth_date", "This field is required."),
    ({"birth_date": "32/13/1970"}, "birth_date", "Enter a date such as 31/03/2026."),
    ({"birth_date": "future"}, "birth_date", "The birth date cannot be in the future."),
    (
        {"birth_date": "age12"},
        "birth_date",
        "The simulator is for people aged %(min)s to %(max)s: check the birth date.",
    ),
    (
        {"birth_date": "age110"},
        "birth_date",
        "The simulator is for people aged %(min)s to %(max)s: check the birth date.",
    ),
    (
        {"birth_date": "age66"},
        "birth_date",
        (
            "With this birth date, the legal retirement date (%(legal)s) has passed: the simulator estimates a "
            "pension that has not started yet. The fund can tell you about your file."
        ),
    ),
    ({"service_start": "future"}, "service_start", "The start of service cannot be in the future."),
    (
        {"service_start": "01/01/1984"},
        "service_start",
        "A career starts at %(age)s at the earliest: check the start of service and the birth date.",
    ),
    ({"salary": "-12400"}, "salary", "Enter a monthly salary from 1 000 to 300 000 dirhams."),
    ({"salary": "0"}, "salary", "Enter a monthly salary from 1 000 to 300 000 dirhams."),
    ({"salary": "999999999999"}, "salary", "Enter a monthly salary from 1 000 to 300 000 dirhams."),
    ({"salary": "douze mille"}, "salary", "Enter the salary in figures, for example 12 400."),
    ({"growth": "300"}, "growth", "Enter a yearly growth from -5 to 10 (per cent), for example 1,5."),
    ({"growth": "−6"}, "growth", "Enter a yearly growth from -5 to 10 (per cent), for example 1,5."),
    (
        {"retirement_date": "01/01/2020"},
        "retirement_date",
        "Choose a date from %(first)s to %(legal)s (the legal retirement date).",
    ),
    (
        {"retirement_date": "01/01/2040"},
        "retirement_date",
        "Choose a date from %(first)s to %(legal)s (the legal retirement date).",
    ),
    ({"sex": "X"}, "sex", "Select a valid choice. %(value)s is not one of the available choices."),
]


def _answer(value):
    if value == "future":
        return (today() + datetime.timedelta(days=40)).strftime("%d/%m/%Y")
    if value.startswith("age"):
        return years_ago(int(value[3:])).strftime("%d/%m/%Y")
    return value


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize(("change", "field", "message"), BAD)
def test_bad_answers_are_clear_errors(client, language, change, field, message):
    before = row_counts()
    answers = {**ANSWERS, **{name: _answer(value) for name, value in change.items()}}
    response = client.post(URL.format(language), answers)
    assert response.status_code == 400
    page = text(response)
    assert shown(message, language).split("%(")[0] in page
    if field != "sex":  # a radio group has no single input to link to (includes/form_errors.html)
        assert f'href="#id_{field}' in page  # the error summary links to the field
    assert 'id="scenario-legal"' not in page
    assert row_counts() == before


def test_a_logged_in_member_may_use_it_too(db):
    member = factories.MemberFactory(user=factories.UserFactory(username="curious@example.org"))
    assert logged_in(member.user).post(URL.format("fr"), ANSWERS).status_code == 200


def test_too_many_simulations_from_one_address(client, settings):
    settings.SIMULATOR_ESTIMATES_PER_HOUR = 1
    assert client.post(URL.format("fr"), ANSWERS, REMOTE_ADDR="203.0.113.9").status_code == 200
    refused = client.post(URL.format("fr"), ANSWERS, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert shown(
        "Too many simulations were made from your connection in the last hour. Please try again later."
    ) in text(refused)
    # A mistake costs nothing.
    assert client.post(URL.format("fr"), {**ANSWERS, "salary": ""}, REMOTE_ADDR="203.0.113.9").status_code == 400


TYPED = st.one_of(
    st.text(max_size=14),
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda day: day.strftime("%d/%m/%Y")),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["٢٠/٠٥/١٩٧٠", "١٢٤٠٠٫٥", "−3", "1e9", "0", "-0", "31/02/2020", "2020-13-01"]),
)


@settings(max_examples=60, deadline=None)
@given(birth=TYPED, start=TYPED, salary=TYPED, growth=TYPED, retirement=TYPED)
def test_whatever_is_typed_the_form_answers_without_an_exception(birth, start, salary, growth, retirement):
    """Never a 500: any answers are either errors or an estimate (the published rules, no database)."""
    rules = schedule.from_fixture()
    answers = {"birth_date": birth, "service_start": start, "salary": salary, "growth": growth}
    form = PublicSimulationForm({**answers, "retirement_date": retirement}, rules=rules, today=timezone.localdate())
    if form.is_valid():
        data = form.cleaned_data
        start_situation = situation.from_answers(
            birth_date=data["birth_date"],
            sex=data["sex"],
            service_start=data["service_start"],
            salary=data["salary"],
            today=timezone.localdate(),
            growth=data["growth"],
        )
        scenarios = explain.scenarios(start_situation, rules, data["retirement_date"])
        assert len(scenarios) == 3
    else:
        assert form.errors
