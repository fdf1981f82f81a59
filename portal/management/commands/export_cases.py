"""Write the accepted requests not yet exported (JSON lines + their documents) for the core system."""

from django.core.management.base import BaseCommand

from portal.casework import exports


class Command(BaseCommand):
    help = (
        "Export the accepted requests not exported yet into OUTDIR: requests-<UTC timestamp>.jsonl, oldest "
        "decision first, and each request's documents as <reference>/<n>-<kind>.<ext>; mark them exported. "
        "If anything fails, nothing is written and nothing is marked."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", help="directory the core system collects the exports from")

    def handle(self, *args, outdir, **options):
        count, path = exports.export_accepted(outdir)
        if path is None:
            self.stdout.write("No accepted request to export.")
        else:
            self.stdout.write(f"{count} request(s) exported to {path}.")
