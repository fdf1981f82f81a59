"""When a retirement dossier is due, whether it came on time, and the delays on both sides.

Plain functions of dates, so that the rule is tested with a fixed clock. The fund's rule: the
procedure starts a year before the age limit, and the employer's dossier (with the removal-from-
service decision) is due at the fund nine months before it. A dossier is on time when it was sent
on or before that day. The fund's delay is the number of days from the dossier's sending to the
decision; its median is what the fund publishes (a few long cases do not hide the usual wait).
"""

import datetime
import statistics
from dataclasses import dataclass

from portal.casework.eligibility import add_months, age_limit_date

# How far ahead the list of coming retirements looks, and how early the dossier is due.
LOOK_AHEAD_MONTHS = 12
DUE_MONTHS_BEFORE = 9


def retirement_date(birth_date, rules=None):
    """The day the civil servant reaches the age limit (the pension rules' legal age by birth date)."""
    return age_limit_date(birth_date, rules)


def due_on(retirement):
    """The day the dossier is due at the fund: nine months before the retirement date."""
    return add_months(retirement, -DUE_MONTHS_BEFORE)


def on_time(*, sent_on, retirement):
    """Whether a dossier sent on ``sent_on`` (a date) met the nine-months rule."""
    return sent_on <= due_on(retirement)


def sent_on_time(sent_day, due_day):
    """``on_time`` for the database: a filter on the dossiers whose ``sent_day`` (a date expression, in
    the fund's time zone) is on or before ``due_day`` (the stored ``due_on``), for counts in SQL."""
    from django.db.models import F, Q

    return Q(**{f"{sent_day}__lte": F(due_day)})


def is_late(*, sent_on, retirement, today):
    """Late: sent after its due date, or not sent and its due date passed."""
    if sent_on is not None:
        return not on_time(sent_on=sent_on, retirement=retirement)
    return today > due_on(retirement)


@dataclass(frozen=True)
class DossierDates:
    """What the delays need of one dossier."""

    retirement: datetime.date
    sent_on: datetime.date | None  # None while the employer has not sent it
    decided_on: datetime.date | None  # None while the fund has not decided


@dataclass(frozen=True)
class Delays:
    sent: int  # dossiers sent to the fund
    on_time: int  # of those, sent by their due date
    late: int  # sent late, or due and still not sent
    decided: int
    median_days_to_decide: float | None  # None before a first decision

    @property
    def on_time_share(self):
        """The share of sent dossiers that came on time, 0–1 (None when none was sent)."""
        return self.on_time / self.sent if self.sent else None


def delays(dossiers, *, today):
    """The delays of an organisation (or of all of them) from its dossiers' dates."""
    sent = [d for d in dossiers if d.sent_on is not None]
    punctual = sum(1 for d in sent if on_time(sent_on=d.sent_on, retirement=d.retirement))
    late = sum(1 for d in dossiers if is_late(sent_on=d.sent_on, retirement=d.retirement, today=today))
    waits = [(d.decided_on - d.sent_on).days for d in sent if d.decided_on is not None]
    return Delays(
        sent=len(sent),
        on_time=punctual,
        late=late,
        decided=len(waits),
        median_days_to_decide=statistics.median(waits) if waits else None,
    )
