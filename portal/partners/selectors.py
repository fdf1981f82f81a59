"""What the partners' pages and API read: the coming retirements of a scope, its dossiers, the delays.

Every function starts from a ``Scope`` (``portal.partners.scope``) or, for the fund's own
report, from all organisations.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from portal.casework.choices import Status
from portal.models import Member
from portal.partners import deadlines
from portal.partners.models import Organisation, RetirementDossier
from portal.pension_rules import schedule
from portal.pension_rules.names import Name

# One day either side of the birth-date window: the age limit of a birth on the 29th–31st lands on
# a shorter month's last day; the exact date is checked in Python on the few rows found.
_SLACK = datetime.timedelta(days=3)


def _birth_window(rules, start, end):
    """A Q on ``birth_date`` holding everyone whose age limit falls in [start, end], from the legal
    age's schedule (by birth date): one interval per row of the schedule."""
    rows = rules.changes(Name.LEGAL_AGE_MONTHS)
    window = Q(pk__in=[])
    for index, (applies_from, months) in enumerate(rows):
        months = int(months)
        earliest = deadlines.add_months(start, -months) - _SLACK
        latest = deadlines.add_months(end, -months) + _SLACK
        until = rows[index + 1][0] - datetime.timedelta(days=1) if index + 1 < len(rows) else latest
        low, high = max(earliest, applies_from), min(latest, until)
        if low <= high:
            window |= Q(birth_date__range=(low, high))
    return window


@dataclass
class Retirement:
    """One civil servant reaching the age limit, and where their dossier stands."""

    member: Member
    retirement_date: datetime.date
    due_on: datetime.date
    dossier: RetirementDossier | None
    late: bool

    @property
    def state(self):
        """``none``, or the dossier's case status (draft, submitted, …)."""
        return self.dossier.case.status if self.dossier is not None else "none"


def upcoming_retirements(scope, *, today=None, months=deadlines.LOOK_AHEAD_MONTHS, rules=None):
    """The civil servants in service in ``scope`` who reach the age limit from ``today`` to ``months``
    later, soonest first, each with their dossier (the latest one not withdrawn) and whether it is late."""
    today = today or timezone.localdate()
    rules = rules or schedule.load()
    end = deadlines.add_months(today, months)
    members = scope.in_service().filter(_birth_window(rules, today, end)).select_related("employer")
    found = []
    for member in members:
        retirement = deadlines.retirement_date(member.birth_date, rules)
        if today <= retirement <= end:
            found.append((member, retirement))
    dossiers = {}
    latest_first = RetirementDossier.objects.filter(member_id__in=[m.pk for m, _r in found]).exclude(
        case__status=Status.WITHDRAWN
    )
    for dossier in latest_first.select_related("case").order_by("created_at", "pk"):
        dossiers[dossier.member_id] = dossier
    rows = []
    for member, retirement in found:
        dossier = dossiers.get(member.pk)
        sent = dossier.case.submitted_at if dossier is not None else None
        sent_on = timezone.localdate(sent) if sent is not None else None
        rows.append(
            Retirement(
                member=member,
                retirement_date=retirement,
                due_on=deadlines.due_on(retirement),
                dossier=dossier,
                late=deadlines.is_late(sent_on=sent_on, retirement=retirement, today=today),
            )
        )
    rows.sort(key=lambda row: (row.retirement_date, row.member.last_name, row.member.pk))
    return rows


def _dates(dossiers):
    rows = dossiers.exclude(case__status__in=[Status.DRAFT, Status.WITHDRAWN]).values_list(
        "organisation_id", "retirement_date", "case__submitted_at", "case__decided_at"
    )
    for organisation_id, retirement, submitted_at, decided_at in rows:
        yield (
            organisation_id,
            deadlines.DossierDates(
                retirement=retirement,
                sent_on=timezone.localdate(submitted_at) if submitted_at else None,
                decided_on=timezone.localdate(decided_at) if decided_at else None,
            ),
        )


def delays(scope, *, today=None):
    """The delays of the dossiers in ``scope`` (``deadlines.Delays``)."""
    today = today or timezone.localdate()
    return deadlines.delays([dates for _org, dates in _dates(scope.dossiers())], today=today)


def late_dossiers(scope, *, today=None):
    """Dossiers of ``scope`` sent after their due date, latest due first."""
    today = today or timezone.localdate()
    sent = scope.dossiers().exclude(case__status__in=[Status.DRAFT, Status.WITHDRAWN]).select_related("case", "member")
    return [
        dossier
        for dossier in sent.order_by("-due_on", "pk")
        if not deadlines.on_time(
            sent_on=timezone.localdate(dossier.case.submitted_at), retirement=dossier.retirement_date
        )
    ]


def delays_by_organisation(*, today=None):
    """[(organisation, Delays)] for every organisation that sent a dossier, for the fund's report."""
    today = today or timezone.localdate()
    grouped = {}
    for organisation_id, dates in _dates(RetirementDossier.objects.all()):
        grouped.setdefault(organisation_id, []).append(dates)
    organisations = Organisation.objects.in_bulk(list(grouped))
    rows = [(organisations[pk], deadlines.delays(dates, today=today)) for pk, dates in grouped.items()]
    rows.sort(key=lambda row: row[0].name)
    return rows
