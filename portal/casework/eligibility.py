"""Who may apply for what, and from when: plain functions of the member file and a date.

The figures are the pension rules (``portal.pension_rules``, one home for the simulator, these
checks and the partners' list of coming retirements): the legal age by birth date (63 for those
born from 1962); a pension needs 15 years of service, and someone who leaves the civil service
before that has their contributions refunded instead; early retirement needs 30 years of
service, 25 for a woman. The file does not record the few statutes at 65: the agent corrects the
date for them. The pension-at-the-age-limit form opens 12 months before the date: the fund's page
asks for the dossier six months before, and the career must be checked well before that.

Each function answers with an ``Eligibility``: allowed or not, and if not, why and from when,
worded for the member. Service is counted as the member's career page counts it
(``portal.career.total_service``: whole calendar months, overlaps once).
"""

import datetime
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import career
from portal.models import MemberStatus, Sex
from portal.pension_rules import schedule
from portal.pension_rules.names import Name

OFFER_MONTHS_BEFORE_AGE_LIMIT = 12


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    reason: str = ""  # why not (translated), for the member
    from_date: datetime.date | None = None  # when it will be allowed, if the file says

    def __bool__(self):
        return self.allowed


ALLOWED = Eligibility(True)


def add_months(day, months):
    """The same day ``months`` later (the last day of the month when it does not exist)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_years(day, years):
    return add_months(day, 12 * years)


def age_limit_date(birth_date, rules=None):
    """The day the member reaches the age limit (29 February births: 28 February)."""
    rules = rules or schedule.load()
    return add_months(birth_date, rules.whole(Name.LEGAL_AGE_MONTHS, birth_date))


def _date(day):
    return formats.date_format(day, "DATE_FORMAT")


def pension_at_age_limit(*, status, birth_date, today):
    if status != MemberStatus.CONTRIBUTING:
        return Eligibility(False, _("This procedure is for members still in service."))
    limit = age_limit_date(birth_date)
    opens = add_months(limit, -OFFER_MONTHS_BEFORE_AGE_LIMIT)
    if today < opens:
        return Eligibility(
            False,
            _("Your file gives %(limit)s as the date you reach the age limit. You can apply from %(opens)s.")
            % {"limit": _date(limit), "opens": _date(opens)},
            from_date=opens,
        )
    return ALLOWED


def required_service_years(sex, today, rules=None):
    """Early retirement's service; the men's when the file does not record the member's sex."""
    rules = rules or schedule.load()
    name = Name.EARLY_SERVICE_YEARS_WOMEN if sex == Sex.FEMALE else Name.EARLY_SERVICE_YEARS_MEN
    return rules.whole(name, today)


def minimum_service_years(today, rules=None):
    """Below this, leaving the service gives no pension but the refund of the contributions."""
    return (rules or schedule.load()).whole(Name.MINIMUM_SERVICE_YEARS, today)


def early_retirement(*, status, sex, service, in_service, today):
    """``service`` is a ``career.Duration`` counted up to ``today``."""
    if status != MemberStatus.CONTRIBUTING:
        return Eligibility(False, _("This procedure is for members still in service."))
    needed = required_service_years(sex, today)
    missing = needed * 12 - service.total_months
    if missing <= 0:
        return ALLOWED
    if not in_service:
        return Eligibility(
            False,
            _(
                "Early retirement needs %(years)d years of service; your file counts %(service)s. "
                "You may ask for the refund of your contributions instead."
            )
            % {"years": needed, "service": describe(service)},
        )
    # A month touched counts whole (career.total_service): the month being served is already
    # counted, and on the first day of the last missing month the file reaches the minimum.
    opens = add_months(today.replace(day=1), missing)
    return Eligibility(
        False,
        _(
            "Early retirement needs %(years)d years of service; your file counts %(service)s. "
            "If you remain in service, you can apply from %(opens)s."
        )
        % {"years": needed, "service": describe(service), "opens": _date(opens)},
        from_date=opens,
    )


def contributions_refund(*, status, service, today):
    if status != MemberStatus.CONTRIBUTING:
        return Eligibility(False, _("This procedure is for members who are leaving the civil service."))
    if service.total_months >= minimum_service_years(today) * 12:
        return Eligibility(
            False,
            _(
                "With %(service)s of service you have a right to a pension: your contributions are not "
                "refunded. Your pension is paid from the age limit, or earlier through early retirement."
            )
            % {"service": describe(service)},
        )
    return ALLOWED


def describe(duration):
    years = ngettext("%(count)d year", "%(count)d years", duration.years) % {"count": duration.years}
    if not duration.months:
        return years
    months = ngettext("%(count)d month", "%(count)d months", duration.months) % {"count": duration.months}
    return _("%(years)s and %(months)s") % {"years": years, "months": months}


def member_service(member, today):
    """(Duration of service up to ``today``, whether a career period is still open)."""
    periods = list(member.career_periods.all())
    return career.total_service(periods, today=today), any(p.end_date is None for p in periods)
