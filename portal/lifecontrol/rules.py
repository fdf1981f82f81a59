"""The rules of the life control, as plain functions of dates (tested with a fixed clock).

The one that matters most: **a pension is never suspended without two notices that reached the
person and the full grace period after them.** A notice counts when one of its e-mails or text
messages was accepted by the provider, or when an agent recorded a letter posted to the
address; a notice that failed on every channel, or that only reached the portal's inbox (the
person may be unable to log in), does not count. The grace period runs from the deadline, or from
the second counted notice if that came later, so a late second notice always leaves the full
grace period to answer.
"""

import datetime
from dataclasses import dataclass

from portal.lifecontrol.choices import CheckStatus, NoticeKind

NOTICES_BEFORE_SUSPENSION = 2

# When each scheduled notice goes, relative to the deadline (the opening one goes on the opening day).
DAYS_BEFORE_DEADLINE = {NoticeKind.DAY_30: 30, NoticeKind.DAY_7: 7, NoticeKind.DEADLINE: 0}
SCHEDULED = [NoticeKind.OPENING, NoticeKind.DAY_30, NoticeKind.DAY_7, NoticeKind.DEADLINE]


@dataclass(frozen=True)
class NoticeFact:
    """What the rules need to know of a notice: its kind and the day it reached the person (None: it did not)."""

    kind: str
    reached_on: datetime.date | None


def notice_day(kind, *, opens_on, deadline):
    """The day a scheduled notice is due."""
    if kind == NoticeKind.OPENING:
        return opens_on
    return deadline - datetime.timedelta(days=DAYS_BEFORE_DEADLINE[kind])


def notice_due(*, opens_on, deadline, today, already):
    """The scheduled notice to send today, or None. ``already``: the kinds sent (or tried) before.

    Only the latest notice due is sent: a job that did not run for a few days (or a campaign opened
    late, 20 days before its deadline) sends one message, not three at once. A reminder whose day
    came before the campaign opened is skipped: the opening notice says the same thing.
    """
    due = None
    for kind in SCHEDULED:
        day = notice_day(kind, opens_on=opens_on, deadline=deadline)
        if kind != NoticeKind.OPENING and day < opens_on:
            continue
        if day <= today:
            due = kind
    if due is None or due in already:
        return None
    # A later notice already sent makes an earlier one pointless.
    if any(SCHEDULED.index(kind) > SCHEDULED.index(due) for kind in already if kind in SCHEDULED):
        return None
    return due


def counted_notices(notices):
    """The days counted notices reached the person, in order."""
    return sorted(notice.reached_on for notice in notices if notice.reached_on is not None)


def suspension_date(*, deadline, grace_days, notices):
    """The first day the pension may be suspended, or None while fewer than two notices reached the person."""
    reached = counted_notices(notices)
    if len(reached) < NOTICES_BEFORE_SUSPENSION:
        return None
    start = max(deadline, reached[NOTICES_BEFORE_SUSPENSION - 1])
    return start + datetime.timedelta(days=grace_days + 1)


def is_overdue(*, status, deadline, today):
    """Still waiting for an answer after the deadline."""
    return status in (CheckStatus.NOT_CONTACTED, CheckStatus.NOTIFIED, CheckStatus.REJECTED) and today > deadline


def may_suspend(*, status, deadline, grace_days, notices, today):
    """Whether a pension may be suspended today. An answer being checked holds it off (the fund has
    the next move), and so does anything already accepted or suspended."""
    if status != CheckStatus.OVERDUE:
        return False
    first_day = suspension_date(deadline=deadline, grace_days=grace_days, notices=notices)
    return first_day is not None and today >= first_day


def after_acceptance(*, suspended):
    """The status an accepted answer gives: a suspended pension is reinstated."""
    return CheckStatus.REINSTATED if suspended else CheckStatus.ACCEPTED


def after_rejection(*, suspended, deadline, today):
    """The status a rejected answer gives: still suspended, overdue after the deadline, or to send again."""
    if suspended:
        return CheckStatus.SUSPENDED
    return CheckStatus.OVERDUE if today > deadline else CheckStatus.REJECTED
