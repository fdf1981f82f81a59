"""The photos and certificates of an answer are deleted LIFE_CONTROL_PHOTO_RETENTION_DAYS after its decision; the
answer, its decision and its reason stay; the files of an answer still being checked stay."""

import datetime

import pytest
from django.utils import timezone

from portal.files.uploads import check_file
from portal.lifecontrol import daily, services
from portal.lifecontrol.choices import CheckStatus, FileKind, Method, Review
from portal.lifecontrol.models import Campaign, LifeCheck, Submission, SubmissionFile
from portal.models import MemberStatus
from tests.portal.factories import MemberFactory, UserFactory
from tests.portal.sample_files import image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

OPENS = datetime.date(2027, 1, 4)
DEADLINE = datetime.date(2027, 3, 31)


def at(date, hour=10):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


DECIDED = at(datetime.date(2027, 2, 1))


@pytest.fixture
def answers(db, settings, tmp_path):
    """Three answers: the photos accepted, a certificate rejected (both decided on DECIDED), a certificate
    still being checked."""
    settings.LIFE_CONTROL_EXPORT_DIR = tmp_path
    agent, second = UserFactory(is_staff=True), UserFactory(is_staff=True)
    members = [
        MemberFactory(status=MemberStatus.RETIRED, country="FR", pension_number=f"P-{n}", user=UserFactory())
        for n in range(3)
    ]
    campaign = Campaign.objects.create(name="2027", year=2027, opens_on=OPENS, deadline=DEADLINE, grace_days=30)
    services.open_campaign(campaign, actor=agent, now=at(OPENS, 8))
    checks = [LifeCheck.objects.get(member=member) for member in members]
    sent = at(datetime.date(2027, 1, 20))
    photo = check_file("photo.jpg", image_bytes())
    photos = services.submit(
        checks[0],
        actor=members[0].user,
        method=Method.PHOTOS,
        files=[(FileKind.IDENTITY_DOCUMENT, photo), (FileKind.HOLDING_DOCUMENT, photo)],
        screen_code="482913",
        now=sent,
    )
    certificate = check_file("certificat.pdf", pdf_bytes())
    rejected, pending = (
        services.submit(
            check, actor=member.user, method=Method.CERTIFICATE, files=[(FileKind.CERTIFICATE, certificate)], now=sent
        )
        for check, member in zip(checks[1:], members[1:], strict=True)
    )
    services.review(photos, actor=agent, accepted=True, now=DECIDED)
    services.review(rejected, actor=agent, accepted=False, reason="The stamp cannot be read.", now=DECIDED)
    services.review(rejected, actor=second, accepted=False, reason="The stamp cannot be read.", now=DECIDED)
    return {"accepted": photos, "rejected": rejected, "pending": pending}


def stored_names(submission):
    return [item.file.name for item in SubmissionFile.objects.filter(submission=submission)]


def exists(name):
    return SubmissionFile._meta.get_field("file").storage.exists(name)


def test_files_stay_until_the_retention_period_has_passed(answers, settings):
    assert settings.LIFE_CONTROL_PHOTO_RETENTION_DAYS == 60
    assert services.delete_old_files(now=DECIDED + datetime.timedelta(days=60)) == 0
    for submission in answers.values():
        assert all(exists(name) for name in stored_names(submission))


def test_decided_answers_lose_their_files_and_keep_their_decision(answers, django_capture_on_commit_callbacks):
    names = {key: stored_names(submission) for key, submission in answers.items()}
    assert len(names["accepted"]) == 2 and all(exists(name) for name in names["accepted"])
    later = DECIDED + datetime.timedelta(days=60, seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete_old_files(now=later) == 2
    for key in ("accepted", "rejected"):
        submission = Submission.objects.get(pk=answers[key].pk)
        assert submission.files_deleted_at == later
        assert not any(exists(name) for name in names[key])  # gone from the storage
        files = SubmissionFile.objects.filter(submission=submission)
        assert files.count() == len(names[key]) and all(not item.file for item in files)
        assert all(item.original_name and item.size for item in files)  # what was sent stays described
    accepted, rejected = (
        Submission.objects.get(pk=answers["accepted"].pk),
        Submission.objects.get(pk=answers["rejected"].pk),
    )
    assert accepted.review == Review.ACCEPTED and accepted.reviewed_at == DECIDED
    assert rejected.review == Review.REJECTED and rejected.reason == "The stamp cannot be read."
    assert accepted.life_check.status == CheckStatus.ACCEPTED
    # Still being checked: kept whatever its age.
    pending = Submission.objects.get(pk=answers["pending"].pk)
    assert pending.files_deleted_at is None and all(exists(name) for name in names["pending"])
    # Deleting again finds nothing to do.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete_old_files(now=later + datetime.timedelta(days=1)) == 0


def test_the_retention_period_is_a_setting(answers, settings, django_capture_on_commit_callbacks):
    settings.LIFE_CONTROL_PHOTO_RETENTION_DAYS = 10
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete_old_files(now=DECIDED + datetime.timedelta(days=9)) == 0
        assert services.delete_old_files(now=DECIDED + datetime.timedelta(days=10, seconds=1)) == 2


def test_the_daily_job_deletes_them(answers, django_capture_on_commit_callbacks):
    names = stored_names(answers["accepted"])
    later = DECIDED + datetime.timedelta(days=61)
    with django_capture_on_commit_callbacks(execute=True):
        summary = daily.run(today=later.date(), now=later)
    assert summary["files_deleted"] == 2
    assert not any(exists(name) for name in names)


def test_a_failed_deletion_keeps_the_files_and_their_rows(answers):
    """The rows are emptied in a transaction; the storage is only touched once it commits."""
    names = stored_names(answers["accepted"])
    later = DECIDED + datetime.timedelta(days=61)
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.delete_old_files(now=later)
        raise RuntimeError("the database went away")
    assert all(exists(name) for name in names)
    assert Submission.objects.get(pk=answers["accepted"].pk).files_deleted_at is None
    assert stored_names(answers["accepted"]) == names
