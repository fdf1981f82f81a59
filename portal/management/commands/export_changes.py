"""Write the approved change requests not yet exported as CSV for the core system."""

from django.core.management.base import BaseCommand

from portal import changes


class Command(BaseCommand):
    help = "Export approved member change requests (CSV) for the core system, and mark them exported."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="output file (default: standard output)")

    def handle(self, *args, path=None, **options):
        if path:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                count = changes.export_approved(handle)
        else:
            count = changes.export_approved(self.stdout)
        self.stderr.write(f"{count} change(s) exported.")
