"""The simulators' JSON API: the member's simulation and career flags (own file only), and the public
simulator (no account, a budget per address); bad input is a 400 with a message per field, never a 500.

The figures are checked against the engine run on the same situation: the API adds no arithmetic.
The member is the nurse of tests/portal/test_career_flags.py (born 1970, a gap in 2010, low
contributions in 2005).
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from config.security import NO_STORE
from portal import career_anomalies
from portal.pension_rules import schedule
from portal.simulator import engine, limits, situation
from tests.portal import factories
from tests.portal.conftest import logged_in
from tests.portal.test_career_flags import GAP, LOW, crafted_member, submitted
from tests.portal.text import shown

pytestmark = pytest.mark.django_db

SIMULATION = "/api/portal/simulation/"
ANOMALIES = "/api/portal/career/anomalies/"
PUBLIC = "/api/simulator/"
VISITOR = {"birth_date": "1975-03-14", "sex": "F", "service_start": "1999-09-01", "salary": "12400", "growth": "1"}


@pytest.fixture(autouse=True)
def _no_write_budget(settings):
    settings.MEMBER_WRITES_PER_MINUTE = settings.MEMBER_WRITES_PER_HOUR = 0


@pytest.fixture
def nurse():
    return crafted_member("nurse@example.org")


def money(value):
    return str(engine.money(value))


def expected(facts, date):
    return engine.estimate(facts, schedule.load(), date)


def assert_same(scenario, estimate):
    assert scenario["retirement_date"] == estimate.retirement_date.isoformat()
    assert scenario["entitled"] is estimate.entitled and scenario["reason"] == estimate.reason
    assert scenario["service_months"] == estimate.service_months
    for name in ("gross", "net", "health", "income_tax", "survivor", "accrued", "reduction"):
        assert scenario[name] == money(getattr(estimate, name)), name
    assert [(line["months"], line["amount"]) for line in scenario["lines"]] == [
        (line.months, money(line.amount)) for line in estimate.lines
    ]


# --- The member's simulation ------------------------------------------------------------------------


def test_the_members_simulation_is_the_engines_on_the_file(nurse):
    response = logged_in(nurse.user).get(SIMULATION)
    assert response.status_code == 200
    data = response.json()
    facts = situation.from_member(nurse, today=timezone.localdate())
    legal = engine.legal_date(nurse.birth_date, schedule.load())
    earliest = engine.earliest_date(facts, schedule.load())
    assert data["estimate_only"] is True and data["notice"]
    assert data["legal_date"] == legal.isoformat() and data["earliest_date"] == earliest.isoformat()
    assert_same(data["scenarios"]["legal"], expected(facts, legal))
    assert_same(data["scenarios"]["earliest"], expected(facts, earliest))
    assert data["scenarios"]["chosen"] is None
    assert data["scenarios"]["legal"]["entitled"] and Decimal(data["scenarios"]["legal"]["gross"]) > 0


def test_a_chosen_date_and_growth_as_typed_on_an_arabic_phone(nurse):
    legal = engine.legal_date(nurse.birth_date, schedule.load())
    chosen = datetime.date(legal.year - 1, 12, 31)
    typed = chosen.strftime("%d/%m/%Y").translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = logged_in(nurse.user).get(SIMULATION, {"retirement_date": typed, "growth": "١٫٥"})
    assert response.status_code == 200, response.content
    data = response.json()
    facts = situation.from_member(nurse, today=timezone.localdate(), growth=Decimal("1.5"))
    assert data["growth"] == "1.50"
    assert_same(data["scenarios"]["chosen"], expected(facts, chosen))
    assert data["scenarios"]["chosen"]["retirement_date"] == chosen.replace(day=1).isoformat()


@pytest.mark.parametrize(
    ("params", "field", "msgid", "values"),
    [
        ({"growth": "50"}, "growth", "Enter a number from %(min)s to %(max)s.", {"min": "-5", "max": "10"}),
        ({"growth": "beaucoup"}, "growth", "Enter a number, such as 12400 or 12 400,50.", {}),
        ({"retirement_date": "31/02/2030"}, "retirement_date", "Enter a date such as 31/03/2026.", {}),
        ({"retirement_date": "2001-01-01"}, "retirement_date", None, {}),
        ({"retirement_date": "2090-01-01"}, "retirement_date", None, {}),
    ],
)
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_bad_parameters_are_a_400_with_a_message_for_the_field(nurse, params, field, msgid, values, lang):
    response = logged_in(nurse.user).get(SIMULATION, params, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 400
    [message] = response.json()[field]
    if msgid:
        assert message == shown(msgid, lang, **values)
    else:
        assert message.startswith(
            shown("Choose a date from %(first)s to %(last)s (your legal retirement date).", lang).split("%")[0]
        )


def test_only_a_member_gets_a_simulation_or_flags(nurse):
    for path in (SIMULATION, ANOMALIES):
        assert logged_in(factories.UserFactory(username=f"no-file{len(path)}@example.org")).get(path).status_code == 403
        assert Client().get(path).status_code == 403


# --- The member's career flags ----------------------------------------------------------------------


def test_the_flags_with_what_they_mean_and_the_request_answering_them(nurse):
    client = logged_in(nurse.user)
    data = client.get(ANOMALIES, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert [(flag["kind"], flag["key"], flag["state"], flag["request"]) for flag in data] == [
        ("low_contributions", LOW, "open", None),
        ("gap", GAP, "open", None),
    ]
    low = data[0]
    anomaly = next(a for a in career_anomalies.for_member(nurse, today=timezone.localdate(), rules=schedule.load()))
    assert (low["start"], low["end"]) == ("2005-01-01", "2005-12-31")
    assert low["details"] == {
        "year": 2005,
        "expected": str(anomaly.details["expected"]),
        "recorded": str(anomaly.details["recorded"]),
        "rate": "9.00",
    }
    assert json.loads(json.dumps(low["details"])) == low["details"]
    assert low["title"] and low["meaning"]

    case = submitted(nurse, nurse.user, GAP)
    gap = client.get(ANOMALIES).json()[1]
    assert gap["state"] == "reported"
    assert gap["request"]["reference"] == case.reference and gap["request"]["status"] == "submitted"


def test_another_members_requests_never_show_in_the_api(nurse):
    other = crafted_member("other@example.org")
    case = submitted(other, other.user, GAP)
    assert case.reference not in logged_in(nurse.user).get(ANOMALIES).content.decode()
    assert case.reference in logged_in(other.user).get(ANOMALIES).content.decode()


# --- The schema -------------------------------------------------------------------------------------


def test_the_schema_documents_the_three_endpoints(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert {"get"} <= set(schema["paths"]["/api/portal/simulation/"])
    assert {"get"} <= set(schema["paths"]["/api/portal/career/anomalies/"])
    # The public simulator is documented under a tag of its own (config/schema.py must list /api/simulator/).
    public = schema["paths"]["/api/simulator/"]["post"]
    assert public["tags"] == ["Simulator"] and {"200", "400", "429"} <= set(public["responses"])


# --- The public simulator ---------------------------------------------------------------------------


def test_the_public_estimate_is_the_engines_on_what_the_visitor_typed(client):
    response = client.post(PUBLIC, VISITOR, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == NO_STORE
    data = response.json()
    facts = situation.from_answers(
        birth_date=datetime.date(1975, 3, 14),
        sex="F",
        service_start=datetime.date(1999, 9, 1),
        salary=Decimal("12400"),
        today=timezone.localdate(),
        growth=Decimal("1"),
    )
    legal = engine.legal_date(facts.birth_date, schedule.load())
    assert_same(data["scenarios"]["legal"], expected(facts, legal))
    assert_same(data["scenarios"]["earliest"], expected(facts, engine.earliest_date(facts, schedule.load())))
    # The same question in a form, in Arabic-Indic digits with a decimal comma and a date as 14/03/1975.
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    typed = {
        "birth_date": "14/03/1975".translate(arabic),
        "sex": "F",
        "service_start": "01/09/1999".translate(arabic),
        "salary": "12 400,00".translate(arabic),
        "growth": "1",
        "retirement_date": legal.isoformat().translate(arabic),
    }
    again = client.post(PUBLIC, typed)
    assert again.status_code == 200, again.content
    assert again.json()["scenarios"]["legal"] == data["scenarios"]["legal"]
    assert again.json()["scenarios"]["chosen"] == data["scenarios"]["legal"]


def _years_ago(years, days=0):
    today = timezone.localdate()
    return (today.replace(year=today.year - years, day=1) + datetime.timedelta(days=days)).isoformat()


BETWEEN = "Enter a number from %(min)s to %(max)s."


@pytest.mark.parametrize(
    ("changes", "field", "msgid", "values"),
    [
        ({"birth_date": "2999-01-01"}, "birth_date", "The birth date cannot be in the future.", {}),
        (
            {"birth_date": _years_ago(90)},
            "birth_date",
            "The simulator is for people aged %(min)s to %(max)s.",
            {"min": limits.AGE_MIN_YEARS, "max": limits.AGE_MAX_YEARS},
        ),
        (
            {"birth_date": _years_ago(10)},
            "birth_date",
            "The simulator is for people aged %(min)s to %(max)s.",
            {"min": limits.AGE_MIN_YEARS, "max": limits.AGE_MAX_YEARS},
        ),
        ({"birth_date": "14/13/1975"}, "birth_date", "Enter a date such as 31/03/2026.", {}),
        ({"service_start": "2999-01-01"}, "service_start", "The start of the service cannot be in the future.", {}),
        (
            {"service_start": "1985-01-01"},
            "service_start",
            "The service starts at %(age)s at the earliest: not before %(date)s.",
            {"age": 16, "date": "14/03/1991"},
        ),
        ({"salary": "-12400"}, "salary", BETWEEN, {"min": limits.SALARY_MIN, "max": limits.SALARY_MAX}),
        ({"salary": "0"}, "salary", BETWEEN, {"min": limits.SALARY_MIN, "max": limits.SALARY_MAX}),
        ({"salary": "99999999999"}, "salary", BETWEEN, {"min": limits.SALARY_MIN, "max": limits.SALARY_MAX}),
        ({"salary": "douze mille"}, "salary", "Enter a number, such as 12400 or 12 400,50.", {}),
        ({"growth": "-30"}, "growth", BETWEEN, {"min": limits.GROWTH_MIN, "max": limits.GROWTH_MAX}),
        ({"sex": "X"}, "sex", None, {}),
        ({"retirement_date": "2001-01-01"}, "retirement_date", None, {}),
        ({"retirement_date": "2090-01-01"}, "retirement_date", None, {}),
    ],
)
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_public_bad_inputs_are_a_400_with_a_clear_message(client, changes, field, msgid, values, lang):
    response = client.post(PUBLIC, {**VISITOR, **changes}, content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 400, response.content
    [message] = response.json()[field]
    if msgid:
        assert message == shown(msgid, lang, **values)


def test_missing_fields_and_unreadable_bodies_are_400s(client):
    response = client.post(PUBLIC, {}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"birth_date", "service_start", "salary"}
    for body in ("[1, 2]", "{not json", '{"birth_date": 19750314, "service_start": null, "salary": true}', '"x"'):
        assert client.post(PUBLIC, body, content_type="application/json").status_code == 400, body


def test_each_address_has_a_budget_of_estimates_and_a_mistake_costs_nothing(client, settings):
    settings.SIMULATOR_ESTIMATES_PER_HOUR = 2
    for _attempt in range(2):
        assert client.post(PUBLIC, VISITOR, content_type="application/json").status_code == 200
    assert client.post(PUBLIC, {**VISITOR, "salary": "1"}, content_type="application/json").status_code == 400
    refused = client.post(PUBLIC, VISITOR, content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["detail"].startswith(
        shown(
            "Too many estimates were asked from your connection. Please try again in %(minutes)d minute.",
            minutes=1,
        ).split("%")[0][:30]
    )


TYPED = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "0", "-1", "1e9", "NaN", "Infinity", "٣١/١٢/٢٠٣٠", "2030-02-30", "12 400,5", "0001-01-01"]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({}, optional=dict.fromkeys((*VISITOR, "retirement_date"), TYPED)))
def test_whatever_is_sent_the_answer_is_an_estimate_or_a_400(client, settings, payload):
    settings.SIMULATOR_ESTIMATES_PER_HOUR = 10_000
    response = client.post(PUBLIC, json.dumps({**VISITOR, **payload}), content_type="application/json")
    assert response.status_code in (200, 400), (payload, response.content)
