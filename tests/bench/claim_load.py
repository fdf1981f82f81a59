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


def worker(base, cookie, deadline, path, latencies, failures):
    session = requests.Session()
    name, _, value = cookie.partition("=")
    session.cookies.set(name, value)
    while time.monotonic() < deadline:
        form = session.get(f"{base}/fr/portal/claims/new/", timeout=30)
        match = TOKEN.search(form.text)
        if not match:
            failures.append(form.status_code)
            continue
        started = time.monotonic()
        response = session.post(
            f"{base}{path}",
            data={
                "csrfmiddlewaretoken": match.group(1),
                "category": "payments",
                "subject": "Pension non reçue",
                "description": "Ma pension de ce mois n'a pas été versée sur mon compte.",
            },
            files={"attachments": ("releve.pdf", PDF, "application/pdf")},
            headers={"Referer": f"{base}/fr/portal/claims/new/"},
            allow_redirects=False,
            timeout=30,
        )
        if response.status_code in (200, 302):
            latencies.append((time.monotonic() - started) * 1000)
        else:
            failures.append(response.status_code)


def main(base, cookies_file, seconds, path="/fr/portal/claims/new/"):
    with open(cookies_file, encoding="utf-8") as handle:
        cookies = [line.strip() for line in handle if line.strip()]
    latencies, failures = [], []
    deadline = time.monotonic() + float(seconds)
    threads = [
        threading.Thread(target=worker, args=(base, cookie, deadline, path, latencies, failures))
        for cookie in cookies[:4]
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ordered = sorted(latencies) or [0.0]
    print(
        json.dumps(
            {
                "requests": len(latencies),
                "seconds": elapsed,
                "rps": len(latencies) / elapsed,
                "p50_ms": statistics.median(ordered),
                "p95_ms": ordered[int(0.95 * (len(ordered) - 1))],
                "errors": len(failures),
                "error_statuses": sorted(set(failures))[:5],
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
