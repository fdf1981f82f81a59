"""Submitting a request with two documents, as a member's phone does it through the API.

    python -m tests.bench.case_load BASE_URL PAIRS_FILE SECONDS [PATH]

The drafts are prepared in bulk before the timed run (``prepare``: a request for the pension at
the age limit, its steps answered — married, the account on file — so that it needs two
documents: the CIN and the bank details certificate), one per member account, since a person has one
draft per procedure. PAIRS_FILE holds one "cookie<TAB>reference" line per draft.

One submission is the HTTP sequence of the phone: one multipart POST with the two files to
/api/portal/procedures/<ref>/documents/ (one file field per checklist line), then POST .../submit/.
The ceiling (PATH=/healthz) sends the very same two requests — same files, same headers — to
/healthz: the stack's cost of receiving them. Each thread takes its own drafts; a thread that has
used all of its drafts stops (the rate is counted over the time the threads ran).

Prints one JSON line: requests (completed submissions), rps, p50/p95 of the sequence, errors.
"""

import json
import secrets
import subprocess
import sys
import time

import requests

from tests.bench.claim_load import PDF, run_threads

PROCEDURE = "pension_age_limit"
ANSWERS = {
    "family": {"marital_status": "single", "children": 0},
    "payment": {"bank_rib": "011780000000000000000150"},
}
LINES = ("national_id", "bank_details")
API = "/api/portal/procedures/"
THREADS = 4
# Drafts prepared per second of the timed run: more than the stack can send (each is sent once).
DRAFTS_PER_SECOND = 100


def prepare(count, now=None):
    """Up to ``count`` drafts ready to be sent (steps answered, no document yet): the ones a previous
    run left, then new ones bulk-created, one per linked member account that has no such draft;
    return [(user, reference)]."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from portal import references
    from portal.casework.choices import Channel, EventKind, Status
    from portal.casework.models import Case, CaseEvent, ReferenceCounter
    from portal.casework.services import PREFIX
    from portal.models import Member

    now = now or timezone.now()
    drafts = Case.objects.filter(procedure=PROCEDURE, status=Status.DRAFT)
    # Drafts a previous run prepared and did not send (--reuse-dataset) are sent this time.
    leftover = list(drafts.filter(answers=ANSWERS, documents__isnull=True).select_related("applicant")[:count])
    members = list(
        Member.objects.filter(user__isnull=False)
        .exclude(user_id__in=drafts.values("applicant_id"))
        .order_by("pk")
        .values_list("pk", "user_id")
    )[: count - len(leftover)]
    year = timezone.localtime(now).year
    with transaction.atomic():
        # One block of references, taken from the counter the services use (no gap, no collision).
        ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year, last_number=0)], ignore_conflicts=True)
        counter = ReferenceCounter.objects.select_for_update().get(year=year)
        first = counter.last_number + 1
        counter.last_number += len(members)
        counter.save(update_fields=["last_number"])
        cases = Case.objects.bulk_create(
            [
                Case(
                    reference=references.format_reference(PREFIX, year, first + i),
                    procedure=PROCEDURE,
                    member_id=member_id,
                    applicant_id=user_id,
                    created_by_id=user_id,
                    status=Status.DRAFT,
                    channel=Channel.WEB,
                    answers=ANSWERS,
                    step="documents",
                    language="fr",
                    created_at=now,
                )
                for i, (member_id, user_id) in enumerate(members)
            ],
            batch_size=2000,
        )
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(case=case, kind=EventKind.CREATED, to_status=Status.DRAFT, author_id=case.applicant_id)
                for case in cases
            ],
            batch_size=2000,
        )
    users = get_user_model().objects.in_bulk([user_id for _member, user_id in members])
    return [(case.applicant, case.reference) for case in leftover] + [
        (users[case.applicant_id], case.reference) for case in cases
    ]


def submit(session, base, reference, token, path=None):
    """The phone's two requests; True when the request was sent (for the ceiling: both answered 200),
    else the status that stopped it."""
    headers = {"X-CSRFToken": token}
    files = [(line, (f"{line}.pdf", PDF, "application/pdf")) for line in LINES]
    upload_url = f"{base}{path}" if path else f"{base}{API}{reference}/documents/"
    upload = session.post(upload_url, files=files, headers=headers, timeout=60)
    if upload.status_code != (200 if path else 201):
        return upload.status_code
    submit_url = f"{base}{path}" if path else f"{base}{API}{reference}/submit/"
    sent = session.post(submit_url, headers=headers, timeout=60)
    return True if sent.status_code == 200 else sent.status_code


def worker(base, pairs, deadline, path, latencies, failures):
    # One connection per thread, as a phone keeps its own; the cookie says whose draft it is.
    session = requests.Session()
    token = secrets.token_hex(16)  # a CSRF secret of our own: the cookie and the header carry it
    index = 0
    while time.monotonic() < deadline and (path or index < len(pairs)):
        cookie, reference = pairs[index % len(pairs)]
        index += 1
        name, _, value = cookie.partition("=")
        # Only this member's cookies: the site's answers to the previous member set some in the jar.
        session.cookies.clear()
        session.cookies.set(name, value)
        session.cookies.set("csrftoken", token)
        started = time.monotonic()
        outcome = submit(session, base, reference, token, path)
        if outcome is True:
            latencies.append((time.monotonic() - started) * 1000)
        else:
            failures.append(outcome)


def bench(duration, log):
    """Benchmark 8 for ``tests.bench.run``: the submission against the same two posts to /healthz."""
    from tests.bench.run import BASE, OUT, ROOT, ratio, sessions_for

    pairs = prepare(DRAFTS_PER_SECOND * duration)
    log(f"submit request: {len(pairs)} drafts prepared")
    pairs_file = OUT / "case-pairs.txt"
    cookies = sessions_for([user for user, _reference in pairs])
    pairs_file.write_text(
        "".join(f"{cookie}\t{reference}\n" for cookie, (_user, reference) in zip(cookies, pairs, strict=True)),
        encoding="utf-8",
    )

    def load(path=""):
        completed = subprocess.run(
            [sys.executable, "-m", "tests.bench.case_load", BASE, str(pairs_file), str(duration), path],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 120,
        )
        return json.loads(completed.stdout.strip().splitlines()[-1])

    sending, ceiling = load(), load("/healthz")
    return {
        "figure": f"{sending['rps']:,.1f} requests/s, p95 {sending['p95_ms']:.0f} ms ({sending['requests']} sent)",
        "value": sending["rps"],
        "ceiling": ceiling["rps"],
        "ceiling_label": f"same 2 posts to /healthz {ceiling['rps']:,.1f}/s",
        "ratio": ratio(sending["rps"], ceiling["rps"]),
        "errors": sending["errors"] + ceiling["errors"],
        "error_statuses": sending["error_statuses"] + ceiling["error_statuses"],
    }


def main(base, pairs_file, seconds, path=""):
    with open(pairs_file, encoding="utf-8") as handle:
        pairs = [tuple(line.rstrip("\n").split("\t")) for line in handle if line.strip()]
    deadline = time.monotonic() + float(seconds)
    # Each thread its own drafts: a draft is sent once.
    shares = [share for share in (pairs[i::THREADS] for i in range(THREADS)) if share]
    figures = run_threads(worker, [(base, share, deadline, path or None) for share in shares])
    print(json.dumps({**figures, "drafts": len(pairs)}))


if __name__ == "__main__":
    main(*sys.argv[1:])
