"""Benchmark of the core-system import (not a test): time and peak memory for N members and their payments.

    DATABASE_URL=postgres://…/portal_x .venv/bin/python -m tests.bench.imports [--members 1600000]

Writes the exports to var/bench-import/ (members CSV from tests/bench/dataset.py, twelve monthly
payments per pensioner as JSON lines), runs ``manage.py import_members`` then ``import_payments``
in child processes (peak RSS measured per child), then runs both again (the idempotent re-import,
where every row is compared and none rewritten), and finally deletes the imported rows.
Use a database of your own: the rows it imports are removed at the end, other rows are untouched.

``--payments-only`` skips the members (already imported, e.g. by ``make bench``, whose members have
the same core ids) and measures the payments import alone.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench-import"


def run(*args):
    """manage.py in a child process; returns (seconds, peak RSS of that child in MB, its last output line)."""
    log = OUT / f"{args[0]}.log"
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as handle:
        child = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, stdout=handle)
        # wait4 (not Popen.wait) gives this child's own resource usage, hence its own peak memory.
        _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - started
    output = log.read_text(encoding="utf-8").strip().splitlines()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{args[0]} failed:\n" + "\n".join(output[-20:]))
    return seconds, usage.ru_maxrss / 1024, output[-1] if output else ""


def payment_jsonl(path, members):
    """Twelve 2025 payments for every pensioner and survivor of tests/bench/dataset.py's members."""
    from tests.bench.dataset import _status

    written = 0
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(1, members + 1):
            if _status(i) == "contributing":
                continue
            gross = 4000 + (i % 9000)
            amo, tax = round(gross * 0.0452, 2), round(gross * 0.05, 2)
            for month in range(1, 13):
                row = {
                    "core_id": f"PM{i:08d}-{month:02d}",
                    "member_core_id": f"M{i:08d}",
                    "period": f"2025-{month:02d}",
                    "gross": f"{gross:.2f}",
                    "deductions": [{"kind": "amo", "amount": f"{amo:.2f}"}, {"kind": "ir", "amount": f"{tax:.2f}"}],
                    "net": f"{gross - amo - tax:.2f}",
                    "payment_date": f"2025-{month:02d}-28",
                }
                handle.write(json.dumps(row) + "\n")
                written += 1
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_600_000)
    parser.add_argument("--keep", action="store_true", help="do not delete the imported rows at the end")
    parser.add_argument("--payments-only", action="store_true", help="the members are already in the database")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    # Production settings (DEBUG off), as the fund would run the import; a throwaway key: it signs nothing.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from portal.models import Member, PensionPayment
    from tests.bench import dataset

    OUT.mkdir(parents=True, exist_ok=True)
    members_path, payments_path = OUT / "members.csv", OUT / "payments.jsonl"
    if not args.payments_only:
        dataset.member_csv(members_path, args.members)
    payment_count = payment_jsonl(payments_path, args.members)
    print(f"{args.members:,} members, {payment_count:,} payments")
    for label in ("first import", "re-import (unchanged)"):
        for command, path, rows in (
            ("import_members", members_path, args.members),
            ("import_payments", payments_path, payment_count),
        )[1 if args.payments_only else 0 :]:
            seconds, peak_mb, summary = run(command, str(path))
            print(f"{label:22} {command:16} {rows:>10,} rows {seconds:8.1f} s {rows / seconds:>9,.0f} rows/s "
                  f"peak {peak_mb:6.0f} MB | {summary}")  # fmt: skip
    if not args.keep:
        PensionPayment.objects.filter(core_id__startswith="PM").delete()
        if not args.payments_only:
            Member.objects.filter(core_id__regex=r"^M[0-9]{8}$").delete()


if __name__ == "__main__":
    main()
