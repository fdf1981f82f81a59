"""Import the core system's tree of employers (ministries and their units): ``portal.importing.organisations``."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from portal.importing import organisations


class Command(BaseCommand):
    help = (
        "Import the core system's employers (CSV with a header line or JSON lines): core_id, name, name_ar, "
        "parent_core_id (empty for a ministry; a parent may come after its units), active (1/0, empty: 1). "
        "All or nothing: a file with an error (bad value, duplicate, unknown parent, cycle) is reported by line "
        "and nothing is written. Idempotent by core_id; units the file leaves out are kept as they are."
    )

    def add_arguments(self, parser):
        # The other import_* commands' options but --batch-size: the tree is checked and written whole.
        parser.add_argument("path", help="CSV (with a header line) or JSON lines (.jsonl) file")
        parser.add_argument("--format", choices=["csv", "jsonl"], help="default: from the file extension")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args, path, format, dry_run, **options):
        started = time.monotonic()
        try:
            report = organisations.run(path, fmt=format, dry_run=dry_run)
        except (OSError, UnicodeDecodeError, DatabaseError) as error:
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
            f"organisations: {report.rows} rows read; {report.created} {verb} created, {report.updated} {verb} "
            f"updated, {report.unchanged} unchanged ({time.monotonic() - started:.1f}s)."
        )
