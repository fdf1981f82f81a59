"""What looks wrong in a career as the core system recorded it, found before the member retires.

The most costly surprise at retirement is a period missing from the file; the member is the one
who knows their career, so the career page shows these flags and a way to report the error
(a ``career_correction`` request). They are computed from the file each time it is shown:
once the core system has corrected the file, the next import makes the flag disappear.

Months are counted as ``portal.career`` counts them (every month a period touches), so a gap is
at least one whole calendar month without any period; a few days between two posts are not one.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from portal.career import month_index, month_start
from portal.pension_rules.names import Name

# A salary lower than the one before by more than this share is flagged: a civil servant's salary
# does not go down, so it is most often a typing error in the file (or an unpaid leave to record).
SALARY_DROP_SHARE = Decimal("0.10")


class Kind:
    GAP = "gap"
    OVERLAP = "overlap"
    NO_CONTRIBUTIONS = "no_contributions"
    LOW_CONTRIBUTIONS = "low_contributions"
    SALARY_DROP = "salary_drop"
    BEFORE_AFFILIATION = "before_affiliation"

    ALL = (GAP, OVERLAP, NO_CONTRIBUTIONS, LOW_CONTRIBUTIONS, SALARY_DROP, BEFORE_AFFILIATION)


@dataclass(frozen=True)
class Anomaly:
    kind: str
    start: datetime.date
    end: datetime.date | None
    details: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self):
        """Stable while the file does not change: a correction request names the flag it answers."""
        end = self.end.isoformat() if self.end else ""
        return f"{self.kind}:{self.start.isoformat()}:{end}"


def _month_end(index):
    return month_start(index + 1) - datetime.timedelta(days=1)


def _end(period, today):
    return period.end_date or today


def gaps(periods, today):
    covered = set()
    for period in periods:
        covered.update(range(month_index(period.start_date), month_index(_end(period, today)) + 1))
    if not covered:
        return []
    found, run = [], []
    for index in range(min(covered), max(covered) + 1):
        if index not in covered:
            run.append(index)
        elif run:
            found.append(Anomaly(Kind.GAP, month_start(run[0]), _month_end(run[-1]), {"months": len(run)}))
            run = []
    return found


def overlaps(periods, today):
    found = []
    ordered = sorted(periods, key=lambda period: (period.start_date, period.pk or 0))
    for position, first in enumerate(ordered):
        for second in ordered[position + 1 :]:
            if second.start_date > _end(first, today):
                break
            end = min(_end(first, today), _end(second, today))
            details = {"first": first.administration, "second": second.administration}
            found.append(Anomaly(Kind.OVERLAP, second.start_date, end, details))
    return found


def _years(period, today):
    return range(period.start_date.year, _end(period, today).year + 1)


def _bases_in(periods, year, today):
    """{month: contribution base} of a year; two posts at once count once, at the higher base, as
    the simulator counts them (a secondment pays contributions on one salary, not two)."""
    bases = {}
    for period in periods:
        first = max(month_index(period.start_date), year * 12)
        last = min(month_index(_end(period, today)), year * 12 + 11)
        for index in range(first, last + 1):
            bases[index] = max(period.contribution_base, bases.get(index, Decimal(0)))
    return bases


def contributions(periods, years, today, rules):
    """Years served without contributions recorded (the current year is not complete yet), and years
    whose member's contributions are lower than the salaries imply by more than a month's worth (a
    period starting or ending mid-month counts that month whole)."""
    recorded = {row.year: row for row in years}
    served = sorted({year for period in periods for year in _years(period, today) if year < today.year})
    missing, low = [], []
    for year in served:
        row = recorded.get(year)
        if row is None or not row.employee_amount:
            missing.append(year)
            continue
        rate = rules.rate(Name.CONTRIBUTION_RATE, datetime.date(year, 1, 1))
        bases = _bases_in(periods, year, today)
        expected = (sum(bases.values(), Decimal(0)) * rate).quantize(Decimal("0.01"))
        one_month = max(bases.values()) * rate
        if row.employee_amount < expected - one_month:
            details = {"year": year, "expected": expected, "recorded": row.employee_amount, "rate": rate * 100}
            low.append(Anomaly(Kind.LOW_CONTRIBUTIONS, datetime.date(year, 1, 1), datetime.date(year, 12, 31), details))
    return _runs_of_years(missing) + low


def _runs_of_years(years):
    """Consecutive years as one flag: 2003, 2004, 2005 -> 2003–2005."""
    found, run = [], []
    for year in years:
        if run and year != run[-1] + 1:
            found.append(_no_contributions(run))
            run = []
        run.append(year)
    if run:
        found.append(_no_contributions(run))
    return found


def _no_contributions(run):
    details = {"first_year": run[0], "last_year": run[-1]}
    return Anomaly(Kind.NO_CONTRIBUTIONS, datetime.date(run[0], 1, 1), datetime.date(run[-1], 12, 31), details)


def salary_drops(periods):
    found = []
    ordered = sorted(periods, key=lambda period: (period.start_date, period.pk or 0))
    for before, after in itertools.pairwise(ordered):
        if before.contribution_base and after.contribution_base < before.contribution_base * (1 - SALARY_DROP_SHARE):
            share = (1 - after.contribution_base / before.contribution_base) * 100
            details = {"before": before.contribution_base, "after": after.contribution_base, "share": round(share)}
            found.append(Anomaly(Kind.SALARY_DROP, after.start_date, after.end_date, details))
    return found


def before_affiliation(periods, affiliation_date):
    if affiliation_date is None:
        return []
    return [
        Anomaly(
            Kind.BEFORE_AFFILIATION,
            period.start_date,
            period.end_date,
            {"administration": period.administration, "affiliation_date": affiliation_date},
        )
        for period in periods
        if period.start_date < affiliation_date
    ]


def find(*, periods, years, affiliation_date, today, rules):
    """Every flag of a career, in date order."""
    periods = list(periods)
    found = (
        gaps(periods, today)
        + overlaps(periods, today)
        + contributions(periods, list(years), today, rules)
        + salary_drops(periods)
        + before_affiliation(periods, affiliation_date)
    )
    return sorted(found, key=lambda anomaly: (anomaly.start, Kind.ALL.index(anomaly.kind)))


def for_member(member, *, today, rules):
    return find(
        periods=member.career_periods.all(),
        years=member.contribution_years.all(),
        affiliation_date=member.affiliation_date,
        today=today,
        rules=rules,
    )


# Figures, dates and names in Latin script are isolated from the sentence around them (FSI … PDI, the
# plain-text <bdi>): the text goes to HTML, the API and PDFs alike, and "7 560,00 MAD" must not be
# reordered inside an Arabic sentence.
def _isolated(text):
    return f"\u2068{text}\u2069"


def _date(day):
    return _isolated(formats.date_format(day, "DATE_FORMAT")) if day else _("today")


def _amount(value):
    return _isolated(formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True))


def describe(anomaly):
    """(title, what it means) for the member, in the active language."""
    d = anomaly.details
    span = {"start": _date(anomaly.start), "end": _date(anomaly.end)}
    if anomaly.kind == Kind.GAP:
        return (
            _("No period from %(start)s to %(end)s") % span,
            _(
                "Your file has no period of service for these months. If you were in service, they are "
                "missing from your pension: report the error with a document from that time."
            ),
        )
    if anomaly.kind == Kind.OVERLAP:
        return (
            _("Two periods at once from %(start)s to %(end)s") % span,
            _(
                "“%(first)s” and “%(second)s” cover the same months. This is normal for a secondment; the "
                "months count once. Otherwise one of the dates is wrong."
            )
            % {"first": _isolated(d["first"]), "second": _isolated(d["second"])},
        )
    if anomaly.kind == Kind.NO_CONTRIBUTIONS:
        years = str(d["first_year"]) if d["first_year"] == d["last_year"] else f"{d['first_year']}–{d['last_year']}"
        return (
            _("No contributions recorded for %(years)s") % {"years": _isolated(years)},
            _(
                "You were in service, but the file records no contributions for these years. Months without "
                "contributions may not count for your pension."
            ),
        )
    if anomaly.kind == Kind.LOW_CONTRIBUTIONS:
        return (
            _("Contributions lower than your salary implies in %(year)s") % {"year": _isolated(d["year"])},
            _(
                "At %(rate)s %% of the salaries in your file, %(expected)s MAD were expected; %(recorded)s MAD "
                "are recorded. A salary or a contribution may be missing."
            )
            % {
                "rate": _isolated(formats.number_format(d["rate"].normalize())),
                "expected": _amount(d["expected"]),
                "recorded": _amount(d["recorded"]),
            },
        )
    if anomaly.kind == Kind.SALARY_DROP:
        return (
            _("Salary down by %(share)s %% from %(start)s") % {"share": _isolated(d["share"]), **span},
            _(
                "The monthly salary goes from %(before)s MAD to %(after)s MAD. A civil servant's salary does not "
                "usually go down: check the figure on your pay slips."
            )
            % {"before": _amount(d["before"]), "after": _amount(d["after"])},
        )
    return (
        _("Period before your affiliation, from %(start)s") % span,
        _(
            "“%(administration)s” starts before the date you joined the scheme (%(affiliation)s). Either the "
            "period or the affiliation date is wrong."
        )
        % {"administration": _isolated(d["administration"]), "affiliation": _date(d["affiliation_date"])},
    )
