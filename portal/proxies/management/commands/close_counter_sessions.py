"""Write down the end of counter sessions that timed out (no "End", no logout), and tell their members.

They already stopped working at their time limit (``acting.resolve`` refuses them); this records the
end in the audit log and sends the member the "an agent helped you" message. Run it from the scheduler,
next to ``send_due_notifications``.
"""

from django.core.management.base import BaseCommand

from portal.proxies import counter


class Command(BaseCommand):
    help = "Record the end of counter sessions that timed out, and tell their members."

    def handle(self, *args, **options):
        self.stdout.write(f"{counter.close_timed_out()} counter sessions closed")
