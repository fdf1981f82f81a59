"""Reading a member's life checks: the current one, each year's history, their own answers' files.

Everything is read through the member (``LifeCheck.objects.of_member``): another member's check,
answer or file is simply not found (404), never refused (403), which would confirm that it exists.
"""

from dataclasses import dataclass

from django.http import Http404

from portal.lifecontrol.choices import DONE, Review
from portal.lifecontrol.models import LifeCheck, Submission, SubmissionFile


def checks_of(member):
    """The member's checks in the campaigns that were opened, the latest campaign first."""
    return (
        LifeCheck.objects.of_member(member)
        .filter(campaign__opened_at__isnull=False)
        .select_related("campaign")
        .order_by("-campaign__opens_on", "-campaign__pk")
    )


def has_checks(member):
    return member is not None and checks_of(member).exists()


def current_check(member, checks=None):
    """The check the member still has something to do for (or is waiting on): the latest one not
    accepted yet. None when every year is done, or when the member was never asked.

    ``checks``: the member's ``checks_of``, already read (the dashboard reads them once for this and
    ``history``)."""
    if checks is None:
        return checks_of(member).exclude(status__in=DONE).first()
    return next((check for check in checks if check.status not in DONE), None)


def own_check(member, campaign_id):
    """The member's check in ``campaign_id``, or 404."""
    check = checks_of(member).filter(campaign_id=campaign_id).select_related("member").first()
    if check is None:
        raise Http404
    return check


def last_rejection(check):
    """The latest answer of ``check`` that was not accepted (its reason says what to do), or None."""
    return check.submissions.filter(review=Review.REJECTED).order_by("-reviewed_at", "-pk").first()


@dataclass
class Year:
    """One campaign as the member reads it in the history."""

    check: LifeCheck
    answer: Submission | None  # the latest answer, if any

    @property
    def campaign(self):
        return self.check.campaign

    @property
    def decided(self):
        return self.answer is not None and self.answer.is_decided


def history(member, checks=None):
    """Every year's check with its latest answer (how and when it was sent, the decision, the reason).

    ``checks``: as for ``current_check``."""
    checks = list(checks_of(member)) if checks is None else checks
    latest = {}
    for answer in (
        Submission.objects.filter(life_check__in=checks).prefetch_related("files").order_by("created_at", "pk")
    ):
        latest[answer.life_check_id] = answer
    return [Year(check=check, answer=latest.get(check.pk)) for check in checks]


def own_file(member, submission_id, file_id):
    """A file of one of the member's own answers, still stored; else 404 (another member's, unknown, or
    deleted after the decision)."""
    found = (
        SubmissionFile.objects.filter(
            pk=file_id,
            submission_id=submission_id,
            submission__life_check__member=member,
            submission__files_deleted_at__isnull=True,
        )
        .exclude(file="")
        .first()
    )
    if found is None:
        raise Http404
    return found
