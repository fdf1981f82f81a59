"""The suspensions and reinstatements, written for the core system, which pays (or stops paying) pensions.

    manage.py export_life_control [OUTDIR]      (default LIFE_CONTROL_EXPORT_DIR; also run by the daily job)

The portal decides nothing about payments: it says "suspend this pension" or "pay it again" and the
core system acts. One run writes ``suspensions-<UTC timestamp>.jsonl`` and/or
``reinstatements-<UTC timestamp>.jsonl`` (one JSON object a line, oldest first), only when there is
something to say.

JSON lines, as ``manage.py export_cases`` writes its requests into the same exchange directory (one
reader on the core system's side): a suspension carries the list of the notices that reached the
person, the proof that the rule was followed, which a flat CSV row could only hold by inventing
columns.

Like ``portal.casework.exports``: the rows are locked and marked exported in the transaction that
reads them, so an event is never sent twice nor lost; the file is written under a temporary name and
renamed last, inside the transaction: if anything fails, the temporary file is removed and the
transaction rolls back, nothing written, nothing marked.
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from portal.lifecontrol import notices, rules
from portal.lifecontrol.models import LifeCheck

PARTIAL = ".partial"


def _day(moment):
    # The fund's calendar day (TIME_ZONE), as the pensioner and the agents read it.
    return timezone.localdate(moment).isoformat() if moment else None


def _utc(moment):
    return moment.astimezone(datetime.UTC).isoformat()


def _member(check):
    member = check.member
    return {
        "core_id": member.core_id,
        "pension_number": member.pension_number,
        "affiliation_number": member.affiliation_number,
    }


def _campaign(check):
    return {"campaign_id": check.campaign_id, "campaign_year": check.campaign.year}


def _notices(check):
    """The notices that reached the person, in order: what allowed the suspension."""
    facts = sorted((fact for fact in notices.facts(check) if fact.reached_on is not None), key=lambda f: f.reached_on)
    return [{"kind": fact.kind, "reached_on": fact.reached_on.isoformat()} for fact in facts]


def suspension_line(check):
    campaign = check.campaign
    reached = _notices(check)
    return {
        "event": "suspension",
        **_member(check),
        **_campaign(check),
        "suspended_on": _day(check.suspended_at),
        "suspended_at": _utc(check.suspended_at),
        "deadline": campaign.deadline.isoformat(),
        "grace_days": campaign.grace_days,
        "notices": reached,
        # The day the rule first allowed it, from the same notices (the core system can check it).
        "suspension_allowed_from": _allowed_from(campaign, reached),
    }


def _allowed_from(campaign, reached):
    facts = [rules.NoticeFact(item["kind"], datetime.date.fromisoformat(item["reached_on"])) for item in reached]
    first = rules.suspension_date(deadline=campaign.deadline, grace_days=campaign.grace_days, notices=facts)
    return first.isoformat() if first else None


def reinstatement_line(check):
    return {
        "event": "reinstatement",
        **_member(check),
        **_campaign(check),
        "suspended_on": _day(check.suspended_at),
        "reinstated_on": _day(check.reinstated_at),
        "reinstated_at": _utc(check.reinstated_at),
    }


# (file name prefix, the rows to export, their order, the line, the field marked)
KINDS = {
    "suspensions": (
        {"suspended_at__isnull": False, "suspension_exported_at__isnull": True},
        ("suspended_at", "pk"),
        suspension_line,
        "suspension_exported_at",
    ),
    "reinstatements": (
        {"reinstated_at__isnull": False, "reinstatement_exported_at__isnull": True},
        ("reinstated_at", "pk"),
        reinstatement_line,
        "reinstatement_exported_at",
    ),
}


def _target(outdir, prefix, now):
    stamp = now.astimezone(datetime.UTC)
    final = outdir / f"{prefix}-{stamp:%Y%m%dT%H%M%SZ}.jsonl"
    if final.exists():  # two runs in the same second: keep both files
        final = outdir / f"{prefix}-{stamp:%Y%m%dT%H%M%S%fZ}.jsonl"
    return final


def _export(prefix, outdir, now):
    now = now or timezone.now()
    outdir = Path(outdir or settings.LIFE_CONTROL_EXPORT_DIR)
    outdir.mkdir(parents=True, exist_ok=True)
    wanted, order, line, mark = KINDS[prefix]
    final = _target(outdir, prefix, now)
    partial = final.with_name(final.name + PARTIAL)
    try:
        with transaction.atomic():
            checks = (
                # Lock only the checks (a second export waits, then finds them marked).
                LifeCheck.objects.select_for_update(of=("self",))
                .select_related("member", "campaign")
                .filter(**wanted)
                .order_by(*order)
            )
            ids = []
            with open(partial, "x", encoding="utf-8") as handle:
                for check in checks:
                    handle.write(json.dumps(line(check), ensure_ascii=False, sort_keys=True) + "\n")
                    ids.append(check.pk)
                handle.flush()
            if not ids:
                partial.unlink()
                return 0, None
            LifeCheck.objects.filter(pk__in=ids).update(**{mark: now})
            # Renamed last, still inside the transaction: a failure here rolls the marks back.
            partial.rename(final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return len(ids), final


def export_suspensions(outdir=None, *, now=None):
    """Write the suspensions not exported yet; return (count, path or None when there was none)."""
    return _export("suspensions", outdir, now)


def export_reinstatements(outdir=None, *, now=None):
    """Write the reinstatements not exported yet; return (count, path or None when there was none)."""
    return _export("reinstatements", outdir, now)


def export_all(outdir=None, *, now=None):
    """Suspensions first, then reinstatements: the core system reads them in order, so a pension
    suspended and reinstated before the first export is suspended, then paid again, not the reverse."""
    suspended = export_suspensions(outdir, now=now)
    reinstated = export_reinstatements(outdir, now=now)
    return {"suspensions": suspended, "reinstatements": reinstated}


@task()
def export_reinstatements_task():
    """Queued with the acceptance that reinstates a pension (``services.review``): the core system must resume
    the payment the same day, not at the next hourly run. Any suspension not exported yet goes first: the core
    system must read a pension's suspension before its reinstatement."""
    written = export_all()
    return {name: count for name, (count, _path) in written.items()}
