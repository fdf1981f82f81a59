"""The life control's rules on plain values, with a fixed clock (no database).

Above all: a pension is never suspended without two notices that reached the person and the full grace
period after the deadline (or after the second notice, if later). A notice that failed to send does not count.
"""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.lifecontrol import rules
from portal.lifecontrol.choices import CheckStatus, NoticeKind
from portal.lifecontrol.rules import NoticeFact

OPENS = datetime.date(2027, 1, 4)
DEADLINE = datetime.date(2027, 3, 31)
GRACE = 30


def day(offset):
    """``offset`` days after the deadline (negative: before it)."""
    return DEADLINE + datetime.timedelta(days=offset)


def due(today, already=(), opens_on=OPENS, deadline=DEADLINE):
    return rules.notice_due(opens_on=opens_on, deadline=deadline, today=today, already=set(already))


def reached(*offsets, kind=NoticeKind.DAY_7):
    return [NoticeFact(kind, day(offset)) for offset in offsets]


def may_suspend(notices, today, status=CheckStatus.OVERDUE, grace=GRACE):
    return rules.may_suspend(status=status, deadline=DEADLINE, grace_days=grace, notices=notices, today=today)


# --- When each notice goes ---------------------------------------------------------------------------------


def test_notice_days():
    assert rules.notice_day(NoticeKind.OPENING, opens_on=OPENS, deadline=DEADLINE) == OPENS
    assert rules.notice_day(NoticeKind.DAY_30, opens_on=OPENS, deadline=DEADLINE) == day(-30)
    assert rules.notice_day(NoticeKind.DAY_7, opens_on=OPENS, deadline=DEADLINE) == day(-7)
    assert rules.notice_day(NoticeKind.DEADLINE, opens_on=OPENS, deadline=DEADLINE) == DEADLINE


def test_nothing_is_due_before_the_opening_day():
    assert due(OPENS - datetime.timedelta(days=1)) is None


def test_the_opening_notice_goes_on_the_opening_day_and_until_the_next_one():
    assert due(OPENS) == NoticeKind.OPENING
    assert due(day(-31)) == NoticeKind.OPENING  # a campaign opened late still says it opened


def test_each_reminder_goes_on_its_day():
    sent = [NoticeKind.OPENING]
    assert due(day(-30), sent) == NoticeKind.DAY_30
    assert due(day(-29), sent) == NoticeKind.DAY_30  # the job missed the day: sent the next
    sent.append(NoticeKind.DAY_30)
    assert due(day(-8), sent) is None
    assert due(day(-7), sent) == NoticeKind.DAY_7
    sent.append(NoticeKind.DAY_7)
    assert due(day(-1), sent) is None
    assert due(DEADLINE, sent) == NoticeKind.DEADLINE
    sent.append(NoticeKind.DEADLINE)
    assert due(DEADLINE, sent) is None
    assert due(day(40), sent) is None


def test_a_notice_is_never_sent_twice():
    for kind, today in [
        (NoticeKind.OPENING, OPENS),
        (NoticeKind.DAY_30, day(-30)),
        (NoticeKind.DAY_7, day(-7)),
        (NoticeKind.DEADLINE, DEADLINE),
    ]:
        assert due(today, [kind]) is None


def test_a_campaign_opened_20_days_before_its_deadline_skips_the_d30_reminder():
    opens_on = day(-20)
    assert due(opens_on, opens_on=opens_on) == NoticeKind.OPENING
    assert due(day(-10), [NoticeKind.OPENING], opens_on=opens_on) is None
    assert due(day(-7), [NoticeKind.OPENING], opens_on=opens_on) == NoticeKind.DAY_7


def test_a_job_that_missed_days_sends_only_the_latest_notice():
    # Nothing sent since the opening; the job comes back on the deadline: one message, the last day's.
    assert due(DEADLINE, [NoticeKind.OPENING]) == NoticeKind.DEADLINE
    # Nothing at all was sent: the deadline's notice, not four at once.
    assert due(DEADLINE + datetime.timedelta(days=3)) == NoticeKind.DEADLINE


def test_an_earlier_notice_is_pointless_after_a_later_one():
    assert due(day(-7), [NoticeKind.DEADLINE]) is None


# --- Which notices count -----------------------------------------------------------------------------------


def test_only_notices_that_reached_the_person_count_in_order():
    notices = [NoticeFact(NoticeKind.DAY_7, day(-7)), NoticeFact(NoticeKind.OPENING, None), *reached(-30)]
    assert rules.counted_notices(notices) == [day(-30), day(-7)]


def test_no_suspension_date_with_one_counted_notice():
    assert rules.suspension_date(deadline=DEADLINE, grace_days=GRACE, notices=reached(-30)) is None


def test_the_suspension_date_is_the_day_after_the_full_grace_period():
    assert rules.suspension_date(deadline=DEADLINE, grace_days=GRACE, notices=reached(-30, -7)) == day(31)


# --- The suspension rule -----------------------------------------------------------------------------------


def test_no_suspension_with_one_counted_notice():
    assert not may_suspend(reached(-30), day(365))


def test_no_suspension_when_one_of_two_notices_failed_to_send():
    notices = [*reached(-30), NoticeFact(NoticeKind.DAY_7, None)]
    assert not may_suspend(notices, day(365))


def test_no_suspension_when_every_notice_failed():
    notices = [NoticeFact(kind, None) for kind in rules.SCHEDULED]
    assert not may_suspend(notices, day(365))


def test_no_suspension_before_the_grace_period_ends():
    notices = reached(-30, -7)
    assert not may_suspend(notices, DEADLINE)
    assert not may_suspend(notices, day(GRACE))
    assert may_suspend(notices, day(GRACE + 1))


def test_the_grace_period_runs_from_the_second_notice_when_it_came_after_the_deadline():
    notices = reached(-30, 10)  # the second reached the person 10 days after the deadline
    assert not may_suspend(notices, day(GRACE + 1))
    assert not may_suspend(notices, day(10 + GRACE))
    assert may_suspend(notices, day(10 + GRACE + 1))


def test_a_letter_recorded_as_posted_counts():
    notices = [*reached(-30), NoticeFact(NoticeKind.POSTAL, day(-5))]
    assert may_suspend(notices, day(GRACE + 1))


def test_an_answer_being_checked_holds_the_suspension_off():
    notices = reached(-30, -7)
    for status in (CheckStatus.SUBMITTED, CheckStatus.ACCEPTED, CheckStatus.SUSPENDED, CheckStatus.REINSTATED):
        assert not may_suspend(notices, day(365), status=status)


def test_only_an_overdue_check_is_suspended():
    notices = reached(-30, -7)
    for status in (CheckStatus.NOT_CONTACTED, CheckStatus.NOTIFIED, CheckStatus.REJECTED):
        assert not may_suspend(notices, day(365), status=status)


def test_overdue_only_after_the_deadline_and_while_waiting():
    for status in (CheckStatus.NOT_CONTACTED, CheckStatus.NOTIFIED, CheckStatus.REJECTED):
        assert not rules.is_overdue(status=status, deadline=DEADLINE, today=DEADLINE)
        assert rules.is_overdue(status=status, deadline=DEADLINE, today=day(1))
    for status in (CheckStatus.SUBMITTED, CheckStatus.ACCEPTED, CheckStatus.SUSPENDED, CheckStatus.REINSTATED):
        assert not rules.is_overdue(status=status, deadline=DEADLINE, today=day(1))


# --- After a decision --------------------------------------------------------------------------------------


def test_after_acceptance():
    assert rules.after_acceptance(suspended=False) == CheckStatus.ACCEPTED
    assert rules.after_acceptance(suspended=True) == CheckStatus.REINSTATED


def test_after_rejection():
    assert rules.after_rejection(suspended=True, deadline=DEADLINE, today=day(-5)) == CheckStatus.SUSPENDED
    assert rules.after_rejection(suspended=False, deadline=DEADLINE, today=DEADLINE) == CheckStatus.REJECTED
    assert rules.after_rejection(suspended=False, deadline=DEADLINE, today=day(1)) == CheckStatus.OVERDUE


# --- The property ------------------------------------------------------------------------------------------

notice_facts = st.lists(
    st.builds(
        NoticeFact,
        kind=st.sampled_from(list(NoticeKind)),
        reached_on=st.none() | st.integers(-120, 120).map(day),
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(notices=notice_facts, today=st.integers(-120, 240).map(day), grace=st.integers(0, 90))
def test_may_suspend_implies_two_reached_notices_and_the_full_grace_period(notices, today, grace):
    if may_suspend(notices, today, grace=grace):
        counted = rules.counted_notices(notices)
        assert len(counted) >= 2
        assert today > DEADLINE + datetime.timedelta(days=grace)
        assert today > counted[1] + datetime.timedelta(days=grace)
