"""Load generator for filing claims: a separate process, several threads, real multipart posts.

    python -m tests.bench.claim_load BASE_URL COOKIES_FILE SECONDS [PATH]

Each thread uses one member's session: it fetches the claim form (for the CSRF
token), then posts a claim with a one-page PDF attachment, as a browser does.
Prints one JSON line: requests (successful filings), rps, p50/p95 of the POST.
"""

import json
import re
import statistics
import sys
import threading
import time

import requests


def _pdf():
    """A real one-page PDF, as a scanner or a phone app would produce."""
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Releve bancaire - pension non versee")
    return bytes(document.output())


PDF = _pdf()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


FORM_PATH = "/fr/portal/claims/new/"


def member_session(cookie):
    """A requests session carrying one member's session cookie ("name=value")."""
    session = requests.Session()
    name, _, value = cookie.partition("=")
    session.cookies.set(name, value)
    return session


def form_token(session, base):
    """(status, CSRF token or None) of the claim form, fetched as a browser does before posting."""
    form = session.get(f"{base}{FORM_PATH}", timeout=30)
    match = TOKEN.search(form.text)
    return form.status_code, match.group(1) if match else None


def post_claim(session, base, token, subject, path=FORM_PATH):
    """File a claim with a one-page PDF attachment; the site answers 302 to the claim when it is filed."""
    return session.post(
        f"{base}{path}",
        data={
            "csrfmiddlewaretoken": token,
            "category": "payments",
            "subject": subject,
            "description": "Ma pension de ce mois n'a pas été versée sur mon compte.",
        },
        files={"attachments": ("releve.pdf", PDF, "application/pdf")},
        headers={"Referer": f"{base}{FORM_PATH}"},
        allow_redirects=False,
        timeout=30,
    )


def worker(base, cookie, deadline, path, latencies, failures):
    session = member_session(cookie)
    while time.monotonic() < deadline:
        status, token = form_token(session, base)
        if token is None:
            failures.append(status)
            continue
        started = time.monotonic()
        response = post_claim(session, base, token, "Pension non reçue", path)
        if response.status_code in (200, 302):
            latencies.append((time.monotonic() - started) * 1000)
        else:
            failures.append(response.status_code)


def run_threads(worker, argument_lists):
    """Run ``worker(*arguments, latencies, failures)`` in one thread per argument list; return the figures
    (the load generators print them as one JSON line, which the harness reads)."""
    latencies, failures = [], []
    threads = [threading.Thread(target=worker, args=(*arguments, latencies, failures)) for arguments in argument_lists]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ordered = sorted(latencies) or [0.0]
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))],
        "errors": len(failures),
        "error_statuses": sorted(set(failures))[:5],
    }


def main(base, cookies_file, seconds, path=FORM_PATH):
    with open(cookies_file, encoding="utf-8") as handle:
        cookies = [line.strip() for line in handle if line.strip()]
    deadline = time.monotonic() + float(seconds)
    print(json.dumps(run_threads(worker, [(base, cookie, deadline, path) for cookie in cookies[:4]])))


if __name__ == "__main__":
    main(*sys.argv[1:])
