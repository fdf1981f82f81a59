from django.core.management.base import BaseCommand

from portal.steering import refresh


class Command(BaseCommand):
    help = "Recompute the steering dashboard's and the public figures' summary tables (incremental)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="Recompute the whole history kept, not only recent periods."
        )

    def handle(self, *args, full=False, **options):
        done = refresh.refresh(actor="refresh_steering", full=full)
        seconds = (done.finished_at - done.started_at).total_seconds()
        self.stdout.write(f"{done.rows} figures computed in {seconds:.1f} s (from {done.since}).")
