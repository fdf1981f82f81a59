"""The career page's flags as the member reads them: each anomaly of the file with what it means,
and where its "Report an error" stands.

``portal.career_anomalies`` finds what looks wrong; this module adds the member's side: whether a
correction request (``career_correction``) already answers a flag, so that the page (and the API)
says "reported on …, request DEM-…" or "accepted" instead of offering the button again. A request
answers a flag when it names the flag's key (``Anomaly.key``, the hidden ``anomaly`` field the
button posts). A refused or withdrawn request no longer answers it: the member may report again.
The flag itself disappears only when the next import changes the file (``find`` no longer finds it).

The requests are read in one query, through ``Case.objects.visible_to`` (what the account acting on
the file may open), so that every link shown leads somewhere.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from portal import career_anomalies
from portal.career_anomalies import Anomaly, Kind
from portal.casework.choices import Status
from portal.casework.models import Case
from portal.casework.procedures.career_correction import CAREER_CORRECTION
from portal.casework.services import INITIAL

PROCEDURE = CAREER_CORRECTION.code
STEP = CAREER_CORRECTION.steps[0].name

# What the correction form's "What is wrong?" proposes for each kind of flag.
WHAT = {
    Kind.GAP: "missing_period",
    Kind.OVERLAP: "wrong_dates",
    Kind.BEFORE_AFFILIATION: "wrong_dates",
    Kind.SALARY_DROP: "wrong_salary",
    Kind.NO_CONTRIBUTIONS: "missing_contributions",
    Kind.LOW_CONTRIBUTIONS: "missing_contributions",
}
# The flags about one period of the file, which starts on the flag's start (the later of two
# overlapping periods, the period paid less, the period before affiliation): its administration
# is proposed. A gap or a year of contributions is about no period of the file.
ABOUT_A_PERIOD = frozenset({Kind.OVERLAP, Kind.SALARY_DROP, Kind.BEFORE_AFFILIATION})


class State:
    OPEN = "open"  # nothing answers it: the "Report an error" button
    DRAFT = "draft"  # a report started and not sent: continue it
    REPORTED = "reported"  # sent, the fund has not decided yet
    ACCEPTED = "accepted"  # the correction goes to the core system; the flag leaves with the next import


@dataclass(frozen=True)
class Flag:
    anomaly: Anomaly
    title: str
    meaning: str
    state: str
    case: Case | None = None  # the request answering the flag (None when open)
    refused: Case | None = None  # the last report refused, when the flag is open again
    proposed: dict = field(default_factory=dict)  # the start button's hidden fields

    @property
    def key(self):
        return self.anomaly.key

    @property
    def kind(self):
        return self.anomaly.kind


def answered_key(case):
    """The flag a correction request answers: the key of its saved step, else of its proposal."""
    for part in (case.answers.get(STEP), case.answers.get(INITIAL)):
        if isinstance(part, dict) and part.get("anomaly"):
            return part["anomaly"]
    return ""


# When several requests name the same flag, the one that says the most: accepted, then sent, then draft.
_RANK = {State.ACCEPTED: 0, State.REPORTED: 1, State.DRAFT: 2}


def _state(case):
    if case.status == Status.ACCEPTED:
        return State.ACCEPTED
    if case.status == Status.DRAFT:
        return State.DRAFT
    if case.status in (Status.REFUSED, Status.WITHDRAWN):
        return None
    return State.REPORTED


def correction_cases(member, account):
    """The member's correction requests that ``account`` may open, newest first (one query)."""
    return Case.objects.visible_to(account).filter(member=member, procedure=PROCEDURE).order_by("-created_at", "-pk")


def _by_key(cases):
    answering, refused = {}, {}
    for case in cases:
        key = answered_key(case)
        if not key:
            continue
        state = _state(case)
        if state is None:
            if case.status == Status.REFUSED:
                refused.setdefault(key, case)  # newest first: the last refusal
            continue
        known = answering.get(key)
        if known is None or _RANK[state] < _RANK[known[0]]:
            answering[key] = (state, case)
    return answering, refused


def proposed(anomaly, periods):
    """The fields the "Report an error" button posts, so that the form opens with the period filled in."""
    fields = {"anomaly": anomaly.key, "what": WHAT[anomaly.kind], "start_date": anomaly.start.isoformat()}
    if anomaly.end is not None:
        fields["end_date"] = anomaly.end.isoformat()
    if anomaly.kind in ABOUT_A_PERIOD:
        period = next((period for period in periods if period.start_date == anomaly.start), None)
        if period is not None and period.administration:
            fields["administration"] = period.administration
    return fields


def for_member(member, *, account, today, rules, periods=None, years=None):
    """Every flag of ``member``'s file, in date order, with the request answering it if any.

    ``account``: the account the page acts in the name of (``portal.access.acting_account``).
    ``periods``, ``years``: the file's career periods and contribution years when the caller has
    already read them (the career page shows them too).
    """
    periods = list(member.career_periods.all()) if periods is None else list(periods)
    years = list(member.contribution_years.all()) if years is None else list(years)
    anomalies = career_anomalies.find(
        periods=periods, years=years, affiliation_date=member.affiliation_date, today=today, rules=rules
    )
    if not anomalies:
        return []
    answering, refused = _by_key(correction_cases(member, account))
    flags = []
    for anomaly in anomalies:
        title, meaning = career_anomalies.describe(anomaly)
        state, case = answering.get(anomaly.key, (State.OPEN, None))
        flags.append(
            Flag(
                anomaly=anomaly,
                title=title,
                meaning=meaning,
                state=state,
                case=case,
                refused=refused.get(anomaly.key) if state == State.OPEN else None,
                proposed=proposed(anomaly, periods),
            )
        )
    return flags


def json_safe(details):
    """An anomaly's details for JSON: amounts as strings (as the API sends every amount), dates ISO."""
    safe = {}
    for name, value in details.items():
        if isinstance(value, Decimal):
            value = str(value.quantize(Decimal("0.01")))
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        safe[name] = value
    return safe
