"""Benchmark of the core-system import (not a test): rows/s and peak memory for N members and their payments.

    DATABASE_URL=postgres://…/portal_bench_x .venv/bin/python -m tests.bench.imports [--members 1600000]
        [--method copy|orm]

Writes the exports to var/bench-import/<database>/ (members CSV from tests/bench/dataset.py, twelve monthly
payments per pensioner as CSV), runs ``manage.py import_members`` then ``import_payments`` in child
processes (peak RSS measured per child), each twice: the first import, then the idempotent re-import,
where every row is compared and none rewritten. Each figure is set against COPY of the same file
into a scratch table (the database's raw write speed). ``make bench`` calls ``bench()``; run alone,
the rows are written to var/bench/imports.json (``make bench`` with --reuse-dataset shows them) and
the imported rows are deleted at the end unless --keep (other rows are untouched; the database's name
must contain "bench").
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench-import"
RESULTS = ROOT / "var" / "bench" / "imports.json"
PAYMENT_HEADER = ["core_id", "member_core_id", "period", "gross", "deductions", "net", "payment_date"]


def run(*args, folder=OUT):
    """manage.py in a child process; returns (seconds, peak RSS of that child in MB, its last output line)."""
    log = folder / f"{args[0]}.log"
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


def payment_csv(path, members):
    """Twelve 2025 payments for every pensioner and survivor of tests/bench/dataset.py's members."""
    from tests.bench.dataset import _status

    written = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PAYMENT_HEADER)
        for i in range(1, members + 1):
            if _status(i) == "contributing":
                continue
            gross = 4000 + (i % 9000)
            amo, tax = round(gross * 0.0452, 2), round(gross * 0.05, 2)
            for month in range(1, 13):
                writer.writerow(
                    (
                        f"PM{i:08d}-{month:02d}",
                        f"M{i:08d}",
                        f"2025-{month:02d}",
                        f"{gross:.2f}",
                        f"amo:{amo:.2f};ir:{tax:.2f}",
                        f"{gross - amo - tax:.2f}",
                        f"2025-{month:02d}-28",
                    )
                )
                written += 1
    return written


def payment_copy_ceiling(path):
    """The raw speed of writing the same payment rows: COPY of the file into an unlogged scratch table."""
    from django.db import connection

    with connection.cursor() as cursor, open(path, encoding="utf-8") as handle:
        cursor.execute("DROP TABLE IF EXISTS bench_payment_ceiling")
        # The export's columns as the file spells them (a month, kind:amount pairs), no constraints.
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_payment_ceiling (core_id varchar(40), member_core_id varchar(40),"
            " period text, gross numeric(12, 2), deductions text, net numeric(12, 2), payment_date date)"
        )
        header = handle.readline().strip()
        with cursor.cursor.copy(f"COPY bench_payment_ceiling ({header}) FROM STDIN WITH (FORMAT csv)") as copy:
            while data := handle.read(1 << 20):
                copy.write(data)
        cursor.execute("SELECT count(*) FROM bench_payment_ceiling")
        rows = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_payment_ceiling")
    return rows


def member_copy_ceiling(path):
    from tests.bench import dataset

    with open(path, encoding="utf-8") as handle:
        return dataset.copy_ceiling(handle)


def _copy_rate(ceiling, path):
    started = time.monotonic()
    rows = ceiling(path)
    return rows / (time.monotonic() - started)


def _row(rows, seconds, peak_mb, copy_rate):
    rate = rows / seconds
    return {
        "figure": f"{rate:,.0f} rows/s, peak {peak_mb:,.0f} MB",
        "value": rate,
        "ceiling": copy_rate,
        "ceiling_label": f"COPY {copy_rate:,.0f} rows/s",
        "ratio": rate / copy_rate,
        "peak_mb": peak_mb,
    }


def bench(members, log=print, *, method=None):
    """Import `members` members then their payments, each twice; returns run.py's result rows:
    {"import", "import_again", "import_payments", "import_payments_again"}. The members stay (the rest of
    the dataset is built on them); the imported payments are deleted (the dataset writes its own)."""
    from django.db import connection

    from portal.models import PensionPayment
    from tests.bench import dataset

    # A folder per database: two runs on two databases never write each other's files.
    folder = OUT / connection.settings_dict["NAME"]
    folder.mkdir(parents=True, exist_ok=True)
    members_path, payments_path = folder / "members.csv", folder / "payments.csv"
    dataset.member_csv(members_path, members)
    payments = payment_csv(payments_path, members)
    options = ["--method", method] if method else []
    results = {}
    for name, command, path, rows, ceiling in (
        ("import", "import_members", members_path, members, member_copy_ceiling),
        ("import_payments", "import_payments", payments_path, payments, payment_copy_ceiling),
    ):
        copy_rate = _copy_rate(ceiling, path)
        for key in (name, f"{name}_again"):
            seconds, peak_mb, summary = run(command, str(path), *options, folder=folder)
            results[key] = _row(rows, seconds, peak_mb, copy_rate)
            log(f"{key}: {rows:,} rows in {seconds:,.1f} s, {results[key]['figure']}, {_ratio(results[key])}")
            log(f"  {summary}")
    PensionPayment.objects.filter(core_id__startswith="PM").delete()
    return results


def _ratio(row):
    return f"{row['ratio']:.3f} of {row['ceiling_label']}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_600_000)
    parser.add_argument("--method", choices=["copy", "orm"], help="default: the one the database is given")
    parser.add_argument("--keep", action="store_true", help="do not delete the imported members at the end")
    args = parser.parse_args()
    from tests.bench.run import start_alone, timed_log

    start_alone()
    from portal.models import Member

    results = bench(args.members, timed_log(), method=args.method)
    # `make bench` with --reuse-dataset shows these rows (a full run imports as part of building its dataset).
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"members": args.members, "results": results}, indent=2), encoding="utf-8")
    if not args.keep:
        Member.objects.filter(core_id__regex=r"^M[0-9]{8}$").delete()


if __name__ == "__main__":
    main()
