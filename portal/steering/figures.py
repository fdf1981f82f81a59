"""The fund-wide steering series: adoption, channels, service levels, backlogs, search.

Every figure is one SQL aggregation (a GROUP BY over the large table, filtered to the periods being
recomputed); what Python does afterwards touches the grouped rows only (a few dozen), e.g. folding
the claims' and requests' channels into the channel strategy's words.

Each series counts an event in the period it happened (an account created, a file linked, a claim
filed, a first answer given): a change after a refresh lands in the period of that refresh or a later
one, which is what lets the refresh recompute only the recent periods (``portal.steering.refresh``).
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Case as When_
from django.db.models import CharField, Count, OuterRef, Q, Subquery, Value, When

from portal.casework import choices as case_choices
from portal.casework.models import Case, CaseEvent
from portal.claims import choices as claim_choices
from portal.claims.models import Claim
from portal.models import AuditAction, AuditEvent, Member
from portal.steering import durations, periods
from portal.steering.choices import Channel, Unit
from portal.steering.models import ActiveWeek
from portal.steering.series import Row, series

BOTH = (Unit.WEEK, Unit.MONTH)
ALL = ""  # the key of a series' total over its keys

# Claims' and requests' channels, in the channel strategy's words.
CLAIM_CHANNELS = {
    claim_choices.Channel.WEB: Channel.ONLINE,
    claim_choices.Channel.COUNTER: Channel.COUNTER,
    claim_choices.Channel.PHONE: Channel.PHONE,
    claim_choices.Channel.MAIL: Channel.MAIL,
}
CASE_CHANNELS = {
    case_choices.Channel.WEB: Channel.ONLINE,
    case_choices.Channel.PUBLIC: Channel.ONLINE,
    case_choices.Channel.EMPLOYER: Channel.ONLINE,
    case_choices.Channel.FUND: Channel.FUND,
    case_choices.Channel.CORE: Channel.FUND,
}

# The fund's first visible move on a request: a status change, a document asked for, a decision, or
# an update from its core system (the member reads each of them in the request's timeline).
FIRST_MOVES = (
    case_choices.EventKind.STATUS,
    case_choices.EventKind.DOCUMENT_REQUESTED,
    case_choices.EventKind.DECISION,
    case_choices.EventKind.CORRECTION_ASKED,
    case_choices.EventKind.CORE,
)

# Backlog ages in days: (key, from, to or None).
AGE_BUCKETS = (("0-7", 0, 7), ("8-30", 8, 30), ("31-90", 31, 90), ("91-plus", 91, None))


def _counted(queryset, moment, unit, since, *, by=None, distinct=None):
    """Rows counting ``queryset`` by the period of ``moment`` (and the field ``by``), from ``since``."""
    queryset = queryset.filter(**{f"{moment}__gte": periods.moment(since)}).order_by()
    groups = ["_period"] + ([by] if by else [])
    counted = Count(distinct, distinct=True) if distinct else Count("pk")
    rows = queryset.annotate(_period=periods.trunc(moment, unit)).values(*groups).annotate(n=counted)
    return [(periods.as_date(row["_period"]), row[by] if by else ALL, row["n"]) for row in rows]


def _folded(rows, mapping):
    """Rows whose keys are mapped through ``mapping`` and summed (several raw keys, one channel)."""
    totals = {}
    for period, key, count in rows:
        folded = (period, str(mapping.get(key, key)))
        totals[folded] = totals.get(folded, 0) + count
    return [Row(period, key, count) for (period, key), count in totals.items()]


# --- Adoption --------------------------------------------------------------------------------------


@series("accounts.created", units=BOTH)
def accounts_created(*, unit, since, today):
    """Portal accounts opened (the fund's staff excluded)."""
    users = get_user_model().objects.filter(is_staff=False)
    return [Row(period, key, n) for period, key, n in _counted(users, "date_joined", unit, since)]


@series("accounts.linked", units=BOTH)
def accounts_linked(*, unit, since, today):
    """Member files linked to an account (the enrolment that succeeded), each file once a period."""
    linked = AuditEvent.objects.filter(action=AuditAction.ENROLMENT_SUCCEEDED, member__isnull=False)
    return [Row(period, key, n) for period, key, n in _counted(linked, "created_at", unit, since, distinct="member")]


@series("accounts.active", units=(Unit.WEEK,))
def accounts_active(*, unit, since, today):
    """Accounts that signed in during the week, by the population of their member file ("none" without
    one); the fund's staff are not counted, as in "accounts opened" (an account may become staff later)."""
    rows = (
        ActiveWeek.objects.filter(week__gte=since, user__is_staff=False)
        .order_by()
        .values("week", "user__member__status")
        .annotate(n=Count("pk"))
    )
    counts = {}
    for row in rows:
        key = (row["week"], row["user__member__status"] or "none")
        counts[key] = counts.get(key, 0) + row["n"]
        counts[(row["week"], ALL)] = counts.get((row["week"], ALL), 0) + row["n"]
    return [Row(week, key, n) for (week, key), n in counts.items()]


def _age_band(today):
    whens = []
    for key, youngest, oldest in periods.AGE_BANDS:
        earliest, latest = periods.born_between(today, youngest, oldest)
        condition = Q(birth_date__lte=latest) & (Q(birth_date__gte=earliest) if earliest else Q())
        whens.append(When(condition, then=Value(key)))
    return When_(*whens, default=Value("unknown"), output_field=CharField())


def _residence():
    return When_(When(country="MA", then=Value("morocco")), default=Value("abroad"), output_field=CharField())


@series("adoption.segments", units=(Unit.DAY,))
def adoption_segments(*, unit, since, today):
    """Today's members and how many have an account linked to their file, by population, region, age
    band and residence (key "dimension:value"; "all" for the whole fund).

    One pass over the members, grouped by the four dimensions together (a few hundred groups at most),
    then summed per dimension: at 1.6 million members one scan costs a fifth of one per dimension."""
    grouped = (
        Member.objects.order_by()
        .annotate(_age=_age_band(today), _residence=_residence())
        .values("status", "region", "_age", "_residence")
        .annotate(n=Count("pk"), linked=Count("pk", filter=Q(user__isnull=False)))
    )
    dimensions = {"population": "status", "region": "region", "age": "_age", "residence": "_residence"}
    totals = {}
    for group in grouped:
        keys = [f"{dimension}:{group[field] or 'unknown'}" for dimension, field in dimensions.items()] + ["all"]
        for key in keys:
            n, linked = totals.get(key, (0, 0))
            totals[key] = (n + group["n"], linked + group["linked"])
    if "all" not in totals:
        totals["all"] = (0, 0)
    return [Row(today, key, n, linked) for key, (n, linked) in totals.items()]


# --- Channels --------------------------------------------------------------------------------------


@series("channels.claims")
def claims_by_channel(*, unit, since, today):
    """Claims received, by channel."""
    return _folded(_counted(Claim.objects.all(), "created_at", unit, since, by="channel"), CLAIM_CHANNELS)


@series("channels.cases")
def cases_by_channel(*, unit, since, today):
    """Requests submitted (drafts never sent are not requests), by channel."""
    submitted = Case.objects.filter(submitted_at__isnull=False)
    return _folded(_counted(submitted, "submitted_at", unit, since, by="channel"), CASE_CHANNELS)


# --- Service levels --------------------------------------------------------------------------------


def _durations(queryset, *, by, start, end, unit, since, within=None):
    """Rows per period of ``end`` and per ``by`` (plus the total, key ""): count, within, median, p90."""
    queryset = queryset.filter(**{f"{end}__gte": periods.moment(since), f"{start}__isnull": False})
    queryset = queryset.annotate(_period=periods.trunc(end, unit))
    rows = []
    for groups, key_of in ((["_period", by], lambda g: g[1]), (["_period"], lambda g: ALL)):
        for group, (n, part, median, p90) in durations.grouped(
            queryset, groups=groups, start=start, end=end, within=within
        ).items():
            rows.append(Row(periods.as_date(group[0]), key_of(group), n, part, median, p90))
    return rows


@series("service.claims.first_answer")
def claims_first_answer(*, unit, since, today):
    """Claims first answered in the month, by category: days from receipt; within the service level."""
    return _durations(
        Claim.objects.all(),
        by="category",
        start="created_at",
        end="first_response_at",
        unit=unit,
        since=since,
        within=durations.within_q("first_response_at", "due_at"),
    )


@series("service.claims.answer")
def claims_answer(*, unit, since, today):
    """Claims answered in the month, by category: days from receipt to the answer."""
    return _durations(
        Claim.objects.all(),
        by="category",
        start="created_at",
        end="answered_at",
        unit=unit,
        since=since,
        within=durations.within_q("answered_at", "due_at"),
    )


def _first_move():
    return Subquery(
        CaseEvent.objects.filter(case=OuterRef("pk"), kind__in=FIRST_MOVES, is_internal=False)
        .order_by("created_at")
        .values("created_at")[:1]
    )


@series("service.cases.first_answer")
def cases_first_answer(*, unit, since, today):
    """Requests the fund first moved on in the month, by procedure: days from the submission."""
    moved = Case.objects.filter(submitted_at__isnull=False).annotate(_first_move=_first_move())
    return _durations(moved, by="procedure", start="submitted_at", end="_first_move", unit=unit, since=since)


@series("service.cases.decision")
def cases_decision(*, unit, since, today):
    """Requests decided in the month, by procedure: days from the submission; within the service level."""
    decided = Case.objects.filter(status__in=[case_choices.Status.ACCEPTED, case_choices.Status.REFUSED])
    return _durations(
        decided,
        by="procedure",
        start="submitted_at",
        end="decided_at",
        unit=unit,
        since=since,
        within=durations.within_q("decided_at", "due_at"),
    )


# --- Backlogs (snapshots) --------------------------------------------------------------------------


def _age_bucket(field, today):
    whens = []
    for key, youngest, oldest in AGE_BUCKETS:
        latest = periods.moment(today - datetime.timedelta(days=youngest - 1))
        condition = Q(**{f"{field}__lt": latest})
        if oldest is not None:
            condition &= Q(**{f"{field}__gte": periods.moment(today - datetime.timedelta(days=oldest))})
        whens.append(When(condition, then=Value(key)))
    return When_(*whens, default=Value(AGE_BUCKETS[0][0]), output_field=CharField())


def _backlog(queryset, field, today):
    overdue = Count("pk", filter=Q(due_at__lt=periods.moment(today)))
    rows = (
        queryset.order_by()
        .annotate(_age=_age_bucket(field, today))
        .values("_age")
        .annotate(n=Count("pk"), overdue=overdue)
    )
    out = [Row(today, row["_age"], row["n"], row["overdue"]) for row in rows]
    total = queryset.order_by().aggregate(n=Count("pk"), overdue=overdue)
    out.append(Row(today, ALL, total["n"], total["overdue"]))
    return out


@series("backlog.claims", units=(Unit.DAY,))
def claims_backlog(*, unit, since, today):
    """Claims not answered yet, by age in days since receipt (part: past their service level)."""
    waiting = Claim.objects.exclude(status__in=[claim_choices.Status.ANSWERED, claim_choices.Status.CLOSED])
    return _backlog(waiting, "created_at", today)


@series("backlog.cases", units=(Unit.DAY,))
def cases_backlog(*, unit, since, today):
    """Requests with the fund (submitted or under review), by age since the submission (part: overdue)."""
    waiting = Case.objects.filter(status__in=case_choices.WITH_THE_FUND, submitted_at__isnull=False)
    return _backlog(waiting, "submitted_at", today)


# --- Search ----------------------------------------------------------------------------------------


@series("search.queries", units=BOTH)
def searches(*, unit, since, today):
    """Searches made, by language (part: those that found nothing)."""
    from search.models import QueryLog

    rows = (
        QueryLog.objects.filter(created_at__gte=periods.moment(since))
        .order_by()
        .annotate(_period=periods.trunc("created_at", unit))
        .values("_period", "language")
        .annotate(n=Count("pk"), zero=Count("pk", filter=Q(results=0)))
    )
    out, totals = [], {}
    for row in rows:
        period = periods.as_date(row["_period"])
        out.append(Row(period, row["language"], row["n"], row["zero"]))
        n, zero = totals.get(period, (0, 0))
        totals[period] = (n + row["n"], zero + row["zero"])
    out.extend(Row(period, ALL, n, zero) for period, (n, zero) in totals.items())
    return out


SEARCH_DAYS = 30
SEARCH_LINES = 20


@series("search.top", units=(Unit.DAY,))
def top_searches(*, unit, since, today):
    """The last 30 days' most frequent queries ("q:…", part: clicks on a result) and queries that found
    nothing ("zero:…"), each typed by enough distinct visitors (``search.report``'s privacy rule)."""
    from search import report

    lines = report.build(days=SEARCH_DAYS, limit=SEARCH_LINES)
    rows = [Row(today, f"q:{line.query}", line.searches, line.clicks) for line in lines.top]
    rows += [Row(today, f"zero:{line.query}", line.searches) for line in lines.without_results]
    return rows


@series("search.pages", units=(Unit.DAY,))
def found_pages(*, unit, since, today):
    """The pages most opened from a search over 30 days ("page:<id>"), and how many indexed pages
    nobody opened from a search ("never", part: of how many indexed pages)."""
    from search.models import IndexedPage, ResultClick

    start = periods.moment(today - datetime.timedelta(days=SEARCH_DAYS))
    clicks = ResultClick.objects.filter(created_at__gte=start, page__isnull=False).order_by()
    top = clicks.values("page").annotate(n=Count("pk")).order_by("-n", "page")[:SEARCH_LINES]
    rows = [Row(today, f"page:{row['page']}", row["n"]) for row in top]
    indexed = IndexedPage.objects.order_by()
    never = indexed.exclude(page_id__in=clicks.values("page")).count()
    rows.append(Row(today, "never", never, indexed.count()))
    return rows
