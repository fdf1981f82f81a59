"""Import the core system's events about requests (status, message, dossier opened)."""

from django.core.management.base import BaseCommand, CommandError

from portal.casework import core_imports


class Command(BaseCommand):
    help = (
        "Import the core system's events about requests: CSV with a header line or JSON lines (.jsonl), columns "
        "core_id, reference, date (ISO), status (optional: under_review, info_requested, accepted, refused), "
        "message (optional), dossier_reference (optional: the dossier the core system opened). Idempotent by "
        "core_id. Each row is applied on its own: a row that cannot be applied is reported as 'line N: ...' and "
        "skipped, the other rows (before and after it) are kept, and the command then exits with an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV (with a header line) or JSON lines (.jsonl) file")
        parser.add_argument("--format", choices=["csv", "jsonl"], help="default: from the file extension")

    def handle(self, *args, path, format=None, **options):
        try:
            report = core_imports.import_case_events(path, fmt=format)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Import stopped: {error}") from error
        finish(self, report, "event")


def finish(command, report, noun):
    for line, message in report.errors:
        command.stdout.write(f"line {line}: {message}")
    command.stdout.write(
        f"{report.rows} rows read: {report.applied} {noun}(s) applied, {report.already} already imported, "
        f"{len(report.errors)} refused."
    )
    if report.errors:
        raise CommandError(f"{len(report.errors)} row(s) not applied (the others are kept): fix them and import again.")
