"""The pension rules in the Wagtail admin: who may open them, a change the simulator sees at once,
a bad value refused with nothing written, and every change in Wagtail's history."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from wagtail.models import ModelLogEntry

from cms import permissions as cms_permissions
from portal.pension_rules import schedule, wagtail_hooks
from portal.pension_rules.models import Parameter
from portal.pension_rules.names import Name
from portal.pension_rules.permissions import PENSION_RULES_EDITORS
from tests.portal import factories
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_pension_rules_parameter:list"
ADD = "wagtailsnippets_pension_rules_parameter:add"
EDIT = "wagtailsnippets_pension_rules_parameter:edit"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    # The group comes from `migrate` (permissions.ensure_groups on post_migrate), not from the test.
    return factories.UserFactory(username="actuary@example.org", is_staff=True, groups=[PENSION_RULES_EDITORS])


@pytest.fixture
def communications():
    return factories.UserFactory(username="comms@example.org", is_staff=True, groups=[cms_permissions.COMMUNICATIONS])


def _form():
    return {"name": Name.MINIMUM_PENSION, "applies_from": "2030-01-01", "value": "2000", "source": "Décret 2-29-001"}


def _language(response):
    return response.headers.get("Content-Language", "fr")


def test_an_editor_adds_a_minimum_pension_from_a_date_and_the_simulator_sees_it_at_once(editor):
    client = logged_in(editor)
    assert schedule.load().value(Name.MINIMUM_PENSION, datetime.date(2030, 1, 1)) == 1500  # cached now
    form = client.get(reverse(ADD))
    assert form.status_code == 200
    with translation.override(_language(form)):
        assert str(wagtail_hooks.HELP) in text(form)  # what the date is, before the fields
    response = client.post(reverse(ADD), _form())
    assert response.status_code == 302
    row = Parameter.objects.get(name=Name.MINIMUM_PENSION, applies_from=datetime.date(2030, 1, 1))
    assert row.value == Decimal("2000")
    assert schedule.load().value(Name.MINIMUM_PENSION, datetime.date(2030, 1, 1)) == 2000
    assert schedule.load().value(Name.MINIMUM_PENSION, datetime.date(2029, 12, 1)) == 1500

    response = client.post(reverse(EDIT, args=[row.pk]), {**_form(), "value": "2100"})
    assert response.status_code == 302
    assert schedule.load().value(Name.MINIMUM_PENSION, datetime.date(2031, 6, 1)) == 2100

    history = ModelLogEntry.objects.for_instance(row).order_by("timestamp")
    assert [(entry.action, entry.user_id) for entry in history] == [
        ("wagtail.create", editor.pk),
        ("wagtail.edit", editor.pk),
    ]


def test_the_list_shows_what_dates_each_rule_filters_by_name_and_searches_the_source(editor):
    client = logged_in(editor)
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    page = text(response)
    language = _language(response)
    assert shown("What the date is", language) in page
    assert shown("the month of service", language) in page  # accrual rate, first in the list
    with translation.override(language):
        assert f">{formats.number_format(Decimal('2.5'))}<" in page.replace(" ", "").replace("\n", "")
    assert "2,5000" not in page and "2.5000" not in page
    assert client.get(reverse(LIST), {"ordering": "-value"}).status_code == 200

    filtered = text(client.get(reverse(LIST), {"name": Name.INCOME_TAX_RATE}))
    assert "Loi de finances 2025" in filtered and "retenue de 7 %" not in filtered
    assert shown("the date the pension starts", language) in filtered
    ages = text(client.get(reverse(LIST), {"name": Name.LEGAL_AGE_MONTHS}))
    assert shown("the member's birth date", language) in ages and "Loi de finances" not in ages

    searched = text(client.get(reverse(LIST), {"q": "Loi de finances"}))
    assert "exonérées en totalité" in searched and "retenue de 7 %" not in searched


def test_a_value_out_of_bounds_is_shown_on_its_field_and_nothing_changes(editor):
    client = logged_in(editor)
    row = Parameter.objects.get(name=Name.ACCRUAL_RATE, applies_from=datetime.date(2017, 1, 1))
    before = Parameter.objects.count()
    response = client.post(
        reverse(EDIT, args=[row.pk]),
        {"name": Name.ACCRUAL_RATE, "applies_from": "2017-01-01", "value": "25", "source": row.source},
    )
    assert response.status_code == 200  # Wagtail shows the form again
    expected = shown("Enter a value between %(low)s and %(high)s.", _language(response), low="0", high="10")
    assert expected in text(response)
    row.refresh_from_db()
    assert row.value == Decimal("2")
    assert schedule.load().value(Name.ACCRUAL_RATE, datetime.date(2020, 1, 1)) == 2

    response = client.post(reverse(ADD), {**_form(), "name": Name.LEGAL_AGE_MONTHS, "value": "726.5"})
    assert response.status_code == 200
    assert shown("Enter a whole number.", _language(response)) in text(response)
    assert Parameter.objects.count() == before
    assert not ModelLogEntry.objects.filter(content_type__model="parameter").exists()


def test_a_second_row_on_the_same_date_is_refused(editor):
    response = logged_in(editor).post(reverse(ADD), {**_form(), "applies_from": "2018-01-01"})
    assert response.status_code == 200
    assert Parameter.objects.get(name=Name.MINIMUM_PENSION, applies_from=datetime.date(2018, 1, 1)).value == 1500


def test_a_communications_editor_cannot_open_or_change_the_rules(communications):
    client = logged_in(communications)
    row = Parameter.objects.get(name=Name.MINIMUM_PENSION, applies_from=datetime.date(2018, 1, 1))
    for response in (
        client.get(reverse(LIST)),
        client.get(reverse(EDIT, args=[row.pk])),
        client.post(reverse(EDIT, args=[row.pk]), {**_form(), "applies_from": "2018-01-01", "value": "1"}),
        client.post(reverse(ADD), _form()),
    ):
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or not response["Location"].startswith(reverse(LIST))
    row.refresh_from_db()
    assert row.value == 1500
    assert not Parameter.objects.filter(applies_from=datetime.date(2030, 1, 1)).exists()
    assert reverse(LIST) not in client.get("/admin/").content.decode()


def test_the_menu_shows_the_rules_to_their_editors_and_superusers(editor):
    superuser = factories.UserFactory(username="root@example.org", is_staff=True, is_superuser=True)
    for user in (editor, superuser):
        client = logged_in(user)
        assert reverse(LIST) in client.get("/admin/").content.decode()
        assert client.get(reverse(LIST)).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page():
    response = Client().get(reverse(LIST))
    assert response.status_code == 302
    assert "login" in response["Location"]
