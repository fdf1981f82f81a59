"""Shared command line of the import_* commands (one command per export, same options)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from portal.importing import engine
from portal.importing.specs import SPECS


class ImportCommand(BaseCommand):
    spec_name = ""

    @property
    def help(self):
        return f"Import the core system's {SPECS[self.spec_name].name} export (CSV or JSON lines), idempotently."

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV (with a header line) or JSON lines (.jsonl) file")
        parser.add_argument("--format", choices=["csv", "jsonl"], help="default: from the file extension")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--method",
            choices=list(engine.METHODS),
            help="copy (PostgreSQL only) or orm; default: copy on PostgreSQL, orm elsewhere",
        )

    def handle(self, *args, path, format, dry_run, batch_size, method, **options):
        spec = SPECS[self.spec_name]
        started = time.monotonic()

        def progress(phase, rows):
            elapsed = time.monotonic() - started
            self.stderr.write(f"  {phase} {rows:,} rows ({rows / max(elapsed, 1e-6):,.0f} rows/s)")

        try:
            report = engine.run(
                spec, path, fmt=format, batch_size=batch_size, dry_run=dry_run, progress=progress, method=method
            )
        except (OSError, UnicodeDecodeError, engine.ImportAborted, DatabaseError) as error:
            # Batches are atomic: the ones before the failure are in, the failing one is not; importing
            # the same file again after the fix completes it (upserts are idempotent).
            raise CommandError(f"Import stopped: {error}") from error
        if report.error_count:
            for line, message in report.errors:
                self.stdout.write(f"line {line}: {message}")
            if report.error_count > len(report.errors):
                self.stdout.write(f"... and {report.error_count - len(report.errors)} more errors")
            raise CommandError(
                f"{report.error_count} error(s) in {report.rows} rows: nothing was written. Fix the file and retry."
            )
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{spec.name}: {report.rows} rows read; {report.created} {verb} created, {report.updated} {verb} updated, "
            f"{report.unchanged} unchanged, {report.told} member(s) told ({time.monotonic() - started:.1f}s)."
        )
