"""Write the suspensions and reinstatements not yet exported (JSON lines) for the core system."""

from django.core.management.base import BaseCommand

from portal.lifecontrol import exports


class Command(BaseCommand):
    help = (
        "Export the life control's suspensions, then its reinstatements, not exported yet into OUTDIR (default "
        "LIFE_CONTROL_EXPORT_DIR): suspensions-<UTC timestamp>.jsonl and reinstatements-<UTC timestamp>.jsonl; "
        "mark them exported. If anything fails, nothing is written and nothing is marked."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", nargs="?", help="directory the core system collects the exports from")

    def handle(self, *args, outdir=None, **options):
        for name, (count, path) in exports.export_all(outdir).items():
            if path is None:
                self.stdout.write(f"No {name} to export.")
            else:
                self.stdout.write(f"{count} {name} exported to {path}.")
