"""The agent sends an employer's retirement dossier back to its HR service for a correction, from the
request's page in the Wagtail admin: the form, its effect (status, event, the HR service told), bad
input (400, nothing changed), the employer's facts on the page, and who may not."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.casework import services
from portal.casework.choices import EventKind, Status
from portal.casework.models import Case
from portal.partners import dossiers, scope
from tests.portal.casework.test_backoffice import _submitted_survivor_case
from tests.portal.partners import world as world_module
from tests.portal.partners.test_dossier_core import prepared
from tests.portal.text import shown

pytestmark = pytest.mark.django_db

# After the dossier's due day (2026-09-15): it came late.
SENT_AT = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)
MESSAGE = "Le salaire ne correspond pas à la paie de novembre."


@pytest.fixture
def world(db):
    return world_module.build()


@pytest.fixture
def sent(world):
    """Amina's dossier, prepared and sent by ministry A (after its due date: late)."""
    dossier = prepared(world)
    dossiers.submit(scope=scope.of_officer(world.signatory), dossier=dossier, actor=world.signatory.user, now=SENT_AT)
    return Case.objects.get(pk=dossier.case_id)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_page_offers_the_correction_and_shows_the_employer(agent, sent, world):
    page = logged_in(agent).get(reverse("casework_case", kwargs={"pk": sent.pk})).content.decode()
    assert 'id="ask-correction"' in page and 'name="message"' in page
    assert reverse("casework_ask_correction", kwargs={"pk": sent.pk}) in page
    # The member is not asked for documents about the employer's dossier.
    assert reverse("casework_request_documents", kwargs={"pk": sent.pk}) not in page
    assert world.ministry_a.name.replace("'", "&#x27;") in page
    assert world.preparer.user.get_username() in page and world.signatory.user.get_username() in page
    assert 'id="employer-on-time"' in page and shown("No, sent late") in page


def test_the_agent_asks_and_the_hr_service_is_told(agent, sent, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(agent).post(
            reverse("casework_ask_correction", kwargs={"pk": sent.pk}), {"message": MESSAGE}
        )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Status.INFO_REQUESTED
    event = sent.events.get(kind=EventKind.CORRECTION_ASKED)
    assert event.message == MESSAGE and event.author == agent
    # The HR service's preparers and signatories of the civil servant's unit are told by e-mail.
    told = {address for message in mail.outbox for address in message.to}
    assert world.preparer.user.email in told and world.signatory.user.email in told
    assert world.reader.user.email not in told and world.b_signatory.user.email not in told
    # While the fund waits for the correction, the form is not offered again.
    page = logged_in(agent).get(reverse("casework_case", kwargs={"pk": sent.pk})).content.decode()
    assert 'id="ask-correction"' not in page


def test_an_empty_message_is_refused(agent, sent):
    response = logged_in(agent).post(reverse("casework_ask_correction", kwargs={"pk": sent.pk}), {"message": "  "})
    assert response.status_code == 400
    assert 'id="ask-correction"' in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Status.SUBMITTED and not sent.events.filter(kind=EventKind.CORRECTION_ASKED).exists()


def test_a_members_request_has_no_correction(agent, widow_user, deceased):
    case = _submitted_survivor_case(widow_user, deceased)
    client = logged_in(agent)
    page = client.get(reverse("casework_case", kwargs={"pk": case.pk})).content.decode()
    assert 'id="ask-correction"' not in page
    assert reverse("casework_request_documents", kwargs={"pk": case.pk}) in page
    response = client.post(reverse("casework_ask_correction", kwargs={"pk": case.pk}), {"message": MESSAGE})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_only_agents_who_decide_may_ask(editor, sent, world):
    url = reverse("casework_ask_correction", kwargs={"pk": sent.pk})
    for user in (editor, world.signatory.user):
        response = logged_in(user).post(url, {"message": MESSAGE})
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] != reverse("casework_case", kwargs={"pk": sent.pk})
    sent.refresh_from_db()
    assert sent.status == Status.SUBMITTED
    assert logged_in(editor).get(url).status_code in (302, 403, 405)


def test_the_service_refuses_a_correction_on_a_decided_dossier(agent, sent):
    services.decide(sent, accepted=True, reason="", actor=agent)
    response = logged_in(agent).post(reverse("casework_ask_correction", kwargs={"pk": sent.pk}), {"message": MESSAGE})
    assert response.status_code == 400
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED
