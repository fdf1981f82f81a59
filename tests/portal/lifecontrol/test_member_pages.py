"""The pensioner's life-certificate pages in their space: what is expected, the two online answers,
a helper answering for them, a read-only helper who cannot, and the requests list pointing there."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal.lifecontrol import services
from portal.lifecontrol.choices import CheckStatus, Method
from portal.lifecontrol.models import Campaign, LifeCheck, Submission, SubmissionFile
from portal.proxies.models import Proxy
from tests.portal.factories import MemberFactory, UserFactory
from tests.portal.sample_files import image_bytes, jpeg_html_polyglot, pdf_bytes
from tests.portal.text import NOT_ACCEPTED, POLYGLOT, shown, text

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1948, 3, 9)


@pytest.fixture(autouse=True)
def french():
    """Pages in French unless a test asks for Arabic (a request to /ar/ leaves Arabic active in the thread)."""
    translation.activate("fr")
    yield
    translation.activate("fr")


def open_campaign(*members, year=2027, deadline_in=60):
    """A campaign opened for ``members`` (pensioners abroad); returns {member.pk: check}."""
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name=f"Life control {year}",
        year=year,
        opens_on=today - datetime.timedelta(days=1),
        deadline=today + datetime.timedelta(days=deadline_in),
        grace_days=30,
        countries=sorted({member.country for member in members}),
    )
    services.open_campaign(campaign, actor=None)
    return {check.member_id: check for check in LifeCheck.objects.filter(campaign=campaign).select_related("campaign")}


def pensioner(username, *, country="FR", **fields):
    user = UserFactory(username=username)
    fields.setdefault("birth_date", BIRTH)
    return MemberFactory(
        user=user, status="retired", country=country, pension_number=f"P-{username.split('@')[0]}", **fields
    )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def act_for(holder, member, *, scope="act", expires_in=30, revoked=False):
    """``holder`` switched to ``member``'s file through a proxy grant (with a second factor, as required)."""
    from portal.proxies import acting

    now = timezone.now()
    grant = Proxy.objects.create(
        member=member,
        scope=scope,
        name="Youssef",
        email=holder.email,
        holder=holder,
        expires_on=timezone.localdate() + datetime.timedelta(days=expires_in),
        accepted_at=now,
        revoked_at=now if revoked else None,
        created_by=member.user,
    )
    client = logged_in(holder)
    session = client.session
    session[acting.SESSION_KEY] = {"kind": "proxy", "id": grant.pk}
    session.save()
    return client


@pytest.fixture
def abroad():
    member = pensioner("father@example.org")
    check = open_campaign(member)[member.pk]
    return member, check


def test_a_member_never_asked_reads_why_not_a_404():
    member = pensioner("rabat@example.org", country="MA")
    response = logged_in(member.user).get(reverse("lifecontrol:home"))
    assert response.status_code == 200
    assert shown("You have no life certificate to send") in text(response)


def test_the_page_says_what_by_when_and_how(abroad):
    member, check = abroad
    response = logged_in(member.user).get(reverse("lifecontrol:home"))
    body = text(response)
    assert response.status_code == 200
    assert shown("Waiting for your answer", context="life check") in body
    assert shown("Send the stamped certificate") in body and shown("Send the two photos") in body
    assert shown("3. By post or through a consulate") in body
    assert reverse("lifecontrol:letter", args=[check.campaign_id]) in body
    assert reverse("lifecontrol:certificate") in body and reverse("lifecontrol:photos") in body


def test_arabic_page_isolates_the_year_and_dates(abroad):
    member, check = abroad
    with translation.override("ar"):
        url = reverse("lifecontrol:home")
    body = text(logged_in(member.user).get(url))
    assert url.startswith("/ar/")
    assert f'<bdi dir="ltr">{check.campaign.year}</bdi>' in body
    with translation.override("ar"):
        from django.utils import formats

        deadline = formats.date_format(check.campaign.deadline, "DATE_FORMAT")
    assert f"<bdi>{deadline}</bdi>" in body


def test_the_stamped_certificate_is_sent_and_the_status_turns(abroad):
    member, check = abroad
    client = logged_in(member.user)
    assert client.get(reverse("lifecontrol:certificate")).status_code == 200
    response = client.post(
        reverse("lifecontrol:certificate"), {"certificate": upload("cert.pdf", pdf_bytes(), "application/pdf")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("lifecontrol:home")
    check.refresh_from_db()
    answer = Submission.objects.get(life_check=check)
    assert check.status == CheckStatus.SUBMITTED and answer.method == Method.CERTIFICATE
    assert answer.channel == "portal" and answer.submitted_by == member.user
    home = text(client.get(reverse("lifecontrol:home")))
    assert shown("Sent, being checked", context="life check") in home
    # Nothing more to send: the form page sends back home with why, and a second POST writes nothing.
    again = client.post(
        reverse("lifecontrol:certificate"), {"certificate": upload("cert.pdf", pdf_bytes(), "application/pdf")}
    )
    assert again.status_code == 302 and Submission.objects.count() == 1


message_of = {"not_accepted": NOT_ACCEPTED, "polyglot": POLYGLOT}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 200, "not_accepted"),
        ("photo.jpg", jpeg_html_polyglot(), "polyglot"),
    ],
)
def test_a_refused_file_is_a_message_and_nothing_is_written(abroad, name, data, message):
    member, check = abroad
    response = logged_in(member.user).post(reverse("lifecontrol:certificate"), {"certificate": upload(name, data)})
    assert response.status_code == 400
    assert name in text(response) and shown(message_of[message], name=name) in text(response)
    assert shown("Nothing has been sent. Please correct the following:") in text(response)
    check.refresh_from_db()
    assert check.status == CheckStatus.NOT_CONTACTED
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()


def test_an_empty_form_is_a_message(abroad):
    member, _check = abroad
    response = logged_in(member.user).post(reverse("lifecontrol:certificate"), {})
    assert response.status_code == 400 and shown("This field is required.") in text(response)
    assert not Submission.objects.exists()


def test_the_photo_check_keeps_its_code_and_sends_it_with_the_photos(abroad):
    member, check = abroad
    client = logged_in(member.user)
    first = text(client.get(reverse("lifecontrol:photos")))
    code = client.session["lifecontrol_screen_codes"][str(check.pk)]
    assert len(code) == 6 and f'<bdi dir="ltr">{code}</bdi>' in first
    assert code in text(client.get(reverse("lifecontrol:photos")))  # a reload keeps the code
    assert 'accept="image/*"' in first and 'capture="environment"' in first
    response = client.post(
        reverse("lifecontrol:photos"),
        {
            "identity_document": upload("id.jpg", image_bytes()),
            "holding_document": upload("me.png", image_bytes("PNG"), "image/png"),
        },
    )
    assert response.status_code == 302
    answer = Submission.objects.get(life_check=check)
    assert answer.method == Method.PHOTOS and answer.screen_code == code
    assert sorted(answer.files.values_list("kind", flat=True)) == ["holding_document", "identity_document"]
    assert str(check.pk) not in client.session.get("lifecontrol_screen_codes", {})


def test_a_pdf_is_not_a_photo_and_one_photo_is_not_enough(abroad):
    member, check = abroad
    client = logged_in(member.user)
    response = client.post(
        reverse("lifecontrol:photos"),
        {"identity_document": upload("id.pdf", pdf_bytes(), "application/pdf")},
    )
    assert response.status_code == 400
    body = text(response)
    assert shown("This field is required.") in body and "id.pdf" in body
    assert not Submission.objects.exists()
    check.refresh_from_db()
    assert check.status == CheckStatus.NOT_CONTACTED


def test_a_rejection_says_what_to_do(abroad):
    member, check = abroad
    from portal.files.uploads import check_file

    answer = services.submit(
        check, actor=member.user, method=Method.CERTIFICATE, files=[("certificate", check_file("c.pdf", pdf_bytes()))]
    )
    agent, second = UserFactory(is_staff=True), UserFactory(is_staff=True)
    services.review(
        answer, actor=agent, accepted=False, reason="Le cachet est illisible : faites-le tamponner à nouveau."
    )
    services.review(
        answer, actor=second, accepted=False, reason="Le cachet est illisible : faites-le tamponner à nouveau."
    )
    body = text(logged_in(member.user).get(reverse("lifecontrol:home")))
    assert shown("Not accepted, to send again", context="life check") in body
    assert "Le cachet est illisible" in body
    assert shown("Send the stamped certificate") in body


def test_anonymous_is_sent_to_login_and_another_member_sees_only_their_own(abroad):
    _member, check = abroad
    for name in ("home", "certificate", "photos"):
        response = Client().get(reverse(f"lifecontrol:{name}"))
        assert response.status_code == 302 and "login" in response["Location"]
    response = Client().post(reverse("lifecontrol:certificate"), {"certificate": upload("c.pdf", pdf_bytes())})
    assert response.status_code == 302 and not Submission.objects.exists()
    other = pensioner("other@example.org", country="MA")
    client = logged_in(other.user)
    assert shown("You have no life certificate to send") in text(client.get(reverse("lifecontrol:home")))
    response = client.post(
        reverse("lifecontrol:certificate"), {"certificate": upload("c.pdf", pdf_bytes(), "application/pdf")}
    )
    assert response.status_code == 302 and not Submission.objects.exists()
    assert client.get(reverse("lifecontrol:letter", args=[check.campaign_id])).status_code == 404


def test_a_son_with_a_proxy_answers_for_his_father(abroad):
    member, check = abroad
    son = UserFactory(username="son@example.org", second_factor=True)
    client = act_for(son, member)
    response = client.post(
        reverse("lifecontrol:certificate"), {"certificate": upload("c.pdf", pdf_bytes(), "application/pdf")}
    )
    assert response.status_code == 302
    answer = Submission.objects.get(life_check=check)
    assert answer.submitted_by == son
    from portal.models import AuditEvent

    event = AuditEvent.objects.get(action="lifecontrol.submitted")
    assert event.via == "proxy" and event.member_id == member.pk


def test_a_read_only_helper_sees_but_cannot_answer(abroad):
    member, check = abroad
    reader = UserFactory(username="reader@example.org", second_factor=True)
    client = act_for(reader, member, scope="read")
    home = client.get(reverse("lifecontrol:home"))
    assert home.status_code == 200 and shown("Waiting for your answer", context="life check") in text(home)
    assert reverse("lifecontrol:certificate") not in text(home)
    assert client.get(reverse("lifecontrol:letter", args=[check.campaign_id])).status_code == 200
    response = client.post(
        reverse("lifecontrol:certificate"), {"certificate": upload("c.pdf", pdf_bytes(), "application/pdf")}
    )
    assert response.status_code == 403 and not Submission.objects.exists()


@pytest.mark.parametrize("ended", ["expired", "revoked"])
def test_a_helper_whose_access_ended_is_back_in_their_own_space(abroad, ended):
    member, check = abroad
    holder = UserFactory(username=f"{ended}@example.org", second_factor=True)
    client = act_for(holder, member, expires_in=-1 if ended == "expired" else 30, revoked=ended == "revoked")
    # No file of their own: the member pages send them to enrolment; nothing of the father's shows.
    response = client.get(reverse("lifecontrol:home"))
    assert response.status_code == 302
    response = client.post(
        reverse("lifecontrol:certificate"), {"certificate": upload("c.pdf", pdf_bytes(), "application/pdf")}
    )
    assert response.status_code == 302 and not Submission.objects.exists()
    assert client.get(reverse("lifecontrol:letter", args=[check.campaign_id])).status_code in (302, 404)


def test_the_requests_list_and_the_request_send_to_the_life_certificate_page(abroad):
    member, check = abroad
    client = logged_in(member.user)
    body = text(client.get(reverse("casework:list")))
    assert reverse("lifecontrol:home") in body
    assert reverse("casework:detail", args=[check.case.reference]) not in body
    response = client.get(reverse("casework:detail", args=[check.case.reference]))
    assert response.status_code == 302 and response["Location"] == reverse("lifecontrol:home")


def test_the_dashboard_shows_the_year_the_deadline_and_a_button(abroad):
    member, _check = abroad
    body = text(logged_in(member.user).get(reverse("portal:dashboard")))
    assert shown("Life certificate") in body
    assert reverse("lifecontrol:home") in body
    assert shown("Waiting for your answer", context="life check") in body


def test_the_personal_data_holds_each_year(abroad):
    member, check = abroad
    from portal import personal_data

    data = personal_data.collect(member)
    [year] = data["life_control"]
    assert year["year"] == check.campaign.year and year["status"] == CheckStatus.NOT_CONTACTED
