"""What happens in a life control, as keyword-only services that take the actor.

- ``open_campaign``: draw the population and give each pensioner a check, its request (case core)
  and its letter code, in batches (40,000 pensioners in one click; see ``make bench``).
- ``send_due_notices`` / ``advance``: the daily work (``manage.py run_life_control``): the reminder
  due today, "notified" once a notice reached the person, "overdue" after the deadline, and the
  suspension, only as ``rules.may_suspend`` allows.
- ``submit`` / ``record``: an answer, from the pensioner (certificate or photos) or from an agent
  (a certificate received by post or through a consulate).
- ``review``: accept, or reject with what to do now; with four eyes, a rejection is proposed by
  one agent and confirmed by another.
- ``delete_old_files``: the photos go LIFE_CONTROL_PHOTO_RETENTION_DAYS after the decision; the
  decision stays.

Every change of a check's status goes through ``_set_status`` in the transaction that locked it,
and the request (``casework.Case``) follows: waiting for documents, under review, accepted.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit, references
from portal.casework import workflow
from portal.casework.choices import Channel as CaseChannel
from portal.casework.choices import DocumentKind, EventKind, Status
from portal.casework.models import Case, CaseEvent, ReferenceCounter
from portal.casework.services import PREFIX
from portal.files.written import WrittenFiles
from portal.lifecontrol import codes, exports, notices, rules
from portal.lifecontrol import notifications as kinds
from portal.lifecontrol.choices import (
    DONE,
    FILES_BY_METHOD,
    WAITING,
    AuditAction,
    Channel,
    CheckStatus,
    Method,
    NoticeKind,
    Review,
)
from portal.lifecontrol.models import Campaign, LifeCheck, Notice, Submission, SubmissionFile
from portal.models import Member, MemberStatus
from portal.notifications import centre
from portal.notifications.models import Notification

BATCH = 2000
PENSIONERS = [MemberStatus.RETIRED, MemberStatus.SURVIVOR]


class NotAllowed(Exception):
    """The action is not possible now; str() is a translated message for the person."""


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _audit(action, check, *, actor, context, details=None):
    audit.log(
        action,
        actor=actor,
        context=context or audit.AuditContext.none(),
        member=check.member,
        target=check.case.reference,
        details=details,
    )


def _params(check, campaign=None):
    campaign = campaign or check.campaign
    return {
        "year": str(campaign.year),
        "deadline": kinds.day(campaign.deadline),
        "code": codes.letter_code(campaign.pk, check.member_id),
    }


# --- The campaign ------------------------------------------------------------------------------


def population(campaign):
    """The member files a campaign asks: pensioners and survivors (or the statuses chosen), with an
    address abroad unless told otherwise, in the countries chosen (none: any)."""
    members = Member.objects.filter(status__in=campaign.statuses or PENSIONERS)
    if campaign.abroad_only:
        members = members.exclude(country="MA")
    if campaign.countries:
        members = members.filter(country__in=campaign.countries)
    return members


def open_campaign(campaign, *, actor, context=None, now=None, batch=BATCH):
    """Draw the population and make each pensioner's check and request; return how many.

    Batches of ``batch`` pensioners, each in its own transaction, so that 40,000 do not hold one
    lock for minutes; interrupted, it is run again and goes on where it stopped (a member who has
    a check is skipped). The campaign is open once every batch is in.
    """
    now = now or timezone.now()
    if campaign.opened_at is not None:
        raise NotAllowed(_("This campaign is already open."))
    if campaign.deadline <= campaign.opens_on:
        raise NotAllowed(_("The deadline must come after the opening date."))
    members = (
        population(campaign)
        .exclude(Exists(LifeCheck.objects.filter(campaign=campaign, member=OuterRef("pk"))))
        .select_related("user__contact")
        .order_by("pk")
    )
    made, last = 0, 0
    while True:
        chunk = list(members.filter(pk__gt=last)[:batch])
        if not chunk:
            break
        last = chunk[-1].pk
        with transaction.atomic():
            made += _open_checks(campaign, chunk, actor=actor, now=now)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        campaign.opened_at = now
        campaign.population = LifeCheck.objects.filter(campaign=campaign).count()
        campaign.save(update_fields=["opened_at", "population"])
        audit.log(
            AuditAction.CAMPAIGN_OPENED,
            actor=actor,
            context=context or audit.AuditContext.none(),
            target=f"campaign:{campaign.pk}",
            details={"population": campaign.population},
        )
    return made


def _language(member):
    contact = centre.contact_of(member.user) if member.user_id else None
    return centre.language_of(contact)


def _open_checks(campaign, members, *, actor, now):
    created_by = _user(actor)
    numbers = references.next_references(ReferenceCounter, PREFIX, len(members), now)
    cases = Case.objects.bulk_create(
        [
            Case(
                reference=reference,
                procedure="life_certificate",
                member=member,
                applicant_id=member.user_id,
                status=Status.INFO_REQUESTED,
                channel=CaseChannel.FUND,
                language=_language(member),
                created_by=created_by,
                created_at=now,
                submitted_at=now,
            )
            for reference, member in zip(numbers, members, strict=True)
        ]
    )
    message = _("Life control %(year)s: to send by %(deadline)s.") % {
        "year": campaign.year,
        "deadline": kinds.day(campaign.deadline),
    }
    CaseEvent.objects.bulk_create(
        [
            event
            for case in cases
            for event in (
                CaseEvent(
                    case=case,
                    kind=EventKind.CREATED,
                    to_status=Status.INFO_REQUESTED,
                    author=created_by,
                    created_at=now,
                ),
                CaseEvent(
                    case=case,
                    kind=EventKind.DOCUMENT_REQUESTED,
                    document_kind=DocumentKind.LIFE_CERTIFICATE,
                    message=message,
                    author=created_by,
                    created_at=now,
                ),
            )
        ]
    )
    LifeCheck.objects.bulk_create(
        [
            LifeCheck(
                campaign=campaign,
                member=member,
                case=case,
                country=member.country,
                code_digest=codes.digest(codes.letter_code(campaign.pk, member.pk)),
            )
            for member, case in zip(members, cases, strict=True)
        ]
    )
    return len(cases)


# --- Notices -----------------------------------------------------------------------------------


def send_due_notices(campaign, *, today=None, now=None, batch=1000):
    """Send today's scheduled notice to every pensioner still expected to answer; return how many.

    Keyed per check and notice (``life:<check>:<kind>``) and recorded as a ``Notice``: a second run
    the same day, or a retried task, sends nothing twice.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    if not campaign.is_open:
        return 0
    kind = rules.notice_due(opens_on=campaign.opens_on, deadline=campaign.deadline, today=today, already=set())
    if kind is None:
        return 0
    later = rules.SCHEDULED[rules.SCHEDULED.index(kind) :]
    checks = (
        LifeCheck.objects.filter(campaign=campaign, status__in=WAITING)
        .exclude(Exists(Notice.objects.filter(life_check=OuterRef("pk"), kind__in=later)))
        .select_related("member__user__contact")
        .order_by("pk")
    )
    told, last = 0, 0
    notification_kind = kinds.BY_NOTICE[kind]
    while True:
        chunk = list(checks.filter(pk__gt=last)[:batch])
        if not chunk:
            return told
        last = chunk[-1].pk
        keys = {check.pk: f"life:{check.pk}:{kind}" for check in chunk}
        with transaction.atomic():
            centre.notify_each(
                notification_kind,
                [(check.member, _params(check, campaign), {}, keys[check.pk]) for check in chunk],
                now=now,
            )
            by_key = dict(Notification.objects.filter(key__in=keys.values()).values_list("key", "pk"))
            Notice.objects.bulk_create(
                [
                    Notice(life_check=check, kind=kind, notification_id=by_key.get(keys[check.pk]), created_at=now)
                    for check in chunk
                ],
                ignore_conflicts=True,
            )
        told += len(chunk)


def record_postal_notice(check, *, actor, posted_on, context=None, now=None):
    """An agent says the letter was posted to the address on ``posted_on``: it counts as a notice."""
    now = now or timezone.now()
    if posted_on > timezone.localdate(now):
        raise NotAllowed(_("The letter cannot have been posted in the future."))
    with transaction.atomic():
        check = _locked(check)
        notice = Notice.objects.create(
            life_check=check, kind=NoticeKind.POSTAL, posted_on=posted_on, recorded_by=_user(actor), created_at=now
        )
        if check.status == CheckStatus.NOT_CONTACTED:
            _set_status(check, CheckStatus.NOTIFIED)
        _audit(AuditAction.POSTAL_NOTICE, check, actor=actor, context=context, details={"posted_on": str(posted_on)})
    return notice


def advance(campaign, *, today=None, now=None):
    """The day's changes of status; returns {"notified": n, "overdue": n, "suspended": n}.

    "Notified" and "overdue" are single updates. A suspension is decided check by check with
    ``rules.may_suspend`` on the check's own notices, never in bulk: it is the one step that stops
    a pension.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    checks = LifeCheck.objects.filter(campaign=campaign)
    notified = (
        checks.filter(status=CheckStatus.NOT_CONTACTED)
        .filter(Exists(notices.of_outer_check()))
        .update(status=CheckStatus.NOTIFIED, updated_at=now)
    )
    overdue = 0
    if today > campaign.deadline:
        overdue = checks.filter(status__in=WAITING).update(status=CheckStatus.OVERDUE, updated_at=now)
    suspended = 0
    first_possible = campaign.deadline + datetime.timedelta(days=campaign.grace_days + 1)
    if today >= first_possible:
        for check in checks.filter(status=CheckStatus.OVERDUE).select_related("member", "case", "campaign"):
            suspended += suspend_if_due(check, today=today, now=now)
    return {"notified": notified, "overdue": overdue, "suspended": suspended}


def suspend_if_due(check, *, today, now=None):
    """Suspend the pension if ``rules.may_suspend`` allows it today; return 1 if it did, else 0."""
    now = now or timezone.now()
    with transaction.atomic():
        check = _locked(check)
        campaign = check.campaign
        allowed = rules.may_suspend(
            status=check.status,
            deadline=campaign.deadline,
            grace_days=campaign.grace_days,
            notices=notices.facts(check),
            today=today,
        )
        if not allowed:
            return 0
        check.suspended_at = now
        _set_status(check, CheckStatus.SUSPENDED, fields=["suspended_at"])
        CaseEvent.objects.create(
            case=check.case,
            kind=EventKind.STATUS,
            message=_("Pension suspended: no life certificate received after two notices and the grace period."),
            created_at=now,
        )
        _audit(AuditAction.SUSPENDED, check, actor=None, context=None)
        centre.notify(
            kinds.SUSPENDED,
            member=check.member,
            params={**_params(check), "date": kinds.day(today)},
            key=f"life:{check.pk}:suspended",
        )
    return 1


# --- Answers -----------------------------------------------------------------------------------


def _locked(check):
    """The check's row locked until the end of the transaction, with what the services read."""
    return (
        LifeCheck.objects.select_for_update(of=("self",)).select_related("campaign", "member", "case").get(pk=check.pk)
    )


def _set_status(check, status, *, fields=()):
    check.status = status
    check.save(update_fields=["status", "updated_at", *fields])


def may_answer(check):
    """Whether the pensioner can send an answer now (None) or why not (a translated message)."""
    if check.status in DONE:
        return _("Your life certificate for this year is accepted: there is nothing more to send.")
    if check.status == CheckStatus.SUBMITTED:
        return _("Your answer is being checked: you will be told of the decision.")
    return None


def _store_files(submission, files, *, written):
    for kind, checked in files:
        stored = SubmissionFile(
            submission=submission,
            kind=kind,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
        )
        written.save(stored.file, checked)
        stored.save()


def _receive(check, *, method, channel, files, actor, now, screen_code="", received_on=None, note=""):
    """Record an answer on a locked check; the request goes to the fund's hands."""
    wanted = FILES_BY_METHOD[Method(method)]
    if method != Method.RECORDED and sorted(kind for kind, _file in files) != sorted(wanted):
        raise NotAllowed(_("Send every file asked for."))
    with WrittenFiles().removed_on_error() as written:
        submission = Submission.objects.create(
            life_check=check,
            method=method,
            channel=channel,
            screen_code=screen_code,
            received_on=received_on,
            note=note.strip(),
            submitted_by=_user(actor),
            created_at=now,
        )
        _store_files(submission, files, written=written)
    check.answered_at = now
    _set_status(check, CheckStatus.SUBMITTED, fields=["answered_at"])
    case = workflow.locked(check.case)
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.DOCUMENT_SENT,
        document_kind=DocumentKind.LIFE_PHOTOS if method == Method.PHOTOS else DocumentKind.LIFE_CERTIFICATE,
        author=_user(actor),
        created_at=now,
    )
    if case.status == Status.INFO_REQUESTED:
        workflow.transition(case, Status.UNDER_REVIEW, actor=actor, now=now)
        case.due_at = now + datetime.timedelta(days=case.definition.days_to_decide)
        case.save(update_fields=["due_at", "updated_at"])
    return submission


def submit(check, *, actor, method, files, channel=Channel.PORTAL, screen_code="", context=None, now=None):
    """The pensioner's answer (or a helper's, or through the letter's code): ``files`` is
    [(FileKind, uploads.CheckedFile)], checked by the upload pipeline. The photo check needs the
    ``screen_code`` the page showed."""
    now = now or timezone.now()
    if method not in (Method.CERTIFICATE, Method.PHOTOS):
        raise NotAllowed(_("Choose how you prove you are alive."))
    if method == Method.PHOTOS and not screen_code:
        raise NotAllowed(_("The code to hold in the photo is missing: open the page again."))
    with transaction.atomic():
        check = _locked(check)
        refused = may_answer(check)
        if refused:
            raise NotAllowed(refused)
        submission = _receive(
            check, method=method, channel=channel, files=files, actor=actor, now=now, screen_code=screen_code
        )
        _audit(
            AuditAction.SUBMITTED, check, actor=actor, context=context, details={"method": method, "channel": channel}
        )
    return submission


def record(check, *, actor, channel, received_on, files=(), note="", context=None, now=None):
    """An agent records a certificate the fund received by post, through a consulate or at a
    counter (its scan optional); it is then checked like any other answer."""
    now = now or timezone.now()
    if channel not in (Channel.POST, Channel.CONSULATE, Channel.COUNTER):
        raise NotAllowed(_("Choose where the certificate came from."))
    if received_on > timezone.localdate(now):
        raise NotAllowed(_("The certificate cannot have been received in the future."))
    with transaction.atomic():
        check = _locked(check)
        if check.status in DONE:
            raise NotAllowed(_("This pensioner's certificate is already accepted for this campaign."))
        if check.status == CheckStatus.SUBMITTED:
            raise NotAllowed(_("An answer is already waiting to be checked: check it first."))
        submission = _receive(
            check,
            method=Method.RECORDED,
            channel=channel,
            files=list(files),
            actor=actor,
            now=now,
            received_on=received_on,
            note=note,
        )
        _audit(AuditAction.RECORDED, check, actor=actor, context=context, details={"channel": channel})
    return submission


# --- Review ------------------------------------------------------------------------------------


def four_eyes(campaign):
    return campaign.four_eyes_rejections and settings.LIFE_CONTROL_FOUR_EYES


def review(submission, *, actor, accepted, reason="", context=None, now=None):
    """Accept the answer, or reject it with ``reason`` (what the pensioner must do now).

    With four eyes (the campaign's choice, unless LIFE_CONTROL_FOUR_EYES is off), a first rejection
    is only proposed; another agent confirms it (or accepts the answer instead).
    """
    now = now or timezone.now()
    reason = reason.strip()
    if not accepted and not reason:
        raise NotAllowed(_("Say why the answer is not accepted and what the pensioner must do: they read it."))
    with transaction.atomic():
        check = _locked(submission.life_check)
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.is_decided:
            raise NotAllowed(_("This answer has already been checked."))
        proposed = submission.review == Review.REJECTION_PROPOSED
        if proposed and submission.proposed_by_id == actor.pk:
            raise NotAllowed(_("Another agent must confirm the rejection you proposed."))
        if not accepted and not proposed and four_eyes(check.campaign):
            submission.review, submission.reason = Review.REJECTION_PROPOSED, reason
            submission.proposed_by, submission.proposed_at = actor, now
            submission.save(update_fields=["review", "reason", "proposed_by", "proposed_at"])
            _audit(AuditAction.REJECTION_PROPOSED, check, actor=actor, context=context)
            return submission
        submission.review = Review.ACCEPTED if accepted else Review.REJECTED
        if not accepted:
            submission.reason = reason
        submission.reviewed_by, submission.reviewed_at = actor, now
        submission.save(update_fields=["review", "reason", "reviewed_by", "reviewed_at"])
        if accepted:
            _accept(check, actor=actor, now=now)
        else:
            _reject(check, submission, actor=actor, now=now)
        _audit(AuditAction.REVIEWED, check, actor=actor, context=context, details={"accepted": accepted})
    return submission


def _accept(check, *, actor, now):
    suspended = check.suspended_at is not None and check.reinstated_at is None
    status = rules.after_acceptance(suspended=suspended)
    check.accepted_at = now
    fields = ["accepted_at"]
    if status == CheckStatus.REINSTATED:
        check.reinstated_at = now
        fields.append("reinstated_at")
    _set_status(check, status, fields=fields)
    case = workflow.locked(check.case)
    workflow.transition(case, Status.ACCEPTED, actor=actor, kind=EventKind.DECISION, now=now)
    if status == CheckStatus.REINSTATED:
        _audit(AuditAction.REINSTATED, check, actor=actor, context=None)
        # The same day, as the core system must resume the payment: queued in this transaction.
        transaction.on_commit(lambda: exports.export_reinstatements_task.enqueue())
    centre.notify(
        kinds.REINSTATED if status == CheckStatus.REINSTATED else kinds.ACCEPTED,
        member=check.member,
        params=_params(check),
        key=f"life:{check.pk}:{status}",
    )


def _reject(check, submission, *, actor, now):
    suspended = check.suspended_at is not None and check.reinstated_at is None
    status = rules.after_rejection(suspended=suspended, deadline=check.campaign.deadline, today=timezone.localdate(now))
    _set_status(check, status)
    case = workflow.locked(check.case)
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.DOCUMENT_REJECTED,
        document_kind=DocumentKind.LIFE_PHOTOS if submission.method == Method.PHOTOS else DocumentKind.LIFE_CERTIFICATE,
        message=submission.reason,
        author=_user(actor),
        created_at=now,
    )
    if case.status != Status.INFO_REQUESTED:
        workflow.transition(case, Status.INFO_REQUESTED, actor=actor, message=submission.reason, now=now)
    centre.notify(
        kinds.REJECTED,
        member=check.member,
        params={**_params(check), "reason": submission.reason},
        key=f"life:{check.pk}:rejected:{submission.pk}",
    )


# --- Files after the decision ------------------------------------------------------------------


def delete_old_files(*, now=None, days=None):
    """Delete the files of answers decided more than ``days`` ago (LIFE_CONTROL_PHOTO_RETENTION_DAYS);
    the answer, its decision and reason stay. Returns how many answers lost their files."""
    now = now or timezone.now()
    days = settings.LIFE_CONTROL_PHOTO_RETENTION_DAYS if days is None else days
    limit = now - datetime.timedelta(days=days)
    done = 0
    old = Submission.objects.filter(
        review__in=[Review.ACCEPTED, Review.REJECTED], files_deleted_at__isnull=True, reviewed_at__lt=limit
    )
    for submission in old.iterator():
        with transaction.atomic():
            stored = list(SubmissionFile.objects.select_for_update().filter(submission=submission))
            names = [(item.file.storage, item.file.name) for item in stored if item.file]
            SubmissionFile.objects.filter(pk__in=[item.pk for item in stored]).update(file="")
            Submission.objects.filter(pk=submission.pk).update(files_deleted_at=now)
            transaction.on_commit(lambda names=names: [storage.delete(name) for storage, name in names])
        done += 1
    return done
