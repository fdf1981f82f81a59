"""The steering dashboard's demo: a year of the fund's activity, so that its charts have shapes to show.

- 700 member files (core ids ``CORE-S-…``, affiliation numbers ``AS…``: no other demo part reads them)
  across the three populations, the twelve regions and every age band, one pensioner in six abroad;
- portal accounts opened and linked to a file each week: a trickle, then more after the campaign that
  began ``CAMPAIGN_WEEKS`` ago, bringing the linked share into the target band; their sign-ins;
- claims over twelve months through the four channels, the online share rising from about a third to
  two thirds, answered with realistic delays (some past their service level), the latest still waiting;
- requests for four procedures, submitted online or recorded by the fund, moved on and decided;
- searches in French and Arabic (some finding nothing), typed by enough visitors to reach the search
  report, and the results people opened.

Everything is dated back from today by a seeded generator (the same demo every time) and written with
``bulk_create`` (a few seconds on SQLite); then the figures are computed, as the periodic task would.
Loading again adds nothing: the history exists once its member files do.
"""

import datetime
import hashlib
import random
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from wagtail.models import Page

from portal.casework.choices import EventKind
from portal.casework.choices import Status as CaseStatus
from portal.casework.models import Case, CaseEvent
from portal.claims.choices import DEFAULT_DAYS_TO_ANSWER
from portal.claims.choices import Status as ClaimStatus
from portal.claims.models import Claim
from portal.models import AuditAction, AuditEvent, Member
from portal.steering import periods, refresh
from portal.steering.models import ActiveWeek
from search.models import IndexedPage, QueryLog, ResultClick

PREFIX = "CORE-S-"
MEMBERS = 700
WEEKS = 52
MONTHS = 12
CAMPAIGN_WEEKS = 20

# (status, weight, youngest, oldest)
POPULATIONS = (("contributing", 55, 24, 63), ("retired", 35, 60, 92), ("survivor", 10, 40, 90))
# Region code, weight, a city of the region.
REGIONS = (
    ("06", 22, "Casablanca"),
    ("04", 16, "Rabat"),
    ("03", 12, "Fès"),
    ("07", 11, "Marrakech"),
    ("01", 10, "Tanger"),
    ("09", 8, "Agadir"),
    ("02", 7, "Oujda"),
    ("05", 6, "Béni Mellal"),
    ("08", 4, "Errachidia"),
    ("10", 2, "Guelmim"),
    ("11", 1, "Laâyoune"),
    ("12", 1, "Dakhla"),
)
ABROAD = (("FR", "Lyon"), ("ES", "Madrid"), ("BE", "Bruxelles"), ("IT", "Torino"), ("CA", "Montréal"))
FIRST_NAMES = (
    ("Ahmed", "أحمد"),
    ("Fatima", "فاطمة"),
    ("Mohamed", "محمد"),
    ("Khadija", "خديجة"),
    ("Youssef", "يوسف"),
    ("Naima", "نعيمة"),
    ("Hassan", "حسن"),
    ("Zineb", "زينب"),
)
LAST_NAMES = (
    ("Alaoui", "العلوي"),
    ("Bennis", "بنيس"),
    ("Tahiri", "الطاهري"),
    ("Mansouri", "المنصوري"),
    ("Cherkaoui", "الشرقاوي"),
    ("Amrani", "العمراني"),
)

# Claims' categories and how often each comes; the channels other than online share what is left.
CATEGORIES = (
    ("payments", 30),
    ("attestation", 22),
    ("career", 18),
    ("dossier_delay", 14),
    ("account_access", 8),
    ("other", 8),
)
OFFLINE = (("counter", 50), ("phone", 30), ("mail", 20))
# Procedure code, requests a month, median days to decide, the fund's service level (days).
PROCEDURES = (
    ("pension_age_limit", 9, 35, 60),
    ("survivor_pension", 5, 25, 45),
    ("contributions_refund", 3, 20, 30),
    ("life_certificate", 7, 4, 15),
)
# (query, language, results): the searches people make, the last ones finding nothing.
QUERIES = (
    ("attestation de pension", "fr", 12),
    ("date de paiement", "fr", 8),
    ("pension de réversion", "fr", 9),
    ("certificat de vie", "fr", 6),
    ("simulateur retraite", "fr", 4),
    ("شهادة المعاش", "ar", 7),
    ("تاريخ الأداء", "ar", 5),
    ("معاش الأرامل", "ar", 3),
    ("retraite anticipée", "fr", 6),
    ("changer de RIB", "fr", 0),
    ("مكتب قريب", "ar", 0),
    ("allocations familiales", "fr", 0),
)


def load(now=None):
    """Write the year of history unless it exists, then compute the figures; returns how many."""
    now = now or timezone.now()
    if not Member.objects.filter(core_id__startswith=PREFIX).exists():
        rng = random.Random(22)
        members = _members(rng, now)
        accounts = _accounts(rng, members, now)
        _sign_ins(rng, accounts, now)
        _claims(rng, members, now)
        _requests(rng, members, now)
        _searches(rng, now)
    # Full: the history just written is older than any earlier refresh would recompute.
    return refresh.refresh(actor="load_demo", full=True).rows


def _pick(rng, weighted):
    return rng.choices(weighted, weights=[item[1] for item in weighted])[0]


def _between(rng, start, end):
    return start + (end - start) * rng.random()


@contextmanager
def _dated(*models):
    """``bulk_create`` keeping the history's dates: ``auto_now_add`` would stamp every row "now"."""
    fields = [model._meta.get_field("created_at") for model in models]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _members(rng, now):
    today = periods.today(now)
    members = []
    for n in range(1, MEMBERS + 1):
        status, _weight, youngest, oldest = _pick(rng, POPULATIONS)
        age_days = rng.randint(youngest * 365, oldest * 365 + 364)
        abroad = status != "contributing" and rng.random() < 1 / 6
        country, city = rng.choice(ABROAD) if abroad else ("MA", None)
        region = ""
        if not abroad:
            region, _weight, city = _pick(rng, REGIONS)
        first, first_ar = rng.choice(FIRST_NAMES)
        last, last_ar = rng.choice(LAST_NAMES)
        members.append(
            Member(
                core_id=f"{PREFIX}{n:05d}",
                affiliation_number=f"AS{n:010d}",
                national_id=f"S{n:06d}",
                first_name=first,
                last_name=last,
                first_name_ar=first_ar,
                last_name_ar=last_ar,
                birth_date=today - datetime.timedelta(days=age_days),
                status=status,
                country=country,
                city=city,
                region=region,
            )
        )
    return Member.objects.bulk_create(members)


def _weekly_accounts(week):
    """Accounts opened in the week ``week`` weeks ago: a trickle, the campaign's first six weeks, its tail."""
    if week >= CAMPAIGN_WEEKS:
        return 1
    return 6 if week >= CAMPAIGN_WEEKS - 6 else 3


def _accounts(rng, members, now):
    """Accounts opened over the year; two in three linked to a file within days. Members in service link
    most, pensioners less, survivors and those abroad least (a weighted draw without replacement)."""
    weight = {"contributing": 4, "retired": 1.5, "survivor": 1}
    candidates = sorted(
        members,
        key=lambda m: rng.random() ** (1 / (weight[m.status] * (1 if m.country == "MA" else 0.5))),
    )
    users, links = [], []
    unusable = make_password(None)
    for week in range(WEEKS - 1, -1, -1):
        for _n in range(_weekly_accounts(week) + rng.randint(0, 1)):
            joined = _between(rng, now - datetime.timedelta(weeks=week + 1), now - datetime.timedelta(weeks=week))
            n = len(users) + 1
            user = get_user_model()(
                username=f"portail.s{n:04d}@demo.example",
                email=f"portail.s{n:04d}@demo.example",
                password=unusable,
                date_joined=joined,
            )
            users.append(user)
            if candidates and rng.random() < 0.65:
                linked = min(joined + datetime.timedelta(hours=rng.uniform(0.2, 96)), now)
                links.append((user, candidates.pop(), linked))
    users = get_user_model().objects.bulk_create(users)
    for user, member, _when in links:
        member.user = user
    Member.objects.bulk_update([member for _user, member, _when in links], ["user"])
    with _dated(AuditEvent):
        AuditEvent.objects.bulk_create(
            AuditEvent(
                created_at=when,
                actor=user,
                actor_label=user.email,
                action=AuditAction.ENROLMENT_SUCCEEDED,
                member=member,
            )
            for user, member, when in links
        )
    linked = {user.pk for user, _member, _when in links}
    return [(user, user.pk in linked) for user in users]


def _sign_ins(rng, accounts, now):
    """Each account signs in some weeks after it was opened, a linked one more often."""
    this_week = periods.start_of(periods.today(now), "week")
    rows = []
    for user, linked in accounts:
        week = periods.start_of(periods.today(user.date_joined), "week")
        rows.append(ActiveWeek(user=user, week=week))
        while (week := week + datetime.timedelta(weeks=1)) <= this_week:
            if rng.random() < (0.35 if linked else 0.08):
                rows.append(ActiveWeek(user=user, week=week))
    ActiveWeek.objects.bulk_create(rows)


def _claims(rng, members, now):
    """Twelve months of claims, more each month and more of them online; answered after a few days."""
    claims = []
    for month in range(MONTHS):
        ago = MONTHS - 1 - month
        online = 0.32 + 0.34 * month / (MONTHS - 1)
        for _n in range(45 + 4 * month):
            created = _between(
                rng, now - datetime.timedelta(days=30 * (ago + 1)), now - datetime.timedelta(days=30 * ago)
            )
            category = _pick(rng, CATEGORIES)[0]
            channel = "web" if rng.random() < online else _pick(rng, OFFLINE)[0]
            first = created + datetime.timedelta(days=rng.lognormvariate(1.0, 0.8))
            answered = first + datetime.timedelta(days=rng.lognormvariate(1.2, 0.7))
            status = ClaimStatus.CLOSED if answered < now - datetime.timedelta(days=14) else ClaimStatus.ANSWERED
            if answered > now:
                status, answered = ClaimStatus.IN_PROGRESS, None
            if first > now:
                status, first = ClaimStatus.SUBMITTED, None
            claims.append(
                Claim(
                    reference=f"DEMO-S-{len(claims) + 1:05d}",
                    member=rng.choice(members),
                    category=category,
                    subject="Demande d'information",
                    description="Réclamation de démonstration.",
                    channel=channel,
                    status=status,
                    language="ar" if rng.random() < 0.3 else "fr",
                    created_at=created,
                    due_at=created + datetime.timedelta(days=DEFAULT_DAYS_TO_ANSWER[category]),
                    first_response_at=first,
                    answered_at=answered,
                    closed_at=answered + datetime.timedelta(days=7) if status == ClaimStatus.CLOSED else None,
                )
            )
    Claim.objects.bulk_create(claims)


def _requests(rng, members, now):
    """Requests per procedure and month: the fund moves on them within days and decides within weeks."""
    cases, moves = [], []
    for month in range(MONTHS):
        ago = MONTHS - 1 - month
        online = 0.5 + 0.3 * month / (MONTHS - 1)
        for procedure, per_month, median, service_days in PROCEDURES:
            for _n in range(per_month + rng.randint(-2, 2)):
                submitted = _between(
                    rng, now - datetime.timedelta(days=30 * (ago + 1)), now - datetime.timedelta(days=30 * ago)
                )
                moved = submitted + datetime.timedelta(days=rng.lognormvariate(0.7, 0.6))
                decided = submitted + datetime.timedelta(days=median * rng.lognormvariate(0, 0.6))
                status = CaseStatus.ACCEPTED if rng.random() < 0.85 else CaseStatus.REFUSED
                if decided > now:
                    status, decided = (CaseStatus.UNDER_REVIEW if moved <= now else CaseStatus.SUBMITTED), None
                case = Case(
                    reference=f"DEMO-S-{len(cases) + 1:05d}",
                    procedure=procedure,
                    member=rng.choice(members),
                    status=status,
                    channel="web" if rng.random() < online else rng.choice(("fund", "core")),
                    created_at=submitted,
                    submitted_at=submitted,
                    due_at=submitted + datetime.timedelta(days=service_days),
                    decided_at=decided,
                    # History: the core system received the accepted ones long ago (nothing left to export).
                    exported_at=decided + datetime.timedelta(days=1) if status == CaseStatus.ACCEPTED else None,
                )
                cases.append(case)
                moves.append((case, moved, decided))
    Case.objects.bulk_create(cases)
    events = []
    for case, moved, decided in moves:
        events.append(
            CaseEvent(case=case, kind=EventKind.SUBMITTED, to_status=CaseStatus.SUBMITTED, created_at=case.submitted_at)
        )
        if moved <= now:
            events.append(
                CaseEvent(case=case, kind=EventKind.STATUS, to_status=CaseStatus.UNDER_REVIEW, created_at=moved)
            )
        if decided:
            events.append(CaseEvent(case=case, kind=EventKind.DECISION, to_status=case.status, created_at=decided))
    CaseEvent.objects.bulk_create(events)


def _searches(rng, now):
    """Searches each week, growing, from a few hundred visitors; a third of those that found something
    are followed by a click on a result."""
    pages = list(IndexedPage.objects.values_list("page_id", flat=True)[:20]) or list(
        Page.objects.filter(depth__gt=2, live=True).values_list("pk", flat=True)[:20]
    )
    weights = [len(QUERIES) - index for index in range(len(QUERIES))]
    logs, clicks = [], []
    for week in range(WEEKS):
        ago = WEEKS - 1 - week
        for _n in range(60 + 3 * week):
            query, language, results = rng.choices(QUERIES, weights=weights)[0]
            when = _between(rng, now - datetime.timedelta(weeks=ago + 1), now - datetime.timedelta(weeks=ago))
            visitor = hashlib.sha256(f"demo-visitor-{rng.randrange(400)}".encode()).hexdigest()
            logs.append(
                QueryLog(
                    query=query, language=language, results=results, backend="db", visitor=visitor, created_at=when
                )
            )
            if results and rng.random() < 0.35:
                page = pages[QUERIES.index((query, language, results)) % len(pages)] if pages else None
                clicks.append(ResultClick(query=query, page_id=page, position=rng.randint(1, 3), created_at=when))
    with _dated(QueryLog, ResultClick):
        QueryLog.objects.bulk_create(logs)
        ResultClick.objects.bulk_create(clicks)
