"""Accepted requests, written for the core system (``manage.py export_cases OUTDIR``).

The core system stays the source of truth for pensions: an accepted request only takes effect
once it has imported it. One run writes ``requests-<UTC timestamp>.jsonl`` (one JSON object a
line, oldest decision first) and each request's documents as ``<reference>/<n>-<kind>.<ext>``,
with their SHA-256 in the line so that the core system can check what it copied.

Like ``portal.changes.export_approved``: the rows are locked and marked exported in the
transaction that reads them, so a request is never sent twice nor lost. Everything is written
under temporary names and renamed at the end; if anything fails, the temporary files are removed
and the transaction rolls back: nothing written, nothing marked.
"""

import datetime
import hashlib
import json
import shutil
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from portal.casework import procedures
from portal.casework.choices import DocumentReview, Status
from portal.casework.models import Case

PARTIAL = ".partial"
CHUNK = 1024 * 1024


def death_event(case):
    """{"event": "death", "death_date": ...} for the requests that tell the core system someone died
    (it stops paying the deceased), else {}. The date is the answer of the step that asks it."""
    if case.procedure not in ("death_report", "survivor_pension"):
        return {}
    for step in case.answers.values():
        if isinstance(step, dict) and step.get("death_date"):
            return {"event": "death", "death_date": step["death_date"]}
    return {"event": "death", "death_date": None}


def _decided_by(case):
    # The decision is the event that moved the request to "accepted" (an agent's, or the core system's).
    event = case.events.filter(to_status=Status.ACCEPTED).select_related("author").order_by("-created_at").first()
    return event.author.get_username() if event is not None and event.author is not None else None


def _copy(document, target):
    """Copy a stored document to ``target``; return its SHA-256 (of the bytes written)."""
    digest = hashlib.sha256()
    with document.file.open("rb") as source, open(target, "xb") as copy:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            copy.write(chunk)
    return digest.hexdigest()


def _line(case, folder):
    """The request's JSON object; its documents are copied into ``folder`` (OUTDIR/<reference>.partial)."""
    definition = procedures.get(case.procedure)
    documents = []
    kept = case.documents.exclude(review=DocumentReview.REJECTED).order_by("created_at", "pk")
    for number, document in enumerate(kept, start=1):
        extension = document.file.name.rsplit(".", 1)[-1].lower()
        name = f"{number}-{document.kind}.{extension}"
        folder.mkdir(exist_ok=True)
        documents.append(
            {
                "kind": document.kind,
                "file": f"{case.reference}/{name}",
                "sha256": _copy(document, folder / name),
                "content_type": document.content_type,
            }
        )
    account = definition is not None and definition.audience == procedures.Audience.ACCOUNT
    member = case.member
    return {
        "reference": case.reference,
        "procedure": case.procedure,
        "member": {"core_id": member.core_id, "affiliation_number": member.affiliation_number} if member else None,
        "applicant_email": case.applicant.email if account and case.applicant is not None else None,
        "answers": case.answers,
        "documents": documents,
        "decided_at": case.decided_at.isoformat() if case.decided_at else None,
        "decided_by": _decided_by(case),
        **death_event(case),
    }


def export_accepted(outdir, *, now=None):
    """Write the accepted requests not exported yet into ``outdir``; return (count, path of the
    JSON lines file or None when there was nothing to export)."""
    now = now or timezone.now()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    final = outdir / f"requests-{stamp}.jsonl"
    if final.exists():  # two runs in the same second: keep both files
        final = outdir / f"requests-{now.astimezone(datetime.UTC):%Y%m%dT%H%M%S%fZ}.jsonl"
    partial = final.with_name(final.name + PARTIAL)
    folders = []
    try:
        with transaction.atomic():
            cases = (
                # Lock only the request rows (joined rows may be NULL, which PostgreSQL cannot lock).
                Case.objects.select_for_update(of=("self",))
                .select_related("member", "applicant")
                .filter(status=Status.ACCEPTED, exported_at__isnull=True, procedure__in=procedures.exported_codes())
                .order_by("decided_at", "pk")
            )
            ids = []
            with open(partial, "x", encoding="utf-8") as handle:
                for case in cases:
                    folder = outdir / f"{case.reference}{PARTIAL}"
                    folders.append((folder, outdir / case.reference))
                    handle.write(json.dumps(_line(case, folder), ensure_ascii=False, sort_keys=True) + "\n")
                    ids.append(case.pk)
                handle.flush()
            if not ids:
                partial.unlink()
                return 0, None
            Case.objects.filter(pk__in=ids).update(exported_at=now)
            # Renamed last, still inside the transaction: a failure here rolls the marks back.
            for folder, target in folders:
                if folder.exists():
                    if target.exists():  # left by an export whose transaction did not commit
                        shutil.rmtree(target)
                    folder.rename(target)
            partial.rename(final)
    except BaseException:
        partial.unlink(missing_ok=True)
        for folder, _target in folders:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return len(ids), final
