"""The life control's services on the real database and notification centre, with a fixed clock: the population
drawn, the notices, the answers (what is refused, and that a refusal writes nothing), the review with four eyes."""

import datetime

import pytest
from django.utils import timezone

from portal.casework.choices import Status
from portal.files.uploads import check_file
from portal.lifecontrol import codes, notices, services
from portal.lifecontrol.choices import Channel, CheckStatus, FileKind, Method, NoticeKind, Review
from portal.lifecontrol.models import Campaign, LifeCheck, Notice, Submission, SubmissionFile
from portal.models import MemberStatus
from portal.notifications import delivery
from portal.notifications.models import Delivery, Notification
from tests.portal.factories import MemberFactory, UserFactory
from tests.portal.sample_files import image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

OPENS = datetime.date(2027, 1, 4)
DEADLINE = datetime.date(2027, 3, 31)
SENT = datetime.date(2027, 1, 20)


def at(date, hour=10):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def new_campaign(**fields):
    values = {"name": "Life control 2027", "year": 2027, "opens_on": OPENS, "deadline": DEADLINE, "grace_days": 30}
    return Campaign.objects.create(**{**values, **fields})


@pytest.fixture
def agents(db):
    return UserFactory(is_staff=True, username="agent1@cmr.ma"), UserFactory(is_staff=True, username="agent2@cmr.ma")


@pytest.fixture
def check(agents):
    """One pensioner abroad with an account, in an open campaign."""
    member = MemberFactory(status=MemberStatus.RETIRED, country="FR", pension_number="P-1", user=UserFactory())
    campaign = new_campaign()
    services.open_campaign(campaign, actor=agents[0], now=at(OPENS, 8))
    return LifeCheck.objects.get(member=member)


def photos():
    image = check_file("photo.jpg", image_bytes())
    return [(FileKind.IDENTITY_DOCUMENT, image), (FileKind.HOLDING_DOCUMENT, image)]


def certificate():
    return [(FileKind.CERTIFICATE, check_file("certificat.pdf", pdf_bytes()))]


def reload(item):
    item.refresh_from_db()
    return item


# --- The campaign ------------------------------------------------------------------------------------------


def test_opening_draws_the_pensioners_abroad_and_gives_each_a_request_and_a_code(agents):
    france = MemberFactory(status=MemberStatus.RETIRED, country="FR", pension_number="P-FR")
    survivor = MemberFactory(status=MemberStatus.SURVIVOR, country="ES", pension_number="P-ES")
    MemberFactory(status=MemberStatus.RETIRED, country="MA", pension_number="P-MA")  # at home
    MemberFactory(status=MemberStatus.CONTRIBUTING, country="FR")  # not a pensioner
    campaign = new_campaign()
    assert services.open_campaign(campaign, actor=agents[0], now=at(OPENS, 8)) == 2
    campaign.refresh_from_db()
    assert campaign.is_open and campaign.population == 2 and campaign.opened_at == at(OPENS, 8)
    checks = {item.member: item for item in LifeCheck.objects.select_related("case")}
    assert set(checks) == {france, survivor}
    drawn = checks[france]
    assert drawn.status == CheckStatus.NOT_CONTACTED and drawn.country == "FR"
    assert drawn.case.procedure == "life_certificate" and drawn.case.status == Status.INFO_REQUESTED
    assert drawn.code_digest == codes.digest(codes.letter_code(campaign.pk, france.pk))
    assert codes.digest(codes.letter_code(campaign.pk, survivor.pk)) != drawn.code_digest

    with pytest.raises(services.NotAllowed):
        services.open_campaign(campaign, actor=agents[0])
    assert LifeCheck.objects.count() == 2


def test_a_campaign_for_some_countries_or_statuses(agents):
    MemberFactory(status=MemberStatus.RETIRED, country="FR")
    belgium = MemberFactory(status=MemberStatus.SURVIVOR, country="BE")
    MemberFactory(status=MemberStatus.RETIRED, country="BE")
    campaign = new_campaign(countries=["BE"], statuses=[MemberStatus.SURVIVOR])
    assert list(services.population(campaign)) == [belgium]


def test_a_deadline_before_the_opening_is_refused_and_nothing_is_drawn(agents):
    MemberFactory(status=MemberStatus.RETIRED, country="FR")
    campaign = new_campaign(deadline=OPENS)
    with pytest.raises(services.NotAllowed):
        services.open_campaign(campaign, actor=agents[0])
    assert not LifeCheck.objects.exists() and not reload(campaign).is_open


# --- Notices -----------------------------------------------------------------------------------------------


def test_a_notice_counts_once_a_message_reached_the_person(check):
    campaign = check.campaign
    assert services.send_due_notices(campaign, today=OPENS, now=at(OPENS)) == 1
    assert services.send_due_notices(campaign, today=OPENS, now=at(OPENS)) == 0
    notice = Notice.objects.get(life_check=check)
    assert notice.kind == NoticeKind.OPENING and notice.notification.kind == "life.opened"
    assert notice.notification.params["code"] == codes.letter_code(campaign.pk, check.member_id)
    # Queued, not sent: it does not count yet.
    assert notices.facts(check) == [services.rules.NoticeFact(NoticeKind.OPENING, None)]
    assert services.advance(campaign, today=OPENS, now=at(OPENS))["notified"] == 0
    for pk in Delivery.objects.values_list("pk", flat=True):
        delivery.attempt(pk, now=at(OPENS + datetime.timedelta(days=1)))
    assert notices.facts(check) == [services.rules.NoticeFact(NoticeKind.OPENING, OPENS + datetime.timedelta(days=1))]
    assert services.advance(campaign, today=OPENS, now=at(OPENS))["notified"] == 1
    assert reload(check).status == CheckStatus.NOTIFIED


def test_a_campaign_not_open_sends_nothing(agents):
    MemberFactory(status=MemberStatus.RETIRED, country="FR")
    assert services.send_due_notices(new_campaign(), today=OPENS, now=at(OPENS)) == 0
    assert not Notification.objects.exists()


def test_a_posted_letter_counts_from_the_day_it_left(check, agents):
    services.record_postal_notice(check, actor=agents[0], posted_on=OPENS, now=at(SENT))
    assert reload(check).status == CheckStatus.NOTIFIED
    assert notices.facts(check) == [services.rules.NoticeFact(NoticeKind.POSTAL, OPENS)]


def test_a_letter_posted_in_the_future_is_refused(check, agents):
    with pytest.raises(services.NotAllowed):
        services.record_postal_notice(check, actor=agents[0], posted_on=SENT, now=at(OPENS))
    assert not Notice.objects.exists() and reload(check).status == CheckStatus.NOT_CONTACTED


# --- Answers -----------------------------------------------------------------------------------------------


def test_photos_then_four_eyes_then_accepted(check, agents):
    member = check.member
    answer = services.submit(check, actor=member.user, method=Method.PHOTOS, files=photos(), screen_code="482913")
    check = reload(check)
    assert check.status == CheckStatus.SUBMITTED and check.case.status == Status.UNDER_REVIEW
    assert answer.channel == Channel.PORTAL and answer.files.count() == 2
    # A second answer while the first is being checked is refused.
    with pytest.raises(services.NotAllowed):
        services.submit(check, actor=member.user, method=Method.CERTIFICATE, files=certificate())

    first, second = agents
    services.review(answer, actor=first, accepted=False, reason="The photo is blurred: take it again in daylight.")
    answer = reload(answer)
    assert answer.review == Review.REJECTION_PROPOSED and reload(check).status == CheckStatus.SUBMITTED
    with pytest.raises(services.NotAllowed):
        services.review(answer, actor=first, accepted=False, reason="Blurred.")
    services.review(answer, actor=second, accepted=True)
    check = reload(check)
    assert check.status == CheckStatus.ACCEPTED and check.case.status == Status.ACCEPTED
    assert Notification.objects.filter(kind="life.accepted", member=member).count() == 1
    with pytest.raises(services.NotAllowed):
        services.review(answer, actor=second, accepted=True)
    with pytest.raises(services.NotAllowed):
        services.submit(check, actor=member.user, method=Method.CERTIFICATE, files=certificate())
    assert Submission.objects.count() == 1


def test_a_confirmed_rejection_tells_the_pensioner_what_to_do_and_they_answer_again(check, agents):
    member = check.member
    answer = services.submit(check, actor=member.user, method=Method.CERTIFICATE, files=certificate())
    reason = "The stamp of the town hall is missing: have the form stamped and send it again."
    services.review(answer, actor=agents[0], accepted=False, reason=reason, now=at(SENT))
    services.review(answer, actor=agents[1], accepted=False, reason=reason, now=at(SENT))
    check = reload(check)
    assert check.status == CheckStatus.REJECTED and check.case.status == Status.INFO_REQUESTED
    told = Notification.objects.get(kind="life.rejected", member=member)
    assert told.params["reason"] == reason
    services.submit(check, actor=member.user, method=Method.CERTIFICATE, files=certificate())
    assert reload(check).status == CheckStatus.SUBMITTED


def test_one_agent_rejects_when_the_campaign_does_without_four_eyes(check, agents, settings):
    Campaign.objects.filter(pk=check.campaign_id).update(four_eyes_rejections=False)
    answer = services.submit(check, actor=check.member.user, method=Method.CERTIFICATE, files=certificate())
    services.review(answer, actor=agents[0], accepted=False, reason="Unreadable.", now=at(SENT))
    assert reload(answer).review == Review.REJECTED


def test_four_eyes_can_be_turned_off_for_the_whole_fund(check, agents, settings):
    settings.LIFE_CONTROL_FOUR_EYES = False
    answer = services.submit(check, actor=check.member.user, method=Method.CERTIFICATE, files=certificate())
    services.review(answer, actor=agents[0], accepted=False, reason="Unreadable.", now=at(SENT))
    assert reload(answer).review == Review.REJECTED


def test_a_rejection_after_the_deadline_leaves_the_check_overdue(check, agents):
    answer = services.submit(check, actor=check.member.user, method=Method.CERTIFICATE, files=certificate())
    late = at(DEADLINE + datetime.timedelta(days=3))
    for agent in agents:
        services.review(answer, actor=agent, accepted=False, reason="Unreadable.", now=late)
    assert reload(check).status == CheckStatus.OVERDUE


def test_a_rejection_without_a_reason_is_refused(check, agents):
    answer = services.submit(check, actor=check.member.user, method=Method.CERTIFICATE, files=certificate())
    with pytest.raises(services.NotAllowed):
        services.review(answer, actor=agents[0], accepted=False, reason="   ")
    assert reload(answer).review == Review.PENDING and reload(answer).proposed_by is None


@pytest.mark.parametrize(
    ("method", "files", "screen_code"),
    [
        (Method.PHOTOS, "photos", ""),  # the code shown on screen is missing
        (Method.PHOTOS, "one photo", "482913"),  # only one of the two photos
        (Method.CERTIFICATE, "none", ""),
        (Method.RECORDED, "certificate", ""),  # only an agent records
    ],
)
def test_an_incomplete_answer_is_refused_and_nothing_is_written(check, method, files, screen_code):
    given = {"photos": photos, "one photo": lambda: photos()[:1], "none": list, "certificate": certificate}[files]()
    with pytest.raises(services.NotAllowed):
        services.submit(check, actor=check.member.user, method=method, files=given, screen_code=screen_code)
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()
    check = reload(check)
    assert check.status == CheckStatus.NOT_CONTACTED and check.case.status == Status.INFO_REQUESTED


def test_an_agent_records_a_certificate_received_through_a_consulate(check, agents):
    answer = services.record(
        check, actor=agents[0], channel=Channel.CONSULATE, received_on=SENT, note=" Consulate of Lyon ", now=at(SENT)
    )
    assert (answer.method, answer.channel, answer.received_on, answer.note) == (
        Method.RECORDED,
        Channel.CONSULATE,
        SENT,
        "Consulate of Lyon",
    )
    assert reload(check).status == CheckStatus.SUBMITTED
    with pytest.raises(services.NotAllowed):
        services.record(check, actor=agents[0], channel=Channel.POST, received_on=SENT, now=at(SENT))


@pytest.mark.parametrize(
    ("channel", "received_on"),
    [(Channel.PORTAL, SENT), (Channel.POST, SENT + datetime.timedelta(days=1))],
)
def test_a_bad_record_is_refused_and_nothing_is_written(check, agents, channel, received_on):
    with pytest.raises(services.NotAllowed):
        services.record(check, actor=agents[0], channel=channel, received_on=received_on, now=at(SENT))
    assert not Submission.objects.exists() and reload(check).status == CheckStatus.NOT_CONTACTED
