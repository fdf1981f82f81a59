"""Load the demo member files and accounts (a claims agent, a member). Idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction

from portal import demo


class Command(BaseCommand):
    help = "Load the demo member files and the portal's demo accounts."

    def handle(self, *args, **options):
        with transaction.atomic():
            summary = demo.load()
        for line in summary:
            self.stdout.write(line)
