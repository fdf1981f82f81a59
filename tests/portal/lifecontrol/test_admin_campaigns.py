"""The fund's campaigns in the Wagtail admin: who may enter, a new campaign (bad dates refused,
nothing created), the population previewed then drawn exactly when it is opened (once), and one
pensioner's check: a certificate received through a consulate, a letter posted, finding a check."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from portal.claims.permissions import CLAIMS_AGENTS
from portal.lifecontrol import permissions, services
from portal.lifecontrol.choices import AuditAction, Channel, CheckStatus, Method, NoticeKind, Review
from portal.lifecontrol.models import Campaign, LifeCheck, Notice, Submission
from portal.models import AuditEvent
from tests.portal import factories
from tests.portal.sample_files import pdf_bytes
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOTHING_CHANGED = "Nothing was changed: please correct the form."


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def refused(response):
    """403, or Wagtail's answer to a PermissionDenied for an admin user: back to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


@pytest.fixture
def agent(db):
    permissions.ensure_groups()
    return factories.UserFactory(groups=[permissions.LIFE_CONTROL_AGENTS], second_factor=True, first_name="Samira")


@pytest.fixture
def agent_client(agent):
    return logged_in(agent)


@pytest.fixture
def pensioners(db):
    """Who a default campaign asks (pensioners and survivors abroad) and who it does not."""
    asked = [
        factories.MemberFactory(status="retired", country="FR", pension_number="PFR001", national_id="CINFR1"),
        factories.MemberFactory(status="survivor", country="ES", pension_number="PES001"),
        factories.MemberFactory(status="retired", country="BE", pension_number="PBE001"),
    ]
    factories.MemberFactory(status="retired", country="MA", pension_number="PMA001")  # lives in Morocco
    factories.MemberFactory(status="contributing", country="FR")  # not a pensioner
    return asked


def _campaign(**fields):
    values = {
        "name": "Contrôle 2027",
        "year": 2027,
        "opens_on": TODAY,
        "deadline": TODAY + datetime.timedelta(days=60),
        "grace_days": 30,
    }
    return Campaign.objects.create(**{**values, **fields})


def _form(**changes):
    data = {
        "name": "Contrôle de vie 2027",
        "year": "2027",
        "opens_on": TODAY.isoformat(),
        "deadline": (TODAY + datetime.timedelta(days=90)).isoformat(),
        "grace_days": "30",
        "statuses": ["retired", "survivor"],
        "abroad_only": "on",
        "four_eyes_rejections": "on",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def test_the_campaign_list_and_the_new_form(agent_client):
    _campaign(name="Contrôle 2026", year=2026)
    page = text(agent_client.get(reverse("lifecontrol_admin:campaigns")))
    assert "Contrôle 2026" in page and shown("Not open yet") in page
    form = agent_client.get(reverse("lifecontrol_admin:campaign_new"))
    assert form.status_code == 200
    assert 'value="30"' in text(form)  # LIFE_CONTROL_GRACE_DAYS
    assert reverse("lifecontrol_admin:campaigns") in text(agent_client.get(reverse("wagtailadmin_home")))


def test_a_new_campaign_is_saved_closed_with_arabic_digits(agent_client, agent):
    response = agent_client.post(
        reverse("lifecontrol_admin:campaign_new"),
        _form(opens_on="٠١/٠٣/٢٠٢٧", deadline="٣٠/٠٤/٢٠٢٧", countries=["FR", "ES"]),
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "lifecontrol_admin:campaign", args=[campaign.pk]
    )
    assert campaign.opens_on == datetime.date(2027, 3, 1) and campaign.deadline == datetime.date(2027, 4, 30)
    assert campaign.countries == ["FR", "ES"] and campaign.statuses == ["retired", "survivor"]
    assert campaign.created_by == agent and not campaign.is_open and not LifeCheck.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deadline": TODAY.isoformat()}, "The deadline must come after the opening date."),
        ({"deadline": "31/02/2027"}, "Enter a date such as 31/03/2026."),
        ({"statuses": None}, "This field is required."),
        ({"countries": ["XX"]}, "Select a valid choice. %(value)s is not one of the available choices."),
    ],
)
def test_bad_input_creates_nothing(agent_client, changes, message):
    response = agent_client.post(reverse("lifecontrol_admin:campaign_new"), _form(**changes))
    assert response.status_code == 400
    page = text(response)
    assert shown(message, value="XX") in page if "%(value)s" in message else shown(message) in page
    assert shown(NOTHING_CHANGED) in page
    assert not Campaign.objects.exists()


def test_a_campaign_is_changed_until_it_opens_and_never_after(agent_client, agent, pensioners):
    campaign = _campaign()
    edit = reverse("lifecontrol_admin:campaign_edit", args=[campaign.pk])
    assert edit in text(agent_client.get(reverse("lifecontrol_admin:campaign", args=[campaign.pk])))
    refused = agent_client.post(edit, _form(deadline=TODAY.isoformat()))
    assert refused.status_code == 400 and shown(NOTHING_CHANGED) in text(refused)
    campaign.refresh_from_db()
    assert campaign.deadline == TODAY + datetime.timedelta(days=60)
    changed = agent_client.post(edit, _form(countries=["ES"], grace_days="45"))
    assert changed.status_code == 302
    campaign.refresh_from_db()
    assert campaign.countries == ["ES"] and campaign.grace_days == 45 and Campaign.objects.count() == 1
    services.open_campaign(campaign, actor=agent)
    after = agent_client.post(edit, _form(grace_days="0"))
    assert after.status_code == 302 and after["Location"] == reverse("lifecontrol_admin:campaign", args=[campaign.pk])
    campaign.refresh_from_db()
    assert campaign.grace_days == 45
    assert edit not in text(agent_client.get(reverse("lifecontrol_admin:campaign", args=[campaign.pk])))


def test_the_preview_then_opening_draws_the_population_exactly_once(agent_client, pensioners):
    campaign = _campaign()
    page = text(agent_client.get(reverse("lifecontrol_admin:campaign", args=[campaign.pk])))
    with translation.override("fr"):
        preview = ngettext(
            "%(counter)s pensioner would be asked today.", "%(counter)s pensioners would be asked today.", 3
        ) % {"counter": 3}
    assert shown("Open the campaign") in page and preview in page
    address = reverse("lifecontrol_admin:campaign_open", args=[campaign.pk])

    unconfirmed = agent_client.post(address, {})
    assert unconfirmed.status_code == 400 and shown("Tick the box to confirm.") in text(unconfirmed)
    campaign.refresh_from_db()
    assert not campaign.is_open and not LifeCheck.objects.exists()

    assert agent_client.post(address, {"confirm": "on"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.is_open and campaign.population == 3
    assert set(LifeCheck.objects.values_list("member__pension_number", flat=True)) == {"PFR001", "PES001", "PBE001"}
    assert AuditEvent.objects.filter(action=AuditAction.CAMPAIGN_OPENED, target=f"campaign:{campaign.pk}").count() == 1

    twice = agent_client.post(address, {"confirm": "on"})
    assert twice.status_code == 400 and shown("This campaign is already open.") in text(twice)
    campaign.refresh_from_db()
    assert campaign.population == 3 and LifeCheck.objects.count() == 3


@pytest.fixture
def opened(agent, pensioners):
    campaign = _campaign()
    services.open_campaign(campaign, actor=agent)
    return campaign


def test_other_staff_members_and_visitors_are_refused(opened, pensioners):
    check = LifeCheck.objects.first()
    gets = [
        reverse("lifecontrol_admin:campaigns"),
        reverse("lifecontrol_admin:campaign_new"),
        reverse("lifecontrol_admin:campaign", args=[opened.pk]),
        reverse("lifecontrol_admin:figures_csv", args=[opened.pk]),
        reverse("lifecontrol_admin:checks_csv", args=[opened.pk]),
        reverse("lifecontrol_admin:queue"),
        reverse("lifecontrol_admin:check", args=[check.pk]),
    ]
    posts = [
        reverse("lifecontrol_admin:campaign_new"),
        reverse("lifecontrol_admin:campaign_edit", args=[opened.pk]),
        reverse("lifecontrol_admin:campaign_open", args=[opened.pk]),
        reverse("lifecontrol_admin:check_record", args=[check.pk]),
        reverse("lifecontrol_admin:check_postal", args=[check.pk]),
    ]
    data = {
        **_form(),
        "confirm": "on",
        "channel": "post",
        "received_on": TODAY.isoformat(),
        "posted_on": TODAY.isoformat(),
    }
    editor = factories.UserFactory(groups=["Communications", "Editors"], second_factor=True)
    claims_agent = factories.UserFactory(groups=[CLAIMS_AGENTS], second_factor=True)
    for user in (editor, claims_agent):
        client = logged_in(user)
        assert reverse("lifecontrol_admin:campaigns") not in text(client.get(reverse("wagtailadmin_home")))
        for address in gets:
            assert refused(client.get(address)), address
        for address in posts:
            assert refused(client.post(address, data)), address
    for client in (logged_in(pensioners[0].user or factories.UserFactory()), Client()):
        for address in gets:
            assert client.get(address).status_code in (302, 403), address
        for address in posts:
            assert client.post(address, data).status_code in (302, 403), address
    assert Campaign.objects.count() == 1 and not Notice.objects.exists() and not Submission.objects.exists()


def test_an_unknown_campaign_or_check_is_not_found(agent_client, opened):
    assert agent_client.get(reverse("lifecontrol_admin:campaign", args=[opened.pk + 99])).status_code == 404
    assert agent_client.get(reverse("lifecontrol_admin:check", args=[0])).status_code == 404


def test_a_check_is_found_by_cin_or_pension_number(agent_client, opened):
    address = reverse("lifecontrol_admin:campaign", args=[opened.pk])
    page = text(agent_client.get(address, {"q": "cinfr1"}))
    check = LifeCheck.objects.get(member__pension_number="PFR001")
    assert reverse("lifecontrol_admin:check", args=[check.pk]) in page
    assert "PES001" not in page
    assert "PES001" in text(agent_client.get(address, {"q": " PES001 "}))
    assert "PBE001" in text(agent_client.get(address, {"status": CheckStatus.NOT_CONTACTED, "country": "BE"}))


def test_a_certificate_received_through_a_consulate_is_recorded(agent_client, agent, opened):
    check = LifeCheck.objects.get(member__pension_number="PES001")
    page = text(agent_client.get(reverse("lifecontrol_admin:check", args=[check.pk])))
    assert check.case.reference in page and "PES001" in page
    response = agent_client.post(
        reverse("lifecontrol_admin:check_record", args=[check.pk]),
        {
            "channel": Channel.CONSULATE,
            "received_on": (TODAY - datetime.timedelta(days=2)).strftime("%d/%m/%Y"),
            "note": "Consulat de Madrid",
            "scan": SimpleUploadedFile("certificat.pdf", pdf_bytes("Certificat de vie"), "application/pdf"),
        },
    )
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("lifecontrol_admin:answer", args=[submission.pk])
    assert submission.method == Method.RECORDED and submission.channel == Channel.CONSULATE
    assert submission.review == Review.PENDING and submission.submitted_by == agent
    assert submission.files.get().content_type == "application/pdf"
    check.refresh_from_db()
    assert check.status == CheckStatus.SUBMITTED
    assert AuditEvent.objects.filter(action=AuditAction.RECORDED, actor=agent).exists()
    assert reverse("lifecontrol_admin:answer", args=[submission.pk]) in text(
        agent_client.get(reverse("lifecontrol_admin:queue"))
    )
    # The check's page no longer offers the form: the answer is to be checked first.
    page = text(agent_client.get(reverse("lifecontrol_admin:check", args=[check.pk])))
    assert shown("An answer is already waiting to be checked: check it first.") in page
    assert 'name="received_on"' not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"channel": "portal", "received_on": TODAY.isoformat()}, None),
        (
            {"channel": "post", "received_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "This date cannot be in the future.",
        ),
        ({"channel": "post", "received_on": ""}, "This field is required."),
    ],
)
def test_a_bad_record_changes_nothing(agent_client, opened, data, message):
    check = LifeCheck.objects.get(member__pension_number="PES001")
    response = agent_client.post(reverse("lifecontrol_admin:check_record", args=[check.pk]), data)
    assert response.status_code == 400
    assert shown(message or NOTHING_CHANGED) in text(response)
    check.refresh_from_db()
    assert check.status == CheckStatus.NOT_CONTACTED and not Submission.objects.exists()


def test_a_record_refused_by_the_service_is_shown_on_the_form(agent_client, agent, opened):
    check = LifeCheck.objects.get(member__pension_number="PES001")
    services.record(check, actor=agent, channel=Channel.POST, received_on=TODAY)
    response = agent_client.post(
        reverse("lifecontrol_admin:check_record", args=[check.pk]),
        {"channel": "counter", "received_on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert shown("An answer is already waiting to be checked: check it first.") in text(response)
    assert Submission.objects.count() == 1


def test_a_letter_posted_counts_as_a_notice(agent_client, agent, opened):
    check = LifeCheck.objects.get(member__pension_number="PBE001")
    address = reverse("lifecontrol_admin:check_postal", args=[check.pk])
    future = agent_client.post(address, {"posted_on": (TODAY + datetime.timedelta(days=3)).isoformat()})
    assert future.status_code == 400 and shown("This date cannot be in the future.") in text(future)
    assert not Notice.objects.exists()

    assert agent_client.post(address, {"posted_on": TODAY.strftime("%d/%m/%Y")}).status_code == 302
    notice = Notice.objects.get()
    assert notice.kind == NoticeKind.POSTAL and notice.posted_on == TODAY and notice.recorded_by == agent
    check.refresh_from_db()
    assert check.status == CheckStatus.NOTIFIED
    page = text(agent_client.get(reverse("lifecontrol_admin:check", args=[check.pk])))
    assert shown("Letter sent by post") in page and TODAY.strftime("%d/%m/%Y") in page


def test_the_letters_of_the_unreached(agent_client, agent, opened):
    pytest.importorskip("portal.lifecontrol.letter_pdf")
    reached = LifeCheck.objects.get(member__pension_number="PBE001")
    services.record_postal_notice(reached, actor=agent, posted_on=TODAY)
    page = text(agent_client.get(reverse("lifecontrol_admin:campaign", args=[opened.pk])))
    assert shown("Letters for pensioners no e-mail or phone reaches") in page
    response = agent_client.get(reverse("lifecontrol_admin:letters", args=[opened.pk]), {"batch": "1"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    for batch in ("2", "99999999999999999999999"):
        assert (
            agent_client.get(reverse("lifecontrol_admin:letters", args=[opened.pk]), {"batch": batch}).status_code
            == 404
        )
    one = agent_client.get(reverse("lifecontrol_admin:check_letter", args=[reached.pk]))
    assert one.status_code == 200 and one.content.startswith(b"%PDF")
