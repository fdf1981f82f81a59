"""Import the documents the core system asks members for (a school certificate each year...)."""

from django.core.management.base import BaseCommand, CommandError

from portal.casework import core_imports
from portal.management.commands.import_case_events import finish


class Command(BaseCommand):
    help = (
        "Import the documents the core system asks members for: CSV with a header line or JSON lines (.jsonl), "
        "columns core_id, member_core_id, kind (a document kind), due_on (ISO date), message. Idempotent by "
        "core_id. A row that cannot be applied is reported as 'line N: ...' and skipped, the other rows are kept, "
        "and the command then exits with an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV (with a header line) or JSON lines (.jsonl) file")
        parser.add_argument("--format", choices=["csv", "jsonl"], help="default: from the file extension")

    def handle(self, *args, path, format=None, **options):
        try:
            report = core_imports.import_document_requests(path, fmt=format)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Import stopped: {error}") from error
        finish(self, report, "document request")
