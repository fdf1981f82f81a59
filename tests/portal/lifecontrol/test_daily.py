"""The daily job day by day, through the real notification centre (e-mail, and text messages sent to the local
gateway), with a fixed clock: the four notices on their days, "notified" once a message reached the person, the
suspension only after two reached notices and the grace period, never for a pensioner no message reached, the
reinstatement exported the same day, and nothing sent or exported twice when the job runs again.
"""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.lifecontrol import daily, services
from portal.lifecontrol.choices import Channel, CheckStatus, NoticeKind
from portal.lifecontrol.models import Campaign, LifeCheck, Notice
from portal.models import MemberStatus
from portal.notifications import delivery
from portal.notifications.choices import DeliveryStatus
from portal.notifications.models import Delivery, Notification
from tests.portal.factories import MemberFactory, UserFactory
from tests.support.sms_gateway import LocalGateway, configure

pytestmark = pytest.mark.django_db

OPENS = datetime.date(2027, 1, 4)
DEADLINE = datetime.date(2027, 3, 31)
GRACE = 30


def day(offset):
    return DEADLINE + datetime.timedelta(days=offset)


def at(date, hour=10):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


@pytest.fixture
def gateway(settings):
    with LocalGateway() as running:
        configure(settings, running)
        yield running


@pytest.fixture
def exports_dir(settings, tmp_path):
    settings.LIFE_CONTROL_EXPORT_DIR = tmp_path / "exports"
    return settings.LIFE_CONTROL_EXPORT_DIR


@pytest.fixture
def campaign(db):
    agent = UserFactory(is_staff=True)
    # Reached by e-mail only (no mobile on file).
    MemberFactory(status=MemberStatus.RETIRED, country="FR", pension_number="P-MAIL", phone="")
    # Reached by text message only, through the gateway.
    MemberFactory(status=MemberStatus.SURVIVOR, country="ES", pension_number="P-SMS", email="", phone="0612345678")
    # At home: the civil register answers for them.
    MemberFactory(status=MemberStatus.RETIRED, country="MA", pension_number="P-HOME")
    campaign = Campaign.objects.create(
        name="Life control 2027", year=2027, opens_on=OPENS, deadline=DEADLINE, grace_days=GRACE
    )
    services.open_campaign(campaign, actor=agent, now=at(OPENS, 8))
    campaign.refresh_from_db()
    return campaign


def check_of(pension_number):
    return LifeCheck.objects.get(member__pension_number=pension_number)


def deliver_all(date):
    """The worker's pass over every delivery due, at ``date``'s clock."""
    for pk in Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True):
        delivery.attempt(pk, now=at(date, 11))


def run_day(date, outdir=None):
    summary = daily.run(today=date, now=at(date), outdir=outdir)
    deliver_all(date)
    return summary


def kinds_of(check):
    return list(Notice.objects.filter(life_check=check).order_by("created_at", "pk").values_list("kind", flat=True))


def test_a_pensioner_who_never_answers_is_notified_reminded_then_suspended_after_the_grace_period(
    campaign, gateway, exports_dir, mailoutbox
):
    mail, sms = check_of("P-MAIL"), check_of("P-SMS")
    assert {mail.status, sms.status} == {CheckStatus.NOT_CONTACTED}
    assert not LifeCheck.objects.filter(member__pension_number="P-HOME").exists()

    summary = run_day(OPENS)
    assert summary["campaigns"][str(campaign.pk)]["notices"] == 2
    assert kinds_of(mail) == [NoticeKind.OPENING] and kinds_of(sms) == [NoticeKind.OPENING]
    assert len(mailoutbox) == 1 and len(gateway.messages) == 1
    # Not "notified" until a message reached the person: the next run sees the deliveries sent.
    summary = run_day(OPENS)
    assert summary["campaigns"][str(campaign.pk)] == {"notices": 0, "notified": 2, "overdue": 0, "suspended": 0}
    assert len(mailoutbox) == 1 and len(gateway.messages) == 1  # nothing sent twice
    mail.refresh_from_db()
    assert mail.status == CheckStatus.NOTIFIED

    # Each reminder goes on its day, and only then.
    for date, kind in [(day(-30), NoticeKind.DAY_30), (day(-7), NoticeKind.DAY_7), (DEADLINE, NoticeKind.DEADLINE)]:
        assert run_day(date - datetime.timedelta(days=1))["campaigns"][str(campaign.pk)]["notices"] == 0
        assert run_day(date)["campaigns"][str(campaign.pk)]["notices"] == 2
        assert run_day(date)["campaigns"][str(campaign.pk)]["notices"] == 0
        assert kinds_of(mail)[-1] == kind and kinds_of(sms)[-1] == kind
    assert len(mailoutbox) == 4 and len(gateway.messages) == 4
    assert [message.to for message in mailoutbox] == [[mail.member.email]] * 4

    summary = run_day(day(1))
    assert summary["campaigns"][str(campaign.pk)]["overdue"] == 2
    mail.refresh_from_db()
    assert mail.status == CheckStatus.OVERDUE

    # The last day of the grace period: still paid.
    assert run_day(day(GRACE))["campaigns"][str(campaign.pk)]["suspended"] == 0
    assert not list(exports_dir.glob("suspensions-*"))

    summary = run_day(day(GRACE + 1))
    assert summary["campaigns"][str(campaign.pk)]["suspended"] == 2
    assert summary["suspensions_exported"] == 2
    mail.refresh_from_db()
    assert mail.status == CheckStatus.SUSPENDED and mail.suspended_at == at(day(GRACE + 1))
    assert mail.suspension_exported_at == at(day(GRACE + 1))
    (path,) = exports_dir.glob("suspensions-*.jsonl")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {line["pension_number"] for line in lines} == {"P-MAIL", "P-SMS"}
    line = next(line for line in lines if line["pension_number"] == "P-MAIL")
    assert [notice["reached_on"] for notice in line["notices"]] == [
        OPENS.isoformat(),
        day(-30).isoformat(),
        day(-7).isoformat(),
        DEADLINE.isoformat(),
    ]
    assert line["suspension_allowed_from"] == day(GRACE + 1).isoformat()
    assert Notification.objects.filter(kind="life.suspended", member=mail.member).count() == 1

    # The job runs again that day and the next: nothing more is suspended, told or exported.
    messages = (len(mailoutbox), len(gateway.messages))
    for date in (day(GRACE + 1), day(GRACE + 2)):
        summary = run_day(date)
        assert summary["suspensions_exported"] == 0 and summary["files"] == []
    assert len(list(exports_dir.iterdir())) == 1
    assert (len(mailoutbox), len(gateway.messages)) == messages


def test_a_pensioner_no_message_reached_is_never_suspended(campaign, gateway, exports_dir, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1  # one refusal and the delivery has failed for good
    gateway.mode = "refuse"
    sms = check_of("P-SMS")
    for date in (OPENS, day(-30), day(-7), DEADLINE, day(1), day(GRACE + 1), day(200)):
        run_day(date)
    assert Notice.objects.filter(life_check=sms).count() == 4
    assert not Delivery.objects.filter(notification__life_notice__life_check=sms).exclude(status="failed").exists()
    sms.refresh_from_db()
    assert sms.status == CheckStatus.OVERDUE and sms.suspended_at is None
    # The one reached by e-mail was suspended; the export holds only them.
    (path,) = exports_dir.glob("suspensions-*.jsonl")
    assert [json.loads(line)["pension_number"] for line in path.read_text().splitlines()] == ["P-MAIL"]


def test_a_late_second_notice_leaves_the_full_grace_period(campaign, exports_dir, settings):
    """The opening notice reached them; the others failed; an agent posts a letter 10 days after the deadline."""
    mail = check_of("P-MAIL")
    run_day(OPENS)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # no mail server: refused
    settings.EMAIL_PORT = 1
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    for date in (day(-30), day(-7), DEADLINE):
        run_day(date)
    services.record_postal_notice(mail, actor=UserFactory(is_staff=True), posted_on=day(10), now=at(day(10)))
    for date in (day(1), day(GRACE + 1), day(10 + GRACE)):
        run_day(date)
        mail.refresh_from_db()
        assert mail.status == CheckStatus.OVERDUE, date
    run_day(day(10 + GRACE + 1))
    mail.refresh_from_db()
    assert mail.status == CheckStatus.SUSPENDED


def test_acceptance_after_a_suspension_reinstates_and_is_exported_the_same_day(
    campaign, exports_dir, django_capture_on_commit_callbacks
):
    mail = check_of("P-MAIL")
    for date in (OPENS, day(-30), day(-7), DEADLINE, day(1), day(GRACE + 1)):
        run_day(date)
    mail.refresh_from_db()
    assert mail.status == CheckStatus.SUSPENDED

    recorder, checker = UserFactory(is_staff=True), UserFactory(is_staff=True)
    received = day(GRACE + 5)
    answer = services.record(mail, actor=recorder, channel=Channel.CONSULATE, received_on=received, now=at(received, 9))
    mail.refresh_from_db()
    assert mail.status == CheckStatus.SUBMITTED
    # Being checked: the next runs leave it alone.
    assert run_day(received)["campaigns"][str(campaign.pk)]["suspended"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.review(answer, actor=checker, accepted=True, now=at(received, 15))
    mail.refresh_from_db()
    assert mail.status == CheckStatus.REINSTATED and mail.reinstated_at == at(received, 15)
    # The task queued by the acceptance wrote it at once, not at the next daily run.
    assert mail.reinstatement_exported_at is not None
    (path,) = exports_dir.glob("reinstatements-*.jsonl")
    (line,) = [json.loads(line) for line in path.read_text().splitlines()]
    assert line["pension_number"] == "P-MAIL" and line["reinstated_on"] == received.isoformat()
    assert line["suspended_on"] == day(GRACE + 1).isoformat()
    assert Notification.objects.filter(kind="life.reinstated", member=mail.member).count() == 1

    assert run_day(received)["reinstatements_exported"] == 0
    assert len(list(exports_dir.glob("reinstatements-*"))) == 1


def test_the_command_prints_the_summary_and_acts_as_the_date_given(campaign, exports_dir):
    out = io.StringIO()
    call_command("run_life_control", "--date", OPENS.isoformat(), stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["date"] == OPENS.isoformat()
    assert summary["campaigns"][str(campaign.pk)]["notices"] == 2
    out = io.StringIO()
    call_command("run_life_control", "--date", OPENS.isoformat(), stdout=out)
    assert json.loads(out.getvalue())["campaigns"][str(campaign.pk)]["notices"] == 0


def test_the_command_refuses_a_bad_date(campaign):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_life_control", "--date", "31/12/2027", stdout=io.StringIO())
    assert not Notice.objects.exists()


def test_the_task_runs_the_day(campaign, exports_dir):
    from portal.lifecontrol.tasks import run_life_control

    result = run_life_control.enqueue()
    # Today (the real clock) is before the opening day: the campaign is looked at, nothing is due.
    assert result.return_value["campaigns"][str(campaign.pk)]["notices"] == 0


def test_a_campaign_not_open_is_left_alone(db, exports_dir):
    MemberFactory(status=MemberStatus.RETIRED, country="FR", pension_number="P-X")
    Campaign.objects.create(name="Draft", year=2028, opens_on=OPENS, deadline=DEADLINE, grace_days=GRACE)
    summary = run_day(OPENS)
    assert summary["campaigns"] == {} and not Notice.objects.exists()


def test_a_second_run_at_the_same_time_steps_aside(campaign, exports_dir):
    """The scheduler started a run while the previous one is still going: the second returns at once."""
    import psycopg
    from django.db import connection

    conf = connection.settings_dict
    other = psycopg.connect(
        host=conf["HOST"] or "127.0.0.1",
        port=conf["PORT"] or 5432,
        user=conf["USER"],
        password=conf["PASSWORD"],
        dbname=conf["NAME"],
        autocommit=True,
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [daily.LOCK_KEY])
        assert "skipped" in daily.run(today=OPENS, now=at(OPENS))
        assert not Notice.objects.exists()
        other.execute("SELECT pg_advisory_unlock(%s)", [daily.LOCK_KEY])
    finally:
        other.close()
    assert daily.run(today=OPENS, now=at(OPENS))["campaigns"][str(campaign.pk)]["notices"] == 2
